"""Work split across forked processes: the same results as one process, whatever a child does."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import fork
from generator.fork import Forked, chunks, shares, split_map
from generator.pipeline import build
from generator.project import Project
from tests.conftest import copy_project


@pytest.fixture(autouse=True)
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fork.JOBS_VARIABLE, "2")
    # The test session's own servers run threads; the functions forked here take no lock.
    monkeypatch.setattr(fork, "_other_threads", lambda: False)


def square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_chunks_are_consecutive_runs_of_nearly_equal_length() -> None:
    assert chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert chunks([1], 2) == [[1], []]


def test_runs_are_computed_here_from_the_front_and_in_children_from_the_back() -> None:
    done = split_map(square_with_pid, list(range(10)), least=4)
    assert [value for value, _ in done] == [x * x for x in range(10)]
    pids = [pid for _, pid in done]
    assert pids[:2] == [os.getpid()] * 2  # the first run (of 8: 2 processes, 4 runs each)
    assert pids[9] != os.getpid()  # the last, forked before anything is computed here
    # Whoever has a run computes all of it, and the parent's runs come before the children's.
    assert pids == sorted(pids, key=lambda pid: pid != os.getpid())


def slow_square_with_pid(x: int) -> tuple[int, int]:
    time.sleep(0.005)
    return x * x, os.getpid()


def test_a_child_lives_for_one_run_and_the_next_is_forked_when_it_ends() -> None:
    steps: list[int] = []

    def besides() -> Iterator[None]:
        for _ in range(40):  # long enough for the children to do most runs meanwhile
            time.sleep(0.01)
            steps.append(os.getpid())
            yield None

    done = split_map(slow_square_with_pid, list(range(40)), least=4, besides=besides())
    assert [value for value, _ in done] == [x * x for x in range(40)]
    assert steps == [os.getpid()] * 40
    runs = [list(range(i, i + 5)) for i in range(0, 40, 5)]  # 8 runs of 5 items
    by_pid: dict[int, list[int]] = {}
    for x, (_, pid) in enumerate(done):
        by_pid.setdefault(pid, []).append(x)
    children = {pid: xs for pid, xs in by_pid.items() if pid != os.getpid()}
    assert len(children) >= 3
    assert all(xs in runs for xs in children.values())  # one run each, whole


def test_other_work_is_done_once_in_one_process_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fork.JOBS_VARIABLE, "1")
    calls: list[int] = []
    done = split_map(
        square_with_pid, list(range(10)), least=4, besides=(calls.append(x) for x in (1, 2))
    )
    assert calls == [1, 2] and {pid for _, pid in done} == {os.getpid()}


def failing_steps(calls: list[int]) -> Iterator[None]:
    calls.append(1)
    yield None
    raise ValueError("bad other work")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_of_the_other_work_comes_after_the_items_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv(fork.JOBS_VARIABLE, jobs)
    calls: list[int] = []
    with pytest.raises(ValueError, match=r"^bad item 9$"):
        split_map(raises_on_nine, list(range(10)), least=4, besides=failing_steps(calls))
    with pytest.raises(ValueError, match=r"^bad other work$"):
        split_map(square_with_pid, list(range(10)), least=4, besides=failing_steps(calls))
    assert calls == ([1] if jobs == "1" else [1, 1])  # one process stops at the item's error


def test_few_items_one_job_or_another_thread_keep_everything_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert shares(list(range(3)), least=4) == 1
    assert {pid for _, pid in split_map(square_with_pid, list(range(3)), least=4)} == {os.getpid()}
    monkeypatch.setenv(fork.JOBS_VARIABLE, "1")
    assert shares(list(range(100)), least=4) == 1
    monkeypatch.setenv(fork.JOBS_VARIABLE, "2")
    assert shares(list(range(100)), least=4) == 2
    monkeypatch.undo()
    monkeypatch.setenv(fork.JOBS_VARIABLE, "2")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert shares(list(range(100)), least=4) == 1
    finally:
        stop.set()
        thread.join()


def fails_in_a_child(parent: int) -> object:
    def fn(x: int) -> int:
        if os.getpid() != parent and x == 9:
            os._exit(3)  # the child dies without a word
        return x + 1

    return fn


def test_a_child_that_dies_has_its_share_done_by_the_parent() -> None:
    fn = fails_in_a_child(os.getpid())
    assert split_map(fn, list(range(10)), least=4) == list(range(1, 11))  # type: ignore[arg-type]


def raises_on_nine(x: int) -> int:
    if x == 9:  # in the run a child is forked for first
        raise ValueError(f"bad item {x}")
    return x


def test_an_error_in_a_child_is_raised_here_as_one_process_raises_it() -> None:
    with pytest.raises(ValueError, match=r"^bad item 9$"):
        split_map(raises_on_nine, list(range(10)), least=4)


def test_a_child_stopped_before_its_result_is_read_is_killed_and_reaped() -> None:
    child = Forked(lambda x: threading.Event().wait(60) or x, [1])
    pid = child._pid
    child.stop()
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_cold_build_on_two_cores_writes_the_same_pages_as_on_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fork, "LEAST", 4)  # the bundled catalogue is below the usual threshold
    forks: list[int] = []
    start = Forked.__init__

    def counted(self: Forked[object, object], *args: object) -> None:
        start(self, *args)  # type: ignore[arg-type]
        forks.append(1)

    monkeypatch.setattr(Forked, "__init__", counted)

    def built(name: str, processes: str) -> dict[str, bytes]:
        monkeypatch.setenv(fork.JOBS_VARIABLE, processes)
        (tmp_path / name).mkdir()
        root = copy_project(tmp_path / name)
        build(Project.at(root))
        docs = root / "docs"
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md")}

    one = built("one", "1")
    assert forks == []
    two = built("two", "2")
    assert len(forks) >= 4  # case studies and concepts loaded, case studies enriched and rendered
    assert len(one) > 60
    assert sorted(p for p in one.keys() | two.keys() if one.get(p) != two.get(p)) == []


def test_runs_of_equal_weight_leave_the_first_lighter_by_its_other_work() -> None:
    items = list("abcdef")
    weights = [4, 1, 1, 1, 1, 4]
    assert fork.weighed_chunks(items, weights, 2) == [list("abc"), list("def")]
    # An item goes to the run where its middle falls.
    assert fork.weighed_chunks(items, weights, 2, head=4) == [list("a"), list("bcdef")]
    assert fork.weighed_chunks(items, weights, 3) == [list("a"), list("bcde"), list("f")]
    assert fork.weighed_chunks(items, weights, 2, head=20) == [[], items]


def test_children_give_each_item_its_result_once_and_none_for_a_failed_child() -> None:
    def square_or_die(x: int) -> int:
        if x == 13:
            os._exit(3)
        return x * x

    children: fork.Children[int, int] = fork.Children(str)
    children.start(square_or_die, [[3, 4], [12, 13]])
    assert [children.has(x) for x in (2, 3, 13)] == [False, True, True]
    assert children.take(2) is None  # no child had it
    assert children.take(4) == 16 and children.take(3) == 9
    assert children.take(3) is None  # taken already
    assert children.take(12) is None  # its child died: the caller computes it
    children.stop()
    assert children.forked == []


def _resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(fork._MALLOC_TRIM is None, reason="glibc's malloc_trim only")
def test_trim_hands_the_free_memory_back_before_a_fork() -> None:
    chunks = [bytearray(2000) for _ in range(40_000)]  # 80 MB from malloc, not Python's arenas
    last = bytearray(
        2000
    )  # keeps the freed memory below the top of the heap, where free() leaves it
    del chunks
    before = _resident_mb()
    fork.trim()
    assert before - _resident_mb() > 50
    del last
