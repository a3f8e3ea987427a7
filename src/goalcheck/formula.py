"""A small, safe evaluator for derived metrics: numbers, metric names, + - * / and parentheses."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    Underflow,
    localcontext,
)

from goalcheck.limits import MAX_FORMULA_NESTING, MAX_SIGNIFICANT_DIGITS, number_problem

# Nothing user-written ever reaches Python's eval or exec: a formula is read token by token into
# a postfix program of numbers, metric ids and operators, with no attribute access and no calls.
# Parsing and evaluation walk the text and the program with explicit stacks, never recursing,
# so a formula of a hundred thousand terms is as safe as one of three.

DIMENSIONLESS = "1"

# ASCII spelled out: \d would read an Arabic-Indic or full-width digit as a number, so a
# formula could compute something other than what its reader sees.
_TOKEN = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)|(?P<name>[a-z][a-z0-9_]*)|(?P<op>[-+*/()])")
# Only these separate tokens (a formula may be a multi-line TOML string); a no-break or
# zero-width space is an error, not a blank, for the same reason.
_BLANKS = frozenset(" \t\r\n")

# Fixed here rather than taken from the thread's context, so that results never depend on who
# called. Overflow and underflow only come from tens of thousands of steps (figures lie below
# 1e31); trapping them turns a silent infinity or zero into an error.
_ARITHMETIC = Context(
    prec=MAX_SIGNIFICANT_DIGITS,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[Overflow, Underflow, InvalidOperation, DivisionByZero],
)


class FormulaError(ValueError):
    """A formula that cannot be parsed, or whose units or values do not add up."""


class FormulaRangeError(FormulaError):
    """A step of a formula beyond what decimal arithmetic holds: overflow or underflow."""


@dataclass(frozen=True)
class _Operator:
    symbol: str
    precedence: int  # '(' is 0, so that no operator is taken off the stack past it
    apply: Callable[[Decimal, Decimal], Decimal] | None = None  # None: unary, or '('
    nests: bool = False  # '(' and signs count towards the nesting limit while they are open


_OPEN = _Operator("(", 0, nests=True)
_NEGATE = _Operator("-", 3, nests=True)
_PLUS = _Operator("+", 3, nests=True)  # a no-op, but still a level of nesting
_PREFIX = {"(": _OPEN, "-": _NEGATE, "+": _PLUS}
_INFIX = {
    "+": _Operator("+", 1, operator.add),
    "-": _Operator("-", 1, operator.sub),
    "*": _Operator("*", 2, operator.mul),
    "/": _Operator("/", 2, operator.truediv),
}

_Step = Decimal | str | _Operator  # a number, a metric id or an operator, in postfix order


@dataclass(frozen=True)
class Formula:
    """A parsed formula and the metric names it uses, in order of first use."""

    text: str
    program: tuple[_Step, ...] = field(repr=False)
    names: tuple[str, ...]


def parse(text: str) -> Formula:
    """Read a formula; anything but numbers, metric ids, + - * / and parentheses is an error."""
    parser = _Parser()
    for token in _tokenise(text):
        parser.read(*token)
    return parser.finish(text)


def evaluate(formula: Formula, values: Mapping[str, Decimal]) -> Decimal:
    """Evaluate with exact decimals, rounded to 28 significant digits where a step needs more.

    Raises FormulaError on division by zero, FormulaRangeError when a step overflows.
    """
    stack: list[Decimal] = []
    try:
        with localcontext(_ARITHMETIC):
            for step in formula.program:
                if isinstance(step, Decimal):
                    stack.append(step)
                elif isinstance(step, str):
                    stack.append(values[step])
                elif step.apply is None:
                    stack[-1] = -stack[-1]
                else:
                    right = stack.pop()
                    if step.symbol == "/" and right.is_zero():
                        # 0 / 0 is an "invalid operation" to decimal; it is a zero divisor here.
                        raise FormulaError("division by zero")
                    stack[-1] = step.apply(stack[-1], right)
    except DivisionByZero:  # pragma: no cover - a zero divisor is caught above
        raise FormulaError("division by zero") from None
    except Overflow:
        raise FormulaRangeError("overflow") from None
    except Underflow:
        raise FormulaRangeError("underflow") from None
    except InvalidOperation:  # only an infinite or NaN value given by the caller
        raise FormulaRangeError("invalid operation") from None
    (result,) = stack
    return result


def only_adds(formula: Formula) -> bool:
    """Whether the formula only adds its terms (``short + long``): no minus, no sign, no product
    and no quotient, so that it grows whenever each of its terms grows."""
    return all(not isinstance(step, _Operator) or step.symbol == "+" for step in formula.program)


def infer_unit(formula: Formula, units: Mapping[str, str]) -> str | None:
    """The unit the formula yields from its metrics' units; ``None`` for a bare number.

    Adding or subtracting needs equal units (a bare number takes the other side's unit);
    multiplying or dividing by a bare number keeps the unit; a unit divided by itself is
    dimensionless (``"1"``), which may stand for a share in % when the formula scales it.
    """
    # A unit is kept as powers of unit symbols, not as a growing string: a product of 100 000
    # metrics would otherwise copy ever longer strings, and equal units compare equal whatever
    # order they were multiplied in.
    stack: list[dict[str, int] | None] = []
    for step in formula.program:
        if isinstance(step, Decimal):
            stack.append(None)
        elif isinstance(step, str):
            stack.append({} if units[step] == DIMENSIONLESS else {units[step]: 1})
        elif step.apply is not None:
            right = stack.pop()
            stack[-1] = _combine_units(step.symbol, stack[-1], right)
    (result,) = stack
    return None if result is None else _unit_text(result)


def _tokenise(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, column) for each token; a generator, so no token list is ever built."""
    pos = 0
    while True:
        while pos < len(text) and text[pos] in _BLANKS:
            pos += 1
        if pos == len(text):
            return
        match = _TOKEN.match(text, pos)
        if match is None:
            raise FormulaError(_unexpected_character(text[pos], pos + 1))
        kind = match.lastgroup
        assert kind is not None
        yield kind, match[kind], pos + 1
        pos = match.end()


def _unexpected_character(char: str, column: int) -> str:
    # repr escapes what cannot be seen (a no-break space, a direction mark); the code point
    # tells a visible look-alike (Cyrillic a, full-width 3) from the ASCII it imitates.
    shown = repr(char)
    if not char.isascii() and char.isprintable():
        shown += f" (U+{ord(char):04X})"
    if "A" <= char <= "Z":
        hint = " (metric ids are lower case)"
    elif char.isdigit():
        hint = " (numbers are written with the digits 0-9)"
    elif char.isspace():
        hint = " (only spaces, tabs and line breaks may separate the parts of a formula)"
    else:
        hint = ""
    return f"unexpected character {shown} at column {column}{hint}"


class _Parser:
    """Shunting-yard: operands go straight to the program, operators wait on a stack."""

    def __init__(self) -> None:
        self.program: list[_Step] = []
        self.pending: list[tuple[_Operator, int]] = []  # with the column each was written at
        self.names: dict[str, str] = {}  # insertion-ordered; also shares each id's one string
        self.literals: dict[str, Decimal] = {}  # one Decimal per distinct literal
        self.depth = 0
        self.expect_operand = True
        self.last: tuple[str, str, int] | None = None

    def read(self, kind: str, value: str, column: int) -> None:
        if self.expect_operand:
            self._operand(kind, value, column)
        elif kind == "op" and value in _INFIX:
            infix = _INFIX[value]
            # Left-associative: equal precedence leaves first, so 10 - 4 - 3 is 3.
            while self.pending and self.pending[-1][0].precedence >= infix.precedence:
                self._emit()
            self.pending.append((infix, column))
            self.expect_operand = True
        elif value == ")":
            while self.pending and self.pending[-1][0] is not _OPEN:
                self._emit()
            if not self.pending:
                raise FormulaError(f"unexpected ')' at column {column}")
            self._emit()
        elif value == "(" and self.last is not None and self.last[0] == "name":
            raise FormulaError(f"calls are not allowed: {self.last[1]!r} at column {self.last[2]}")
        else:
            raise FormulaError(f"unexpected {value!r} at column {column}")
        self.last = (kind, value, column)

    def _operand(self, kind: str, value: str, column: int) -> None:
        if kind == "number":
            self.program.append(self._literal(value, column))
            self.expect_operand = False
        elif kind == "name":
            self.program.append(self.names.setdefault(value, value))
            self.expect_operand = False
        elif value in _PREFIX:
            self.depth += 1
            if self.depth > MAX_FORMULA_NESTING:
                raise FormulaError(f"formula is nested more than {MAX_FORMULA_NESTING} levels deep")
            self.pending.append((_PREFIX[value], column))
        else:
            raise FormulaError(f"unexpected {value!r} at column {column}")

    def _literal(self, text: str, column: int) -> Decimal:
        value = self.literals.get(text)
        if value is None:
            value = self.literals[text] = Decimal(text)
            if (problem := number_problem(value)) is not None:
                raise FormulaError(f"the number at column {column}: {problem}")
        return value

    def _emit(self) -> None:
        """Take the top operator off the stack: into the program, unless it has no effect."""
        waiting, _ = self.pending.pop()
        self.depth -= waiting.nests
        if waiting is not _OPEN and waiting is not _PLUS:
            self.program.append(waiting)

    def finish(self, text: str) -> Formula:
        if self.last is None:
            raise FormulaError("formula is empty")
        if self.expect_operand:
            raise FormulaError("formula ends where a number, a metric or '(' was expected")
        while self.pending:
            if self.pending[-1][0] is _OPEN:
                raise FormulaError(f"'(' at column {self.pending[-1][1]} is never closed")
            self._emit()
        return Formula(text, tuple(self.program), tuple(self.names))


def _combine_units(
    symbol: str, left: dict[str, int] | None, right: dict[str, int] | None
) -> dict[str, int] | None:
    if left is None or right is None:
        if symbol == "/" and left is None and right is not None:
            return {unit: -power for unit, power in right.items()}
        return left if right is None else right
    if symbol in "+-":
        if left != right:
            shown_left, shown_right = _unit_text(left), _unit_text(right)
            if symbol == "+":
                raise FormulaError(f"cannot add {shown_left!r} and {shown_right!r}: units differ")
            raise FormulaError(f"cannot subtract {shown_right!r} from {shown_left!r}: units differ")
        return left
    sign = 1 if symbol == "*" else -1
    powers = dict(left)
    for unit, power in right.items():
        powers[unit] = powers.get(unit, 0) + sign * power
        if powers[unit] == 0:
            del powers[unit]
    return powers


def _unit_text(powers: Mapping[str, int]) -> str:
    """``{"DKK": 1, "people": -1}`` -> ``DKK/people``; ``{}`` -> ``1``."""

    def factor(unit: str, power: int) -> str:
        return unit if power == 1 else f"{unit}^{power}"

    above = "*".join(factor(unit, power) for unit, power in powers.items() if power > 0)
    below = "".join(f"/{factor(unit, -power)}" for unit, power in powers.items() if power < 0)
    return (above or DIMENSIONLESS) + below
