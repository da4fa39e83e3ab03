"""claimcheck: cross-check claims across a newsroom's articles and flag where they disagree.

As a library (every import is deferred, so `import claimcheck` loads no model):

    import claimcheck
    report = claimcheck.check("articles/")           # a claimcheck.model.Report
    report.findings                                   # the findings, as dataclasses
    report.to_frame()                                 # pandas: one row per side of each finding
    report.facts_frame()                              # pandas: one row per fact
    report.to_csv("findings.csv")
    draft = claimcheck.check_draft("The toll rose to 97.", against="articles/", published="2023-08-10")

`open_archive` keeps an archive loaded for many drafts, as the service does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from claimcheck.archive import Archive
    from claimcheck.model import Report

__all__ = ["__version__", "check", "check_draft", "open_archive"]


def _settings(options: dict[str, Any]):  # type: ignore[no-untyped-def]
    import datetime as dt

    from claimcheck.pipeline import Settings

    if isinstance(options.get("assume_published"), str):
        options["assume_published"] = dt.date.fromisoformat(options["assume_published"])
    if options.get("cache_dir") is not None:
        options["cache_dir"] = Path(options["cache_dir"])
    return Settings(**options)


def check(paths: str | Path | list[str | Path] = "articles", **settings: Any) -> "Report":
    """Check the articles under `paths` (files or folders) and return the report.

    Keyword arguments are `claimcheck.pipeline.Settings` fields: `cache_dir`,
    `assume_published` ("2005-01-01"), `cluster_threshold`, `pair_threshold`...
    """
    from claimcheck.pipeline import run

    roots = [paths] if isinstance(paths, (str, Path)) else list(paths)
    return run(roots, settings=_settings(settings))


def open_archive(path: str | Path | list[str | Path], **settings: Any) -> "Archive":
    """An archive read, analysed and embedded once, for many `archive.check_text(draft)` calls."""
    from claimcheck.archive import Archive

    return Archive.open(path, _settings(settings))


def check_draft(
    text: str | Path,
    against: "str | Path | Archive",
    *,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    **settings: Any,
) -> "Report":
    """Check a draft against an archive: the findings that involve the draft.

    `text` is the draft's text (front matter allowed) or a `Path` to its file;
    `against` an archive folder or an `open_archive()` result. The draft is
    read in memory, never written anywhere.
    """
    from claimcheck.archive import Archive

    archive = against if isinstance(against, Archive) else open_archive(against, **settings)
    metadata = {k: v for k, v in {"title": title, "published": published, "outlet": outlet, "url": url}.items() if v is not None}
    if isinstance(text, Path):
        from claimcheck.errors import ClaimcheckError
        from claimcheck.load import read_text

        body, reason, _ = read_text(text)
        if body is None:
            raise ClaimcheckError(f"{text}: {reason}")
        return archive.check_text(body, {"id": text.stem, **metadata}, path=str(text))
    return archive.check_text(text, metadata)
