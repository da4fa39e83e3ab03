"""Language: metadata, detection with py3langid, and which articles the models can read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck import language
from claimcheck.language import SUPPORTED_LANGUAGES, comparable, detect_language, normalize_code
from claimcheck.load import load_articles
from claimcheck.model import Article
from claimcheck.remember import remembering_in

SHARED = Path(__file__).resolve().parents[2] / "shared"
BALASORE = SHARED / "devsets" / "news-dev" / "odisha-balasore-train-crash-2023"
BBC = SHARED / "corpora" / "bbc"
needs_shared = pytest.mark.skipif(not BALASORE.is_dir(), reason="the shared devsets are not beside the repository")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council voted on Tuesday to close the library and sell the building next year.", "en"),
        ("Il consiglio comunale ha votato martedì per chiudere la biblioteca e vendere l'edificio.", "it"),
        ("Le conseil municipal a voté mardi la fermeture de la bibliothèque et la vente du bâtiment.", "fr"),
        ("Der Stadtrat hat am Dienstag beschlossen, die Bibliothek zu schließen und das Gebäude zu verkaufen.", "de"),
        ("El ayuntamiento votó el martes cerrar la biblioteca y vender el edificio el año que viene.", "es"),
    ],
)
def test_language_detects_sentences(text: str, code: str) -> None:
    found, confidence = detect_language(text)
    assert found == code
    assert 0.8 <= confidence <= 1.0


@pytest.mark.parametrize("text", ["", "Advertisement", "Real Madrid 1-0 Liverpool", "3-MIN READ", "12,345 67%  ---"])
def test_language_too_short_to_tell(text: str) -> None:
    assert detect_language(text) == (None, 0.0)


def test_language_unsure_detection_is_not_kept(tmp_path: Path) -> None:
    # Names only: enough letters to try, too little language to tell; load keeps no language.
    text = "Vinicius Junior Federico Valverde Thibaut Courtois Carlo Ancelotti"
    found, confidence = detect_language(text)
    assert found is not None
    assert 0.0 < confidence < language.DETECTED_MIN_CONFIDENCE
    (tmp_path / "a.txt").write_text(text + "\n")
    (article,) = load_articles([tmp_path]).articles
    assert (article.language, article.language_source) == (None, "unknown")
    assert comparable(article) == (True, "")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" it ", "it"),
        ("en-GB", "en"),
        ("pt_BR", "pt"),
        ("english", None),
        ("xx", None),
        ("eng", None),
        (3, None),
        (None, None),
    ],
)
def test_language_normalize_code(value: object, code: str | None) -> None:
    assert normalize_code(value) == code


@pytest.mark.parametrize(
    ("code", "source", "expected"),
    [
        ("en", "metadata", (True, "")),
        ("en", "detected", (True, "")),
        (None, "unknown", (True, "")),
        ("it", "metadata", (False, "language it (Italian, from metadata): the models read English only")),
        ("fr", "detected", (False, "language fr (French, detected): the models read English only")),
        ("pcm", "detected", (False, "language pcm (Nigerian Pidgin, detected): the models read English only")),
    ],
)
def test_language_comparable(code: str | None, source: str, expected: tuple[bool, str]) -> None:
    article = Article(id="a", path="a.md", text="...", language=code, language_source=source)
    assert comparable(article) == expected


def test_language_supported_is_english_only() -> None:
    assert SUPPORTED_LANGUAGES == frozenset({"en"})


def test_language_not_loaded_when_metadata_settles_it(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nlanguage: en\n---\nThe council voted on the budget.\n")
    language._identifier.cache_clear()
    load_articles([tmp_path])
    assert language._identifier.cache_info().currsize == 0


def test_language_model_loaded_once(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text("The council voted on Tuesday to close the library on the high street.\n")
    language._identifier.cache_clear()
    load_articles([tmp_path])
    assert (language._identifier.cache_info().misses, language._identifier.cache_info().hits) == (1, 2)


def test_language_import_does_not_load_py3langid() -> None:
    code = "import sys, claimcheck.load, claimcheck.language; print('py3langid' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@needs_shared
def test_language_news_dev_balasore_italian_and_english() -> None:
    result = load_articles(sorted(BALASORE.glob("*.md")))
    by_name = {Path(a.path).name: a for a in result.articles}
    assert len(by_name) == 6
    for name, article in by_name.items():
        found, confidence = detect_language(article.text)
        expected = "it" if name == "01-lastampa-it.md" else "en"
        assert (found, article.language, article.language_source) == (expected, expected, "metadata"), name
        assert confidence >= 0.99, name
    assert comparable(by_name["01-lastampa-it.md"]) == (
        False,
        "language it (Italian, from metadata): the models read English only",
    )
    assert not [w for w in result.warnings if "language" in w]


@needs_shared
def test_language_news_dev_italian_detected_without_metadata(tmp_path: Path) -> None:
    # The same text with its `language` key removed: detection alone must find Italian.
    text = (BALASORE / "01-lastampa-it.md").read_text(encoding="utf-8").replace("language: it\n", "")
    (tmp_path / "lastampa.md").write_text(text, encoding="utf-8")
    (article,) = load_articles([tmp_path]).articles
    assert (article.language, article.language_source) == ("it", "detected")
    assert comparable(article)[0] is False


@needs_shared
@pytest.mark.parametrize(
    "name", ["business/001.txt", "entertainment/050.txt", "politics/100.txt", "sport/179.txt", "tech/200.txt"]
)
def test_language_bbc_is_detected_english(name: str) -> None:
    if not (BBC / name).is_file():
        pytest.skip(f"{BBC / name} is not there")
    (article,) = load_articles([BBC / name]).articles
    assert (article.language, article.language_source) == ("en", "detected")
    assert comparable(article) == (True, "")


def test_language_detections_remembered_in_a_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The council voted on Tuesday to close the library on the high street.\n")
    (corpus / "b.txt").write_text("Il consiglio comunale ha votato martedì per chiudere la biblioteca del centro.\n")
    first = load_articles([corpus]).articles
    with remembering_in(tmp_path / "cache"):
        assert load_articles([corpus]).articles == first
    assert len(list((tmp_path / "cache").glob("languages-*.json"))) == 1

    def no_model() -> None:
        raise AssertionError("py3langid was asked again")

    monkeypatch.setattr(language, "_identifier", no_model)
    with remembering_in(tmp_path / "cache"):
        assert load_articles([corpus]).articles == first


def test_language_damaged_remembered_file_is_classified_again(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council voted on Tuesday to close the library on the high street.\n")
    expected = load_articles([tmp_path / "a.txt"]).articles
    cache = tmp_path / "cache"
    cache.mkdir()
    language.remembered_path(cache).write_text("{not json")
    with remembering_in(cache):
        assert load_articles([tmp_path / "a.txt"]).articles == expected
    assert language.remembered_path(cache).read_text().startswith("{")


@pytest.mark.parametrize("text", ["", "12 34", "abc", "Été à Paris, 2024!", "a" * 39 + " 1", "a" * 40, "日本語のテキスト" * 10])
def test_language_has_letters_is_letter_count(text: str) -> None:
    for least in (0, 1, 3, 39, 40, 41, 200):
        assert language.has_letters(text, least) == (language.letter_count(text) >= least)
