"""The table never hides a verdict: at any console width every id and verdict is printed whole."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from rich.console import Console

from conftest import REPO, RunCli, judge_one, make_metric, make_report, make_target
from goalcheck.engine import evaluate
from goalcheck.model import Report, Result
from goalcheck.reporters import table, words

WIDTHS = [0, 1, 5, 20, 40, 60, 80, 120, 200]
AS_OF = date(2026, 11, 23)


def bundled() -> Report:
    from goalcheck.loading import load

    return evaluate(load(REPO / "goals.toml"), AS_OF)


def render(report: Report, width: int) -> str:
    out = io.StringIO()
    table.render(report, Console(file=out, width=width, highlight=False))
    return out.getvalue()


def verdict(result: Result) -> str:
    return words.STATUS_WORDS[result.status].upper()


def shown_whole(result: Result, text: str) -> bool:
    """Whether a line holds the id and the verdict whole: a grid row, or a one-line row."""
    rid, word = re.escape(result.id), re.escape(verdict(result))
    grid = rf"^\s*{rid}\s.*\s{word}(\s|$)"
    line = rf"^{word}  {rid}(  |$)"
    return re.search(f"{grid}|{line}", text, re.MULTILINE) is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_every_id_and_verdict_is_whole_on_one_line_at_any_width(width: int) -> None:
    report = bundled()
    text = render(report, width)
    assert len(report.results) == 30
    missing = [r.id for r in report.results if not shown_whole(r, text)]
    assert missing == []
    assert "…" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_a_grid_never_runs_past_the_console(width: int) -> None:
    text = render(bundled(), width)
    # Each entity's part runs from its title to the blank line that follows its table.
    parts = re.split(r"^(?=Region Hovedstaden |\d+ targets: )", text, flags=re.MULTILINE)[:2]
    for part in parts:
        if "\n Target " in part:
            assert max(len(line) for line in part.splitlines()) <= width


def test_wide_consoles_draw_the_grid_and_narrow_ones_a_line_per_result() -> None:
    for width in (120, 200):
        assert render(bundled(), width).count(" Target ") == 2
    for width in (0, 1, 5, 20, 40):
        text = render(bundled(), width)
        assert " Target " not in text
        assert "FAIL  sick-leave-total  4.19 % (2019, provisional)  -0.19\n" in text
        assert "NO DATA  organic-bronze-label  no figure\n" in text
        assert "completed  youth-summit  priority 2023 (done 2023-09-19)\n" in text


def test_a_long_id_widens_the_target_column_or_falls_back_whole() -> None:
    long_id = "a-very-long-target-id-that-is-longer-than-the-target-column-ever-is"
    result = judge_one(make_target(id=long_id), make_metric({"2020": "4.19"}))
    report = make_report(result)
    for width in range(0, 140, 7):
        text = render(report, width)
        assert shown_whole(result, text), (width, text)
        assert f"{long_id[:40]}\n" not in text  # never folded


def test_the_margin_and_figure_are_never_cut_in_the_grid() -> None:
    target = make_target(id="co2", condition=">=", threshold=Decimal(1), unit="t CO2")
    report = make_report(judge_one(target, make_metric({"2020": "123456789.25"}, unit="t CO2")))
    for width in range(30, 120, 3):
        text = render(report, width)
        assert "123456789.25 t" in text
        assert "+123456788.25" in text
        assert "…" not in text


def test_a_console_of_no_width_still_prints_every_result() -> None:
    text = render(bundled(), 0)
    assert text.startswith("Aleris-Hamlet (as of 2026-11-23)\nEnvironment\n")
    assert "\n30 targets: 11 pass, 7 fail, 12 no data" in text


@pytest.mark.parametrize("columns", ["0", "1", "5", "20", "40", "60", "80", "120", "200"])
def test_the_command_keeps_every_verdict_whole_whatever_columns_says(
    run_cli: RunCli, columns: str
) -> None:
    args = ["run", "--as-of", AS_OF.isoformat()]
    text = run_cli(args, exit_code=1, cwd=REPO, env={"COLUMNS": columns}).stdout
    report = bundled()
    assert [r.id for r in report.results if not shown_whole(r, text)] == []
    assert "…" not in text
