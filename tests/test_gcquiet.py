"""The cyclic collector's full passes are held off inside a run and come back after it."""

from __future__ import annotations

import gc

import pytest

from claimcheck.gcquiet import no_full_collections


def test_gcquiet_holds_off_full_passes_and_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with no_full_collections():
        inside = gc.get_threshold()
        with no_full_collections():
            assert gc.get_threshold() == inside
        assert gc.get_threshold() == inside  # still inside the outer block
    assert inside[:2] == before[:2] and inside[2] > 10**6
    assert gc.get_threshold() == before


def test_gcquiet_restores_the_thresholds_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        with no_full_collections():
            raise RuntimeError("a failed run")
    assert gc.get_threshold() == before


def test_gcquiet_young_cycles_are_still_collected() -> None:
    import weakref

    class Node:
        pass

    with no_full_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        gc.collect(generation=1)
        assert gone() is None
