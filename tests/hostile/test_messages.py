"""An error line stays one short, inert line, whatever the input puts into it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import RunCli, target_toml
from goalcheck.inert import MAX_LINE

Project = Callable[..., Path]


def _line(run_cli: RunCli, goals: Path) -> str:
    result = run_cli(["run", "-c", str(goals)], exit_code=2)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_value_of_a_megabyte_gives_a_line_of_at_most_600_characters(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml(unit="x" * 1_000_000))
    line = _line(run_cli, goals)
    assert len(line) <= MAX_LINE == 600
    assert line.startswith(f"{goals}:14: error: targets[0].unit: unknown unit 'xxx")
    assert " … " in line
    assert line.endswith("'days', 'days per FTE', 'days per employee', 'yes/no'")


def test_control_characters_in_a_key_and_a_value_are_escaped(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml() + '"th\\u001b]0;pwned\\u0007" = 1\n')
    assert _line(run_cli, goals) == (
        f'{goals}:17: error: targets[0]."th\\x1b]0;pwned\\x07": unknown key'
        " 'th\\x1b]0;pwned\\x07'; the keys here are id, kind, area, objective, label,"
        " statement_da, metric, initiative, condition, threshold, bounds, change, unit, period,"
        " warn_threshold, waiver, explanation, severity, event, source, note"
    )
    goals = project(target_toml(metric=None) + 'metric = "a\\nb\\u202ec"\n')
    line = _line(run_cli, goals)
    assert "\n" not in line
    assert "\u202e" not in line
    assert "'a\\nb\\u202ec'" in line


def test_a_goals_file_name_with_a_newline_stays_on_one_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    goals = tmp_path / "goals\n::error::forged.toml"
    goals.write_text("[entity]\n", encoding="utf-8")
    line = _line(run_cli, goals)
    assert line.startswith(f"{tmp_path}/goals\\n::error::forged.toml")


def test_a_typo_is_reported_before_the_missing_key_it_explains(
    run_cli: RunCli, project: Project
) -> None:
    """`statement` for `statement_da`: the missing key is the typo's consequence."""
    goals = project(target_toml(statement_da=None) + 'statement = "Sygefravær under 4%"\n')
    assert _line(run_cli, goals) == (
        f"{goals}:16: error: targets[0].statement: unknown key 'statement' (did you mean"
        " 'statement_da'?) (and 1 more problem)"
    )


def test_an_unknown_key_without_a_close_match_lists_the_keys_allowed_there(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml(source=None) + 'source = { document = "report", section = "G",'
                    ' restated = true }\n')  # fmt: skip
    assert _line(run_cli, goals) == (
        f"{goals}:16: error: targets[0].source.restated: unknown key 'restated'; the keys here"
        " are document, section, page, url"
    )


def test_a_string_where_a_table_belongs_names_no_internal_class(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml(source="report, Goals"))
    assert _line(run_cli, goals) == (
        f"{goals}:16: error: targets[0].source: expected a table, got a string ('report, Goals')"
    )
