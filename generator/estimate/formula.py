"""Formulas of derived figures: a tokenizer and a recursive-descent parser, never `eval`.

Grammar (lowest precedence first)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := ("-" | "+") unary | power
    power   := primary ("^" unary)?                  right-associative: 2 ^ 3 ^ 2 = 2 ^ 9
    primary := NUMBER [UNIT] | NAME "(" args ")" | NAME | "(" expr ")"

A number followed by a unit name is one quantity (`500 B`, `30 day`) and binds tighter than any
operator, so `x / 30 day` divides by thirty days. A bare name is a figure or assumption first and
a unit otherwise. Every node keeps the columns (0-based, within the formula) where it starts and
ends, so that a problem can point at the token that caused it. The same parser reads unit strings
(`url/day`, `B/url`, `1/s`), where every name is a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # name: (fewest, most) arguments; None = no upper bound
    "ceil": (1, 1),
    "floor": (1, 1),
    "log2": (1, 1),
    "max": (2, None),
    "min": (2, None),
    "sqrt": (1, 1),
}

MAX_NESTING = 50
"""Parentheses, signs and exponents nest at most this deep in a formula."""

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*|%)"
    r"|(?P<op>[-+*/^(),])"
)


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    col: int  # 0-based offset in the formula


class FormulaSyntaxError(Exception):
    """A malformed formula or unit; `col` is the 0-based offset of the offending token."""

    def __init__(self, message: str, col: int, code: str = "CS201") -> None:
        super().__init__(message)
        self.message, self.col, self.code = message, col, code


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise FormulaSyntaxError(f"unexpected character '{text[pos]}'", pos)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# -- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    start: int
    end: int


@dataclass(frozen=True)
class Number(Node):
    value: float
    unit: str | None  # the unit written right after the number, if any
    unit_col: int


@dataclass(frozen=True)
class Name(Node):
    """A figure or assumption name, or a bare unit (decided when the names are known)."""

    name: str


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "+"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / ^
    col: int  # where the operator is
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


def _describe(token: Token) -> str:
    return "the end of the formula" if token.kind == "end" else f"'{token.text}'"


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise FormulaSyntaxError("the formula is empty", 0)
        node = self.expr()
        if self.at(")"):
            raise FormulaSyntaxError("unmatched ')'", self.tok.col)
        if self.tok.kind != "end":
            raise FormulaSyntaxError(
                f"unexpected {_describe(self.tok)} after a complete expression (missing operator?)",
                self.tok.col,
            )
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.at("+", "-"):
            op = self.take()
            right = self.term()
            node = Binary(node.start, right.end, op.text, op.col, node, right)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*", "/"):
            op = self.take()
            right = self.unary()
            node = Binary(node.start, right.end, op.text, op.col, node, right)
        return node

    def unary(self) -> Node:
        # Parentheses, arguments, signs and exponents all nest through here: the bound keeps a
        # deeply nested formula a contributor error instead of exhausting Python's stack.
        if self.depth >= MAX_NESTING:
            raise FormulaSyntaxError(
                f"the formula nests deeper than {MAX_NESTING} levels", self.tok.col
            )
        self.depth += 1
        try:
            if self.at("-", "+"):
                op = self.take()
                operand = self.unary()
                return Unary(op.col, operand.end, op.text, operand)
            return self.power()
        finally:
            self.depth -= 1

    def power(self) -> Node:
        base = self.primary()
        if self.at("^"):
            op = self.take()
            exponent = self.unary()
            return Binary(base.start, exponent.end, "^", op.col, base, exponent)
        return base

    def primary(self) -> Node:
        token = self.tok
        if token.kind == "number":
            self.take()
            end = token.col + len(token.text)
            unit, unit_col = None, end
            if self.tok.kind == "name" and not self._next_is_call():
                unit_token = self.take()
                unit, unit_col = unit_token.text, unit_token.col
                end = unit_token.col + len(unit_token.text)
            return Number(token.col, end, float(token.text), unit, unit_col)
        if token.kind == "name":
            self.take()
            if self.at("("):
                return self.call(token)
            return Name(token.col, token.col + len(token.text), token.text)
        if self.at("("):
            self.take()
            inner = self.expr()
            if not self.at(")"):
                raise FormulaSyntaxError(
                    f"expected ')' to close the '(' at character {token.col + 1} of the formula, "
                    f"found {_describe(self.tok)}",
                    self.tok.col,
                )
            close = self.take()
            return _with_span(inner, token.col, close.col + 1)
        raise FormulaSyntaxError(
            f"expected a name, a number or '(' but found {_describe(token)}", token.col
        )

    def _next_is_call(self) -> bool:
        nxt = self.tokens[self.i + 1]
        return nxt.kind == "op" and nxt.text == "("

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise FormulaSyntaxError(f"unknown function '{name.text}'", name.col, "CS211")
        self.take()  # (
        args: list[Node] = []
        if not self.at(")"):
            args.append(self.expr())
            while self.at(","):
                self.take()
                args.append(self.expr())
        if not self.at(")"):
            raise FormulaSyntaxError(
                f"expected ',' or ')' in the arguments of {name.text}(), "
                f"found {_describe(self.tok)}",
                self.tok.col,
            )
        close = self.take()
        fewest, most = FUNCTIONS[name.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = (
                f"{fewest} argument{'s' if fewest > 1 else ''}"
                if fewest == most
                else f"at least {fewest} arguments"
            )
            raise FormulaSyntaxError(
                f"{name.text}() takes {wanted}, got {len(args)}", name.col, "CS212"
            )
        return Call(name.col, close.col + 1, name.text, tuple(args))


def _with_span(node: Node, start: int, end: int) -> Node:
    """The same node, widened to include its parentheses (for quoting the source text)."""
    fields = {k: getattr(node, k) for k in node.__dataclass_fields__}
    fields.update(start=start, end=end)
    return type(node)(**fields)


def parse(text: str) -> Node:
    """The tree of a formula; raises `FormulaSyntaxError` with the offending column."""
    return _Parser(text).parse()


def names(node: Node) -> list[Name]:
    """Every bare name in the formula, left to right."""
    if isinstance(node, Name):
        return [node]
    if isinstance(node, Unary):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) + names(node.right)
    if isinstance(node, Call):
        return [n for arg in node.args for n in names(arg)]
    return []


def number_units(node: Node) -> list[Number]:
    """Every number written with a unit (`500 B`), left to right."""
    if isinstance(node, Number):
        return [node] if node.unit is not None else []
    if isinstance(node, Unary):
        return number_units(node.operand)
    if isinstance(node, Binary):
        return number_units(node.left) + number_units(node.right)
    if isinstance(node, Call):
        return [n for arg in node.args for n in number_units(arg)]
    return []
