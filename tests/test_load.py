"""Loading articles: metadata, inferred dates, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimcheck.errors import EXIT_NO_ARTICLES, EXIT_USAGE, ClaimcheckError
from claimcheck.load import MAX_FILE_BYTES, LoadResult, infer_published, load_articles
from conftest import ARTICLES


def test_load_seed_metadata() -> None:
    result = load_articles([ARTICLES])
    by_id = {a.id: a for a in result.articles}
    assert sorted(by_id) == [
        "000_a22ccafb5ac4f325",
        "001_0f6fb389601c1e5d",
        "002_05aa9a2d9991a945",
        "003_a042c7e17330f192",
        "004_5229730bbc343cb6",
    ]
    post = by_id["001_0f6fb389601c1e5d"]
    assert post.outlet == "The Phnom Penh Post"
    assert post.published == dt.date(2024, 8, 9)
    assert post.published_source == "metadata"
    assert post.url.startswith("https://phnompenhpost.com/")
    assert post.title
    assert not post.text.startswith("---")
    assert result.skipped == ()


def test_load_infers_date_from_dateline(tmp_path: Path) -> None:
    (tmp_path / "tdi.txt").write_text(
        "Moscow, 28 July 2022 (TDI): Russian Foreign Minister, Sergey Lavrov will attend the meetings.\n"
    )
    (article,) = load_articles([tmp_path]).articles
    assert article.published == dt.date(2022, 7, 28)
    assert article.published_source == "inferred"
    assert any("dateline" in note for note in article.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LONDON, March 3, 2021 (Reuters) - Shares fell.", dt.date(2021, 3, 3)),
        ("Published: 12 March 2019\nThe council voted.", dt.date(2019, 3, 12)),
        ("PHNOM PENH, November 12. /TASS/. The summit opened in 2022.", dt.date(2022, 11, 12)),
        ("PHNOM PENH, November 12. /TASS/. Lavrov arrived.", None),
        ("Nothing here gives a date.", None),
    ],
)
def test_load_infer_published(text: str, expected: dt.date | None) -> None:
    assert infer_published(text)[0] == expected


def test_load_dateline_dates_remembered_in_a_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck import load
    from claimcheck.remember import remembering_in

    (tmp_path / "a.txt").write_text("LONDON, March 3, 2021 (Reuters) - Shares fell.\n")
    (tmp_path / "b.txt").write_text("PHNOM PENH, November 12. /TASS/. Lavrov arrived in 1999 and left.\n")
    first = load_articles([tmp_path]).articles
    cache = tmp_path / "cache"
    with remembering_in(cache):
        assert load_articles([tmp_path]).articles == first
    assert [p.name.split("-")[0] for p in cache.glob("dates-*.json")] == ["dates"]

    def never(text: str) -> None:
        raise AssertionError(f"dateparser was asked again: {text!r}")

    monkeypatch.setattr(load, "_dateparser_date", never)
    with remembering_in(cache):
        again = load_articles([tmp_path]).articles
    assert again == first and first[0].published == dt.date(2021, 3, 3)
    # A damaged file is read again by dateparser, not trusted.
    monkeypatch.undo()
    next(cache.glob("dates-*.json")).write_text('{"x": 1')
    with remembering_in(cache):
        assert load_articles([tmp_path]).articles == first


def test_load_unknown_date_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council voted on the budget.\n")
    (tmp_path / "b.txt").write_text("The council met again.\n")
    result = load_articles([tmp_path])
    assert [a.published_source for a in result.articles] == ["unknown", "unknown"]
    assert result.warnings == (
        "2 article(s) with no publication date: relative dates in them are not resolved "
        "(the report lists them; --assume-published sets one)",
    )


def test_load_assumed_date_for_undated_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council voted on the budget last month.\n")
    (tmp_path / "b.txt").write_text("LONDON, 3 March 2021 - Shares fell.\n")
    result = load_articles([tmp_path], assume_published=dt.date(2005, 1, 1))
    by_id = {a.id: a for a in result.articles}
    assert (by_id["a"].published, by_id["a"].published_source) == (dt.date(2005, 1, 1), "assumed")
    assert (by_id["b"].published, by_id["b"].published_source) == (dt.date(2021, 3, 3), "inferred")
    assert result.warnings == ()


def test_load_ignores_unknown_metadata_keys(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\ntitle: T\npublished: 2020-01-02\ndesk: sport\n---\nBody text here.\n")
    (article,) = load_articles([tmp_path]).articles
    assert (article.title, article.published, article.text) == ("T", dt.date(2020, 1, 2), "Body text here.\n")
    assert article.body_offset == len("---\ntitle: T\npublished: 2020-01-02\ndesk: sport\n---\n")


def _skips(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "good.txt").write_text("A good article about the budget vote.\n")
    result = load_articles([tmp_path])
    return {Path(s.path).name: s.reason for s in result.skipped}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file (no text)"),
        ("blank.txt", b"  \n\t\n", "empty file (no text)"),
        ("binary.txt", b"\x89PNG\x00\x00\x01", "binary file (contains NUL bytes)"),
        ("open.txt", b"---\ntitle: x\nNo closing line\n", "front matter has no closing '---' line"),
        ("yaml.txt", b"---\ntitle: [unclosed\n---\nBody.\n", "front matter is not valid YAML at line 3"),
        ("list.txt", b"---\n- a\n- b\n---\nBody.\n", "front matter is not a mapping of keys to values"),
        ("nobody.txt", b"---\ntitle: x\n---\n\n", "no article text after the front matter"),
    ],
)
def test_load_skips_bad_file_with_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    assert _skips(tmp_path) == {name: reason}


def test_load_non_utf8_falls_back_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("The caf\xe9 opened in Mons.\n".encode("cp1252"))
    result = load_articles([tmp_path])
    assert result.articles[0].text.startswith("The café opened")
    assert f"{tmp_path / 'latin.txt'}: not valid UTF-8 (byte 7); read as cp1252" in result.warnings


def test_load_bad_date_in_metadata_warns_and_infers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\npublished: yesterday\n---\nLONDON, 3 March 2021 - Shares fell.\n")
    result = load_articles([tmp_path])
    assert result.articles[0].published == dt.date(2021, 3, 3)
    assert result.articles[0].published_source == "inferred"
    assert f"{tmp_path / 'a.txt'}: published 'yesterday' is not a date (YYYY-MM-DD); ignored" in result.warnings


def test_load_impossible_date_in_metadata_warns(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\npublished: 2024-13-45\n---\nThe vote was held.\n")
    result = load_articles([tmp_path])
    assert result.skipped == ()
    assert result.articles[0].published is None
    assert f"{tmp_path / 'a.txt'}: published '2024-13-45' is not a date (YYYY-MM-DD); ignored" in result.warnings


def test_load_too_large_file_is_refused(tmp_path: Path) -> None:
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert _skips(tmp_path)["huge.txt"].startswith("larger than the 5 MB limit")


def test_load_duplicate_id_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First article about the vote.\n")
    (tmp_path / "a.md").write_text("Second article about the vote.\n")
    result = load_articles([tmp_path])
    assert [a.path for a in result.articles] == [str(tmp_path / "a.md")]
    assert result.skipped[0].reason == f"duplicate article id 'a' (also {tmp_path / 'a.md'})"


def test_load_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod cannot lock root out, so the refusal is simulated where the file is read.
    (tmp_path / "locked.txt").write_text("Secret.\n")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert _skips(tmp_path)["locked.txt"] == "cannot be read (Permission denied)"


def test_load_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimcheckError) as info:
        load_articles([tmp_path / "nope"])
    assert (info.value.message, info.value.exit_code) == (f"{tmp_path / 'nope'}: no such file or folder", EXIT_USAGE)


def test_load_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimcheckError) as info:
        load_articles([tmp_path])
    assert (info.value.message, info.value.exit_code) == (f"{tmp_path}: no readable article to check", EXIT_NO_ARTICLES)


def test_load_folder_of_bad_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(ClaimcheckError) as info:
        load_articles([tmp_path])
    assert info.value.message == f"{tmp_path}: no readable article to check; 1 file(s) skipped"


def test_load_date_does_not_run_across_lines() -> None:
    assert infer_published("Saturday, 26 February\n\n1600 GMT: kick-off in Cardiff.")[0] is None


def _one(tmp_path: Path, front: str, body: str = "The council voted on the budget.\n", **kwargs: dt.date) -> LoadResult:
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\n{body}")
    return load_articles([tmp_path], **kwargs)


@pytest.mark.parametrize(
    ("front", "published", "precision"),
    [
        ("published: 2024-08-09", dt.date(2024, 8, 9), "day"),
        ("published: '2024-08-09'", dt.date(2024, 8, 9), "day"),
        ("published: 2022-07", dt.date(2022, 7, 1), "month"),
        ("published: '2022-07'", dt.date(2022, 7, 1), "month"),
        ("published: 2022", dt.date(2022, 1, 1), "year"),
        ("published: '2022'", dt.date(2022, 1, 1), "year"),
    ],
)
def test_load_published_precision(tmp_path: Path, front: str, published: dt.date, precision: str) -> None:
    result = _one(tmp_path, front, "LONDON, 3 March 2021 - Shares fell.\n")
    (article,) = result.articles
    assert (article.published, article.published_precision, article.published_source) == (
        published,
        precision,
        "metadata",
    )
    assert result.warnings == ()


@pytest.mark.parametrize("front", ["published: ''", 'published: ""', "published:", "published: null", "published: ~"])
def test_load_empty_published_is_unknown_without_warning(tmp_path: Path, front: str) -> None:
    # The dateline would give a date; the editor's "unknown" wins, and so over --assume-published.
    result = _one(tmp_path, front, "LONDON, 3 March 2021 - Shares fell.\n", assume_published=dt.date(2005, 1, 1))
    (article,) = result.articles
    assert (article.published, article.published_source) == (None, "unknown")
    assert result.warnings == ()


def test_load_missing_published_key_infers_from_text(tmp_path: Path) -> None:
    result = _one(tmp_path, "title: Shares", "LONDON, 3 March 2021 - Shares fell.\n")
    (article,) = result.articles
    assert (article.published, article.published_source, article.published_precision) == (
        dt.date(2021, 3, 3),
        "inferred",
        "day",
    )


def test_load_undated_warning_leaves_out_stated_unknown(tmp_path: Path) -> None:
    (tmp_path / "said.md").write_text("---\npublished: ''\n---\nThe council voted on the budget.\n")
    (tmp_path / "silent.txt").write_text("The council met again.\n")
    result = load_articles([tmp_path])
    assert [a.published_source for a in result.articles] == ["unknown", "unknown"]
    assert result.warnings == (
        "1 article(s) with no publication date: relative dates in them are not resolved "
        "(the report lists them; --assume-published sets one)",
    )


@pytest.mark.parametrize("value", ["2024-13-45", "soon", "2024-13", "2024-00", "0999", "20245", "[2024]"])
def test_load_malformed_published_warns_once(tmp_path: Path, value: str) -> None:
    result = _one(tmp_path, f"published: {value}")
    assert result.articles[0].published is None
    assert result.warnings == (
        f"{tmp_path / 'a.md'}: published {value!r} is not a date (YYYY-MM-DD); ignored",
        "1 article(s) with no publication date: relative dates in them are not resolved "
        "(the report lists them; --assume-published sets one)",
    )


ENGLISH = (
    "The council voted on Tuesday to close the library on the high street, and the mayor said "
    "the building would be sold next year to pay for repairs to the town's three schools.\n"
)
ITALIAN = (
    "Sono almeno cinquanta i morti del disastro ferroviario avvenuto ieri sera in India. Secondo le "
    "prime ricostruzioni, il treno espresso diretto a Chennai è deragliato finendo sul binario opposto, "
    "dove si è scontrato con un treno merci fermo in stazione. Molti passeggeri sono ancora "
    "intrappolati sotto i vagoni.\n"
)


@pytest.mark.parametrize(
    ("front", "body", "language", "source"),
    [
        ("language: it", ITALIAN, "it", "metadata"),
        ("language: EN-gb", ENGLISH, "en", "metadata"),
        ("language: no", "Regjeringen la fram statsbudsjettet.\n", "no", "metadata"),
        ("title: x", ENGLISH, "en", "detected"),
        ("title: x", ITALIAN, "it", "detected"),
        ("title: x", "Council votes.\n", None, "unknown"),
        ("language: ''", ENGLISH, "en", "detected"),
    ],
)
def test_load_language(tmp_path: Path, front: str, body: str, language: str | None, source: str) -> None:
    result = _one(tmp_path, front, body)
    (article,) = result.articles
    assert (article.language, article.language_source) == (language, source)
    assert [w for w in result.warnings if "language" in w] == []


def test_load_language_not_a_code_warns_and_detects(tmp_path: Path) -> None:
    result = _one(tmp_path, "language: english\npublished: 2024-01-02", ENGLISH)
    assert (result.articles[0].language, result.articles[0].language_source) == ("en", "detected")
    assert result.warnings == (f"{tmp_path / 'a.md'}: language 'english' is not an ISO 639-1 code (e.g. en); ignored",)


def test_load_language_metadata_contradicted_by_text_warns(tmp_path: Path) -> None:
    result = _one(tmp_path, "language: en\npublished: 2023-06-02", ITALIAN)
    (article,) = result.articles
    assert (article.language, article.language_source) == ("en", "metadata")
    (warning,) = result.warnings
    assert warning.startswith(
        f"{tmp_path / 'a.md'}: language en (English) in the metadata, but the text reads as it (Italian, "
    )
    assert warning.endswith("); the metadata is used")


def test_load_language_short_text_is_not_second_guessed(tmp_path: Path) -> None:
    # Too short for a sure call: metadata is taken as given and nothing is warned about.
    result = _one(tmp_path, "language: en\npublished: 2023-06-02", "Sono almeno 50 i morti del disastro in India.\n")
    assert (result.articles[0].language, result.warnings) == ("en", ())
