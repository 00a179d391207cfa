"""Work split across forked processes: the same results as one process, whatever a child does."""

from __future__ import annotations

import os
import threading
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


def test_the_later_items_are_computed_in_a_child_and_come_back_in_order() -> None:
    done = split_map(square_with_pid, list(range(10)), least=4)
    assert [value for value, _ in done] == [x * x for x in range(10)]
    pids = [pid for _, pid in done]
    assert pids[:5] == [os.getpid()] * 5
    assert len(set(pids[5:])) == 1 and pids[5] != os.getpid()


def test_other_work_is_done_here_while_the_child_works_and_lightens_this_run() -> None:
    calls: list[int] = []
    done = split_map(
        square_with_pid,
        list(range(100)),
        least=4,
        besides=lambda: calls.append(os.getpid()),
        head=50,
    )
    assert [value for value, _ in done] == [x * x for x in range(100)]
    assert calls == [os.getpid()]
    here = [pid for _, pid in done].count(os.getpid())
    assert here == 25  # (100 + 50) / 2 - 50: the other work counts as 50 items


def test_other_work_is_done_once_in_one_process_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fork.JOBS_VARIABLE, "1")
    calls: list[int] = []
    done = split_map(square_with_pid, list(range(10)), least=4, besides=lambda: calls.append(1))
    assert calls == [1] and {pid for _, pid in done} == {os.getpid()}


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
        if os.getpid() != parent and x == 7:
            os._exit(3)  # the child dies without a word
        return x + 1

    return fn


def test_a_child_that_dies_has_its_share_done_by_the_parent() -> None:
    fn = fails_in_a_child(os.getpid())
    assert split_map(fn, list(range(10)), least=4) == list(range(1, 11))  # type: ignore[arg-type]


def raises_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError(f"bad item {x}")
    return x


def test_an_error_in_a_child_is_raised_here_as_one_process_raises_it() -> None:
    with pytest.raises(ValueError, match=r"^bad item 7$"):
        split_map(raises_on_seven, list(range(10)), least=4)


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
