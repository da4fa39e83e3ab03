"""Pieces of a run computed beside it, in a forked helper process, while the run goes on.

A run that adds one article to a warm archive is a chain of stages on two
cores, most of them single-threaded Python. The new article's parse (spaCy's
import, its two pipelines, the article itself) needs none of the stored
records the run reads meanwhile. `beside(fn, ...)` sends the call to a helper
process and returns at once; `Pending.result()` waits for the value, which is
the one the call would have returned in this process: only the time differs.

`helping(prepare)` opens a block (a run) whose helper is forked at once and
calls `prepare()` (loading what a call would need) before any call comes;
without `prepare` it is forked at the first call. It serves the block's calls
in turn and ends with the block or at `dismiss()`. Forking early matters: the
pages a parent shares with a living child are copied on the parent's first
write to them, and every Python object read writes its reference count, so a
child forked from a run holding its whole archive makes the run pay for a copy
of it (a second on BBC); a helper forked while the run is small does not. The
calls and their values go through a pipe as pickles, so they should be small.

Where fork is not the platform's way (Windows, and macOS where it is not safe
with its system libraries), or `CLAIMCHECK_FORK=0` is set, `result()` makes the
call in this process instead, as it does outside a `helping()` block.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
import types
import warnings
from typing import Any, Callable, Generic, Iterator, TypeVar

from claimcheck.errors import EXIT_INTERNAL, ClaimcheckError

T = TypeVar("T")

_QUIT = b""  # the message that ends a helper


def forking() -> bool:
    """Whether `beside` forks here (Linux and other fork-safe POSIX systems, unless CLAIMCHECK_FORK=0)."""
    if os.environ.get("CLAIMCHECK_FORK", "1").strip() == "0":
        return False
    return sys.platform.startswith(("linux", "freebsd")) and "fork" in multiprocessing.get_all_start_methods()


def _pickled(outcome: tuple[int, str, Any]) -> bytes:
    """One message: (job, kind, what), the kind "part", "value" or "error". An error that does not come
    back whole is sent as its traceback; so is a value that does not pickle."""
    try:
        message = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if outcome[1] == "error":
            pickle.loads(message)
        return message
    except Exception as error:  # noqa: BLE001
        failure = outcome[2] if outcome[1] == "error" else error
        text = "".join(traceback.format_exception(failure))
        return pickle.dumps((outcome[0], "error", RuntimeError(f"the work done beside the run failed:\n{text}")))


def _answers(job: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Iterator[bytes]:
    """The messages that answer one call: each part a generator yields as it is made, then its value."""
    try:
        value = fn(*args, **kwargs)
        if isinstance(value, types.GeneratorType):
            parts, value = value, None
            while True:
                try:
                    part = next(parts)
                except StopIteration as stop:
                    value = stop.value
                    break
                yield _pickled((job, "part", part))
        outcome: tuple[int, str, Any] = (job, "value", value)
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        outcome = (job, "error", error)
    yield _pickled(outcome)


def _one_blas_thread() -> Any:
    """Limit numpy's BLAS to one thread until `.restore_original_limits()`: with the helper and the run each
    on a core of their own, a second BLAS thread would only wait for the busy core."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _serve(connection: Any, prepare: Callable[[], Any] | None) -> None:
    """The helper's loop: `prepare()`, then each message is a pickled call, answered with its outcome,
    until _QUIT."""
    # Ctrl-C reaches the whole process group: the run stops, and ends the helper itself (no second traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _one_blas_thread()
    if prepare is not None:
        try:
            prepare()
        except Exception:  # noqa: BLE001 - only a head start: a call that needs it fails on its own
            pass
    while True:
        try:
            message = connection.recv_bytes()
        except (EOFError, OSError):
            return
        if message == _QUIT:
            return
        job, fn, args, kwargs = pickle.loads(message)
        for answer in _answers(job, fn, args, kwargs):
            connection.send_bytes(answer)


class Helper:
    """One forked process that makes the calls sent to it, one after another."""

    def __init__(self, prepare: Callable[[], Any] | None = None) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, theirs = context.Pipe(duplex=True)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # the child flushes its copies of the buffers when it ends
        with warnings.catch_warnings():
            # Python 3.12+ warns on every fork of a process with threads (numpy's BLAS pool, ONNX
            # Runtime's): the helper only runs claimcheck's Python and numpy code, not theirs.
            warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*fork.*")
            self._process = context.Process(target=_serve, args=(theirs, prepare), daemon=True)
            self._process.start()
        theirs.close()
        self._jobs = itertools.count()
        self._preparing = prepare is not None  # until a first answer shows it done
        self._waiting: set[int] = set()  # sent, not yet answered
        self._answered: dict[int, tuple[str, Any]] = {}
        self._parts: dict[int, list[Any]] = {}  # parts come, not yet taken
        self._limits: Any = None  # this process's BLAS threads, limited while the helper works

    def submit(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> int:
        """Send a call; its job number, for `collect`."""
        # Every answer due is read first: a helper writing a large answer into a full pipe while
        # this process writes a large call into the other would wait for each other for ever.
        while self._waiting:
            self._read()
        job = next(self._jobs)
        message = pickle.dumps((job, fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._connection.send_bytes(message)
        except OSError:
            self._ended()
        self._waiting.add(job)
        if self._limits is None:
            self._limits = _one_blas_thread()
        return job

    def collect(self, job: int) -> Any:
        """The value of a call sent, once it comes; the call's error is raised here."""
        while job not in self._answered:
            self._read()
        self._parts.pop(job, None)  # parts not taken are dropped
        kind, value = self._answered.pop(job)
        if kind == "error":
            raise value
        return value

    def part(self, job: int) -> tuple[bool, Any]:
        """(True, the next part) of a call that yields parts, once it comes; (False, None) after its last;
        the call's error, raised, if it failed."""
        while not self._parts.get(job) and job not in self._answered:
            self._read()
        if self._parts.get(job):
            return True, self._parts[job].pop(0)
        kind, value = self._answered[job]
        if kind == "error":
            raise value  # and again from `collect`
        return False, None

    def _read(self) -> None:
        try:
            message = self._connection.recv_bytes()
        except (EOFError, OSError):
            self._ended()
        job, kind, value = pickle.loads(message)
        self._preparing = False
        if kind == "part":
            self._parts.setdefault(job, []).append(value)
            return
        self._waiting.discard(job)
        self._answered[job] = (kind, value)
        if not self._waiting:
            self._unlimited()

    def _unlimited(self) -> None:
        if self._limits is not None:
            self._limits.restore_original_limits()
            self._limits = None

    def _ended(self) -> None:
        self._process.join(timeout=5)
        raise ClaimcheckError(
            f"the helper process of this run ended without an answer (exit code {self._process.exitcode})",
            EXIT_INTERNAL,
        )

    def close(self) -> None:
        """End the helper: at once if a call is still running (the run that wanted it has failed)."""
        self._unlimited()
        if self._process.is_alive():
            if self._waiting or self._preparing:
                self._process.terminate()
            else:
                with contextlib.suppress(OSError):
                    self._connection.send_bytes(_QUIT)
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
        self._connection.close()


class _Block:
    """The helper of an open `helping()` block, forked at its first call."""

    def __init__(self) -> None:
        self.helper: Helper | None = None


_OPEN: contextvars.ContextVar[_Block | None] = contextvars.ContextVar("forked_helper", default=None)


@contextlib.contextmanager
def helping(prepare: Callable[[], Any] | None = None) -> Iterator[None]:
    """Within the block, `beside` sends its calls to one helper; it ends with the block, or at `dismiss()`.

    With `prepare`, the helper is forked now and calls it before any call comes
    (loading what the calls will need, while the run finds out whether any
    will); otherwise it is forked at the first call.
    """
    block = _Block()
    if prepare is not None and forking():
        block.helper = Helper(prepare)
    token = _OPEN.set(block)
    try:
        yield
    finally:
        _OPEN.reset(token)
        if block.helper is not None:
            block.helper.close()
            block.helper = None


class Pending(Generic[T]):
    """A value being computed beside the run; `result()` waits for it (or computes it, when not forked).

    A call that is a generator sends each part it yields as it is made (`parts()`), and its return
    value last (`result()`): the run can use the first parts while the helper makes the rest.
    """

    def __init__(self, call: Callable[[], Any], helper: Helper | None = None, job: int = -1) -> None:
        self._call = call
        self._helper, self._job = helper, job
        self._done = False
        self._value: Any = None
        self._here: Any = None  # the generator, when the call is made here
        self._error: BaseException | None = None  # what the call made here raised

    def parts(self) -> Iterator[Any]:
        """The parts the call yields, each as it comes (none, if it is not a generator); the call's error,
        raised, if it fails."""
        if self._error is not None:
            raise self._error
        if self._done:
            return
        if self._helper is not None:
            while True:
                more, part = self._helper.part(self._job)
                if not more:
                    return
                yield part
        try:
            if self._here is None:
                made = self._call()
                if not isinstance(made, types.GeneratorType):
                    self._value, self._done = made, True
                    return
                self._here = made
            while True:
                try:
                    part = next(self._here)
                except StopIteration as stop:
                    self._value, self._done = stop.value, True
                    return
                yield part
        except GeneratorExit:
            raise
        except BaseException as error:
            self._error = error  # raised again by `result`
            raise

    def result(self) -> T:
        """The value (a generator's return value, its parts not taken dropped), or the error the call
        raised, raised here."""
        if not self._done:
            if self._helper is not None:
                helper, self._helper = self._helper, None
                self._value = helper.collect(self._job)
                self._done = True
            else:
                for _ in self.parts():
                    pass
        return self._value


def dismiss() -> None:
    """End the open block's helper now: the run has no (further) call for it."""
    block = _OPEN.get()
    if block is not None and block.helper is not None:
        block.helper.close()
        block.helper = None


def helped() -> bool:
    """Whether `beside` sends its calls to a helper here (an open `helping()` block, on a platform that forks)."""
    return _OPEN.get() is not None and forking()


def beside(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Pending[T]:
    """Send `fn(*args, **kwargs)` to the open block's helper; the run goes on, and `.result()` collects the
    value. Outside a `helping()` block (a long-lived service's threads, say), or where this platform does
    not fork, `.result()` makes the call here. `fn` and its arguments must pickle."""
    block = _OPEN.get()
    if block is None or not forking():
        return Pending(lambda: fn(*args, **kwargs))
    if block.helper is None:
        block.helper = Helper()
    return Pending(lambda: fn(*args, **kwargs), block.helper, block.helper.submit(fn, args, kwargs))
