"""Safe YAML loading that remembers where every node came from.

PyYAML composes the document into nodes (C-accelerated when libyaml is present); we turn the
nodes into plain Python data ourselves so that we can reject what the format does not allow
(aliases, tags, duplicate keys) and keep the line and column of every key and value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
_STR = "tag:yaml.org,2002:str"
# Where YAML 1.1 (PyYAML) and 1.2 (editors, the JSON Schema) differ, we read as 1.2 does:
# `100e6` without a dot is a number (a quoted "100e6" stays text), `yes` and `no` are text.
_BOOL = "tag:yaml.org,2002:bool"
_EXPONENT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+")


@dataclass
class SourceMap:
    """Line and column (1-based) of each value, and of each mapping key, by path."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Values written as plain one-line scalars: their text is the file's text, so a column
    # inside the value (a token of a formula) is that many columns further in the file.
    plain: set[Loc] = field(default_factory=set)

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest located ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            pos = self.values.get(loc[:end])
            if pos is not None:
                return pos
        return (1, 1)


@dataclass(frozen=True)
class RawDocument:
    path: str
    data: dict[str, Any]
    source: SourceMap


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


def _convert(node: yaml.Node, loc: Loc, smap: SourceMap, seen: set[int], depth: int) -> Any:
    if id(node) in seen:
        raise _Reject(None, "CS003", "YAML anchors and aliases are not allowed")
    if depth > MAX_DEPTH:
        raise _Reject(node, "CS005", f"the document is nested deeper than {MAX_DEPTH} levels")
    seen.add(id(node))
    smap.values[loc] = _pos(node)
    if node.tag not in _PLAIN_TAGS:
        raise _tag_rejected(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Reject(key_node, "CS103", "mapping keys must be plain strings")
            if key_node.tag not in _PLAIN_TAGS:
                raise _tag_rejected(key_node)
            key = str(key_node.value)
            if key in out:
                first = smap.keys[(*loc, key)]
                raise _Reject(
                    key_node, "CS002", f"duplicate key '{key}' (first defined on line {first[0]})"
                )
            smap.keys[(*loc, key)] = _pos(key_node)
            out[key] = _convert(value_node, (*loc, key), smap, seen, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*loc, i), smap, seen, depth + 1) for i, item in enumerate(node.value)
        ]
    if node.tag.endswith(":timestamp"):
        return str(node.value)  # dates stay text: the format has no date fields
    plain = isinstance(node, yaml.ScalarNode) and not node.style  # "" or None: plain
    if plain and node.start_mark.line == node.end_mark.line:
        smap.plain.add(loc)
    if node.tag == _STR:  # most scalars: skip the generic constructor and its node cache
        if plain and _EXPONENT.fullmatch(node.value):
            return float(node.value)
        return node.value
    if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
        return node.value  # `yes`, `no`, `on`, `off` are text in YAML 1.2, and so here
    try:
        # The tag's own constructor, not construct_object: that one caches every node it
        # sees for the loader's lifetime, which would keep every file's nodes alive.
        return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
    except ValueError:  # an integer beyond Python's digit limit for int(str)
        raise _Reject(node, "CS103", f"the number {_short(node.value)} is too long") from None


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
    smap = SourceMap()
    try:
        data = _convert(node, (), smap, set(), 0)
    except _Reject as rej:
        pos = _alias_position(text) if rej.node is None else _pos(rej.node)
        return None, problem(pos, rej.code, rej.message)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        return None, problem((1, 1), "CS001", str(exc).splitlines()[0])
    return RawDocument(path, data, smap), []


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


def read_text(file: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8, reporting size and encoding problems instead of raising."""
    too_large = [Problem(display, 1, 1, "CS005", f"the file is larger than {MAX_BYTES:,} bytes")]
    try:
        if file.is_symlink():  # a link could publish any file the build machine can read
            return None, [
                Problem(display, 1, 1, "CS702", "the file is a symbolic link, not a regular file")
            ]
        if file.stat().st_size > MAX_BYTES:
            return None, too_large
        with file.open("rb") as handle:  # never more than the limit, even if the file grows
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None, too_large
    except OSError as exc:
        return None, [Problem(display, 1, 1, "CS007", f"cannot read the file: {exc.strerror}")]
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
    """Every string value of loaded data, with its path: for checks that read all text."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, (*loc, i))
    elif isinstance(data, str):
        yield loc, data


def iter_yaml(folder: Path) -> Iterator[Path]:
    """Case-study files of a folder, sorted so that builds never depend on directory order.

    Symbolic links are listed too (even dangling ones), so that reading them reports CS702.
    """
    if not folder.is_dir():
        return iter(())
    return iter(
        sorted(
            p for p in folder.iterdir() if p.suffix == ".yaml" and (p.is_symlink() or p.is_file())
        )
    )
