"""The report in the formats asked for: `claimcheck check --format json,md,html,csv` and the service's `?format=`.

`json`, `md` and `html` are `claimcheck.report`'s three documents; `csv` is
`report.csv`, one row per side of each finding (`Report.to_frame()`). The
default, all three documents, is written by `claimcheck.report.write_reports`
itself; any other choice goes through `claimcheck.report.write_documents`, the
same atomic writer: everything is rendered first and temp files are moved into
place, so a failed run leaves the previous files as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from claimcheck.model import Report

FILES = {"json": "report.json", "md": "report.md", "html": "report.html", "csv": "report.csv"}
MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
DEFAULT_FORMATS = ("json", "md", "html")


def parse_formats(value: str) -> tuple[str, ...]:
    """Comma-separated format names, checked and in the order of `FILES`; ValueError names a bad one."""
    chosen = {v.strip().lower() for v in value.split(",") if v.strip()}
    unknown = sorted(chosen - set(FILES))
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from {', '.join(FILES)}")
    if not chosen:
        raise ValueError(f"no format given; choose from {', '.join(FILES)}")
    return tuple(f for f in FILES if f in chosen)


def render(report: Report, fmt: str) -> str:
    """One rendering of the report."""
    if fmt == "csv":
        from claimcheck.frames import csv_text

        return csv_text(report.to_frame())
    from claimcheck.report import render_html, render_json, render_markdown

    return {"json": render_json, "md": render_markdown, "html": render_html}[fmt](report)


def write_formats(report: Report, out_dir: Path, formats: Sequence[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the report in `formats` into out_dir; return the paths written."""
    from claimcheck.report import write_documents, write_reports

    if tuple(formats) == DEFAULT_FORMATS:
        return write_reports(report, out_dir)
    return write_documents(out_dir, [(FILES[f], render(report, f)) for f in formats])
