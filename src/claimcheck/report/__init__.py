"""Writing a run's report as JSON (for machines), Markdown (for review) and HTML (for editors).

The renderers are pure and deterministic; `write_reports` is the only I/O. It
renders all three documents, writes each to a temp file beside its target and
only then moves them into place, so a run that dies half-way leaves the
previous report as it was and never a half-written file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable, Iterable

from claimcheck.errors import EXIT_OUTPUT, ClaimcheckError
from claimcheck.gcquiet import no_full_collections
from claimcheck.model import Report
from claimcheck.report.html import render_html
from claimcheck.report.json_report import SCHEMA, json_schema, render_json, report_data, report_dict
from claimcheck.report.markdown import render_markdown

__all__ = [
    "SCHEMA",
    "REPORT_FILES",
    "json_schema",
    "render_html",
    "render_json",
    "render_markdown",
    "report_data",
    "report_dict",
    "write_documents",
    "write_reports",
]

# Each renderer takes the report and, optionally, its `report_dict` already made.
REPORT_FILES: tuple[tuple[str, Callable[..., str]], ...] = (
    ("report.json", render_json),
    ("report.md", render_markdown),
    ("report.html", render_html),
)


def _write_temp(target: Path, data: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to a fresh temp file beside target and return its path."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never reuse someone else's file; 0o666 lets the umask decide, as for any new file.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_documents(out_dir: Path, documents: Iterable[tuple[str, str | bytes]]) -> list[Path]:
    """Write (file name, text or bytes) into out_dir atomically: every temp file first, then each moved into place."""
    out_dir = Path(out_dir)
    targets = [(out_dir / name, data) for name, data in documents]
    temps: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for target, data in targets:
            temps.append((_write_temp(target, data), target))
        for temp, target in temps:
            os.replace(temp, target)
    except OSError as err:
        raise ClaimcheckError(f"cannot write the report to {out_dir}: {err.strerror or err}", EXIT_OUTPUT) from err
    finally:
        # After a failure, whatever was not moved into place goes; after success this finds nothing.
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    return [target for target, _ in targets]


def write_reports(report: Report, out_dir: Path) -> list[Path]:
    """Write report.json, report.md and report.html into out_dir atomically; return their paths."""
    # Render everything before touching the disk: a renderer bug then costs nothing. The
    # ordered view is made once and rendered three times.
    with no_full_collections():  # the ordered view and its renderings are a million small objects
        data = report_dict(report)
        documents = [(name, render(report, data)) for name, render in REPORT_FILES]
    return write_documents(out_dir, documents)
