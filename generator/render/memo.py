"""The hook that lets a long-lived run skip pages whose template context did not change.

`PageEnvironment` is the one jinja2 environment's class; when its `memo` is set (see
write/cache.py), `render_text` asks the memo first and renders only when it holds no page
rendered from the same template with an equal context; `kept` does the same for a group of
pages made from one key (the checklist pages, from every item of the site).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

import jinja2

T = TypeVar("T")


class PageMemo(Protocol):
    def text(
        self, path: str, template: str, context: Mapping[str, Any], draw: Callable[[], str]
    ) -> str: ...

    def kept(self, name: str, key: Hashable, compute: Callable[[], T]) -> T: ...


class PageEnvironment(jinja2.Environment):
    memo: PageMemo | None = None


def _memo(env: jinja2.Environment) -> PageMemo | None:
    """The long-lived run's memo, or None (a cold build keeps nothing)."""
    return env.memo if isinstance(env, PageEnvironment) else None


def render_text(
    env: jinja2.Environment, template: str, path: str, context: Mapping[str, Any]
) -> str:
    """The text of page `path`, rendered from `template` with `context` (or kept from before)."""

    def draw() -> str:
        return env.get_template(template).render(**context)

    memo = _memo(env)
    return draw() if memo is None else memo.text(path, template, context, draw)


def kept(env: jinja2.Environment, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave last time with these templates and an equal `key`."""
    memo = _memo(env)
    return compute() if memo is None else memo.kept(name, key, compute)


def kept_each(
    env: jinja2.Environment, name: str, key: Hashable, compute: Callable[[], Iterable[T]]
) -> Iterator[T]:
    """`kept` for a group made one at a time: where nothing is kept (a cold build), each item
    as it is made, so that a large group is never all in memory at once."""
    memo = _memo(env)
    if memo is None:
        yield from compute()
    else:
        yield from memo.kept(name, key, lambda: tuple(compute()))
