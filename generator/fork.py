"""One function over many items on every core: runs of the items in forked processes.

A cold build loads each file, enriches each case study and converts each page on its own, so
the work splits. Forking (not spawning) means a child starts with everything already loaded
and sends back only its results. Whatever goes wrong in a child (it dies, it raises, its result
does not arrive), the parent does that child's share itself: an error is then raised here
exactly as a run on one core raises it, and the results are the same either way.

A child shares the parent's memory until either writes to a page of it, and reading a Python
object writes its reference count: over a child's life, most of what both processes read is
copied. So a child lives for one short run and the next is forked when it ends (`split_map`):
at 5,000 case studies, rendering on two cores peaked at 2.0 GB with one child for half the
pages, 1.66 GB with a child for each eighth.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

JOBS_VARIABLE = "CASEBOOK_JOBS"  # processes to use; 1 runs everything in this one
LEAST = 64  # below this many items a fork costs more than it saves


def jobs() -> int:
    """Processes to use: `CASEBOOK_JOBS` when set to a whole number, else the usable cores."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """`items` in `count` consecutive runs of nearly equal length."""
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def weighed_chunks(
    items: Sequence[T], weights: Sequence[float], count: int, head: float = 0.0
) -> list[Sequence[T]]:
    """`items` in `count` consecutive runs of nearly equal weight, the first run lightened by
    `head`: the work its process does besides (the parent's other pages)."""
    total, done = sum(weights) + head, head
    out, start = [], 0
    for i in range(1, count):
        bound, end = total * i / count, start
        while end < len(items) and done + weights[end] / 2 <= bound:  # its middle before
            done += weights[end]
            end += 1
        out.append(items[start:end])
        start = end
    out.append(items[start:])
    return out


def shares(items: Sequence[T], least: int | None = None) -> int:
    """How many processes `items` are worth: 1 when forking is unsafe or would not pay."""
    least = LEAST if least is None else least
    # A fork copies one thread: a lock another thread holds (logging's, a server's) would
    # stay locked in the child forever.
    if len(items) < max(2, least) or not hasattr(os, "fork") or _other_threads():
        return 1
    return max(1, min(jobs(), len(items) // max(1, least // 2)))


def _other_threads() -> bool:
    return threading.active_count() > 1


def _libc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # the process's own symbols: libc's, if glibc
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _libc_trim()


def trim() -> None:
    """Hands the memory the allocator keeps free back to the system (glibc only).

    Before a fork this is memory, not tidiness: the child's allocations would land in those
    free pages, which it shares with the parent, and copy each one it writes to; released,
    they are new pages instead, and the parent no longer holds the old ones (at 5,000 case
    studies, what loading the files left free is several hundred megabytes)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class Forked(Generic[T, R]):
    """`fn` over `items` in a forked child, started at once; `result()` waits for it.

    The child writes each result to an unlinked temporary file as soon as it is made and lets
    it go, so no process holds a second copy of a share's results (at 5,000 case studies the
    rendered pages alone are hundreds of megabytes); the parent reads them once the child is
    done.
    """

    def __init__(self, fn: Callable[[T], R], items: Sequence[T]) -> None:
        self.items = items
        self._code = 1  # the child's exit code once reaped: 1 until then
        # Outlives this call: `result` or `stop` closes it.
        self._file: BinaryIO | None = tempfile.TemporaryFile()  # noqa: SIM115
        trim()
        try:
            pid = os.fork()
        except OSError:
            self._close()
            raise
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            code = 1
            try:
                out = self._file
                for x in items:
                    pickle.dump(fn(x), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
                code = 0
            finally:
                os._exit(code)
        self._pid: int | None = pid

    def result(self) -> list[R] | None:
        """The child's results, or None when it failed (its share is then the caller's)."""
        found: list[R] | None = None
        if self._reap() == 0 and self._file is not None:
            try:
                self._file.seek(0)
                found = [pickle.load(self._file) for _ in self.items]
            except Exception:  # the child's file is short or unreadable
                found = None
        self._close()
        return found

    def stop(self) -> None:
        """Kill the child if it still runs (a build that failed meanwhile) and reap it."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        self._close()

    def finished(self) -> bool:
        """Whether the child has ended, without waiting for it."""
        if self._pid is None:
            return True
        pid, status = os.waitpid(self._pid, os.WNOHANG)
        if pid == 0:
            return False
        self._pid, self._code = None, os.waitstatus_to_exitcode(status)
        return True

    def _reap(self) -> int:
        if self._pid is not None:
            _, status = os.waitpid(self._pid, 0)
            self._pid, self._code = None, os.waitstatus_to_exitcode(status)
        return self._code

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Children(Generic[T, R]):
    """Children computing `fn` over runs of items, and each item's result until it is taken.

    For a pass that goes through every item in order in this process and takes, at an item a
    child computed, the child's result instead (mkdocs's passes over the pages).
    """

    def __init__(self, key: Callable[[T], str]) -> None:
        self.key = key
        self.owner = os.getpid()
        self.forked: list[Forked[T, R]] = []
        self._waiting: dict[str, int] = {}  # item → index of its child
        self._received: set[int] = set()
        self._done: dict[str, R] = {}

    def start(self, fn: Callable[[T], R], runs: Sequence[Sequence[T]]) -> None:
        for run in runs:
            self._waiting.update({self.key(x): len(self.forked) for x in run})
            self.forked.append(Forked(fn, run))

    def has(self, item: T) -> bool:
        return self.key(item) in self._waiting

    def take(self, item: T) -> R | None:
        """What a child computed for `item` (waiting for it), or None: no child had it, its
        child failed (the item is then the caller's), or this is not the forking process."""
        index = self._waiting.pop(self.key(item), None)
        if os.getpid() != self.owner or index is None:
            return None
        if index not in self._received:
            self._received.add(index)
            child = self.forked[index]
            results = child.result()
            if results is not None:
                self._done.update(
                    {self.key(x): r for x, r in zip(child.items, results, strict=True)}
                )
        return self._done.pop(self.key(item), None)

    def stop(self) -> None:
        """No child outlives the pass (one that still runs is killed)."""
        for child in self.forked:
            child.stop()
        self.forked, self._waiting, self._received, self._done = [], {}, set(), {}


def in_order(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    besides: Iterable[object] | None = None,
) -> list[R]:
    """`split_map` in this process alone: `[fn(x) for x in items]`, then `besides` run through."""
    done = [fn(x) for x in items]
    for _ in besides or ():
        pass
    return done


# Runs per process a split makes: a child lives for one run, so that what it and this process
# copy of the memory they share (a page either one writes to, a reference count included, is
# copied) is one run's worth, not a whole share's.
RUNS = 4


def split_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    least: int | None = None,
    besides: Iterable[object] | None = None,
) -> list[R]:
    """`[fn(x) for x in items]`, runs of the items computed in forked children meanwhile.

    `besides` is other work of this process, done one step at a time before its own runs; the
    results and any error are those of `in_order`."""
    count = shares(items, least)
    if count < 2:
        return in_order(fn, items, besides=besides)
    return _Split(fn, chunks(items, RUNS * count), count - 1).run(besides or ())


class _Split(Generic[T, R]):
    """Runs shared out as the work goes: this process takes them from the front, children (at
    most `width` at once, one forked as soon as another ends) from the back, so whoever is
    quicker does more and no child outlives its run."""

    def __init__(self, fn: Callable[[T], R], runs: list[Sequence[T]], width: int) -> None:
        self.fn, self.runs, self.width = fn, runs, width
        self.results: list[list[R] | None] = [None] * len(runs)
        self.front, self.back = 0, len(runs)  # runs[front:back] are nobody's yet
        self.children: dict[int, Forked[T, R]] = {}

    def run(self, besides: Iterable[object]) -> list[R]:
        try:
            self._tend()
            failed = self._besides(besides)
            while self.front < self.back:
                index, self.front = self.front, self.front + 1
                self.results[index] = self._own(self.runs[index])
            for index, child in self.children.items():
                self.results[index] = child.result()
            self.children = {}
            done = [
                x
                for run, result in zip(self.runs, self.results, strict=True)
                for x in (result if result is not None else [self.fn(y) for y in run])
            ]
        finally:
            for child in self.children.values():
                child.stop()
        if failed is not None:  # after the items, as in one process
            raise failed
        return done

    def _own(self, run: Sequence[T]) -> list[R]:
        out = []
        for x in run:
            out.append(self.fn(x))
            self._tend()
        return out

    def _besides(self, besides: Iterable[object]) -> Exception | None:
        """`besides` run through, tending the children between steps; its error, kept."""
        try:
            for _ in besides:
                self._tend()
        except Exception as exc:
            return exc
        return None

    def _tend(self) -> None:
        """The children that ended collected, and one forked for each free place."""
        for index, child in list(self.children.items()):
            if child.finished():
                self.results[index] = child.result()
                del self.children[index]
        while len(self.children) < self.width and self.front < self.back:
            self.back -= 1
            self.children[self.back] = Forked(self.fn, self.runs[self.back])
