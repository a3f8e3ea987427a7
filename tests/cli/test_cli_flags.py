"""run's --exit-zero, --quiet, --color and --csv-excel, and how every command finds goals.toml."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, RunCli, target_toml
from goalcheck import cli, engine, streams
from goalcheck.reporters.csv import COLUMNS

AS_OF = ["--as-of", "2026-01-01"]
# sick_leave is 4.19: under 4 fails, under 5 with a warning band from 4 warns, under 10 passes.
TARGETS = (
    target_toml()
    + target_toml(id="sick-leave-cap", threshold=5, warn_threshold=4)
    + target_toml(id="sick-leave-ceiling", threshold=10)
)
SUMMARY = "3 targets: 1 pass, 1 warn, 1 fail (3 of 3 verdicts provisional)"
BUNDLED_AS_OF = ["--as-of", "2026-11-23"]


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests set NO_COLOR and FORCE_COLOR themselves, and GOALCHECK_CONFIG."""
    for name in ("NO_COLOR", "FORCE_COLOR", "GOALCHECK_CONFIG", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def goals(project: Callable[..., Path]) -> Path:
    """A goals file with one failing, one warning and one passing target, in a repository."""
    path = project(TARGETS)
    (path.parent / ".git").mkdir()
    return path


# --- --exit-zero ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--exit-zero", "--no-fail"])
def test_exit_zero_reports_a_failing_target_and_exits_0(
    run_cli: RunCli, goals: Path, flag: str
) -> None:
    failing = run_cli(["run", "-c", str(goals), *AS_OF], exit_code=1)
    result = run_cli(["run", "-c", str(goals), *AS_OF, flag], exit_code=0)
    assert result.stdout == failing.stdout
    assert result.stdout.splitlines()[-1] == SUMMARY
    assert result.stderr == ""


def test_exit_zero_keeps_fails_run_in_json(run_cli: RunCli, goals: Path) -> None:
    result = run_cli(["run", "-c", str(goals), *AS_OF, "-f", "json", "--exit-zero"], exit_code=0)
    fails = {r["id"]: r["fails_run"] for r in json.loads(result.stdout)["results"]}
    assert fails == {"sick-leave": True, "sick-leave-cap": False, "sick-leave-ceiling": False}


def test_exit_zero_still_exits_2_on_bad_input(run_cli: RunCli, goals: Path) -> None:
    goals.write_text("[entity\n", encoding="utf-8")
    result = run_cli(["run", "-c", str(goals), "--exit-zero"], exit_code=2)
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"{goals}:1:")


def test_exit_zero_still_exits_2_on_a_bad_flag(run_cli: RunCli, goals: Path) -> None:
    run_cli(["run", "-c", str(goals), "--exit-zero", "--fail-on", "nonsense"], exit_code=2)


def test_exit_zero_still_exits_3_on_an_internal_error(
    goals: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine, "evaluate", broken)
    monkeypatch.setattr(streams, "prepare", lambda: None)  # leave pytest's signals alone
    monkeypatch.delenv("GOALCHECK_DEBUG", raising=False)
    monkeypatch.setattr("sys.argv", ["goalcheck", "run", "-c", str(goals), "--exit-zero"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 3
    assert "RuntimeError: a bug" in capsys.readouterr().err


# --- --quiet -------------------------------------------------------------------------------

FULL_TABLE = f"""\
Acme (as of 2026-01-01)

 Target                           Figure   Verdict       Margin
 ──────────────────────────────────────────────────────────────
 Employees
 sick-leave                       4.19 %   FAIL           -0.19
 Sick leave: under 4 % by 2020    (2019)   provisional
                                  █▁
 sick-leave-cap                   4.19 %   WARN           +0.81
 Sick leave: under 5 % by 2020    (2019)   provisional
                                  █▁
 sick-leave-ceiling               4.19 %   PASS           +5.81
 Sick leave: under 10 % by 2020   (2019)   provisional
                                  █▁

{SUMMARY}
"""

QUIET_TABLE = f"""\
Acme (as of 2026-01-01)

 Target                          Figure   Verdict       Margin
 ─────────────────────────────────────────────────────────────
 Employees
 sick-leave                      4.19 %   FAIL           -0.19
 Sick leave: under 4 % by 2020   (2019)   provisional
                                 █▁
 sick-leave-cap                  4.19 %   WARN           +0.81
 Sick leave: under 5 % by 2020   (2019)   provisional
                                 █▁

{SUMMARY}
"""


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_shows_only_what_fails_or_warns_and_the_summary(
    run_cli: RunCli, goals: Path, flag: str
) -> None:
    env = {"COLUMNS": "80"}
    full = run_cli(["run", "-c", str(goals), *AS_OF], exit_code=1, env=env)
    assert full.stdout == FULL_TABLE
    quiet = run_cli(["run", "-c", str(goals), *AS_OF, flag], exit_code=1, env=env)
    assert quiet.stdout == QUIET_TABLE


def test_quiet_with_nothing_failing_prints_the_summary_alone(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    goals = project(target_toml(id="sick-leave-ceiling", threshold=10))
    result = run_cli(["run", "-c", str(goals), *AS_OF, "-q"], exit_code=0)
    assert result.stdout == "1 target: 1 pass, 0 fail (1 of 1 verdicts provisional)\n"


def test_quiet_hides_initiatives_and_passing_rows_but_keeps_warnings(run_cli: RunCli) -> None:
    env = {"COLUMNS": "80"}
    full = run_cli(["run", *BUNDLED_AS_OF], exit_code=1, cwd=REPO, env=env).stdout
    quiet = run_cli(["run", *BUNDLED_AS_OF, "-q"], exit_code=1, cwd=REPO, env=env).stdout
    assert "priority" in full
    assert "priority" not in quiet  # no initiative rows
    assert " PASS " in full
    assert " PASS " not in quiet
    assert " NO DATA " not in quiet
    assert quiet.count(" FAIL ") == full.count(" FAIL ") == 7
    lines = quiet.splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("30 targets: "))
    assert lines[summary:] == full.splitlines()[-len(lines) + summary :]
    assert lines[-2].startswith("data/region-hovedstaden.toml:88: warning: ")
    assert lines[-1].startswith("data/region-hovedstaden.toml:193: warning: ")


@pytest.mark.parametrize("output_format", ["json", "csv", "markdown", "junit"])
def test_quiet_leaves_other_formats_alone(run_cli: RunCli, goals: Path, output_format: str) -> None:
    args = ["run", "-c", str(goals), *AS_OF, "-f", output_format]
    assert run_cli([*args, "-q"], exit_code=1).stdout == run_cli(args, exit_code=1).stdout


def test_quiet_applies_to_a_table_written_to_a_file(
    run_cli: RunCli, goals: Path, tmp_path: Path
) -> None:
    out = tmp_path / "table.txt"
    run_cli(
        ["run", "-c", str(goals), *AS_OF, "-q", "-f", "json", "-o", f"table={out}"],
        exit_code=1,
        env={"COLUMNS": "80"},
    )
    assert out.read_text(encoding="utf-8") == QUIET_TABLE


# --- --color / --no-color ------------------------------------------------------------------

ESC = "\x1b["


@pytest.mark.parametrize(
    ("flags", "env", "coloured"),
    [
        ([], {}, False),  # CliRunner's stdout is not a terminal
        ([], {"NO_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": ""}, False),  # empty is unset
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (["--color"], {}, True),
        (["--color"], {"NO_COLOR": "1"}, True),
        (["--color"], {"TERM": "dumb"}, True),
        (["--no-color"], {}, False),
        (["--no-color"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_follows_the_flag_then_the_environment(
    run_cli: RunCli, goals: Path, flags: list[str], env: dict[str, str], coloured: bool
) -> None:
    result = run_cli(["run", "-c", str(goals), *AS_OF, *flags], exit_code=1, env=env)
    assert (ESC in result.stdout) is coloured
    assert "sick-leave" in result.stdout
    assert SUMMARY in result.stdout


def test_no_colour_output_has_no_trailing_padding(run_cli: RunCli, goals: Path) -> None:
    result = run_cli(
        ["run", "-c", str(goals), *AS_OF, "--no-color"], exit_code=1, env={"COLUMNS": "80"}
    )
    assert result.stdout == FULL_TABLE


def test_a_table_file_is_never_coloured(run_cli: RunCli, goals: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.txt"
    result = run_cli(
        ["run", "-c", str(goals), *AS_OF, "--color", "-o", f"table={out}"],
        exit_code=1,
        env={"FORCE_COLOR": "1"},
    )
    assert ESC in result.stdout
    assert ESC not in out.read_text(encoding="utf-8")


# --- finding goals.toml --------------------------------------------------------------------


def test_goals_toml_is_found_in_a_parent_and_shown_as_found(run_cli: RunCli, goals: Path) -> None:
    deep = goals.parent / "a" / "b"
    deep.mkdir(parents=True)
    result = run_cli(["validate"], exit_code=0, cwd=deep)
    assert result.stdout == (
        "../../goals.toml: ok: 1 entity, 3 targets, 1 metric, 2 figures (2 observations),"
        " 0 initiatives, 0 warnings\n"
    )
    ran = run_cli(["run", *AS_OF, "-f", "json"], exit_code=1, cwd=deep)
    assert [e["id"] for e in json.loads(ran.stdout)["entities"]] == ["acme"]
    explained = run_cli(["explain", "sick-leave", *AS_OF], exit_code=1, cwd=deep)
    assert explained.stdout.startswith("sick-leave: Sick leave\n")


def test_goals_toml_in_the_current_folder_is_shown_as_before(run_cli: RunCli, goals: Path) -> None:
    result = run_cli(["validate"], exit_code=0, cwd=goals.parent)
    assert result.stdout.startswith("goals.toml: ok: 1 entity, 3 targets")


@pytest.mark.parametrize("command", [["run"], ["validate"], ["explain", "sick-leave"]])
def test_no_goals_toml_up_to_the_repository_root_is_one_line_and_exit_2(
    run_cli: RunCli, tmp_path: Path, command: list[str]
) -> None:
    root = tmp_path.resolve()
    (root / "goals.toml").write_text("not even read", encoding="utf-8")  # beyond the root
    repository = root / "repo"
    (repository / ".git").mkdir(parents=True)
    deep = repository / "a" / "b"
    deep.mkdir(parents=True)
    result = run_cli(command, exit_code=2, cwd=deep)
    assert result.stdout == ""
    assert result.stderr == (
        f"goals.toml: error: no such file (looked in {deep} and its parents up to"
        f" {repository}; set --config or GOALCHECK_CONFIG)\n"
    )


def test_no_goals_toml_at_the_repository_root_itself(run_cli: RunCli, tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree's .git
    result = run_cli(["validate"], exit_code=2, cwd=root)
    assert result.stderr == (
        f"goals.toml: error: no such file (looked in {root}; set --config or GOALCHECK_CONFIG)\n"
    )


def test_a_goals_toml_that_is_a_directory_is_found_and_rejected(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "goals.toml").mkdir()
    (tmp_path / "sub").mkdir()
    result = run_cli(["validate"], exit_code=2, cwd=tmp_path / "sub")
    assert result.stderr.startswith("../goals.toml: error: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A second goals file, of entity 'other', beside the first."""
    folder = tmp_path / "other"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "figures.toml").write_text(
        (tmp_path / "data" / "figures.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    header = '[entity]\nid = "other"\nname = "Other"\ndata = ["data/figures.toml"]\n\n'
    path = folder / "goals.toml"
    path.write_text(header + target_toml(), encoding="utf-8")
    return path


def test_goalcheck_config_wins_over_discovery_and_config_over_both(
    run_cli: RunCli, goals: Path, other: Path
) -> None:
    cwd = goals.parent
    env = {"GOALCHECK_CONFIG": str(other)}
    assert run_cli(["validate"], exit_code=0, cwd=cwd).stdout.startswith("goals.toml: ok: ")
    assert run_cli(["validate"], exit_code=0, cwd=cwd, env=env).stdout.startswith(
        f"{other}: ok: 1 entity, 1 target"
    )
    explicit = run_cli(["validate", "--config", str(goals)], exit_code=0, cwd=cwd, env=env)
    assert explicit.stdout.startswith(f"{goals}: ok: 1 entity, 3 targets")
    ran = run_cli(["run", *AS_OF, "-f", "json"], exit_code=1, cwd=cwd, env=env)
    assert [e["id"] for e in json.loads(ran.stdout)["entities"]] == ["other"]


def test_a_missing_goalcheck_config_is_not_looked_for_elsewhere(
    run_cli: RunCli, goals: Path
) -> None:
    env = {"GOALCHECK_CONFIG": "missing.toml"}
    result = run_cli(["validate"], exit_code=2, cwd=goals.parent, env=env)
    assert result.stderr == "missing.toml: error: no such file\n"


# --- --csv-excel ---------------------------------------------------------------------------


def _excel_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark
    text = data.decode("utf-8")[1:]
    assert "\ufeff" not in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _check_excel_rows(rows: list[list[str]]) -> None:
    assert rows[0] == list(COLUMNS)
    column = {name: index for index, name in enumerate(COLUMNS)}
    first = rows[1]
    assert first[column["id"]] == "sick-leave"
    assert first[column["actual"]] == "4,19"
    assert first[column["threshold"]] == "4"
    assert first[column["margin"]] == "-0,19"  # a number, so not prefixed with '
    assert first[column["statement_da"]] == "Sygefravær under 4%"
    assert first[column["sources"]] == "Test report › Goals; Test report › Results"
    assert [row[column["margin"]] for row in rows[1:]] == ["-0,19", "0,81", "5,81"]


def test_csv_excel_on_stdout(run_cli: RunCli, goals: Path) -> None:
    result = run_cli(["run", "-c", str(goals), *AS_OF, "-f", "csv", "--csv-excel"], exit_code=1)
    _check_excel_rows(_excel_rows(result.stdout_bytes))


def test_csv_excel_in_a_file(run_cli: RunCli, goals: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    result = run_cli(
        ["run", "-c", str(goals), *AS_OF, "--csv-excel", "-f", "json", "-o", f"csv={out}"],
        exit_code=1,
    )
    json.loads(result.stdout)  # the other format is unaffected
    _check_excel_rows(_excel_rows(out.read_bytes()))


def test_csv_without_the_flag_is_unchanged(run_cli: RunCli, goals: Path) -> None:
    result = run_cli(["run", "-c", str(goals), *AS_OF, "-f", "csv"], exit_code=1)
    assert result.stdout_bytes.startswith(b"entity,id,kind,")
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[1][COLUMNS.index("actual")] == "4.19"
    assert rows[1][COLUMNS.index("margin")] == "-0.19"


def test_an_explicit_missing_config_is_not_looked_for_elsewhere(
    run_cli: RunCli, goals: Path
) -> None:
    empty = goals.parent / "empty"
    empty.mkdir()
    result = run_cli(["run", "--config", "goals.toml"], exit_code=2, cwd=empty)
    assert result.stderr == "goals.toml: error: no such file\n"
