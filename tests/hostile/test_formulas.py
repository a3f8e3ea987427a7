"""Derived-metric formulas built to break goalcheck: huge, deep, look-alike, overflowing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import RunCli
from goalcheck import formula
from goalcheck.formula import FormulaError, FormulaRangeError
from goalcheck.limits import NUMBER_LIMITS
from goalcheck.loading import load
from goalcheck.model import Source
from goalcheck.period import Period

NESTED = "formula is nested more than 64 levels deep"


def _metric(metric_id: str, unit: str, body: str, section: str = "Results") -> str:
    return (
        f"[metrics.{metric_id}]\n"
        f'label = "{metric_id}"\n'
        f'unit = "{unit}"\n'
        f'source = {{ document = "report", section = "{section}" }}\n'
        f"{body}\n\n"
    )


def _data(*metrics: str) -> str:
    return '[documents.report]\ntitle = "Test report"\n\n' + "".join(metrics)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_sum_of_100_000_terms_is_exact() -> None:
    parsed = formula.parse(" + ".join(["a"] * 100_000))
    assert parsed.names == ("a",)
    assert str(formula.evaluate(parsed, {"a": Decimal("0.01")})) == "1000.00"
    assert formula.infer_unit(parsed, {"a": "%"}) == "%"


def test_literals_in_a_sum_of_100_000_terms_are_exact() -> None:
    parsed = formula.parse("a" + " - 0.1" * 99_999)
    assert str(formula.evaluate(parsed, {"a": Decimal(10_000)})) == "0.1"


def test_a_product_of_100_000_metrics_has_its_unit_in_one_short_name() -> None:
    parsed = formula.parse(" * ".join(["a"] * 100_000))
    assert formula.infer_unit(parsed, {"a": "hours"}) == "hours^100000"


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10_000 + "a" + ")" * 10_000,
        "-" * 10_000 + "a",
        "+" * 10_000 + "a",
        "-(" * 5_000 + "a" + ")" * 5_000,
        "(" * 10_000,  # never closed: the depth is reported first, as it is met first
    ],
    ids=["parentheses", "minus-signs", "plus-signs", "signs-and-parentheses", "unclosed"],
)
def test_10_000_levels_of_nesting_are_the_nesting_error(text: str) -> None:
    with pytest.raises(FormulaError) as caught:
        formula.parse(text)
    assert str(caught.value) == NESTED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sick_leave * \u0663",
            "unexpected character '\u0663' (U+0663) at column 14"
            " (numbers are written with the digits 0-9)",
        ),
        (
            "sick_leave * \uff13",
            "unexpected character '\uff13' (U+FF13) at column 14"
            " (numbers are written with the digits 0-9)",
        ),
        (
            "a\u00a0+ b",
            "unexpected character '\\xa0' at column 2"
            " (only spaces, tabs and line breaks may separate the parts of a formula)",
        ),
        (
            "a +\u3000b",
            "unexpected character '\\u3000' at column 4"
            " (only spaces, tabs and line breaks may separate the parts of a formula)",
        ),
        ("a\u200b+ b", "unexpected character '\\u200b' at column 2"),
        ("sick_le\u0430ve", "unexpected character '\u0430' (U+0430) at column 8"),
        ("a \u202e+ b", "unexpected character '\\u202e' at column 3"),
    ],
    ids=[
        "arabic-indic-3",
        "full-width-3",
        "no-break-space",
        "ideographic-space",
        "zero-width-space",
        "cyrillic-a",
        "right-to-left-override",
    ],
)
def test_look_alike_digits_spaces_and_letters_are_rejected_at_their_column(
    text: str, message: str
) -> None:
    with pytest.raises(FormulaError) as caught:
        formula.parse(text)
    assert str(caught.value) == message


def test_a_literal_of_5000_digits_is_rejected() -> None:
    with pytest.raises(FormulaError) as caught:
        formula.parse("a * " + "9" * 5000)
    assert str(caught.value) == (
        f"the number at column 5: 9.99999…e+4999 has 5000 significant digits; {NUMBER_LIMITS}"
    )


def test_a_product_overflows_on_exactly_the_step_beyond_the_exponent_range() -> None:
    values = {"a": Decimal("1e30")}
    last_good = formula.parse(" * ".join(["a"] * 33_333))
    assert formula.evaluate(last_good, values) == Decimal("1e999990")
    with pytest.raises(FormulaRangeError) as caught:
        formula.evaluate(formula.parse(" * ".join(["a"] * 33_334)), values)
    assert str(caught.value) == "overflow"


def test_a_product_of_tiny_figures_underflows_rather_than_becoming_zero() -> None:
    with pytest.raises(FormulaRangeError) as caught:
        formula.evaluate(formula.parse(" * ".join(["a"] * 33_335)), {"a": Decimal("1e-30")})
    assert str(caught.value) == "underflow"


def test_a_chain_of_1000_derived_metrics_loads_with_the_right_figures(
    project: Callable[..., Path],
) -> None:
    # Written last-first, so that ordering them walks the whole chain from its far end.
    uses = ["base", *(f"d{i}" for i in range(1, 1000))]  # d1 uses base, d2 uses d1...
    chain = [
        _metric(f"d{i}", "count", f'formula = "{uses[i - 1]} + 1"') for i in range(1000, 0, -1)
    ]
    base = _metric("base", "count", "figures = { 2019 = 1, 2020 = 2.5 }", section="Base")
    goals = project(data=_data(*chain, base))
    (entity,) = load(goals).entities
    final = entity.metrics["d1000"]
    assert final.figures == {
        Period.parse("2019"): Decimal(1001),
        Period.parse("2020"): Decimal("1002.5"),
    }
    assert final.sources == (
        Source(document="Test report", section="Results", file=None),
        Source(document="Test report", section="Base", file=None),
    )


def test_a_cycle_through_1000_metrics_is_one_line(
    project: Callable[..., Path], run_cli: RunCli
) -> None:
    data = _data(
        *(_metric(f"c{i}", "count", f'formula = "c{(i + 1) % 1000} + 1"') for i in range(1000))
    )
    goals = project(data=data)
    result = run_cli(
        ["run", "--format", "json", "--as-of", "2099-01-01"], exit_code=2, cwd=goals.parent
    )
    line = _line_of(data, "[metrics.c0]") + 4  # its formula
    assert result.stdout == ""
    assert result.stderr == (
        f"data/figures.toml:{line}: error: metrics.c0.formula:"
        " formulas form a cycle through 1000 metrics:"
        " c0 -> c1 -> c2 -> c3 -> c4 -> … (992 more) … -> c997 -> c998 -> c999 -> c0\n"
    )


def test_overflow_is_a_located_error_naming_the_formula(
    project: Callable[..., Path], run_cli: RunCli
) -> None:
    # Each "* a / b" multiplies by 1e60 and keeps the unit; 16 667 of them pass 1e999999.
    text = "a" + " * a / b" * 16_667
    data = _data(
        _metric("a", "count", "figures = { 2019 = 1e30 }"),
        _metric("b", "count", "figures = { 2019 = 1e-30 }"),
        _metric("big", "count", f'formula = "{text}"'),
    )
    goals = project(data=data)
    result = run_cli(["run", "--as-of", "2099-01-01"], exit_code=2, cwd=goals.parent)
    assert result.stderr == (
        f"data/figures.toml:{_line_of(data, 'formula = ')}: error: metrics.big.formula:"
        " invalid formula 'a * a / b * a / b * a / b * a / b * a / b * a / b * a / b *…':"
        " overflow in the figures for 2019\n"
    )
