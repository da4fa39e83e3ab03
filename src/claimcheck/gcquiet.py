"""Runs that hold millions of records skip the cyclic collector's full passes (`no_full_collections`)."""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

_LOCK = threading.Lock()
_HELD = [0]  # blocks open inside `no_full_collections`
_SAVED: list[int] = []  # the thresholds before the first


@contextlib.contextmanager
def no_full_collections() -> Iterator[None]:
    """Within the block, Python's cyclic collector skips its full (oldest-generation) passes.

    A run holds millions of small records (an archive's claims, facts and
    mentions read from the claim cache, a report's million values), and each
    time the long-lived objects grow by a quarter the collector walks all of
    them: on BBC eleven full passes, 2 to 4 s of a run that adds one article,
    and they free nothing (the records hold no cycles). The young generations
    are still collected, so short-lived cycles go as before; the thresholds are
    put back when the last open block ends.
    """
    with _LOCK:
        if _HELD[0] == 0:
            _SAVED[:] = gc.get_threshold()
            gc.set_threshold(_SAVED[0], _SAVED[1], 1_000_000_000)
        _HELD[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _HELD[0] -= 1
            if _HELD[0] == 0:
                gc.set_threshold(*_SAVED)
