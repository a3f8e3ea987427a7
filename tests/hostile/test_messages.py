"""An error line stays one short, inert line, whatever the input puts into it."""

from __future__ import annotations

import json
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
    assert line.startswith(f"{goals}:14: error: targets[0].unit: 'xxx")
    assert " … " in line
    assert line.endswith(
        "' is not a unit: a unit is 1 to 40 characters, without control"
        " characters, * / ^ or a blank at either end"
    )


def test_control_characters_in_a_key_and_a_value_are_escaped(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml() + '"th\\u001b]0;pwned\\u0007" = 1\n')
    assert _line(run_cli, goals) == (
        f'{goals}:17: error: targets[0]."th\\x1b]0;pwned\\x07": unknown key'
        " 'th\\x1b]0;pwned\\x07'; the keys here are id, kind, area, objective, label,"
        " statement_da, statement, lang, metric, initiative, condition, threshold, bounds,"
        " change, unit, period, warn_threshold, baseline, revisions, waiver, explanation,"
        " severity, event, for_each, where, source, note"
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
    """`labl` for `label`: the missing key is the typo's consequence."""
    goals = project(target_toml(label=None) + 'labl = "Sick leave"\n')
    assert _line(run_cli, goals) == (
        f"{goals}:16: error: targets[0].labl: unknown key 'labl' (did you mean 'label'?) (and 1"
        " more problem)"
    )


def test_a_target_may_state_its_wording_in_its_own_language(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(
        target_toml(statement_da=None) + 'statement = "Sairauspoissaolot alle 4 %"\nlang = "fi"\n'
    )
    result = run_cli(["run", "-c", str(goals), "-f", "json"], exit_code=1)  # 4.19 is not < 4
    [record] = json.loads(result.stdout)["results"]
    assert (record["statement"], record["lang"], record["statement_da"]) == (
        "Sairauspoissaolot alle 4 %",
        "fi",
        None,
    )
    no_lang = project(target_toml(statement_da=None) + 'statement = "Under 4 %"\n')
    assert _line(run_cli, no_lang) == (
        f'{no_lang}:6: error: targets[0].lang: a statement needs its language: lang = "fi",'
        ' "nb", "en", ...'
    )
    both = project(target_toml() + 'statement = "Under 4 %"\nlang = "en"\n')
    assert _line(run_cli, both) == (
        f"{both}:17: error: targets[0].statement: give statement_da (Danish) or statement with"
        " lang, not both"
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
