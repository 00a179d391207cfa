"""A group of pages made one at a time: held whole only where a long-lived run keeps it."""

from __future__ import annotations

from collections.abc import Iterator

import jinja2

from generator.render.memo import PageEnvironment, kept_each
from generator.write.cache import PageMemo


def counted(made: list[str]) -> Iterator[str]:
    for name in ("one", "two", "three"):
        made.append(name)
        yield name


def test_a_cold_build_takes_each_page_of_a_group_as_it_is_made() -> None:
    made: list[str] = []
    group = kept_each(jinja2.Environment(), "group", "key", lambda: counted(made))
    assert (next(group), made) == ("one", ["one"])  # the rest is not made yet
    assert (next(group), made) == ("two", ["one", "two"])
    assert list(group) == ["three"]


def test_a_long_lived_run_keeps_the_whole_group_while_its_key_is_equal() -> None:
    env = PageEnvironment()
    env.memo = PageMemo()
    made: list[str] = []
    assert list(kept_each(env, "group", "key", lambda: counted(made))) == ["one", "two", "three"]
    assert list(kept_each(env, "group", "key", lambda: counted(made))) == ["one", "two", "three"]
    assert made == ["one", "two", "three"]  # made once
    assert list(kept_each(env, "group", "other", lambda: counted(made))) == ["one", "two", "three"]
    assert len(made) == 6
