from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goalcheck import formula
from goalcheck.formula import FormulaError, FormulaRangeError
from goalcheck.limits import NUMBER_LIMITS


def value(text: str, **values: str) -> Decimal:
    return formula.evaluate(formula.parse(text), {k: Decimal(v) for k, v in values.items()})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 + 3 * 4", "14"),
        ("(2 + 3) * 4", "20"),
        ("10 - 4 - 3", "3"),
        ("12 / 4 / 3", "1"),
        ("-a + 5", "3"),
        ("--a", "2"),
        ("+a", "2"),
        ("a * -1", "-2"),
        ("short + long", "4.19"),
        ("a / 8", "0.25"),
    ],
)
def test_arithmetic_follows_the_usual_precedence(text: str, expected: str) -> None:
    assert value(text, a="2", short="2.82", long="1.37") == Decimal(expected)


def test_decimals_are_exact() -> None:
    assert value("a + b", a="2.82", b="1.37") == Decimal("4.19")
    assert str(value("a + b", a="0.1", b="0.2")) == "0.3"


def test_names_are_collected_in_order_of_first_use() -> None:
    assert formula.parse("b + a * b - c").names == ("b", "a", "c")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "formula is empty"),
        ("a +", "formula ends where a number, a metric or '(' was expected"),
        ("(a + b", "'(' at column 1 is never closed"),
        ("a b", "unexpected 'b' at column 3"),
        ("a)", "unexpected ')' at column 2"),
        ("a.b", "unexpected character '.' at column 2"),
        ("__import__('os')", "unexpected character '_' at column 1"),
        ("open(a)", "calls are not allowed: 'open' at column 1"),
        ("a ** 2", "unexpected '*' at column 4"),
        ("Sick + a", "unexpected character 'S' at column 1 (metric ids are lower case)"),
        ("a; b", "unexpected character ';' at column 2"),
        ("a[0]", "unexpected character '[' at column 2"),
        ("(" * 70 + "a" + ")" * 70, "formula is nested more than 64 levels deep"),
        ("(a b)", "unexpected 'b' at column 4"),
        ("a (b)", "calls are not allowed: 'a' at column 1"),
        ("2 (a)", "unexpected '(' at column 3"),
        ("((a)", "'(' at column 1 is never closed"),
        ("(a) (", "unexpected '(' at column 5"),
        ("a * / b", "unexpected '/' at column 5"),
        ("-", "formula ends where a number, a metric or '(' was expected"),
        (" \t\r\n", "formula is empty"),
        ("1.", "unexpected character '.' at column 2"),
        (
            "\u0661",
            "unexpected character '\u0661' (U+0661) at column 1"
            " (numbers are written with the digits 0-9)",
        ),
        (
            "a\x0b+ b",
            "unexpected character '\\x0b' at column 2"
            " (only spaces, tabs and line breaks may separate the parts of a formula)",
        ),
        (
            "a\x0c+ b",
            "unexpected character '\\x0c' at column 2"
            " (only spaces, tabs and line breaks may separate the parts of a formula)",
        ),
    ],
)
def test_anything_but_numbers_names_operators_and_parentheses_is_rejected(
    text: str, message: str
) -> None:
    with pytest.raises(FormulaError) as caught:
        formula.parse(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("allowed", "too_deep"),
    [
        ("(" * 64 + "a" + ")" * 64, "(" * 65 + "a" + ")" * 65),
        ("-" * 64 + "a", "-" * 65 + "a"),
        ("+" * 64 + "a", "+" * 65 + "a"),
        ("-(" * 32 + "a" + ")" * 32, "-(" * 32 + "-a" + ")" * 32),
    ],
    ids=["parentheses", "minus-signs", "plus-signs", "both"],
)
def test_64_levels_of_nesting_are_allowed_and_65_are_not(allowed: str, too_deep: str) -> None:
    assert value(allowed, a="2") == Decimal(2)
    with pytest.raises(FormulaError) as caught:
        formula.parse(too_deep)
    assert str(caught.value) == "formula is nested more than 64 levels deep"


def test_nesting_counts_open_levels_not_all_levels() -> None:
    assert value(" + ".join(["(-a)"] * 200), a="1") == Decimal(-200)


def test_spaces_tabs_and_line_breaks_separate_tokens() -> None:
    assert value("a\t*\r\n(b\n- 1 )", a="2", b="4") == Decimal(6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a * 0.0000000000000000000000000000001",
            f"the number at column 5: 1E-31 is out of range; {NUMBER_LIMITS}",
        ),
        (
            "a * 10000000000000000000000000000000",
            "the number at column 5: 10000000000000000000000000000000 is out of range;"
            f" {NUMBER_LIMITS}",
        ),
        (
            "a * 1.0000000000000000000000000001",
            "the number at column 5: 1.0000000000000000000000000001 has 29 significant digits;"
            f" {NUMBER_LIMITS}",
        ),
    ],
)
def test_a_number_beyond_the_limits_is_an_error(text: str, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        formula.parse(text)
    assert str(caught.value) == message


def test_numbers_at_the_limits_are_read() -> None:
    assert value("a * 0.000000000000000000000000000001", a="1") == Decimal("1e-30")
    assert value("a * 9999999999999999999999999999000", a="1") == Decimal(
        "9999999999999999999999999999e3"
    )
    assert value(
        "a * 000000000000000000000000000000001.5000000000000000000000000000000", a="1"
    ) == Decimal("1.5")


def test_division_by_zero_is_an_error_not_infinity() -> None:
    with pytest.raises(FormulaError, match=r"^division by zero$"):
        value("a / (b - b)", a="1", b="3")


def test_zero_divided_by_zero_is_division_by_zero() -> None:
    with pytest.raises(FormulaError, match=r"^division by zero$"):
        value("(b - b) / (b - b)", b="3")


def test_a_result_is_rounded_to_28_significant_digits_whatever_the_callers_context() -> None:
    with localcontext() as context:
        context.prec = 5
        assert str(value("a / 3", a="2")) == "0.6666666666666666666666666667"


def test_an_infinite_value_from_the_caller_is_an_error_not_nan() -> None:
    with pytest.raises(FormulaRangeError, match=r"^invalid operation$"):
        value("a * 0", a="Infinity")


@pytest.mark.parametrize(
    ("text", "units", "expected"),
    [
        ("a + b", {"a": "%", "b": "%"}, "%"),
        ("a - 2", {"a": "%"}, "%"),
        ("100 - a", {"a": "%"}, "%"),
        ("a * 2", {"a": "people"}, "people"),
        ("a / b * 100", {"a": "hours", "b": "hours"}, "1"),
        ("a / b", {"a": "DKK", "b": "people"}, "DKK/people"),
        ("a * b", {"a": "hours", "b": "people"}, "hours*people"),
        ("1 / a", {"a": "hours"}, "1/hours"),
        ("-a", {"a": "t CO2"}, "t CO2"),
        ("a * b / a", {"a": "hours", "b": "people"}, "people"),
        ("a / (b * c)", {"a": "DKK", "b": "people", "c": "days"}, "DKK/people/days"),
        ("a * a / b", {"a": "hours", "b": "people"}, "hours^2/people"),
        ("1 / (a * a)", {"a": "hours"}, "1/hours^2"),
        ("a * b + b * a", {"a": "hours", "b": "people"}, "hours*people"),
        ("a / b * b", {"a": "yes/no", "b": "DKK"}, "yes/no"),
        ("2 * 3", {}, None),
    ],
)
def test_units_are_inferred(text: str, units: dict[str, str], expected: str) -> None:
    assert formula.infer_unit(formula.parse(text), units) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a + b", "cannot add '%' and 'people': units differ"),
        ("a - b", "cannot subtract 'people' from '%': units differ"),
        ("(a + a) - b * 2", "cannot subtract 'people' from '%': units differ"),
        ("a * b + a", "cannot add '%*people' and '%': units differ"),
        ("a / b - 1 / b", "cannot subtract '1/people' from '%/people': units differ"),
    ],
)
def test_adding_different_units_is_an_error(text: str, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        formula.infer_unit(formula.parse(text), {"a": "%", "b": "people"})
    assert str(caught.value) == message


# Random formulas, evaluated here with exact fractions, must agree with the evaluator.
_leaves = st.one_of(
    st.integers(min_value=0, max_value=999).map(lambda n: (str(n), Fraction(n))),
    st.sampled_from(["a", "b"]).map(lambda n: (n, Fraction({"a": 7, "b": -3}[n]))),
)


def _combine(
    children: st.SearchStrategy[tuple[str, Fraction]],
) -> st.SearchStrategy[tuple[str, Fraction]]:
    def build(
        op: str, left: tuple[str, Fraction], right: tuple[str, Fraction]
    ) -> tuple[str, Fraction]:
        if op == "/" and right[1] == 0:
            op = "+"
        result = {
            "+": left[1] + right[1],
            "-": left[1] - right[1],
            "*": left[1] * right[1],
            "/": left[1] / right[1] if right[1] else Fraction(0),
        }[op]
        return f"({left[0]} {op} {right[0]})", result

    negated = children.map(lambda c: (f"-{c[0]}", -c[1]))
    return st.one_of(negated, st.builds(build, st.sampled_from("+-*/"), children, children))


@given(st.recursive(_leaves, _combine, max_leaves=12))
def test_evaluation_agrees_with_exact_arithmetic(case: tuple[str, Fraction]) -> None:
    text, expected = case
    got = formula.evaluate(formula.parse(text), {"a": Decimal(7), "b": Decimal(-3)})
    assert abs(Fraction(got) - expected) <= abs(expected) * Fraction(1, 10**20) + Fraction(
        1, 10**20
    )
