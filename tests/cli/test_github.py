"""--format github: at most ten errors and ten warnings, the most important first, a notice of
the rest; ``file=`` relative to the workspace; bad input as an annotation too."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import (
    DATA,
    GOALS_HEADER,
    RunCli,
    judge_one,
    make_metric,
    make_report,
    make_target,
    target_toml,
)
from goalcheck.model import Status
from goalcheck.reporters import Options, github
from goalcheck.reporters.github_paths import Paths

Project = Callable[..., Path]
AS_OF = "2026-01-01"  # after 2020, when every target here was due
TITLE = re.compile(r"title=goalcheck%3A (\S+) ")

# Thresholds out of order: `under T` against 4.19 misses by T - 4.19, so the lowest threshold
# is the most negative margin, the most important failure.
FAIL_THRESHOLDS = [3.5, 1, 4, 2.5, 0.5, 3, 2, 3.9, 1.5, 0.1, 3.8, 2.2]


@pytest.fixture(autouse=True)
def _no_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test run inside GitHub Actions has GITHUB_WORKSPACE set: each test says its own."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def _fails(thresholds: list[float], prefix: str = "f") -> str:
    return "".join(
        target_toml(id=f"{prefix}{i:02}", threshold=t) for i, t in enumerate(thresholds, 1)
    )


def _warns(count: int) -> str:
    """Targets of severity warn that are missed: warn results, each a ::warning."""
    return "".join(
        target_toml(id=f"w{i:02}", threshold=4 - i / 10, severity="warn") for i in range(count)
    )


def _github(run_cli: RunCli, goals: Path, *args: str, exit_code: int = 1) -> list[str]:
    result = run_cli(
        ["run", "--config", str(goals), "--format", "github", "--as-of", AS_OF, *args],
        exit_code=exit_code,
    )
    assert result.stderr == ""
    return result.stdout.splitlines()


def _ids(lines: list[str], level: str) -> list[str]:
    return [
        match.group(1)
        for line in lines
        if line.startswith(f"::{level} ") and (match := TITLE.search(line))
    ]


# --- at most ten of each, the most important first ----------------------------------------------


def test_eleven_or_more_failures_give_the_ten_worst_errors_and_a_notice(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_fails(FAIL_THRESHOLDS) + _warns(11))
    lines = _github(run_cli, goals)
    by_margin = sorted(range(1, 13), key=lambda i: FAIL_THRESHOLDS[i - 1])
    assert _ids(lines, "error") == [f"f{i:02}" for i in by_margin[:10]]
    assert lines[0].endswith("under 0.1 %25 by 2020; margin -4.09")
    assert lines[9].endswith("under 3.8 %25 by 2020; margin -0.39")
    # The warnings likewise: the misses of w10 (3 %) down to w01 (3.9 %); w00 (4 %) left out.
    assert _ids(lines, "warning") == [f"w{i:02}" for i in range(10, 0, -1)]
    assert all(line.startswith("::error ") for line in lines[:10])
    assert all(line.startswith("::warning ") for line in lines[10:20])
    assert lines[20:] == [
        "::notice::goalcheck: 2 errors and 1 warning are not shown as annotations: GitHub shows"
        " at most 10 errors and 10 warnings of a step. The job summary (GITHUB_STEP_SUMMARY)"
        " lists them all.",
        f"goalcheck: 0 pass, 11 warn, 12 fail, 0 waived, 0 pending, 0 no data (as of {AS_OF})",
    ]


def test_the_notice_counts_only_what_was_left_out(run_cli: RunCli, project: Project) -> None:
    goals = project(_fails(FAIL_THRESHOLDS[:11]))
    lines = _github(run_cli, goals)
    assert len(_ids(lines, "error")) == 10
    assert lines[-2] == (
        "::notice::goalcheck: 1 error is not shown as annotations: GitHub shows at most 10"
        " errors and 10 warnings of a step. The job summary (GITHUB_STEP_SUMMARY) lists them all."
    )


def test_ten_errors_and_ten_warnings_give_no_notice(run_cli: RunCli, project: Project) -> None:
    goals = project(_fails(FAIL_THRESHOLDS[:10]) + _warns(10))
    lines = _github(run_cli, goals)
    assert (len(_ids(lines, "error")), len(_ids(lines, "warning"))) == (10, 10)
    assert len(lines) == 21
    assert not any(line.startswith("::notice") for line in lines)


def test_fails_come_before_what_fails_the_run_otherwise(run_cli: RunCli, project: Project) -> None:
    """With --strict, no data fails the run too, but after every fail."""
    no_data = target_toml(id="nothing-yet", metric="courses", period="2020")
    data = DATA + (
        '\n[metrics.courses]\nlabel = "Courses"\nunit = "%"\n'
        'source = { document = "report", section = "Results" }\nfigures = {}\n'
    )
    goals = project(no_data + _fails([3, 1, 2]), data=data)
    lines = _github(run_cli, goals, "--strict")
    assert _ids(lines, "error") == ["f02", "f03", "f01", "nothing-yet"]


def test_a_failure_without_a_margin_comes_after_those_with_one() -> None:
    as_of = date(2024, 1, 1)
    results = [
        judge_one(make_target(id=f"t{t}", threshold=Decimal(t)), make_metric({"2020": "9"}), as_of)
        for t in (5, 1, 3)
    ]
    results[1] = replace(results[1], margin=None)  # as a milestone judged on no date can be
    assert [r.status for r in results] == [Status.FAIL] * 3
    lines = github.annotate(make_report(*results, as_of=as_of), Options(), Paths({}))
    assert _ids(lines, "error") == ["t3", "t5", "t1"]


# --- file= relative to the workspace --------------------------------------------------------


def _nested(tmp_path: Path) -> Path:
    """A repository with its goals in goals/ and its figures in data/, and a folder ci/."""
    (tmp_path / "goals").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "data" / "figures.toml").write_text(DATA, encoding="utf-8")
    header = GOALS_HEADER.replace('"data/figures.toml"', '"../data/figures.toml"')
    goals = tmp_path / "goals" / "acme.toml"
    goals.write_text(header + target_toml(), encoding="utf-8")
    return goals


def _file(lines: list[str]) -> str:
    return lines[0].split("::")[1].split(",")[0]


def test_paths_are_relative_to_the_workspace_from_a_subfolder(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _nested(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path / "ci")
    lines = _github(run_cli, Path("../goals/acme.toml"))
    assert _file(lines) == "error file=goals/acme.toml"
    assert lines[0].startswith("::error file=goals/acme.toml,line=6,title=goalcheck%3A")


def test_a_workspace_named_through_a_link_is_resolved(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    goals = _nested(repo)
    (tmp_path / "link").symlink_to(repo)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "link"))
    monkeypatch.chdir(tmp_path)
    assert _file(_github(run_cli, goals)) == "error file=goals/acme.toml"
    assert _file(_github(run_cli, Path("repo/goals/../goals/acme.toml"))) == (
        "error file=goals/acme.toml"
    )


def test_without_a_workspace_paths_are_relative_to_the_current_directory(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = _nested(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _file(_github(run_cli, goals)) == "error file=goals/acme.toml"  # given absolute
    monkeypatch.chdir(tmp_path / "ci")
    assert _file(_github(run_cli, Path("../goals/acme.toml"))) == (
        "error file=../goals/acme.toml"  # outside the current directory: as given
    )


def test_a_file_outside_the_workspace_is_relative_to_the_current_directory(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = _nested(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    assert _file(_github(run_cli, goals)) == "error file=goals/acme.toml"


def test_a_file_outside_both_is_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    paths = Paths({"GITHUB_WORKSPACE": str(tmp_path / "a")})
    assert paths.shown(str(tmp_path / "b.toml")) == str(tmp_path / "b.toml")
    assert paths.shown("../b.toml") == "../b.toml"
    assert paths.shown("./c/../d.toml") == "d.toml"
    assert paths.shown("x\x00y.toml") == "x\x00y.toml"  # cannot be resolved: as given


# --- bad input -------------------------------------------------------------------------------

BAD_DATA = DATA.replace("2019 = 4.19", "2019 = 'x'")
BAD_LINE = "metrics.sick_leave.figures.2019: expected a number, got a string ('x')"


def test_bad_input_under_github_is_an_annotation_and_one_line_on_stderr(
    run_cli: RunCli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = project(target_toml(), data=BAD_DATA)
    monkeypatch.chdir(goals.parent)
    result = run_cli(["run", "--format", "github"], exit_code=2)
    assert result.stdout == f"::error file=data/figures.toml,line=9,title=goalcheck::{BAD_LINE}\n"
    assert result.stderr == f"data/figures.toml:9: error: {BAD_LINE}\n"


def test_bad_input_is_annotated_relative_to_the_workspace(
    run_cli: RunCli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = project(target_toml(), data=BAD_DATA)
    (goals.parent / "ci").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(goals.parent))
    monkeypatch.chdir(goals.parent / "ci")
    result = run_cli(["run", "-c", "../goals.toml", "-f", "github"], exit_code=2)
    assert result.stdout == f"::error file=data/figures.toml,line=9,title=goalcheck::{BAD_LINE}\n"
    assert result.stderr == f"../data/figures.toml:9: error: {BAD_LINE}\n"


def test_bad_input_annotation_is_escaped(
    run_cli: RunCli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = project(target_toml(threshold="50%"))
    monkeypatch.chdir(goals.parent)
    goals = goals.rename(goals.parent / "go,als:1.toml")
    result = run_cli(["run", "-c", goals.name, "-f", "github"], exit_code=2)
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=go%2Cals%3A1.toml,line=")
    assert ",title=goalcheck::" in line
    assert "'50%25'" in line
    assert "'50%'" in result.stderr


def test_bad_input_under_other_formats_writes_nothing_on_stdout(
    run_cli: RunCli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    goals = project(target_toml(), data=BAD_DATA)
    monkeypatch.chdir(goals.parent)
    for args in (["run"], ["run", "-f", "json"], ["validate"], ["explain", "sick-leave"]):
        result = run_cli(args, exit_code=2)
        assert (result.stdout, result.stderr) == ("", f"data/figures.toml:9: error: {BAD_LINE}\n")
