"""Attacks a second, independent pass found after the first hardening: each one test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import DATA, GOALCHECK, GOALS_HEADER, RunCli, run_process, target_toml
from goalcheck import loading
from goalcheck.inert import inert
from goalcheck.locations import KeyLines
from goalcheck.reporters.markdown import escape

Project = Callable[..., Path]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_job_summary_that_is_a_fifo_with_no_reader_is_an_error_not_a_hang(
    project: Project,
) -> None:
    goals = project(target_toml(threshold=5))
    fifo = goals.parent / "summary"
    os.mkfifo(fifo)
    proc = run_process(
        GOALCHECK, "run", "-c", str(goals), "-f", "github",
        env={"GITHUB_STEP_SUMMARY": str(fifo)},
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr == (
        f"{fifo}: error: GITHUB_STEP_SUMMARY: has no reader (a FIFO nobody reads?)\n"
    )
    assert proc.stdout == ""


def test_a_huge_hexadecimal_integer_is_refused_at_once(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(), data=DATA.replace("2019 = 4.19", "2019 = 0x" + "f" * 400_000))
    result = run_cli(["run", "-c", str(goals)], exit_code=2)
    assert result.stderr.endswith(
        "metrics.sick_leave.figures.2019: an integer of 1600000 bits; numbers have at most 28"
        " significant digits and, unless 0, a magnitude from 1e-30 up to (not including) 1e31\n"
    )


def test_a_data_file_shared_by_many_entities_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figures.toml").write_text(DATA, encoding="utf-8")
    names = []
    for n in range(20):
        name = f"e{n}.toml"
        header = GOALS_HEADER.replace('id = "acme"', f'id = "acme-{n}"')
        (tmp_path / name).write_text(header + target_toml(), encoding="utf-8")
        names.append(f'"{name}"')
    top = tmp_path / "goals.toml"
    top.write_text(f"include = [{', '.join(names)}]\n", encoding="utf-8")
    read: list[Path] = []
    real_read = loading.read_toml
    monkeypatch.setattr(
        loading, "read_toml", lambda path, *rest: read.append(path) or real_read(path, *rest)
    )
    goals = loading.load(top)
    assert len(goals.entities) == 20
    assert sorted(str(p.relative_to(tmp_path)) for p in read).count("data/figures.toml") == 1
    assert len(read) == 1 + 20 + 1


@pytest.mark.parametrize("stdout", [">&-", "> /dev/full"])
def test_a_closed_or_full_stdout_writes_no_output_file(project: Project, stdout: str) -> None:
    goals = project(target_toml(threshold=5))
    proc = subprocess.run(
        ["bash", "-c", f"{GOALCHECK} run -c goals.toml -o json=r.json {stdout}"],
        cwd=goals.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("<stdout>: error: ")
    assert _files(goals.parent) == ["data", "data/figures.toml", "goals.toml"]


def test_a_descriptor_beyond_any_is_an_error_not_a_bug(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(threshold=5))
    path = "/dev/fd/99999999999999999999"
    result = run_cli(["run", "-c", str(goals), "-o", f"json={path}"], exit_code=2)
    assert result.stderr == f"{path}: error: --output json: cannot write: Bad file descriptor\n"


def test_a_trailing_slash_names_a_directory_not_a_file(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(threshold=5))
    result = run_cli(["run", "-c", str(goals), "-o", "json=new.json/"], exit_code=2)
    assert result.stderr.splitlines()[-1].endswith(
        "'json=new.json/': 'new.json/' names a directory; name a file"
    )
    assert _files(goals.parent) == ["data", "data/figures.toml", "goals.toml"]


def test_dot_dot_after_a_symlink_is_followed_as_the_system_follows_it(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """data = ["sub/../figures.toml"] with sub a link elsewhere reads the file over there."""
    (tmp_path / "other" / "inner").mkdir(parents=True)
    (tmp_path / "other" / "figures.toml").write_text(
        DATA.replace("2019 = 4.19", "2019 = 3"), encoding="utf-8"
    )
    (tmp_path / "figures.toml").write_text(DATA, encoding="utf-8")  # 4.19: would fail
    (tmp_path / "sub").symlink_to(tmp_path / "other" / "inner")
    goals = tmp_path / "goals.toml"
    header = GOALS_HEADER.replace("data/figures.toml", "sub/../figures.toml")
    goals.write_text(header + target_toml(), encoding="utf-8")
    result = run_cli(["run", "-c", str(goals), "-f", "json"], exit_code=0)
    assert json.loads(result.stdout)["results"][0]["actual"] == 3


def test_markdown_escapes_character_references() -> None:
    assert escape("A &#x202E; B &amp;") == "A \\&#x202E; B \\&amp;"


def test_bidirectional_marks_are_escaped() -> None:
    assert inert("a\u200eb\u200fc\u061cd") == "a\\u200eb\\u200fc\\u061cd"


def test_a_long_array_of_plain_values_keeps_no_line_per_value() -> None:
    text = "a = [\n" + "1,\n" * 5000 + "]\nb = 2\n"
    lines = KeyLines(text)
    assert lines.line_of(("a", 10)) == 12  # the eleventh value, on its own line
    assert lines.line_of(("a", 4000)) == 1  # far into the array: the array's line
    assert lines.line_of(("b",)) == 5003


def _default_signals() -> None:
    for number in (signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)


@pytest.fixture
def blocked_on_summary(project: Project) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """goalcheck blocked appending a large job summary to a FIFO nobody empties, after the
    temporary file of its JSON output was written."""
    goals = project(target_toml(threshold=5))
    fifo = goals.parent / "summary"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader that never reads
    data = goals.parent / "data" / "figures.toml"
    data.write_text(
        data.read_text(encoding="utf-8") + f'note = "{"long note " * 20000}"\n', encoding="utf-8"
    )
    goals.write_text(
        goals.read_text(encoding="utf-8").replace(
            'label = "Sick leave"', f'label = "{"x" * 200_000}"'
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [GOALCHECK, "run", "-c", str(goals), "-f", "github", "-o", "json=r.json"],
        cwd=goals.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(fifo)},
        preexec_fn=_default_signals,
    )
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".tmp") for p in goals.parent.iterdir()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.3)
    yield proc, goals.parent
    proc.kill()
    proc.communicate()
    os.close(reader)


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGHUP, 129), (signal.SIGQUIT, 131)])
def test_a_hang_up_or_quit_leaves_no_temporary_file(
    blocked_on_summary: tuple[subprocess.Popen[bytes], Path], sent: signal.Signals, status: int
) -> None:
    proc, folder = blocked_on_summary
    proc.send_signal(sent)
    _, stderr = proc.communicate(timeout=30)
    assert (proc.returncode, stderr) == (status, b"")
    assert _files(folder) == ["data", "data/figures.toml", "goals.toml", "summary"]


def test_a_formula_of_many_terms_over_many_periods_is_refused_not_a_hang(
    run_cli: RunCli, project: Project
) -> None:
    """100 000 terms over 2 400 monthly figures: 480 million steps, past the limit."""
    months = ", ".join(
        f'"{year}-{month:02d}" = 1' for year in range(2000, 2200) for month in range(1, 13)
    )
    data = DATA + (
        '\n[metrics.a]\nlabel = "A"\nunit = "%"\n'
        'source = { document = "report", section = "Results" }\n'
        f"figures = {{ {months} }}\n"
        '\n[metrics.many]\nlabel = "Many"\nunit = "%"\n'
        'source = { document = "report", section = "Results" }\n'
        f'formula = "{" + ".join(["a"] * 100_000)} - a * 99999"\n'
    )
    goals = project(target_toml(), data=data)
    result = run_cli(["run", "-c", str(goals)], exit_code=2)
    assert "metrics.many.formula: invalid formula 'a + a + a" in result.stderr
    assert result.stderr.endswith(
        "…': 200003 steps for each of 2400 periods is more than the 20,000,000 steps a formula"
        " may take\n"
    )
