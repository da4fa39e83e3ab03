"""The helper process: a call made beside the run returns what it returns here, or raises what it raises."""

from __future__ import annotations

import os
import pickle

import pytest

from claimcheck import forked
from claimcheck.errors import EXIT_INTERNAL, EXIT_NO_ARTICLES, ClaimcheckError

needs_fork = pytest.mark.skipif(not forked.forking(), reason="this platform does not fork")

_PREPARED: list[str] = []


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _prepared() -> list[str]:
    return list(_PREPARED)


def _prepare() -> None:
    _PREPARED.append("ready")


def _failing_prepare() -> None:
    raise RuntimeError("no head start")


def _raise_claimcheck() -> None:
    raise ClaimcheckError("articles/: no readable article", EXIT_NO_ARTICLES)


class _Unpicklable(Exception):
    def __init__(self, message: str, handle: object) -> None:
        super().__init__(message)
        self.handle = handle

    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise TypeError("cannot pickle this error")


def _raise_unpicklable() -> None:
    raise _Unpicklable("the parse broke", object())


def _die() -> None:
    os._exit(9)


def _blas_threads() -> int:
    import numpy  # noqa: F401 - its BLAS is what is counted
    from threadpoolctl import threadpool_info

    return min(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")


def test_forked_outside_a_block_the_call_is_made_here() -> None:
    pending = forked.beside(_pid_and_square, 7)
    assert not forked.helped()
    assert pending.result() == (os.getpid(), 49)


@needs_fork
def test_forked_in_a_block_the_call_is_made_by_one_helper_process() -> None:
    with forked.helping():
        assert forked.helped()
        first, second = forked.beside(_pid_and_square, 3), forked.beside(_pid_and_square, 4)
        (pid_a, a), (pid_b, b) = second.result(), first.result()  # collected in any order
    assert (a, b) == (16, 9)
    assert pid_a == pid_b != os.getpid()


@needs_fork
def test_forked_an_error_comes_back_whole_with_its_exit_code() -> None:
    with forked.helping():
        pending = forked.beside(_raise_claimcheck)
        with pytest.raises(ClaimcheckError) as raised:
            pending.result()
    assert raised.value.message == "articles/: no readable article"
    assert raised.value.exit_code == EXIT_NO_ARTICLES


def test_forked_a_claimcheck_error_pickles_with_its_exit_code() -> None:
    again = pickle.loads(pickle.dumps(ClaimcheckError("bad", EXIT_INTERNAL)))
    assert (again.message, again.exit_code) == ("bad", EXIT_INTERNAL)


@needs_fork
def test_forked_an_error_that_does_not_pickle_comes_back_as_its_traceback() -> None:
    with forked.helping():
        pending = forked.beside(_raise_unpicklable)
        with pytest.raises(RuntimeError, match="the work done beside the run failed") as raised:
            pending.result()
    assert "_Unpicklable: the parse broke" in str(raised.value)


@needs_fork
def test_forked_a_helper_that_dies_is_a_one_line_internal_error() -> None:
    with forked.helping():
        pending = forked.beside(_die)
        with pytest.raises(ClaimcheckError) as raised:
            pending.result()
    assert raised.value.exit_code == EXIT_INTERNAL
    assert "\n" not in raised.value.message
    assert "ended without an answer (exit code 9)" in raised.value.message


@needs_fork
def test_forked_prepare_runs_in_the_helper_before_the_first_call() -> None:
    with forked.helping(prepare=_prepare):
        assert forked.beside(_prepared).result() == ["ready"]
    assert _PREPARED == []  # not in this process


@needs_fork
def test_forked_a_failing_prepare_leaves_the_calls_working() -> None:
    with forked.helping(prepare=_failing_prepare):
        assert forked.beside(_pid_and_square, 2).result()[1] == 4


@needs_fork
def test_forked_dismiss_ends_the_helper_and_a_later_call_forks_another() -> None:
    with forked.helping(prepare=_prepare):
        block = forked._OPEN.get()
        assert block is not None and block.helper is not None
        process = block.helper._process
        forked.dismiss()  # still preparing, or idle: ended either way
        assert block.helper is None and not process.is_alive()
        pid, value = forked.beside(_pid_and_square, 6).result()
        assert value == 36 and pid != process.pid
        assert forked.beside(_prepared).result() == []  # forked for the call, with no prepare
    assert block.helper is None


@needs_fork
def test_forked_ctrl_c_is_left_to_the_run_which_ends_the_helper() -> None:
    import signal
    import time

    with forked.helping():
        forked.beside(_pid_and_square, 1).result()
        process = forked._OPEN.get().helper._process  # type: ignore[union-attr]
        os.kill(process.pid, signal.SIGINT)
        time.sleep(0.2)
        assert process.is_alive()  # no KeyboardInterrupt (and traceback) of its own
        assert forked.beside(_pid_and_square, 3).result()[1] == 9
    assert not process.is_alive()


@needs_fork
def test_forked_the_block_ends_a_helper_whose_answer_nobody_collected() -> None:
    with forked.helping():
        forked.beside(_pid_and_square, 1)
        process = forked._OPEN.get().helper._process  # type: ignore[union-attr]
    assert not process.is_alive()


@needs_fork
def test_forked_blas_runs_one_thread_on_each_side_while_the_helper_works() -> None:
    before = _blas_threads()
    with forked.helping():
        pending = forked.beside(_blas_threads)
        assert _blas_threads() == 1  # this process, while the call is out
        assert pending.result() == 1  # the helper
        assert _blas_threads() == before  # put back once the answer is in


def test_forked_claimcheck_fork_0_makes_every_call_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_FORK", "0")
    with forked.helping(prepare=_prepare):
        assert not forked.helped()
        assert forked.beside(_pid_and_square, 8).result() == (os.getpid(), 64)
    assert _PREPARED == []  # no helper was forked to prepare


def _two_parts(n: int):  # type: ignore[no-untyped-def]
    yield os.getpid()
    yield n * 2
    return n * 3


def _fails_at_once():  # type: ignore[no-untyped-def]
    raise ClaimcheckError("no sentence", EXIT_INTERNAL)
    yield "never"


def _fails_after_a_part():  # type: ignore[no-untyped-def]
    yield "first"
    raise ClaimcheckError("the parse broke", EXIT_INTERNAL)


@pytest.mark.parametrize("fork", [True, False], ids=["helper", "here"])
def test_forked_a_generator_sends_its_parts_as_made_then_its_value(fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if fork and not forked.forking():
        pytest.skip("this platform does not fork")
    if not fork:
        monkeypatch.setenv("CLAIMCHECK_FORK", "0")
    with forked.helping():
        pending = forked.beside(_two_parts, 5)
        parts = pending.parts()
        pid = next(parts)
        assert (pid != os.getpid()) is fork
        assert list(parts) == [10]
        assert pending.result() == 15
        # Parts not taken are dropped; the value still comes.
        again = forked.beside(_two_parts, 1)
        assert next(again.parts()) == (pid if fork else os.getpid())
        assert again.result() == 3
        # An error comes from `parts()` where it happened, and again from `result()`.
        failing = forked.beside(_fails_after_a_part)
        parts = failing.parts()
        assert next(parts) == "first"
        with pytest.raises(ClaimcheckError, match="the parse broke"):
            next(parts)
        with pytest.raises(ClaimcheckError, match="the parse broke"):
            failing.result()
        at_once = forked.beside(_fails_at_once)
        with pytest.raises(ClaimcheckError, match="no sentence"):
            next(at_once.parts())
        with pytest.raises(ClaimcheckError, match="no sentence"):
            at_once.result()
