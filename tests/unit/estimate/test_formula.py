"""The formula tokenizer and parser: precedence, columns, and malformed input."""

from __future__ import annotations

import pytest

from generator.estimate import formula as fm


def shape(node: fm.Node) -> object:
    """A compact, readable form of the tree."""
    if isinstance(node, fm.Number):
        return node.value if node.unit is None else (node.value, node.unit)
    if isinstance(node, fm.Name):
        return node.name
    if isinstance(node, fm.Unary):
        return (node.op, shape(node.operand))
    if isinstance(node, fm.Binary):
        return (shape(node.left), node.op, shape(node.right))
    assert isinstance(node, fm.Call)
    return (node.function, *[shape(a) for a in node.args])


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a + b * c", ("a", "+", ("b", "*", "c"))),
        ("a - b - c", (("a", "-", "b"), "-", "c")),
        ("a / b / c", (("a", "/", "b"), "/", "c")),
        ("2 ^ 3 ^ 2", (2.0, "^", (3.0, "^", 2.0))),
        ("-2 ^ 2", ("-", (2.0, "^", 2.0))),
        ("2 ^ -1", (2.0, "^", ("-", 1.0))),
        ("(a + b) * c", (("a", "+", "b"), "*", "c")),
        ("x / 30 day", ("x", "/", (30.0, "day"))),
        ("500 B * n", ((500.0, "B"), "*", "n")),
        ("1.5e3 KB", (1500.0, "KB")),
        (".5", 0.5),
        ("100e6", 100e6),
        ("20 %", (20.0, "%")),
        ("max(a, b, 3)", ("max", "a", "b", 3.0)),
        ("ceil(a / b) * c", (("ceil", ("a", "/", "b")), "*", "c")),
        ("min", "min"),  # a bare name, not a call: the unit minute or a figure called min
    ],
)
def test_precedence_and_grouping(text: str, tree: object) -> None:
    assert shape(fm.parse(text)) == tree


def test_every_node_keeps_its_columns() -> None:
    tree = fm.parse("a * (b + 30 day)")
    assert isinstance(tree, fm.Binary)
    assert (tree.col, tree.start, tree.end) == (2, 0, 16)
    assert isinstance(tree.right, fm.Binary)
    assert (tree.right.col, tree.right.start, tree.right.end) == (7, 4, 16)
    number = tree.right.right
    assert isinstance(number, fm.Number)
    assert (number.start, number.end, number.unit_col) == (9, 15, 12)


@pytest.mark.parametrize(
    ("text", "code", "col", "message"),
    [
        ("a * $b", "CS201", 4, "unexpected character '$'"),
        ("a b", "CS201", 2, "unexpected 'b' after a complete expression (missing operator?)"),
        ("a + ", "CS201", 4, "expected a name, a number or '(' but found the end of the formula"),
        ("a * )", "CS201", 4, "expected a name, a number or '(' but found ')'"),
        (
            "(a + b",
            "CS201",
            6,
            "expected ')' to close the '(' at character 1 of the formula, found the end of the "
            "formula",
        ),
        ("a)", "CS201", 1, "unmatched ')'"),
        ("   ", "CS201", 0, "the formula is empty"),
        ("max(a b)", "CS201", 6, "expected ',' or ')' in the arguments of max(), found 'b'"),
        ("x * avg(a, b)", "CS211", 4, "unknown function 'avg'"),
        ("log2(a, b)", "CS212", 0, "log2() takes 1 argument, got 2"),
        ("min(a)", "CS212", 0, "min() takes at least 2 arguments, got 1"),
        ("a ** 2", "CS201", 3, "expected a name, a number or '(' but found '*'"),
    ],
)
def test_malformed_formulas_point_at_the_offending_token(
    text: str, code: str, col: int, message: str
) -> None:
    with pytest.raises(fm.FormulaSyntaxError) as info:
        fm.parse(text)
    assert (info.value.code, info.value.col, info.value.message) == (code, col, message)


def test_names_and_number_units_are_listed_left_to_right() -> None:
    tree = fm.parse("max(a, b) * 3 KB + c ^ 2")
    assert [n.name for n in fm.names(tree)] == ["a", "b", "c"]
    assert [n.unit for n in fm.number_units(tree)] == ["KB"]
