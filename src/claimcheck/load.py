"""Loading articles and their metadata from files.

An article is a UTF-8 text file (`.txt` or `.md`). It may open with a YAML
front-matter block between two `---` lines holding `title`, `outlet`, `url`,
`published`, `language` and optionally `id`; other keys are ignored.

`published` is a day (2024-08-09), a month (2022-07, stored as its first day)
or a year (2022, quoted or not); `Article.published_precision` says which, so
that "last month" can be resolved in a 2022-07 article but "yesterday" cannot.
An empty `published` ('' or null) means the editor does not know the date: it
stays unknown, with no warning and nothing inferred. Without the key, the date
is inferred from a dateline or a date near the top of the text, and the title
from a short first line. A value that is no date is warned about and ignored.

`language` is an ISO 639-1 code; without it the language is detected from the
body (claimcheck.language).

Files that cannot be read as articles are skipped with a one-line reason; the
run goes on and the report lists them. The article id is the file's path below
the folder given, without its suffix (the stem for files at the top).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from claimcheck.errors import EXIT_NO_ARTICLES, EXIT_USAGE, ClaimcheckError
from claimcheck.language import article_language
from claimcheck.model import (
    PUBLISHED_ASSUMED,
    PUBLISHED_INFERRED,
    PUBLISHED_METADATA,
    PUBLISHED_UNKNOWN,
    Article,
    Skipped,
)
from claimcheck.remember import file_name, recall

SUFFIXES = (".txt", ".md")
# Larger files are refused: an article is never this long, an export dump is.
MAX_FILE_BYTES = 5_000_000
# Tried in order after UTF-8; latin-1 decodes any byte, so reading never fails.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
METADATA_KEYS = ("id", "title", "outlet", "url", "published", "language")

# How much of a date the metadata gave (Article.published_precision).
PRECISION_DAY = "day"
PRECISION_MONTH = "month"
PRECISION_YEAR = "year"
# An article whose metadata says its date is unknown carries this note; it is
# not counted among the undated articles the run warns about.
STATED_UNKNOWN_NOTE = "published is empty in the metadata: the date is unknown"
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR_ONLY = re.compile(r"\d{4}")

_MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_DAY_MONTH_YEAR = rf"\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:{_MONTHS})\.?,?[ \t]+\d{{4}}"
_MONTH_DAY_YEAR = rf"(?:{_MONTHS})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
_ISO = r"\d{4}-\d{2}-\d{2}"
_FULL_DATE = rf"(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_ISO})"
# A date is written on one line: "26 February\n\n1600 GMT" is a day and a clock time.
# "Moscow, 28 July 2022 (TDI):" -- a place, a comma, a full date, near the start.
_DATELINE = re.compile(rf"^\s*[A-Z][\w.'’ -]{{1,40}},[ \t]+({_FULL_DATE})\b", re.MULTILINE)
# "PHNOM PENH, November 12. /TASS/" -- a dateline without a year.
_DATELINE_NO_YEAR = re.compile(
    rf"^\s*[A-Z][\w.'’ -]{{1,40}},[ \t]+((?:{_MONTHS})\.?[ \t]+\d{{1,2}}|\d{{1,2}}[ \t]+(?:{_MONTHS}))\b(?![, \t]*\d{{4}})",
    re.MULTILINE,
)
_STAMPED = re.compile(rf"\b(?:Published|Updated|Posted|Dated?)\s*(?:on)?:?\s+({_FULL_DATE})", re.IGNORECASE)
_ANY_DATE = re.compile(_FULL_DATE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_HEAD_CHARS = 600


class _MetadataLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays text until `_metadata_date` checks it,
    so "2024-13-45" is a bad date to warn about, not a crash inside the YAML parser."""


_MetadataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class LoadResult:
    """The articles read, the files skipped, and warnings about the ones read."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]


def infer_published(text: str) -> tuple[dt.date | None, str]:
    """A publication date found in the text, and a note saying where it came from.

    Within `remember.remembering_in` (a run with a cache folder), the answer for
    a text read before is remembered: a warm archive's texts are not searched
    again, nor dateparser imported.
    """
    iso, note = recall(file_name("dates", "dateparser", version=2), text, lambda: _inferred(text), _is_inferred)
    return (dt.date.fromisoformat(iso) if iso else None), note


def _inferred(text: str) -> list:
    date, note = _infer_published(text)
    return [date.isoformat() if date else None, note]


def _is_inferred(value: object) -> bool:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)):
        return False
    if value[0] is None:
        return True
    try:
        dt.date.fromisoformat(value[0])
    except (TypeError, ValueError):
        return False
    return True


def _infer_published(text: str) -> tuple[dt.date | None, str]:
    head = text[:_HEAD_CHARS]
    for pattern, where in ((_DATELINE, "dateline"), (_STAMPED, "date stamp"), (_ANY_DATE, "date near the top")):
        match = pattern.search(head)
        if match:
            date = _dateparser_date(match.group(1) if match.groups() else match.group())
            if date:
                return date, f"{where} '{match.group().strip()}'"
    match = _DATELINE_NO_YEAR.search(head)
    if match:
        years = sorted({int(y) for y in _YEAR.findall(text)})
        if years:
            date = _dateparser_date(f"{match.group(1)} {years[-1]}")
            if date:
                return date, f"dateline '{match.group().strip()}' with the latest year in the text ({years[-1]})"
        return None, f"dateline '{match.group().strip()}' has no year"
    return None, "no date found in the text"


def _dateparser_date(text: str) -> dt.date | None:
    import dateparser  # imported on first use: half a second, and a warm archive's dates are remembered

    parsed = dateparser.parse(
        text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None


def _infer_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 150 and not line.endswith((".", ":", ";", ",")) and len(line.split()) >= 3:
            return line
        return None
    return None


def _decode(raw: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        for encoding in FALLBACK_ENCODINGS:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            note = f"{path}: not valid UTF-8 (byte {exc.start}); read as {encoding}"
            return text, (note,)
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """The metadata, the body, and where the body starts; raises ValueError on broken front matter."""
    if not text.startswith("---"):
        return {}, text, 0
    first_break = text.find("\n")
    if first_break < 0 or text[:first_break].strip() != "---":
        return {}, text, 0
    end = re.search(r"^---[ \t]*$", text[first_break + 1 :], re.MULTILINE)
    if not end:
        raise ValueError("front matter has no closing '---' line")
    block = text[first_break + 1 : first_break + 1 + end.start()]
    body_start = first_break + 1 + end.end()
    if text[body_start : body_start + 1] == "\n":
        body_start += 1
    try:
        meta = yaml.load(block, Loader=_MetadataLoader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValueError(f"front matter is not valid YAML{where}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping of keys to values")
    return meta, text[body_start:], body_start


def _year(value: int) -> dt.date | None:
    return dt.date(value, 1, 1) if 1000 <= value <= 9999 else None


def _metadata_date(value: object) -> tuple[dt.date | None, str]:
    """The date a `published` value gives and its precision; (None, "") when it is no date."""
    if isinstance(value, dt.datetime):
        return value.date(), PRECISION_DAY
    if isinstance(value, dt.date):
        return value, PRECISION_DAY
    # bool is an int to Python; `published: yes` is no year.
    if isinstance(value, int) and not isinstance(value, bool):
        year = _year(value)
        return (year, PRECISION_YEAR) if year else (None, "")
    if not isinstance(value, str):
        return None, ""
    text = value.strip()
    if _YEAR_ONLY.fullmatch(text):
        year = _year(int(text))
        return (year, PRECISION_YEAR) if year else (None, "")
    month = _YEAR_MONTH.fullmatch(text)
    if month:
        try:
            return dt.date(int(month.group(1)), int(month.group(2)), 1), PRECISION_MONTH
        except ValueError:
            return None, ""
    try:
        return dt.date.fromisoformat(text), PRECISION_DAY
    except ValueError:
        return None, ""


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_value(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _published(
    meta: dict, body: str, assume_published: dt.date | None
) -> tuple[dt.date | None, str, str, str, str | None]:
    """(date, source, precision, note, problem): from the metadata, else inferred, else assumed."""
    if "published" in meta and _is_blank(meta["published"]):
        # The editor says the date is unknown: a date found in the text may be
        # an earlier event's, and --assume-published is for files that say nothing.
        return None, PUBLISHED_UNKNOWN, PRECISION_DAY, STATED_UNKNOWN_NOTE, None
    value = meta.get("published")
    published, precision = _metadata_date(value)
    if published is not None:
        return published, PUBLISHED_METADATA, precision, "", None
    problem = f"published {str(value)!r} is not a date (YYYY-MM-DD); ignored" if value is not None else None
    published, note = infer_published(body)
    if published:
        return published, PUBLISHED_INFERRED, PRECISION_DAY, note, problem
    if assume_published:
        note = f"{note}; assumed {assume_published.isoformat()}"
        return assume_published, PUBLISHED_ASSUMED, PRECISION_DAY, note, problem
    return None, PUBLISHED_UNKNOWN, PRECISION_DAY, note, problem


def read_article(
    path: Path, article_id: str, assume_published: dt.date | None = None
) -> tuple[Article | None, str | None, tuple[str, ...]]:
    """Read one file: (article, None, warnings) or (None, reason it was skipped, ()).

    An article with no date in its metadata or text gets `assume_published` when given.
    """
    text, reason, notes = read_text(path)
    if text is None:
        return None, reason, ()
    return _read_text(text, path, article_id, assume_published, notes)


def read_text(path: Path) -> tuple[str | None, str | None, tuple[str, ...]]:
    """A file's text as an article file is read: (text, None, notes) or (None, why not, ())."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"larger than the {MAX_FILE_BYTES // 1_000_000} MB limit ({size:,} bytes)", ()
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})", ()
    if b"\x00" in raw:
        return None, "binary file (contains NUL bytes)", ()
    text, notes = _decode(raw, path)
    return text, None, notes


def article_from_text(
    text: str,
    article_id: str,
    metadata: dict | None = None,
    assume_published: dt.date | None = None,
    path: str | None = None,
) -> tuple[Article | None, str | None, tuple[str, ...]]:
    """Read an article held in memory (a draft sent to the service) exactly as its file would be read.

    `text` may open with front matter; `metadata` (title, outlet, url,
    published, language) overrides it key by key. Returns what `read_article` does.
    """
    shown = Path(path or article_id)
    return _read_text(text, shown, article_id, assume_published, (), metadata or {})


def published_date(value: object) -> tuple[dt.date | None, str]:
    """The date a `published` value gives and its precision ("day", "month", "year"); (None, "") when none."""
    return _metadata_date(value)


def _read_text(
    text: str,
    path: Path,
    article_id: str,
    assume_published: dt.date | None,
    notes: tuple[str, ...],
    overrides: dict | None = None,
) -> tuple[Article | None, str | None, tuple[str, ...]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        meta, body, body_offset = _split_front_matter(text, path)
    except ValueError as exc:
        return None, str(exc), ()
    if overrides:
        meta = {**meta, **overrides}
    if not body.strip():
        return None, "empty file (no text)" if not meta else "no article text after the front matter", ()

    warnings = list(notes)
    published, source, precision, date_note, date_problem = _published(meta, body, assume_published)
    if date_problem:
        warnings.append(f"{path}: {date_problem}")
    language, language_source, language_problem = article_language(meta.get("language"), body)
    if language_problem:
        warnings.append(f"{path}: {language_problem}")
    title = _text_value(meta.get("title")) or _infer_title(body)
    article = Article(
        id=_text_value(meta.get("id")) or article_id,
        path=str(path),
        text=body,
        title=title,
        outlet=_text_value(meta.get("outlet")),
        url=_text_value(meta.get("url")),
        published=published,
        published_source=source,
        published_precision=precision,
        body_offset=body_offset,
        notes=tuple(n for n in (*notes, date_note) if n),
        language=language,
        language_source=language_source,
    )
    return article, None, tuple(warnings)


def article_files(root: Path) -> list[tuple[Path, str]]:
    if root.is_file():
        return [(root, root.stem)]
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() not in SUFFIXES:
            continue
        if path.is_file():
            found.append((path, rel.with_suffix("").as_posix()))
    return found


def load_articles(paths: Iterable[Path | str], assume_published: dt.date | None = None) -> LoadResult:
    """Read every article under the given files and folders; skip, with a reason, what cannot be read."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise ClaimcheckError(f"{root}: no such file or folder", EXIT_USAGE)
    for root in roots:
        files = article_files(root)
        if root.is_dir() and not files:
            warnings.append(f"{root}: folder holds no .txt or .md article")
        for path, article_id in files:
            article, reason, notes = read_article(path, article_id, assume_published)
            if article is None:
                skipped.append(Skipped(path=str(path), reason=reason or "unreadable"))
                continue
            if article.id in seen:
                skipped.append(Skipped(path=str(path), reason=f"duplicate article id {article.id!r} (also {seen[article.id]})"))
                continue
            seen[article.id] = str(path)
            articles.append(article)
            warnings.extend(notes)
    undated = sum(1 for a in articles if a.published_source == PUBLISHED_UNKNOWN and STATED_UNKNOWN_NOTE not in a.notes)
    if undated:
        # One line, not one per file: an undated export can hold thousands.
        warnings.append(
            f"{undated} article(s) with no publication date: relative dates in them are not resolved "
            "(the report lists them; --assume-published sets one)"
        )
    if not articles:
        names = ", ".join(str(r) for r in roots)
        detail = f"; {len(skipped)} file(s) skipped" if skipped else ""
        raise ClaimcheckError(f"{names}: no readable article to check{detail}", EXIT_NO_ARTICLES)
    return LoadResult(tuple(articles), tuple(skipped), tuple(warnings))
