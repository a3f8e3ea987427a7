"""--format azure, gitlab and tap: on the bundled goals, and on a project whose labels and file
names hold what each format's syntax gives a meaning to."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tap.line import Result as TapResult
from tap.parser import Parser

from conftest import DATA, GOALS_HEADER, REPO, RunCli, target_toml
from goalcheck.inert import inert

BUNDLED = str(REPO / "goals.toml")
AS_OF = "2026-01-01"
BUNDLED_FAILS = 7  # goalcheck: 11 pass, 0 warn, 7 fail, 0 waived, 0 pending, 12 no data
BUNDLED_NO_DATA = 12

# A label that tries every trick: a forged Azure command and TAP line after a newline, a TAP
# directive, Azure's escape and separators, a terminal escape, a carriage return.
HOSTILE = "100% sick; leave] # SKIP\n##vso[task.complete result=Succeeded;]\nok 9 - forged\r\x1b[2J"

Project = Callable[..., Path]
HOSTILE_GOALS = "we;ird]%dir/goals.toml"


class _Toml:
    """A TOML basic string with escapes for control characters (JSON's are TOML's too)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return json.dumps(self.text)


@pytest.fixture(autouse=True)
def _no_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test run inside a CI job has its checkout variable set: each test says its own."""
    for name in ("BUILD_SOURCESDIRECTORY", "CI_PROJECT_DIR", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)


def _run(
    run_cli: RunCli, config: str, form: str, *args: str, exit_code: int = 1, cwd: Path = REPO
) -> str:
    argv = ["run", "--config", config, "--format", form, "--as-of", AS_OF, *args]
    return str(run_cli(argv, exit_code=exit_code, cwd=cwd).stdout)


def _hostile(tmp_path: Path) -> Path:
    """A project in a folder whose name holds ``;``, ``]`` and ``%``, with hostile labels;
    returns the folder (the run's current directory) which holds it."""
    folder = tmp_path / "we;ird]%dir"
    (folder / "data").mkdir(parents=True)
    empty = (
        '[metrics.empty]\nlabel = "Empty"\nunit = "%"\n'
        'source = { document = "report", section = "R" }\n'
    )
    (folder / "data" / "figures.toml").write_text(f"{DATA}\n{empty}", encoding="utf-8")
    targets = (
        target_toml(id="missed", label=_Toml(HOSTILE), threshold=3)
        + target_toml(id="warned", label=_Toml(HOSTILE), threshold=3, severity="warn")
        + target_toml(id="unknown", label=_Toml(HOSTILE), metric="empty")
        + target_toml(id="shown", label=_Toml(HOSTILE), threshold=3, severity="info")
    )
    goals = folder / "goals.toml"
    goals.write_text(GOALS_HEADER + targets, encoding="utf-8")
    return tmp_path


# --- Azure Pipelines --------------------------------------------------------------------------

_COMMAND = re.compile(r"##vso\[(?P<name>\S+) (?P<properties>[^\]]*)\](?P<message>.*)")


def _unescape(text: str, *, property_value: bool) -> str:
    """As the agent reads a value (CommandStringConvertor.Unescape, percents decoded)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if property_value:
        pairs += [("%5D", "]"), ("%3B", ";")]
    for escaped, char in [*pairs, ("%AZP25", "%")]:
        text = text.replace(escaped, char)
    return text


def _commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Each ``##vso`` line as the agent parses it: the first ``]`` ends the properties."""
    found = []
    for line in output.splitlines():
        if not line.startswith("##vso["):
            continue
        match = _COMMAND.fullmatch(line)
        assert match is not None, line
        properties = dict(
            item.split("=", 1) for item in match["properties"].split(";") if item.strip()
        )
        found.append(
            (
                match["name"],
                {k: _unescape(v, property_value=True) for k, v in properties.items()},
                _unescape(match["message"], property_value=False),
            )
        )
    return found


def test_azure_on_the_bundled_goals(run_cli: RunCli) -> None:
    output = _run(run_cli, BUNDLED, "azure")
    lines = output.splitlines()
    assert lines[0] == (
        "##vso[task.logissue type=error;sourcepath=goals/aleris-hamlet.toml;linenumber=27;]"
        "goalcheck: whistleblower-awareness: fail: 35 %AZP25 (2018, provisional); target"
        " Employees who know the whistleblower scheme: at least 75 %AZP25 by 2021; margin -40"
    )
    commands = _commands(output)
    errors = [c for c in commands if c[0] == "task.logissue" and c[1]["type"] == "error"]
    assert len(errors) == BUNDLED_FAILS
    assert all(c[1]["sourcepath"].startswith(("goals/", "data/")) for c in commands[:-1])
    assert lines[-2].startswith("goalcheck: 11 pass, 0 warn, 7 fail")
    assert lines[-1] == "##vso[task.complete result=Failed;]"


def test_azure_under_exit_zero_fails_no_step_but_still_logs_every_error(run_cli: RunCli) -> None:
    output = _run(run_cli, BUNDLED, "azure", "--exit-zero", exit_code=0)
    commands = _commands(output)
    errors = [c for c in commands if c[0] == "task.logissue" and c[1]["type"] == "error"]
    assert len(errors) == BUNDLED_FAILS
    assert output.splitlines()[-1] == "##vso[task.complete result=SucceededWithIssues;]"


def test_azure_only_warnings_succeed_with_issues(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(id="w", threshold=3, severity="warn"))
    output = _run(run_cli, str(goals), "azure", exit_code=0)
    ((name, properties, message), complete) = _commands(output)
    assert (name, properties["type"], properties["linenumber"]) == ("task.logissue", "warning", "6")
    assert message.startswith("goalcheck: w: warn: 4.19 % (2019, provisional)")
    assert complete == ("task.complete", {"result": "SucceededWithIssues"}, "")


def test_azure_all_well_completes_nothing(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(id="p", threshold=5))
    output = _run(run_cli, str(goals), "azure", exit_code=0)
    assert output.splitlines() == [
        "goalcheck: 1 pass, 0 warn, 0 fail, 0 waived, 0 pending, 0 no data (as of 2026-01-01)"
    ]


def test_azure_sourcepath_is_relative_to_the_sources_directory(
    run_cli: RunCli, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = project(target_toml(id="f", threshold=3))
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    argv = ["run", "--config", "../goals.toml", "--format", "azure", "--as-of", AS_OF]
    plain = run_cli(argv, exit_code=1).stdout
    assert _commands(plain)[0][1]["sourcepath"] == "../goals.toml"
    monkeypatch.setenv("BUILD_SOURCESDIRECTORY", str(goals.parent))
    assert _commands(run_cli(argv, exit_code=1).stdout)[0][1]["sourcepath"] == "goals.toml"


def test_azure_hostile_text_stays_on_its_line_and_round_trips(
    run_cli: RunCli, tmp_path: Path
) -> None:
    output = _run(run_cli, HOSTILE_GOALS, "azure", cwd=_hostile(tmp_path))
    lines = output.splitlines()
    commands = _commands(output)
    # error (missed), warning (warned), the counts, task.complete: nothing forged.
    assert len(lines) == 4
    assert [c[0] for c in commands] == ["task.logissue", "task.logissue", "task.complete"]
    assert commands[-1] == ("task.complete", {"result": "Failed"}, "")
    for _, properties, message in commands[:2]:
        assert properties["sourcepath"] == "we;ird]%dir/goals.toml"
        assert inert(HOSTILE) in message
    assert "sourcepath=we%3Bird%5D%AZP25dir/goals.toml;" in lines[0]
    assert "\x1b" not in output
    assert "\r" not in output


# --- GitLab Code Quality ----------------------------------------------------------------------

# GitLab publishes no JSON Schema for the Code Quality report; this is the documented format
# (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format"), held strictly.
CODE_QUALITY_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1, "pattern": "^[^\\n\\r]*$"},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def _gitlab(
    run_cli: RunCli, config: str, exit_code: int = 1, cwd: Path = REPO
) -> list[dict[str, Any]]:
    output = _run(run_cli, config, "gitlab", exit_code=exit_code, cwd=cwd)
    issues: list[dict[str, Any]] = json.loads(output)
    jsonschema.validate(issues, CODE_QUALITY_SCHEMA)
    return issues


def test_gitlab_on_the_bundled_goals(run_cli: RunCli) -> None:
    issues = _gitlab(run_cli, BUNDLED)
    assert len(issues) == BUNDLED_FAILS
    assert {issue["severity"] for issue in issues} == {"major"}
    assert issues[0] == {
        "description": "whistleblower-awareness: fail: 35 % (2018, provisional); target Employees"
        " who know the whistleblower scheme: at least 75 % by 2021; margin -40",
        "check_name": "goalcheck/threshold",
        "fingerprint": hashlib.sha256(b"aleris-hamlet/whistleblower-awareness").hexdigest(),
        "severity": "major",
        "location": {"path": "goals/aleris-hamlet.toml", "lines": {"begin": 27}},
    }
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprint_is_stable_as_figures_change(run_cli: RunCli, project: Project) -> None:
    first = _gitlab(run_cli, str(project(target_toml(id="f", threshold=3))))
    later = _gitlab(run_cli, str(project(target_toml(id="f", threshold=2))))
    assert first[0]["description"] != later[0]["description"]
    assert first[0]["fingerprint"] == later[0]["fingerprint"]


def test_gitlab_warnings_are_minor_and_path_is_relative_to_the_project(
    run_cli: RunCli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = project(target_toml(id="w", threshold=3, severity="warn"))
    monkeypatch.setenv("CI_PROJECT_DIR", str(goals.parent))
    (issue,) = _gitlab(run_cli, str(goals), exit_code=0)
    assert (issue["severity"], issue["location"]["path"]) == ("minor", "goals.toml")


def test_gitlab_hostile_text_is_inert(run_cli: RunCli, tmp_path: Path) -> None:
    issues = _gitlab(run_cli, HOSTILE_GOALS, cwd=_hostile(tmp_path))
    assert [(i["description"].split(":")[0], i["severity"]) for i in issues] == [
        ("missed", "major"),
        ("warned", "minor"),
    ]
    assert all(inert(HOSTILE) in issue["description"] for issue in issues)


# --- TAP 13 -----------------------------------------------------------------------------------


def _tap(output: str) -> tuple[int, list[TapResult]]:
    """The plan and the test points, as tap.py reads them."""
    lines = list(Parser().parse_text(output))
    assert lines[0].category == "version"
    assert lines[0].version == 13
    (plan,) = [line for line in lines if line.category == "plan"]
    tests = [line for line in lines if line.category == "test"]
    assert not [line for line in lines if line.category == "unknown"]
    return plan.expected_tests, tests


def test_tap_on_the_bundled_goals(run_cli: RunCli) -> None:
    planned, tests = _tap(_run(run_cli, BUNDLED, "tap"))
    assert planned == len(tests) == 30
    assert [test.number for test in tests] == list(range(1, 31))
    failed = [test for test in tests if not test.ok]
    assert len(failed) == BUNDLED_FAILS
    assert not any(test.skip or test.todo for test in failed)
    assert sum(test.skip for test in tests) == BUNDLED_NO_DATA
    assert failed[0].description == (
        "- whistleblower-awareness Employees who know the whistleblower scheme: at least 75 % by"
        " 2021"
    )
    assert failed[0].yaml_block == {
        "message": "fail: 35 % (2018, provisional); target Employees who know the whistleblower"
        " scheme: at least 75 % by 2021; margin -40",
        "status": "fail",
        "figure": "35 % (2018, provisional)",
        "target": "Employees who know the whistleblower scheme: at least 75 % by 2021",
        "margin": "-40",
        "file": "goals/aleris-hamlet.toml",
        "line": 27,
    }
    skipped = next(test for test in tests if test.skip)
    assert skipped.directive.reason == "no data; no figure for 2020 or an earlier period"


def test_tap_hostile_text_forges_no_line_and_no_directive(run_cli: RunCli, tmp_path: Path) -> None:
    output = _run(run_cli, HOSTILE_GOALS, "tap", cwd=_hostile(tmp_path))
    planned, tests = _tap(output)
    assert planned == len(tests) == 4
    missed, warned, unknown, shown = tests
    assert (missed.ok, missed.skip, missed.todo) == (False, False, False)
    assert (warned.ok, warned.skip, warned.todo) == (True, False, False)
    assert (unknown.ok, unknown.skip) == (True, True)
    assert (shown.ok, shown.todo, shown.skip) == (False, True, False)
    assert shown.directive.text == "TODO fail, severity info"
    label = inert(HOSTILE).replace("#", "\\x23")
    assert missed.description == f"- missed {label}: under 3 % by 2020"
    assert missed.yaml_block["target"] == f"{inert(HOSTILE)}: under 3 % by 2020"
    assert missed.yaml_block["file"] == HOSTILE_GOALS
    assert "\x1b" not in output
    assert "\r" not in output
