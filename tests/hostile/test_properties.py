"""Property tests: whatever text or TOML goalcheck is fed, it ends with exit 0, 1 or 2.

Never a traceback, never an exit 3, and within a bound of time (hypothesis's deadline) and of
memory (tracemalloc's peak).
"""

from __future__ import annotations

import contextlib
import tempfile
import tracemalloc
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, GOALS_HEADER, target_toml, toml_value
from goalcheck import formula
from goalcheck.cli import app
from goalcheck.loading import tomllib

_MEMORY_BOUND = 64 * 1024 * 1024  # bytes of Python allocations at the peak of one run
_SETTINGS = settings(
    max_examples=80,
    deadline=2000,  # milliseconds for one example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _judge(goals_text: str, data_text: str | bytes) -> None:
    """Run ``goalcheck run`` in-process on the two files; assert how it may end."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data").mkdir()
        data_file = root / "data" / "figures.toml"
        if isinstance(data_text, bytes):
            data_file.write_bytes(data_text)
        else:
            data_file.write_text(data_text, encoding="utf-8", errors="surrogatepass")
        (root / "goals.toml").write_text(goals_text, encoding="utf-8", errors="surrogatepass")
        tracemalloc.start()
        try:
            result = CliRunner().invoke(
                app, ["run", "-c", str(root / "goals.toml"), "--as-of", "2024-06-01"]
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1, result.stderr
    assert peak < _MEMORY_BOUND


_GOALS = GOALS_HEADER + target_toml()


@_SETTINGS
@given(st.text(max_size=400))
def test_any_text_as_the_goals_file(text: str) -> None:
    _judge(text, DATA)


@_SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_as_the_data_file(data: bytes) -> None:
    _judge(_GOALS, data)


# TOML values of every type TOML has, nested a little.
_SCALARS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.times(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _string(text: str) -> str:
    """A TOML basic string: every control character escaped, as TOML requires."""
    escaped = "".join(
        "\\" + char
        if char in '"\\'
        else f"\\u{ord(char):04x}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in text
    )
    return f'"{escaped}"'


def _toml(value: Any) -> str:
    """One TOML value, in the syntax TOML gives its type."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        if value.is_nan():
            return "nan"
        if value.is_infinite():
            return "-inf" if value.is_signed() else "inf"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_string(str(key))} = {_toml(item)}" for key, item in value.items())
        return "{ " + ", ".join(items) + " }"
    if isinstance(value, str):
        return _string(value)
    return toml_value(value)


_TARGET_KEYS = st.sampled_from(
    ["id", "kind", "area", "label", "metric", "condition", "threshold", "bounds", "change",
     "unit", "period", "warn_threshold", "waiver", "explanation", "source", "objective"]
)  # fmt: skip
_METRIC_KEYS = st.sampled_from(["label", "unit", "source", "figures", "notes", "formula"])


@_SETTINGS
@given(key=_TARGET_KEYS, value=_VALUES)
def test_any_value_for_a_target_key(key: str, value: Any) -> None:
    _judge(GOALS_HEADER + target_toml(**{key: None}) + f"{key} = {_toml(value)}\n", DATA)


@_SETTINGS
@given(key=_METRIC_KEYS, value=_VALUES)
def test_any_value_for_a_metric_key(key: str, value: Any) -> None:
    lines = [line for line in DATA.splitlines() if not line.startswith(f"{key} =")]
    _judge(_GOALS, "\n".join(lines) + f"\n{key} = {_toml(value)}\n")


@_SETTINGS
@given(st.dictionaries(st.text(max_size=12), _VALUES, max_size=4))
def test_any_figures_table(figures: dict[str, Any]) -> None:
    table = "{ " + ", ".join(f"{_string(k)} = {_toml(v)}" for k, v in figures.items()) + " }"
    _judge(_GOALS, DATA.replace("{ 2018 = 4.5, 2019 = 4.19 }", table))


def test_the_generated_toml_is_toml() -> None:
    """The generators above write TOML that parses, so the properties test goalcheck."""
    value = {"x": [Decimal("1.5E+3"), date(2020, 1, 1), True, "a\x1b", Decimal("-inf")]}
    parsed = tomllib.loads(f"a = {_toml(value)}", parse_float=Decimal)
    assert parsed == {
        "a": {"x": [Decimal("1.5E+3"), date(2020, 1, 1), True, "a\x1b", Decimal("-inf")]}
    }


@_SETTINGS
@given(st.text(max_size=200))
def test_the_formula_parser_accepts_or_raises_formula_error(text: str) -> None:
    try:
        parsed = formula.parse(text)
    except formula.FormulaError:
        return
    values = dict.fromkeys(parsed.names, Decimal(3))
    with contextlib.suppress(formula.FormulaError):
        formula.evaluate(parsed, values)
    with contextlib.suppress(formula.FormulaError):
        formula.infer_unit(parsed, dict.fromkeys(parsed.names, "%"))


@_SETTINGS
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["a", "b", "(", ")", "+", "-", "*", "/", " ", "1", "0.5", "٣"]),
            st.text(max_size=3),
        ),
        max_size=60,
    )
)
def test_formulas_from_formula_like_tokens(tokens: list[str]) -> None:
    data = DATA + (
        '\n[metrics.derived]\nlabel = "D"\nunit = "%"\n'
        'source = { document = "report", section = "Results" }\n'
        f"formula = {_string(''.join(tokens))}\n"
    )
    _judge(_GOALS, data)
