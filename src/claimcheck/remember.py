"""Calls remembered between runs: one small JSON file in the cache folder per kind of call.

A warm archive's articles ask the same slow questions every run (which
language is this text in, which date does this dateline give, how many
kilometres make a mile); the answers are kept by a digest of the question, so
a later run neither asks them again nor loads the library that answers them.
The calls are the same either way: a missing or damaged file only means they
are made again. A file's name carries the answering library's version, so a
new version asks afresh.

`remembering_in(folder)` opens the files for a block of work; `recall` outside
one simply asks. Work done in a forked child (`claimcheck.forked`) hands its
`answers()` back, and the parent `adopt`s them, so they are written too.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterator

# A file keeps at most this many answers (the ones used in the last run first).
MAX_REMEMBERED = 200_000


class Remembered:
    """Answers by a digest of their question, read from and written back to one JSON file."""

    def __init__(self, path: Path, limit: int = MAX_REMEMBERED) -> None:
        self.path = path
        self.limit = limit
        self.old: dict[str, Any] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.old = loaded
        except (OSError, ValueError):
            pass  # no file yet, or a damaged one: every question is asked again
        self.used: dict[str, Any] = {}

    def get(self, question: str, answer: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """The remembered answer to `question` when `valid` accepts it, else `answer()` (a JSON value), kept."""
        key = hashlib.sha1(question.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        if key in self.used:
            return self.used[key]
        found = self.old.get(key, _MISSING)
        if found is _MISSING or not valid(found):
            found = answer()
        self.used[key] = found
        return found

    def save(self) -> None:
        """Write the answers back when they changed; a file that cannot be written is only a slower next run."""
        if len(self.used) == len(self.old) and all(k in self.old and self.old[k] == v for k, v in self.used.items()):
            return
        kept = dict(self.used)
        for key, value in self.old.items():
            if len(kept) >= self.limit:
                break
            kept.setdefault(key, value)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(kept, out, sort_keys=True, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


_MISSING = object()
_OPEN: contextvars.ContextVar["_Files | None"] = contextvars.ContextVar("remembered_files", default=None)


class _Files:
    """The remembered files of one cache folder, each read when first asked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, Remembered] = {}

    def file(self, name: str) -> Remembered:
        if name not in self.files:
            self.files[name] = Remembered(self.folder / name)
        return self.files[name]


@contextlib.contextmanager
def remembering_in(folder: Path | None, write: bool = True) -> Iterator[None]:
    """Within the block, `recall` answers from (and, unless `write` is False, writes back to) the files in
    `folder`. A helper process reads without writing: it hands its `answers()` to the run, which writes."""
    if folder is None:
        yield
        return
    files = _Files(Path(folder))
    token = _OPEN.set(files)
    try:
        yield
    finally:
        _OPEN.reset(token)
        if write:
            for remembered in files.files.values():
                remembered.save()


def remembered_folder() -> Path | None:
    """The folder of the open `remembering_in` block (None outside one)."""
    files = _OPEN.get()
    return files.folder if files is not None else None


def answers() -> dict[str, dict[str, Any]]:
    """The answers used so far in the open block, by file name: what a forked child hands back to `adopt`."""
    files = _OPEN.get()
    return {name: dict(remembered.used) for name, remembered in files.files.items()} if files is not None else {}


def adopt(found: dict[str, dict[str, Any]]) -> None:
    """Keep answers another process used (a forked child's `answers()`) as if they were asked here."""
    files = _OPEN.get()
    if files is None:
        return
    for name, used in found.items():
        remembered = files.file(name)
        for key, value in used.items():
            remembered.used.setdefault(key, value)


def recall(name: str, question: str, answer: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """`answer()`, or the answer remembered in the file `name` of the open cache folder (`remembering_in`)."""
    files = _OPEN.get()
    if files is None:
        return answer()
    return files.file(name).get(question, answer, valid)


@lru_cache(maxsize=None)
def file_name(kind: str, library: str, version: int = 1) -> str:
    """A remembered file's name: the kind of call, the answering library's version and the answers' format."""
    try:
        release = metadata.version(library)
    except metadata.PackageNotFoundError:
        release = "unknown"
    return f"{kind}-{library}{release}-v{version}.json"
