"""The report in the formats asked for: `claimcheck check --format json,md,html,csv` and the service's `?format=`.

`json`, `md` and `html` are `claimcheck.report`'s three documents; `csv` is
`report.csv`, one row per side of each finding (`Report.to_frame()`). The
default, all three documents, is written by `claimcheck.report.write_reports`
itself; any other choice goes through `write_documents`, which also renders
everything first and moves temp files into place, so a failed run leaves the
previous files as they were.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterable, Sequence

from claimcheck.errors import EXIT_OUTPUT, ClaimcheckError
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


def write_documents(out_dir: Path, documents: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write (file name, bytes) into out_dir: every temp file first, then each moved into place."""
    out_dir = Path(out_dir)
    documents = list(documents)
    temps: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in documents:
            target = out_dir / name
            temp = target.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            temps.append((temp, target))
            with open(temp, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for temp, target in temps:
            os.replace(temp, target)
    except OSError as err:
        raise ClaimcheckError(f"cannot write the report to {out_dir}: {err.strerror or err}", EXIT_OUTPUT) from err
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    return [out_dir / name for name, _ in documents]


def write_formats(report: Report, out_dir: Path, formats: Sequence[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the report in `formats` into out_dir; return the paths written."""
    if tuple(formats) == DEFAULT_FORMATS:
        from claimcheck.report import write_reports

        return write_reports(report, out_dir)
    return write_documents(out_dir, [(FILES[f], render(report, f).encode("utf-8")) for f in formats])
