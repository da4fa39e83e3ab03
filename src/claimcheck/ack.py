"""Acknowledgements: findings an editor has reviewed, kept in a file beside the articles.

The file is `acknowledged.yaml` in the archive folder, a mapping from a
finding's stable id to a note:

    c-3f2a9b1c0d4e:
      note: Checked with the desk; the term was extended in 2023.
      by: J. Editor
      date: 2026-11-25

Acknowledged findings are reported apart and never trip `--fail-on`; an id that
no finding has any more is reported as stale.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from claimcheck.errors import EXIT_OUTPUT, EXIT_USAGE, ClaimcheckError

ACK_FILE = "acknowledged.yaml"


@dataclass(frozen=True)
class Acknowledgement:
    """One reviewed finding."""

    id: str
    note: str
    by: str | None = None
    date: str | None = None


def ack_path(folder: Path) -> Path:
    """Where the acknowledgements of an archive folder live."""
    folder = Path(folder)
    return (folder if folder.is_dir() else folder.parent) / ACK_FILE


def load_acks(path: Path) -> dict[str, Acknowledgement]:
    """The acknowledgements in a file; none when it does not exist."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise ClaimcheckError(f"{path}: cannot read acknowledgements ({problem})", EXIT_USAGE) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ClaimcheckError(f"{path}: acknowledgements must map finding ids to notes", EXIT_USAGE)
    acks = {}
    for key, value in data.items():
        entry = value if isinstance(value, dict) else {"note": value}
        date = entry.get("date")
        acks[str(key)] = Acknowledgement(
            id=str(key),
            note=str(entry.get("note") or ""),
            by=str(entry["by"]) if entry.get("by") else None,
            date=str(date) if date else None,
        )
    return acks


def add_ack(path: Path, finding_id: str, note: str, by: str | None = None, today: dt.date | None = None) -> Acknowledgement:
    """Record (or replace) an acknowledgement, writing the file atomically."""
    acks = load_acks(path)
    ack = Acknowledgement(id=finding_id, note=note, by=by, date=(today or dt.date.today()).isoformat())
    acks[finding_id] = ack
    data = {
        k: {key: val for key, val in (("note", a.note), ("by", a.by), ("date", a.date)) if val}
        for k, a in sorted(acks.items())
    }
    text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".acknowledged-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ClaimcheckError(f"{path}: cannot write acknowledgements ({exc.strerror or exc})", EXIT_OUTPUT) from None
    return ack
