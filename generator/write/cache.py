"""What a long-lived run keeps from one build to the next, so that an edit costs what it touches.

`casebook watch` and `mkdocs serve` build the site again after every change. With a
`BuildCache` they skip the work whose inputs did not change:

- a case-study or concept file whose bytes are the same is not loaded, validated or checked as
  prose again (`FileCache`, keyed by the file's path and the SHA-256 of its bytes; a change to
  the site's Markdown settings, which the prose checks read, forgets every entry);
- a case study whose model is the same object gets its computed estimate and diagrams back
  (`IdentityMemo`), so the objects pages are made of stay the same objects;
- a page whose template context compares equal to the one it was last rendered from, with the
  same template, is not rendered again (`PageMemo`). Equality is what makes this safe: models
  and dataclasses compare every field, so any difference renders the page anew, and unchanged
  values are mostly the very same objects, which compare at once. A change to any template
  file makes a new environment and forgets every page.

Everything is held in memory only. A cache on disk would have to be read back from a folder
that a contributor's change can write to, and pickled models run code when they are read.
Files that disappear are dropped from the caches at the next build (`FileCache.keep`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.load import MAX_BYTES
from generator.render.memo import PageEnvironment
from generator.render.pages import make_environment

T = TypeVar("T")
K = TypeVar("K")


def file_digest(file: Path) -> str | None:
    """SHA-256 of a regular file's bytes; None when the file is not to be cached (a symbolic
    link, larger than the loader accepts, or unreadable): the loader reports those each time."""
    try:
        if file.is_symlink() or not file.is_file() or file.stat().st_size > MAX_BYTES:
            return None
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class FileCache:
    """Results computed from one file alone, by the file's path and the digest of its bytes."""

    entries: dict[str, tuple[str, Any]] = field(default_factory=dict)
    # The paths computed afresh since `start`: what this build loaded and validated.
    misses: list[str] = field(default_factory=list)
    settings: str | None = None  # digest of what every entry was computed with, see `start`

    def get(self, key: str, file: Path, compute: Callable[[], T]) -> T:
        """The cached result for `file` under `key`, or `compute()` (stored when the file's
        bytes did not change while it ran)."""
        digest = file_digest(file)
        entry = self.entries.get(key)
        if digest is not None and entry is not None and entry[0] == digest:
            result: T = entry[1]
            return result
        self.misses.append(key)
        self.entries.pop(key, None)
        result = compute()
        if digest is not None and file_digest(file) == digest:
            self.entries[key] = (digest, result)
        return result

    def start(self, settings: str | None = None) -> None:
        """Begin a build whose results also depend on `settings`: any other value than the
        last build's forgets every entry."""
        if settings != self.settings:
            self.entries = {}
            self.settings = settings
        self.misses = []

    def keep(self, keys: Iterable[str]) -> None:
        """Forget every entry but `keys`: files deleted or renamed since the last build."""
        wanted = set(keys)
        self.entries = {k: v for k, v in self.entries.items() if k in wanted}


@dataclass
class IdentityMemo(Generic[K, T]):
    """`compute(key)` once per key object, for as long as that very object comes back.

    Keyed by identity, not equality: the key is kept with the value, so its id cannot be
    reused by another object while the entry lives.
    """

    entries: dict[int, tuple[K, T]] = field(default_factory=dict)

    def get(self, key: K, compute: Callable[[K], T]) -> T:
        entry = self.entries.get(id(key))
        if entry is not None and entry[0] is key:
            return entry[1]
        value = compute(key)
        self.entries[id(key)] = (key, value)
        return value

    def keep(self, keys: Iterable[K]) -> None:
        wanted = {id(k) for k in keys}
        self.entries = {i: e for i, e in self.entries.items() if i in wanted}


@dataclass
class KeyedMemo:
    """Values kept by name, each while the key it was computed from compares equal."""

    entries: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)

    def get(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            result: T = entry[1]
            return result
        value = compute()
        self.entries[name] = (key, value)
        return value


@dataclass
class PageMemo:
    """The text of each page with the template and context it was rendered from."""

    entries: dict[str, tuple[str, Mapping[str, Any], str]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # pages rendered afresh this build
    groups: KeyedMemo = field(default_factory=KeyedMemo)  # what pages are made from, by name

    def text(
        self, path: str, template: str, context: Mapping[str, Any], draw: Callable[[], str]
    ) -> str:
        entry = self.entries.get(path)
        if entry is not None and entry[0] == template and entry[1] == context:
            return entry[2]
        self.rendered.append(path)
        text = draw()
        self.entries[path] = (template, dict(context), text)
        return text

    def kept(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        return self.groups.get(name, key, compute)

    def start(self) -> None:
        self.rendered = []

    def keep(self, paths: Iterable[str]) -> None:
        wanted = set(paths)
        self.entries = {p: e for p, e in self.entries.items() if p in wanted}


@dataclass
class BuildCache:
    """Every cache of a long-lived run."""

    files: FileCache = field(default_factory=FileCache)
    cases: IdentityMemo[Any, Any] = field(default_factory=IdentityMemo)
    pages: PageMemo = field(default_factory=PageMemo)
    shared: dict[str, Any] = field(default_factory=dict)  # site-wide values, see `same`
    keyed: KeyedMemo = field(default_factory=KeyedMemo)  # site-wide values by their inputs
    env: PageEnvironment | None = None  # compiled templates, while their files stay the same
    templates: tuple[Path, str] | None = None  # the folder `env` reads, and its digest

    def environment(self, templates: Path) -> PageEnvironment:
        """The jinja2 environment for `templates`, with the page memo; made again (and every
        page forgotten) when any template file changed."""
        key = (templates, folder_digest(templates))
        if self.env is None or key != self.templates:
            self.env, self.templates = make_environment(templates), key
            self.pages = PageMemo()
            self.env.memo = self.pages
        self.pages.start()
        return self.env

    def same(self, name: str, value: T) -> T:
        """The value kept under `name` when it equals `value`, else `value` (now kept): equal
        site-wide values (the concept catalogue) stay one object, which compares at once in
        every page's context."""
        kept = self.shared.get(name)
        if kept is not None and kept == value:
            result: T = kept
            return result
        self.shared[name] = value
        return value


def folder_digest(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file below `folder`."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{file.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()
