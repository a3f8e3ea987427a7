"""A small, safe evaluator for derived metrics: numbers, metric names, + - * / and parentheses.

Formulas are tokenised and parsed here by a recursive-descent parser into a tiny tree; nothing
user-written ever reaches Python's ``eval`` or ``exec``, and there are no names but metric ids,
no attribute access and no calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

MAX_DEPTH = 64
DIMENSIONLESS = "1"

_TOKEN = re.compile(r"(?P<number>\d+(?:\.\d+)?)|(?P<name>[a-z][a-z0-9_]*)|(?P<op>[-+*/()])")


class FormulaError(ValueError):
    """A formula that cannot be parsed, or whose units or values do not add up."""


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Number | Name | Negate | Binary


@dataclass(frozen=True)
class Formula:
    """A parsed formula and the metric names it uses, in order of first use."""

    text: str
    tree: Node
    names: tuple[str, ...]


def parse(text: str) -> Formula:
    tokens = _tokenise(text)
    parser = _Parser(text, tokens)
    tree = parser.expression(0)
    if parser.pos != len(tokens):
        _, value, column = tokens[parser.pos]
        raise FormulaError(f"unexpected {value!r} at column {column}")
    names: list[str] = []
    _collect_names(tree, names)
    return Formula(text, tree, tuple(names))


def evaluate(formula: Formula, values: Mapping[str, Decimal]) -> Decimal:
    """Evaluate with exact decimals; raises FormulaError on division by zero."""
    return _evaluate(formula.tree, values)


def infer_unit(formula: Formula, units: Mapping[str, str]) -> str | None:
    """The unit the formula yields from its metrics' units; ``None`` for a bare number.

    Adding or subtracting needs equal units (a bare number takes the other side's unit);
    multiplying or dividing by a bare number keeps the unit; a unit divided by itself is
    dimensionless (``"1"``), which may stand for a share in % when the formula scales it.
    """
    return _unit(formula.tree, units)


def _tokenise(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = " (metric ids are lower case)" if char.isupper() else ""
            raise FormulaError(f"unexpected character {char!r} at column {pos + 1}{hint}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match[kind], pos + 1))
        pos = match.end()
    if not tokens:
        raise FormulaError("formula is empty")
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[tuple[str, str, int]]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _check_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep")

    def expression(self, depth: int) -> Node:
        self._check_depth(depth)
        node = self.term(depth)
        while (token := self._peek()) is not None and token[1] in "+-" and token[0] == "op":
            self.pos += 1
            node = Binary(token[1], node, self.term(depth))
        return node

    def term(self, depth: int) -> Node:
        node = self.factor(depth)
        while (token := self._peek()) is not None and token[1] in "*/" and token[0] == "op":
            self.pos += 1
            node = Binary(token[1], node, self.factor(depth))
        return node

    def factor(self, depth: int) -> Node:
        self._check_depth(depth)
        token = self._peek()
        if token is None:
            raise FormulaError("formula ends where a number, a metric or '(' was expected")
        kind, value, column = token
        self.pos += 1
        if kind == "number":
            return Number(Decimal(value))
        if kind == "name":
            nxt = self._peek()
            if nxt is not None and nxt[1] == "(":
                raise FormulaError(f"calls are not allowed: {value!r} at column {column}")
            return Name(value)
        if value == "-":
            return Negate(self.factor(depth + 1))
        if value == "+":
            return self.factor(depth + 1)
        if value == "(":
            node = self.expression(depth + 1)
            closing = self._peek()
            if closing is None or closing[1] != ")":
                raise FormulaError(f"'(' at column {column} is never closed")
            self.pos += 1
            return node
        raise FormulaError(f"unexpected {value!r} at column {column}")


def _collect_names(node: Node, names: list[str]) -> None:
    if isinstance(node, Name):
        if node.name not in names:
            names.append(node.name)
    elif isinstance(node, Negate):
        _collect_names(node.operand, names)
    elif isinstance(node, Binary):
        _collect_names(node.left, names)
        _collect_names(node.right, names)


_OPERATIONS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def _evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return values[node.name]
    if isinstance(node, Negate):
        return -_evaluate(node.operand, values)
    left = _evaluate(node.left, values)
    right = _evaluate(node.right, values)
    if node.op == "/" and right == 0:
        raise FormulaError("division by zero")
    try:
        return _OPERATIONS[node.op](left, right)
    except (DivisionByZero, InvalidOperation) as exc:  # pragma: no cover - guarded above
        raise FormulaError(f"arithmetic error: {exc}") from None


def _unit(node: Node, units: Mapping[str, str]) -> str | None:
    if isinstance(node, Number):
        return None
    if isinstance(node, Name):
        return units[node.name]
    if isinstance(node, Negate):
        return _unit(node.operand, units)
    left = _unit(node.left, units)
    right = _unit(node.right, units)
    if left is None or right is None:
        if node.op == "/" and left is None and right is not None:
            return f"1/{right}"
        return left if right is None else right
    if node.op in "+-":
        if left != right:
            if node.op == "+":
                raise FormulaError(f"cannot add {left!r} and {right!r}: units differ")
            raise FormulaError(f"cannot subtract {right!r} from {left!r}: units differ")
        return left
    if node.op == "/":
        return DIMENSIONLESS if left == right else f"{left}/{right}"
    if left == DIMENSIONLESS:
        return right
    if right == DIMENSIONLESS:
        return left
    return f"{left}*{right}"
