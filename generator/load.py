"""Safe YAML loading that remembers where every node came from.

PyYAML composes the document into nodes (C-accelerated when libyaml is present); we turn the
nodes into plain Python data ourselves so that we can reject what the format does not allow
(aliases, tags, duplicate keys) and keep the line and column of every key and value.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems.hints import dotted, shorten
from generator.problems.problem import Problem

try:  # libyaml is several times faster; fall back to the pure-Python loader.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
_TOO_DEEP = f"the document is nested deeper than {MAX_DEPTH} levels"

Loc = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_SCALARS = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Where YAML 1.1 (PyYAML) and 1.2 (editors, the JSON Schema) differ: `100e6` without a dot is
# a number, as in 1.2 (a quoted "100e6" stays text); any other difference (`yes`, `010`, `1:30`)
# is refused with CS103 below, so a file never means one thing here and another in an editor.
_EXPONENT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+")


@dataclass
class _Positions:
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    plain: set[Loc] = field(default_factory=set)


class SourceMap:
    """Line and column (1-based) of each value, and of each mapping key, by path.

    Worked out from the document's text the first time a position is asked for, not while the
    file is loaded: only a file with a problem is asked, and the map takes several times the
    text's memory (about 0.3 MB a case study: gigabytes at 5,000).
    """

    def __init__(self, text: str = "", linked: dict[Loc, tuple[int, int]] | None = None) -> None:
        self._text = text
        self._positions: _Positions | None = None
        # The strings that may hold a link (a `]`), located while loading: every link found is
        # kept with its position for the page check, and those are most of the files.
        self._linked = linked or {}

    def __eq__(self, other: object) -> bool:  # the same text has the same positions
        return isinstance(other, SourceMap) and self._text == other._text

    __hash__ = None  # type: ignore[assignment]

    def _built(self) -> _Positions:
        if self._positions is None:
            self._positions = _positions(self._text)
        return self._positions

    @property
    def values(self) -> dict[Loc, tuple[int, int]]:
        return self._built().values

    @property
    def keys(self) -> dict[Loc, tuple[int, int]]:
        return self._built().keys

    @property
    def plain(self) -> set[Loc]:
        """Values written as plain one-line scalars: their text is the file's text, so a column
        inside the value (a token of a formula) is that many columns further in the file."""
        return self._built().plain

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest located ancestor."""
        if not key and loc in self._linked:
            return self._linked[loc]
        positions = self._built()
        if key and loc in positions.keys:
            return positions.keys[loc]
        for end in range(len(loc), -1, -1):
            pos = positions.values.get(loc[:end])
            if pos is not None:
                return pos
        return (1, 1)


@dataclass(frozen=True)
class RawDocument:
    path: str
    data: dict[str, Any]
    source: SourceMap

    @functools.cached_property
    def strings(self) -> tuple[tuple[Loc, str], ...]:
        """`iter_strings` of the data, walked once for the several checks that read all text."""
        return tuple(iter_strings(self.data))


class _Reject(Exception):
    def __init__(self, node: yaml.Node | None, code: str, message: str) -> None:
        self.node, self.code, self.message = node, code, message


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _alias_position(text: str) -> tuple[int, int]:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return (event.start_mark.line + 1, event.start_mark.column + 1)
    return (1, 1)  # pragma: no cover - only called when an alias exists


def _positions(text: str) -> _Positions:
    """The positions of a document that loaded without problems, walked as `_convert` walks it."""
    found = _Positions()
    node = yaml.compose(text, Loader=_Loader) if text else None
    stack: list[tuple[yaml.Node, Loc]] = [] if node is None else [(node, ())]
    while stack:
        node, loc = stack.pop()
        found.values[loc] = _pos(node)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = (*loc, str(key_node.value))
                found.keys[key] = _pos(key_node)
                stack.append((value_node, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*loc, i)) for i, item in enumerate(node.value))
        elif not node.tag.endswith(":timestamp") and _plain_one_line(node):
            found.plain.add(loc)
    return found


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style  # "" or None: plain


def _plain_one_line(node: yaml.Node) -> bool:
    return _plain(node) and node.start_mark.line == node.end_mark.line


def _convert(
    node: yaml.Node, loc: Loc, seen: set[int], depth: int, linked: dict[Loc, tuple[int, int]]
) -> Any:
    if id(node) in seen:
        raise _Reject(None, "CS003", "YAML anchors and aliases are not allowed")
    if depth > MAX_DEPTH:
        raise _Reject(node, "CS005", f"the document is nested deeper than {MAX_DEPTH} levels")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS or _explicit_tag(node):
        raise _tag_rejected(node)
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, loc, seen, depth, linked)
    if isinstance(node, yaml.SequenceNode):
        return [_child(item, loc, i, seen, depth, linked) for i, item in enumerate(node.value)]
    if node.tag.endswith(":timestamp"):
        return str(node.value)  # dates stay text: the format has no date fields
    try:
        # The tag's own constructor, not construct_object: that one caches every node it
        # sees for the loader's lifetime, which would keep every file's nodes alive.
        value = _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
    except ValueError:  # an integer beyond Python's digit limit for int(str)
        raise _Reject(node, "CS103", f"the number {_short(node.value)} is too long") from None
    _same_in_yaml_12(node, value, loc)
    return value


def _mapping(
    node: yaml.MappingNode,
    loc: Loc,
    seen: set[int],
    depth: int,
    linked: dict[Loc, tuple[int, int]],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Reject(key_node, "CS103", "mapping keys must be plain strings")
        if key_node.tag not in _PLAIN_TAGS:
            raise _tag_rejected(key_node)
        key = str(key_node.value)
        if key in out:
            first = next(k for k, _ in node.value if str(k.value) == key)
            raise _Reject(
                key_node,
                "CS002",
                f"duplicate key '{shorten(key)}' (first defined on line {_pos(first)[0]})",
            )
        out[key] = _child(value_node, loc, key, seen, depth, linked)
    return out


def _child(
    node: yaml.Node,
    loc: Loc,
    key: str | int,
    seen: set[int],
    depth: int,
    linked: dict[Loc, tuple[int, int]],
) -> Any:
    """The value of a mapping's or list's child at `key`. Most are strings `_convert` would
    accept as they are: those are taken without its checks and without making their path
    unless it is needed."""
    if _text_leaf(node, seen, depth):
        return _text(node, loc, key, linked)
    return _convert(node, (*loc, key), seen, depth + 1, linked)


def _text_leaf(node: yaml.Node, seen: set[int], depth: int) -> bool:
    """Whether a child is a string `_convert` would accept as it is (marked as seen if so)."""
    if type(node) is not yaml.ScalarNode or node.tag != _STR or depth >= MAX_DEPTH:
        return False
    if id(node) in seen:
        return False  # an alias: `_convert` says so
    seen.add(id(node))
    return True


def _text(
    node: yaml.Node, loc: Loc, key: str | int, linked: dict[Loc, tuple[int, int]]
) -> str | float:
    """A string scalar at `loc` + `key` (most scalars: the generic constructor and its node
    cache are skipped)."""
    value: str = node.value
    if _plain(node) and _EXPONENT.fullmatch(value):
        return float(value)
    if "]" in value:
        linked[(*loc, key)] = _pos(node)
    return value


def _explicit_tag(node: yaml.Node) -> bool:
    """Whether the node carries a tag written in the file (`!!int "5"`), not one resolved.

    Explicit tags are refused, `!!str` aside: they only ever turn a value into a type the
    field does not hold, and PyYAML's constructors fail on many of them (`!!bool "maybe"`).
    """
    if isinstance(node, yaml.MappingNode):
        return bool(node.tag != _MAP)
    if isinstance(node, yaml.SequenceNode):
        return bool(node.tag != _SEQ)
    if node.tag == _STR:
        return False
    implicit = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return bool(getattr(node, "style", None)) or implicit != node.tag


# How YAML 1.2 (the JSON Schema and every editor that reads it) reads a plain scalar; PyYAML
# reads YAML 1.1, where `yes` is true, `010` is 8 and `1:30` is 90.
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_CORE_BOOL["FALSE"] = False
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def yaml_12(text: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema."""
    if text in _CORE_NULL:
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if _CORE_INT.fullmatch(text):
        base = {"0o": 8, "0x": 16}.get(text[:2], 10)
        return int(text[2:] if base != 10 else text, base)
    if _CORE_FLOAT.fullmatch(text):
        special = text.lstrip("+-").lower()
        if special in (".inf", ".nan"):  # Python spells them without the dot
            return float(text.replace(".", "", 1))
        return float(text)
    return text


def _agree(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return type(a) is type(b) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return False
    return bool(a == b or (a != a and b != b))  # NaN is NaN in both


def _shown(value: Any, text: str) -> str:
    if isinstance(value, str):
        return f"the text '{text}'"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return f"{value:g}" if isinstance(value, float) else str(value)


def _same_in_yaml_12(node: yaml.Node, value: Any, loc: Loc) -> None:
    """CS103 for a plain value that YAML 1.1 and YAML 1.2 read differently."""
    other = yaml_12(node.value)
    if not _agree(value, other):
        text = shorten(node.value, 40)
        raise _Reject(
            node,
            "CS103",
            f"{dotted(loc)}: '{text}' is {_shown(value, text)} in YAML 1.1 but "
            f"{_shown(other, text)} in YAML 1.2; write it so that both read the same "
            "(quote it to keep it as text)",
        )


def _tag_rejected(node: yaml.Node) -> _Reject:
    if node.tag == "tag:yaml.org,2002:merge":
        return _Reject(node, "CS004", "YAML merge keys (<<) are not allowed")
    return _Reject(node, "CS004", f"YAML tag '{node.tag}' is not allowed")


def _short(value: str) -> str:
    return value if len(value) <= 20 else f"{value[:10]}...{value[-5:]} ({len(value):,} digits)"


def parse(text: str, path: str) -> tuple[RawDocument | None, list[Problem]]:
    """Parse one document's text. Returns the document or the problems that stop it."""

    def problem(pos: tuple[int, int], code: str, message: str) -> list[Problem]:
        return [Problem(path, pos[0], pos[1], code, message)]

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, problem((1, 1), "CS005", f"the file is larger than {MAX_BYTES:,} bytes")
    text = text.removeprefix("\ufeff")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit on flow nesting
            return None, problem(pos, "CS005", _TOO_DEEP)
        return None, problem(pos, "CS001", _describe_yaml_error(exc, text, pos[0]))
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (NUL, other control characters): point at its first use.
        at = max(text.find(chr(exc.character)), 0)
        pos = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
        return None, problem(
            pos, "CS001", f"character U+{exc.character:04X} is not allowed in YAML"
        )
    except yaml.YAMLError as exc:
        return None, problem((1, 1), "CS001", str(exc).splitlines()[0])
    except RecursionError:
        return None, problem(
            (1, 1), "CS005", f"the document is nested deeper than {MAX_DEPTH} levels"
        )
    if node is None:
        return None, problem((1, 1), "CS006", "the file is empty; it must hold one mapping")
    if not isinstance(node, yaml.MappingNode):
        return None, problem(_pos(node), "CS006", "the top level must be a mapping of fields")
    try:
        linked: dict[Loc, tuple[int, int]] = {}
        data = _convert(node, (), set(), 0, linked)
    except _Reject as rej:
        pos = _alias_position(text) if rej.node is None else _pos(rej.node)
        return None, problem(pos, rej.code, rej.message)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        return None, problem((1, 1), "CS001", str(exc).splitlines()[0])
    return RawDocument(path, data, SourceMap(text, linked)), []


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = " ".join(parts) if parts else "invalid YAML"
    start = exc.context_mark
    if exc.context and start is not None and start.line + 1 != line:
        message += f" (it started on line {start.line + 1}, column {start.column + 1})"
    lines = text.splitlines()
    if 0 < line <= len(lines) and lines[line - 1].lstrip(" ").startswith("\t"):
        return message + " (indent with spaces, not tabs)"
    return message


class Unreadable(Exception):
    """A file or folder that is not read, and the problem that says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


# Never follow a link (O_NOFOLLOW: a link could publish any file of the build machine) and
# never wait (O_NONBLOCK: opening a FIFO for reading would block until a writer comes).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)
_LINKED_FILE = "the file is a symbolic link, not a regular file"
LINKED_FOLDER = "the folder is a symbolic link, not a regular folder"


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def read_regular(file: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of `file`, which must be a regular file itself.

    Links, FIFOs, devices, sockets and folders are refused without reading them (a FIFO or a
    device would hang or never end the read); so are files the system will not open.
    """
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or file.is_symlink():
            raise Unreadable("CS702", _LINKED_FILE) from None
        raise Unreadable("CS008", f"cannot read the file: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Unreadable("CS702", f"the file is {_kind(mode)}, not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # never more than the limit, even if the file grows meanwhile
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable("CS008", f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_text(file: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8, reporting size and encoding problems instead of raising."""
    try:
        raw = read_regular(file, MAX_BYTES)
    except Unreadable as exc:
        return None, [Problem(display, 1, 1, exc.code, exc.message)]
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(display, 1, 1, "CS005", f"the file is larger than {MAX_BYTES:,} bytes")
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1  # in characters
        return None, [
            Problem(display, line, col, "CS007", f"invalid UTF-8 byte 0x{raw[exc.start]:02x}")
        ]


def load_file(file: Path, display: str) -> tuple[RawDocument | None, list[Problem]]:
    text, problems = read_text(file, display)
    if text is None:
        return None, problems
    return parse(text, display)


def iter_strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string value of loaded data, with its path, in document order: for checks that
    read all text. A stack, not nested generators: every value passed through each level's
    generator, and three checks walk every document."""
    stack: list[tuple[Loc, Any]] = [(loc, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*where, i), value[i]) for i in range(len(value) - 1, -1, -1))


def list_folder(folder: Path, display: str) -> tuple[list[Path], list[Problem]]:
    """The entries of a content folder, sorted so that builds never depend on directory order.

    A missing folder is empty. A folder that is a symbolic link is refused like a linked file
    (CS702): it could publish a whole folder from outside the project.
    """
    try:
        if folder.is_symlink():
            return [], [Problem(display, 1, 1, "CS702", LINKED_FOLDER)]
        if not folder.is_dir():
            return [], []
        return sorted(folder.iterdir()), []
    except OSError as exc:
        return [], [Problem(display, 1, 1, "CS008", f"cannot read the folder: {exc.strerror}")]


def is_yaml_name(path: Path) -> bool:
    """Named like a YAML file in any spelling (`.yaml`, `.yml`, `.YAML`)."""
    return path.suffix.lower() in (".yaml", ".yml")


def yaml_files(folder: Path, display: Callable[[Path], str]) -> tuple[list[Path], list[Problem]]:
    """The `.yaml` files of a folder, and a problem for each other YAML-looking file (CS009).

    Links and special files are listed too, so that reading them reports CS702.
    """
    entries, problems = list_folder(folder, display(folder))
    files: list[Path] = []
    for path in entries:
        if not is_yaml_name(path) or (path.is_dir() and not path.is_symlink()):
            continue
        if path.suffix == ".yaml":
            files.append(path)
        else:
            problems.append(
                Problem(
                    display(path),
                    1,
                    1,
                    "CS009",
                    f"only .yaml files are read; rename it to '{path.stem}.yaml'",
                )
            )
    return files, problems


def site_files(docs: Path, skip: Sequence[str]) -> dict[str, Path]:
    """The regular files below `docs` (links are not followed), by their path below it,
    leaving out the top-level folders `skip` and every dotfile (mkdocs publishes neither)."""
    found: dict[str, Path] = {}
    for folder, subfolders, names in os.walk(docs):
        here = Path(folder)
        at_top = here == docs
        subfolders[:] = sorted(
            d for d in subfolders if not d.startswith(".") and not (at_top and d in skip)
        )
        for name in names:
            path = here / name
            with contextlib.suppress(OSError):
                if not name.startswith(".") and stat.S_ISREG(os.lstat(path).st_mode):
                    found[path.relative_to(docs).as_posix()] = path
    return found


def read_site_text(file: Path) -> str | None:
    """A hand-written page of the site as text, or None when it cannot be read as UTF-8."""
    try:
        return read_regular(file, 10 * MAX_BYTES).decode("utf-8")
    except (Unreadable, UnicodeDecodeError):
        return None


def is_regular(path: Path) -> bool:
    """A regular file itself: not a link, a folder, a FIFO or a device."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def kind_of(path: Path) -> str:
    """What `path` is, in words, for messages (`a named pipe (FIFO)`)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a regular file" if stat.S_ISREG(mode) else _kind(mode)


def iter_yaml(folder: Path) -> Iterator[Path]:
    """The `.yaml` files of a folder (see `yaml_files`), without the problems."""
    return iter(yaml_files(folder, lambda p: p.as_posix())[0])


# -- the site builder's configuration ---------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: its `!!python/name:` tags (extension hooks) become their dotted name.

    The generator never imports what they name; it only needs the plain settings.
    """


_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: f"!!python/{suffix}",
)


@dataclass(frozen=True)
class SiteSettings:
    """What the generator reads of the builder's configuration (mkdocs.yml)."""

    repo_url: str | None = None
    edit_uri: str | None = None
    edit_uri_template: str | None = None
    plugins: tuple[Any, ...] = ()  # as written: a name, or {name: options}


def read_site_settings(file: Path) -> SiteSettings:
    """The settings of `file`; defaults when it is absent, so a bare project still builds."""
    if not file.is_file():
        return SiteSettings()
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    if not isinstance(data, dict):
        return SiteSettings()
    plugins = data.get("plugins") or ()
    if isinstance(plugins, dict):  # mkdocs also accepts a mapping of name → options
        plugins = [{name: options} for name, options in plugins.items()]
    return SiteSettings(
        repo_url=_text_or_none(data.get("repo_url")),
        edit_uri=_text_or_none(data.get("edit_uri")),
        edit_uri_template=_text_or_none(data.get("edit_uri_template")),
        plugins=tuple(plugins),
    )


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
