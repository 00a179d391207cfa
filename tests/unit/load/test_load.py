from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.load import MAX_BYTES, iter_yaml, load_file, parse, read_text
from generator.problems.problem import Problem


def test_source_map_locates_keys_and_values() -> None:
    doc, problems = parse("id: a-b\nsteps:\n  - name: x\n    value: 2\n", "f.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"id": "a-b", "steps": [{"name": "x", "value": 2}]}
    assert doc.source.values[("steps", 0, "value")] == (4, 12)
    assert doc.source.keys[("steps", 0, "value")] == (4, 5)
    # An unknown location falls back to its nearest located ancestor.
    assert doc.source.find(("steps", 0, "missing")) == (3, 5)


LINKED = """\
summary: see [a](a.md)
quoted: "and [b](b.md)"
steps:
  - name: plain
    notes: |
      a block with
      [c](c.md) inside
  - folded: >
      folded [d](d.md)
      text
    flow: [x, "[e](e.md)"]
"""


def test_strings_with_a_link_are_located_while_loading_where_the_full_map_puts_them() -> None:
    doc, problems = parse(LINKED, "f.yaml")
    assert problems == [] and doc is not None
    linked = [loc for loc, value in doc.strings if "]" in value]
    assert linked == [
        ("summary",),
        ("quoted",),
        ("steps", 0, "notes"),
        ("steps", 1, "folded"),
        ("steps", 1, "flow", 1),
    ]
    found = [doc.source.find(loc) for loc in linked]
    assert found == [(1, 10), (2, 9), (5, 12), (8, 13), (11, 15)]
    assert doc.source._positions is None  # located without composing the file again
    # The map worked out from the text, as for any other value, agrees.
    assert [doc.source.values[loc] for loc in linked] == found


def test_dates_stay_text_and_byte_order_mark_is_ignored() -> None:
    text = '\ufeffwhen: 2024-01-02\nn: 1.5e+3\nm: 100e6\nq: "100e6"\nt: true\n'
    doc, problems = parse(text, "f.yaml")
    assert problems == []
    assert doc is not None
    # As YAML 1.2 (and editors) read them: `100e6` is a number even without a dot, a quoted
    # one is text (`yes`, read differently by the two, is refused: tests/corpus/test_hostile.py).
    assert doc.data == {
        "when": "2024-01-02",
        "n": 1500.0,
        "m": 100e6,
        "q": "100e6",
        "t": True,
    }


def test_alias_bomb_is_rejected_without_expanding() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    doc, problems = parse("\n".join(lines) + "\n", "bomb.yaml")
    assert doc is None
    assert problems == [
        Problem("bomb.yaml", 2, 8, "CS003", "YAML anchors and aliases are not allowed")
    ]


def test_tag_on_a_key_is_rejected() -> None:
    _, problems = parse("!!python/name:os.system x: 1\n", "f.yaml")
    assert [p.format() for p in problems] == [
        "f.yaml:1:1: CS004 YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"
    ]


def test_non_string_key_is_rejected() -> None:
    _, problems = parse("[a, b]: 1\n", "f.yaml")
    assert [p.format() for p in problems] == [
        "f.yaml:1:1: CS103 mapping keys must be plain strings"
    ]


def test_empty_file_and_tab_indentation() -> None:
    assert [p.format() for p in parse("", "e.yaml")[1]] == [
        "e.yaml:1:1: CS006 the file is empty; it must hold one mapping"
    ]
    assert [p.format() for p in parse("a:\n\t- 1\n", "t.yaml")[1]] == [
        "t.yaml:2:1: CS001 while scanning for the next token found character that cannot "
        "start any token (indent with spaces, not tabs)"
    ]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    doc, problems = load_file(big, "case_studies/big.yaml")
    assert doc is None
    assert [p.format() for p in problems] == [
        "case_studies/big.yaml:1:1: CS005 the file is larger than 1,000,000 bytes"
    ]


def test_iter_yaml_is_sorted_and_skips_subfolders(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yaml", "c.yml", "notes.txt"):
        (tmp_path / name).write_text("x: 1\n")
    (tmp_path / "concepts").mkdir()
    (tmp_path / "concepts" / "d.yaml").write_text("x: 1\n")
    assert [p.name for p in iter_yaml(tmp_path)] == ["a.yaml", "b.yaml"]


# -- second round: explicit tags, YAML 1.1 readings, only regular files ------------------------

_YAML_12 = [
    ("a: 0x1F", {"a": 31}),
    ("a: .inf", {"a": float("inf")}),
    ("a: -0", {"a": 0}),
    ("a: 1.5", {"a": 1.5}),
    ("a: 100e6", {"a": 100000000.0}),  # text to PyYAML, a number in YAML 1.2: read as 1.2
    ('a: "100e6"', {"a": "100e6"}),
    ("a: ~", {"a": None}),
    ("a: !!str 5", {"a": "5"}),
    ("a: 2001-01-01", {"a": "2001-01-01"}),
    ("a: True", {"a": True}),
]


@pytest.mark.parametrize(("text", "data"), _YAML_12)
def test_values_both_yaml_versions_agree_on(text: str, data: dict[str, object]) -> None:
    doc, problems = parse(text, "x.yaml")
    assert problems == [] and doc is not None and doc.data == data


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: yes", "a: 'yes' is true in YAML 1.1 but the text 'yes' in YAML 1.2"),
        ("a: Off", "a: 'Off' is false in YAML 1.1 but the text 'Off' in YAML 1.2"),
        ("a: 010", "a: '010' is 8 in YAML 1.1 but 10 in YAML 1.2"),
        ("a: 1:30", "a: '1:30' is 90 in YAML 1.1 but the text '1:30' in YAML 1.2"),
        ("a: 1_000", "a: '1_000' is 1000 in YAML 1.1 but the text '1_000' in YAML 1.2"),
        ("a: 0b11", "a: '0b11' is 3 in YAML 1.1 but the text '0b11' in YAML 1.2"),
        ("a: [1, on]", "a[1]: 'on' is true in YAML 1.1 but the text 'on' in YAML 1.2"),
    ],
)
def test_values_yaml_11_reads_otherwise_are_refused(text: str, message: str) -> None:
    _, problems = parse(text, "x.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("CS103", message + "; write it so that both read the same (quote it to keep it as text)")
    ]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('a: !!bool "maybe"', "bool"),
        ('a: !!int ""', "int"),
        ('a: !!float ""', "float"),
        ('a: !!int "abc"', "int"),
        ("a: !!int abc", "int"),
        ('a: !!map "x"', "map"),
        ("a: !!seq {x: 1}", "seq"),
        ("a: !!str {x: 1}", "str"),
        ('a: !!null "x"', "null"),
    ],
)
def test_explicit_tags_are_refused_not_constructed(text: str, tag: str) -> None:
    _, problems = parse(text, "x.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("CS004", f"YAML tag 'tag:yaml.org,2002:{tag}' is not allowed")
    ]


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "folder.yaml")
    found = {
        name: read_text(tmp_path / name, name)[1][0].message
        for name in ("pipe.yaml", "folder.yaml", "link.yaml")
    }
    assert found == {
        "pipe.yaml": "the file is a named pipe (FIFO), not a regular file",
        "folder.yaml": "the file is a folder, not a regular file",
        "link.yaml": "the file is a symbolic link, not a regular file",
    }
