"""goalcheck as a user runs it: through typer's CliRunner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, GOALCHECK, REPO, RunCli, run_process, target_toml

BUNDLED = str(REPO / "goals.toml")
ALERIS = ["--config", BUNDLED, "--entity", "aleris-hamlet"]


def test_run_judges_the_bundled_aleris_hamlet_goals(run_cli: RunCli) -> None:
    result = run_cli(["run", *ALERIS, "--format", "json"], exit_code=1)
    document = json.loads(result.stdout)
    by_id = {r["id"]: r for r in document["results"]}
    expected = {
        "sick-leave-total": (4.19, "2019", "fail", -0.19),
        "nps": (92, "2019", "pass", 2),
        "whistleblower-awareness": (35, "2018", "fail", -40),
        "survey-response-rate": (93, "2019", "pass", 3),
        "engagement-index": (4.5, "2018", "pass", 0),
        "leader-index": (4.5, "2018", "pass", 0),
        "bullying": (2, "2018", "fail", -2),
        "sexual-harassment": (1, "2018", "fail", -1),
        "internships-flexjobs": (8, "2019", "fail", -2),
        "education-placements": (8, "2019", "fail", -2),
    }
    for target_id, (actual, period, status, margin) in expected.items():
        r = by_id[target_id]
        assert (r["actual"], r["actual_period"], r["status"], r["margin"], r["final"]) == (
            actual,
            period,
            status,
            margin,
            False,
        ), target_id
    no_data = sorted(i for i, r in by_id.items() if r["status"] == "no_data")
    assert no_data == [
        "hospitals-educating",
        "mus-lus-offered",
        "new-hires-anticorruption",
        "organic-bronze-label",
        "suppliers-code-of-conduct",
    ]
    assert document["summary"] == {
        "pass": 4,
        "warn": 0,
        "fail": 6,
        "waived": 0,
        "pending": 0,
        "no_data": 5,
    }
    assert by_id["whistleblower-awareness"]["target_period"] == "2021"
    assert [e["id"] for e in document["entities"]] == ["aleris-hamlet"]
    assert (document["initiatives"], document["warnings"]) == ([], [])
    assert result.stderr == ""


def test_the_table_shows_each_verdict_and_the_summary(run_cli: RunCli) -> None:
    result = run_cli(["run", *ALERIS], exit_code=1)
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    assert rows["sick-leave-total"][1:] == ["4.19", "%", "FAIL", "-0.19"]
    assert rows["nps"][1:] == ["92", "PASS", "+2"]
    assert rows["whistleblower-awareness"][1:] == ["35", "%", "FAIL", "-40"]
    assert rows["survey-response-rate"][1:] == ["93", "%", "PASS", "+3"]
    assert rows["mus-lus-offered"][1:] == ["no", "figure", "NO", "DATA"]
    assert result.stdout.splitlines()[-1] == (
        "15 targets: 4 pass, 6 fail, 5 no data (10 of 10 verdicts provisional)"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_goals_toml_in_the_current_folder_is_the_default(run_cli: RunCli) -> None:
    result = run_cli(["run", "--format", "json"], exit_code=1, cwd=REPO)
    entities = [e["id"] for e in json.loads(result.stdout)["entities"]]
    assert entities == ["aleris-hamlet", "region-hovedstaden"]


def test_exit_status_is_0_when_nothing_fails(run_cli: RunCli, project: Callable[..., Path]) -> None:
    goals = project(target_toml(threshold=5))
    result = run_cli(["run", "--config", str(goals)], exit_code=0)
    assert "1 target: 1 pass, 0 fail (1 of 1 verdicts provisional)" in result.stdout


def test_strict_also_fails_on_no_data(run_cli: RunCli, project: Callable[..., Path]) -> None:
    goals = project(target_toml(threshold=5) + target_toml(id="later", period="2017"))
    run_cli(["run", "--config", str(goals)], exit_code=0)
    run_cli(["run", "--config", str(goals), "--strict"], exit_code=1)


def test_validate_checks_without_judging(run_cli: RunCli, project: Callable[..., Path]) -> None:
    goals = project(target_toml())
    result = run_cli(["validate", "--config", str(goals)], exit_code=0)
    assert result.stdout == (
        f"{goals}: ok: 1 entity, 1 target, 1 metric, 2 figures (2 observations),"
        " 0 initiatives, 0 warnings\n"
    )
    bad = project(target_toml(metric="sick_leav"))
    result = run_cli(["validate", "--config", str(bad)], exit_code=2)
    assert result.stdout == ""
    assert result.stderr == (
        f"{bad}:11: error: targets[0].metric: unknown metric 'sick_leav'"
        " (did you mean 'sick_leave'?)\n"
    )


def test_bad_input_is_one_line_on_stderr_and_nothing_on_stdout(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    goals = project(target_toml(), data=DATA.replace("4.19", "nan"))
    result = run_cli(["run", "--config", str(goals), "--format", "json"], exit_code=2)
    assert result.stdout == ""
    assert result.stderr == (
        f"{goals.parent / 'data' / 'figures.toml'}:9: error: metrics.sick_leave.figures.2019:"
        " nan is not allowed: figures must be finite numbers\n"
    )


def test_an_unknown_format_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli(["run", "--config", BUNDLED, "--format", "xml"], exit_code=2)
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: Invalid value for '--format' / '-f': ")
    assert last.endswith(
        "'xml' is not one of 'table', 'json', 'junit', 'github', 'markdown', 'csv', 'html',"
        " 'sarif', 'azure', 'gitlab', 'tap', 'xlsx'."
    )
    assert result.stdout == ""


def test_version(run_cli: RunCli) -> None:
    from goalcheck import __version__

    assert run_cli(["--version"], exit_code=0).stdout == f"goalcheck {__version__}\n"


def _goalcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_process(sys.executable, *args, env=env)


# Runs goalcheck as ``python -m goalcheck`` would, then reports on stderr which modules of
# goalcheck, rich and pydantic the run imported.
_IMPORTS_PROBE = """
import json, runpy, sys
sys.argv = ["goalcheck", *sys.argv[1:]]
try:
    runpy.run_module("goalcheck", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
modules = sorted(
    m for m in sys.modules if m.split(".")[0] in ("rich", "goalcheck", "pydantic")
)
print(json.dumps(modules), file=sys.stderr)
sys.exit(code)
"""


def test_a_real_process_prints_json_without_importing_rich() -> None:
    proc = _goalcheck("-c", _IMPORTS_PROBE, "run", "--format", "json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["summary"]["pass"] > 0
    imported = json.loads(proc.stderr)
    assert "goalcheck.reporters.json" in imported
    assert [m for m in imported if m.split(".")[0] == "rich"] == []
    table = _goalcheck("-c", _IMPORTS_PROBE, "run")
    assert "rich.table" in json.loads(table.stderr), "the probe must see rich when it is used"


@pytest.mark.parametrize("asked", [["--version"], ["--help"], ["run", "--help"]])
def test_the_version_and_help_load_no_model_and_no_rich(asked: list[str]) -> None:
    proc = _goalcheck("-c", _IMPORTS_PROBE, *asked)
    assert proc.returncode == 0
    assert proc.stdout.startswith("goalcheck 0.1.0\n" if asked == ["--version"] else "Usage:")
    imported = json.loads(proc.stderr.splitlines()[-1])
    assert [m for m in imported if m.split(".")[0] == "rich"] == []
    assert [m for m in imported if m.startswith(("goalcheck.model", "goalcheck.loading"))] == []
    if asked == ["--version"]:  # typer itself builds pydantic adapters for a command's help
        assert [m for m in imported if m.split(".")[0] == "pydantic"] == []
    run = json.loads(_goalcheck("-c", _IMPORTS_PROBE, "run", "--format", "json").stderr)
    assert "goalcheck.model.files" in run, "the probe must see the model when it is used"


def test_the_installed_command_runs_as_a_real_process() -> None:
    proc = run_process(GOALCHECK, "run", "--format", "json", "--entity", "aleris-hamlet")
    assert (proc.returncode, proc.stderr) == (1, "")
    assert json.loads(proc.stdout)["summary"]["pass"] == 4


def test_a_real_process_prints_the_table_with_rich_and_no_colour_under_no_color() -> None:
    coloured = _goalcheck(
        "-m", "goalcheck", "run", env={"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm"}
    )
    assert coloured.returncode == 1
    assert "\x1b[" in coloured.stdout
    plain = _goalcheck(
        "-m", "goalcheck", "run", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    )
    assert plain.returncode == 1
    colour_codes = [f"\x1b[{code}" for code in ("31", "32", "33", "1;31", "1;32", "1;33")]
    assert not [code for code in colour_codes if code in plain.stdout]
    assert "sick-leave-total" in plain.stdout
    assert plain.stderr == ""
