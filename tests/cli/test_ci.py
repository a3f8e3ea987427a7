"""goalcheck in a CI pipeline: several outputs from one run, policy flags, GitHub Actions."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema
import junitparser
import pytest

from conftest import GOALCHECK, REPO, RunCli, run_process, target_toml
from goalcheck.schemas import json_schema


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_process(GOALCHECK, *args, env=env)


def test_one_run_writes_the_table_and_junit_markdown_json_files(tmp_path: Path) -> None:
    proc = _run(
        "run",
        "--as-of",
        "2024-05-01",
        "--output",
        f"junit={tmp_path / 'report.xml'}",
        "-o",
        f"markdown={tmp_path / 'report.md'}",
        "-o",
        f"json={tmp_path / 'report.json'}",
    )
    assert (proc.returncode, proc.stderr) == (1, "")
    assert "Aleris-Hamlet (as of 2024-05-01)" in proc.stdout  # the table, on stdout
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    xml = junitparser.JUnitXml.fromfile(str(tmp_path / "report.xml"))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == len(document["results"]) == 30
    assert [c.name for c in cases] == [r["id"] for r in document["results"]]
    assert xml.failures == document["summary"]["fail"] == 7
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("## goalcheck: ❌ the check fails\n")
    assert markdown.count("\n| ") == 30 + 2 * 2  # a row per result; header and rule per entity
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "report.md", "report.xml"]


def test_the_json_output_validates_against_goalcheck_schema_results() -> None:
    schema = json.loads(_run("schema", "results").stdout)
    for as_of in ("2024-05-01", "2026-01-01"):
        proc = _run("run", "--format", "json", "--as-of", as_of)
        jsonschema.validate(json.loads(proc.stdout), schema)
    bad = json.loads(_run("run", "--format", "json").stdout)
    bad["results"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError, match="surprise"):
        jsonschema.validate(bad, schema)


def test_github_annotations_on_stdout_and_the_summary_in_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = _run(
        "run",
        "--format",
        "github",
        "--as-of",
        "2024-05-01",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 7
    # The most negative margin first: a milestone 91 days late, then this one.
    assert errors[1].startswith(
        "::error file=goals/aleris-hamlet.toml,line=27,title=goalcheck%3A whistleblower-awareness"
        " fail::fail: 35 %25 (2018, provisional)"
    )
    goals = (REPO / "goals/aleris-hamlet.toml").read_text(encoding="utf-8").splitlines()
    assert goals[26] == "[[targets]]"
    assert goals[27] == 'id = "whistleblower-awareness"'
    assert [w.split("::")[1].split(",")[0] for w in warnings] == [
        "warning file=data/region-hovedstaden.toml",
        "warning file=data/region-hovedstaden.toml",
    ]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## goalcheck: ❌ the check fails\n")


def test_no_step_summary_without_the_github_format(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    _run("run", "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_bad_input_writes_no_output_file(run_cli: RunCli, project: Callable[..., Path]) -> None:
    goals = project(target_toml(threshold='"4"'))
    out = goals.parent / "out.xml"
    run_cli(["run", "--config", str(goals), "-o", f"junit={out}"], exit_code=2)
    assert not out.exists()


def test_an_output_that_cannot_be_written_is_one_line_and_no_stray_file(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    goals = project(target_toml(threshold=5))
    missing = goals.parent / "no-such-dir" / "out.xml"
    result = run_cli(["run", "--config", str(goals), "-o", f"junit={missing}"], exit_code=2)
    assert result.stderr == (
        f"{missing}: error: --output junit: no such directory: {missing.parent}\n"
    )
    assert result.stdout == ""
    assert sorted(p.name for p in goals.parent.iterdir()) == ["data", "goals.toml"]


def test_an_existing_output_is_replaced_whole(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    goals = project(target_toml(threshold=5))
    out = goals.parent / "out.json"
    out.write_text("old" * 10000, encoding="utf-8")
    out.chmod(0o640)
    run_cli(["run", "--config", str(goals), "-o", f"json={out}"], exit_code=0)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["pass"] == 1
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in goals.parent.iterdir()) == ["data", "goals.toml", "out.json"]


@pytest.mark.parametrize(
    ("flags", "exit_code"),
    [
        ([], 0),
        (["--fail-on", "fail"], 0),
        (["--fail-on", "warn"], 1),
        (["--fail-on", "fail,no_data,warn"], 1),
        (["--fail-on", "no_data"], 1),
        (["--strict"], 1),  # alias: adds no_data
        (["--fail-on", "pending"], 0),
    ],
)
def test_fail_on_names_the_statuses_that_fail_the_run(
    run_cli: RunCli, project: Callable[..., Path], flags: list[str], exit_code: int
) -> None:
    # 4.19 % against under 5 % with a band from 4 %: warn; a target due 2017 has no data.
    goals = project(
        target_toml(threshold=5, warn_threshold=4) + target_toml(id="old", period="2017")
    )
    result = run_cli(
        ["run", "--config", str(goals), "--format", "json", *flags], exit_code=exit_code
    )
    document = json.loads(result.stdout)
    assert [r["status"] for r in document["results"]] == ["warn", "no_data"]
    assert document["passed"] is (exit_code == 0)


def test_an_unknown_fail_on_status_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli(["run", "--fail-on", "fail,nodata"], exit_code=2, cwd=REPO)
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--fail-on': 'nodata' is not a status; choose from pass,"
        " warn, fail, waived, pending, no_data"
    )


@pytest.mark.parametrize(("explanation", "exit_code"), [(None, 1), ("Flu season hit twice.", 0)])
def test_require_explanations_fails_a_missed_target_left_unexplained(
    run_cli: RunCli, project: Callable[..., Path], explanation: str | None, exit_code: int
) -> None:
    goals = project(target_toml(explanation=explanation))
    flags = ["--fail-on", "no_data", "--require-explanations"]
    run_cli(["run", "--config", str(goals), *flags], exit_code=exit_code)
    run_cli(["run", "--config", str(goals), "--fail-on", "no_data"], exit_code=0)


@pytest.mark.parametrize(
    ("until", "status", "exit_code"),
    [("2024-05-01", "waived", 0), ("2024-04-30", "fail", 1)],  # ends today; ended yesterday
)
def test_a_waiver_through_the_command_line(
    run_cli: RunCli, project: Callable[..., Path], until: str, status: str, exit_code: int
) -> None:
    waiver = {"until": until, "reason": "New survey vendor", "decided_by": "HR board 2024-01"}
    goals = project(target_toml(waiver=waiver))
    result = run_cli(
        ["run", "--config", str(goals), "--as-of", "2024-05-01", "--format", "json"],
        exit_code=exit_code,
    )
    (record,) = json.loads(result.stdout)["results"]
    assert record["status"] == status
    assert record["waiver"] == {
        "until": until,
        "reason": "New survey vendor",
        "decided_by": "HR board 2024-01",
        "decided": None,
        "in_force": status == "waived",
    }


@pytest.mark.parametrize(
    ("as_of", "status", "in_force", "exit_code"),
    [("2024-01-30", "fail", False, 1), ("2024-01-31", "waived", True, 0)],
)
def test_a_waiver_counts_only_from_the_day_it_was_decided(
    run_cli: RunCli,
    project: Callable[..., Path],
    as_of: str,
    status: str,
    in_force: bool,
    exit_code: int,
) -> None:
    waiver = {
        "until": "2024-12-31",
        "reason": "New survey vendor",
        "decided_by": "HR board",
        "decided": "2024-01",
    }
    goals = project(target_toml(period="2023", waiver=waiver))
    args = ["run", "--config", str(goals), "--as-of", as_of]
    (record,) = json.loads(run_cli([*args, "--format", "json"], exit_code=exit_code).stdout)[
        "results"
    ]
    assert (record["status"], record["waiver"]["in_force"]) == (status, in_force)
    assert record["waiver"]["decided"] == "2024-01"
    table = run_cli(args, exit_code=exit_code, env={"COLUMNS": "200"}).stdout
    if not in_force:
        assert "the waiver until 2024-12-31 is not counted: it was decided 2024-01" in table


def test_a_waiver_decided_after_its_last_day_is_bad_input(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    waiver = {"until": "2024-06", "reason": "r", "decided_by": "HR", "decided": "2024-07-01"}
    goals = project(target_toml(waiver=waiver))
    result = run_cli(["run", "--config", str(goals)], exit_code=2)
    assert result.stderr.endswith(
        ": error: targets[0].waiver.decided: decided 2024-07-01, after the waiver's last day"
        " (2024-06): it would never count\n"
    )


def test_the_committed_schemas_are_the_generated_ones() -> None:
    for name in ("goals", "data", "results"):
        committed = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        assert committed == json_schema(name), f"run `make schemas` to update {name}"


def test_version_and_shell_completion() -> None:
    from goalcheck import __version__

    assert _run("--version").stdout == f"goalcheck {__version__}\n"
    completion = _run(
        env={
            "_GOALCHECK_COMPLETE": "complete_bash",
            "COMP_WORDS": "goalcheck run --fo",
            "COMP_CWORD": "2",
        }
    )
    assert completion.stdout.split() == ["--format"]
