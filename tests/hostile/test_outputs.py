"""Outputs never destroy anything: not an input, not a device, not half a set of files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import DATA, GOALCHECK, GOALS_HEADER, RunCli, run_process, target_toml

Project = Callable[..., Path]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def goals(project: Project) -> Path:
    return project(target_toml(threshold=5))


@pytest.mark.parametrize(
    ("spec", "named"),
    [
        ("json={goals}", "{goals}"),
        ("csv={data}", "{data}"),
        ("markdown={folder}/./data/../goals.toml", "{folder}/./data/../goals.toml"),
    ],
)
def test_an_output_onto_an_input_is_refused_and_the_input_kept(
    run_cli: RunCli, goals: Path, spec: str, named: str
) -> None:
    data = goals.parent / "data" / "figures.toml"
    names = {"goals": goals, "data": data, "folder": goals.parent}
    before = {path: path.read_bytes() for path in (goals, data)}
    result = run_cli(["run", "-c", str(goals), "-o", spec.format(**names)], exit_code=2)
    name = spec.partition("=")[0]
    assert result.stderr == (
        f"{Path(named.format(**names))}: error: --output {name}: is a file this run reads (a"
        " goals or data file); goalcheck never writes onto its input\n"
    )
    assert result.stdout == ""
    assert {path: path.read_bytes() for path in before} == before
    assert _files(goals.parent) == ["data", "data/figures.toml", "goals.toml"]


def test_an_output_through_a_symlink_or_hard_link_to_an_input_is_refused(
    run_cli: RunCli, goals: Path
) -> None:
    data = goals.parent / "data" / "figures.toml"
    (goals.parent / "link.json").symlink_to(data)
    os.link(goals, goals.parent / "hard.json")
    for name in ("link.json", "hard.json"):
        out = goals.parent / name
        result = run_cli(["run", "-c", str(goals), "-o", f"json={out}"], exit_code=2)
        assert "is a file this run reads" in result.stderr
    assert data.read_text(encoding="utf-8").startswith("[documents.report]")
    assert goals.read_text(encoding="utf-8").startswith("[entity]")


def test_an_output_onto_an_included_file_is_refused(run_cli: RunCli, goals: Path) -> None:
    top = goals.parent / "all.toml"
    top.write_text('include = ["goals.toml"]\n', encoding="utf-8")
    result = run_cli(["run", "-c", str(top), "-o", f"junit={goals}"], exit_code=2)
    assert "is a file this run reads" in result.stderr
    assert goals.read_text(encoding="utf-8").startswith("[entity]")


def test_two_outputs_naming_one_file_are_an_error(run_cli: RunCli, goals: Path) -> None:
    folder = goals.parent
    (folder / "alias.json").symlink_to(folder / "out.json")
    for second in (f"{folder}/data/../out.json", f"{folder}/alias.json"):
        result = run_cli(
            ["run", "-c", str(goals), "-o", f"json={folder}/out.json", "-o", f"csv={second}"],
            exit_code=2,
        )
        assert result.stderr == (
            f"{second}: error: --output csv: names the same file as"
            f" --output json={folder}/out.json\n"
        )
    assert _files(folder) == ["alias.json", "data", "data/figures.toml", "goals.toml"]


def test_an_output_and_the_github_step_summary_naming_one_file_are_an_error(
    run_cli: RunCli, goals: Path
) -> None:
    summary = goals.parent / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run_cli(
        ["run", "-c", str(goals), "--format", "github", "-o", f"markdown={summary}"],
        exit_code=2,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.stderr == (
        f"{summary}: error: GITHUB_STEP_SUMMARY: names the same file as"
        f" --output markdown={summary}\n"
    )
    assert summary.read_text(encoding="utf-8") == "earlier step\n"


def test_a_character_device_is_written_in_place_never_replaced(
    run_cli: RunCli, goals: Path
) -> None:
    device = goals.parent / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs root")
    run_cli(["run", "-c", str(goals), "-o", f"junit={device}"], exit_code=0)
    assert stat.S_ISCHR(device.stat().st_mode)
    assert [p.name for p in goals.parent.iterdir() if p.name.startswith(".")] == []


def test_dev_stdout_is_written_in_place(goals: Path, tmp_path: Path) -> None:
    with (tmp_path / "captured.txt").open("w", encoding="utf-8") as captured:
        proc = subprocess.run(
            [GOALCHECK, "run", "-c", str(goals), "-f", "csv", "-o", "json=/dev/stdout"],
            stdout=captured,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert (proc.returncode, proc.stderr) == (0, "")
    text = (tmp_path / "captured.txt").read_text(encoding="utf-8")
    # stdout's own report first, then the outputs once it is written.
    csv_text, _, document = text.partition("\n{\n")
    assert json.loads("{\n" + document)["summary"]["pass"] == 1
    assert csv_text.startswith("entity,id,kind,")


def test_a_fifo_with_a_reader_gets_the_report_and_stays_a_fifo(
    run_cli: RunCli, goals: Path
) -> None:
    fifo = goals.parent / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.2)  # let the reader open its end
    run_cli(["run", "-c", str(goals), "-o", f"json={fifo}"], exit_code=0)
    reader.join(timeout=10)
    assert json.loads(received[0])["summary"]["pass"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_with_no_reader_is_an_error_not_a_hang(run_cli: RunCli, goals: Path) -> None:
    fifo = goals.parent / "pipe"
    os.mkfifo(fifo)
    result = run_cli(["run", "-c", str(goals), "-o", f"json={fifo}"], exit_code=2)
    assert result.stderr == (
        f"{fifo}: error: --output json: has no reader (a FIFO nobody reads?)\n"
    )
    assert result.stdout == ""  # found before stdout was written


def test_all_or_nothing_a_failing_output_leaves_no_other_output_and_no_temporary(
    run_cli: RunCli, goals: Path
) -> None:
    folder = goals.parent
    result = run_cli(
        ["run", "-c", str(goals), "-o", f"json={folder}/out.json", "-o", "csv=/dev/full"],
        exit_code=2,
    )
    assert (
        result.stderr == "/dev/full: error: --output csv: cannot write: No space left on device\n"
    )
    # stdout was written first (a full stdout must stop the run before any file is written);
    # the device fails after it, and takes the other output with it.
    assert result.stdout.startswith("Acme (as of ")
    assert _files(folder) == ["data", "data/figures.toml", "goals.toml"]


def test_an_output_into_a_directory_path_is_one_line(run_cli: RunCli, goals: Path) -> None:
    result = run_cli(["run", "-c", str(goals), "-o", f"json={goals.parent}"], exit_code=2)
    assert result.stderr == f"{goals.parent}: error: --output json: is a directory\n"


def test_an_output_path_with_a_control_character_is_refused(run_cli: RunCli, goals: Path) -> None:
    out = f"{goals.parent}/out\x1b[2J.json"
    result = run_cli(["run", "-c", str(goals), "-o", f"json={out}"], exit_code=2)
    assert result.stderr == (
        f"{goals.parent}/out\\x1b[2J.json: error: --output json: the path has a control character\n"
    )
    assert _files(goals.parent) == ["data", "data/figures.toml", "goals.toml"]


def test_a_temporary_name_never_makes_a_legal_output_name_too_long(
    run_cli: RunCli, goals: Path
) -> None:
    name = "r" * 250 + ".json"  # 255 bytes: the longest name most file systems allow
    run_cli(["run", "-c", str(goals), "-o", f"json={goals.parent / name}"], exit_code=0)
    assert json.loads((goals.parent / name).read_text(encoding="utf-8"))["passed"] is True
    assert _files(goals.parent) == ["data", "data/figures.toml", "goals.toml", name]


def _default_signals() -> None:
    for sent in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sent, signal.SIG_DFL)


@pytest.fixture
def blocked_run(goals: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """goalcheck blocked writing a large report into a FIFO nobody empties, after its other
    output's temporary file was written."""
    folder = goals.parent
    data = folder / "data" / "figures.toml"
    # A note of 200 kB makes the JSON larger than a pipe's buffer.
    data.write_text(
        data.read_text(encoding="utf-8") + f'note = "{"long note " * 20000}"\n', encoding="utf-8"
    )
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader that never reads
    proc = subprocess.Popen(
        [GOALCHECK, "run", "-c", str(goals), "-o", f"csv={folder}/out.csv", "-o", f"json={fifo}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # A shell runs a background job with SIGINT ignored, and Python keeps it ignored; the
        # test may itself run in one (make in CI), so the child gets the default handlers.
        preexec_fn=_default_signals,
    )
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".tmp") for p in folder.iterdir()):
        assert time.monotonic() < deadline, "goalcheck never wrote its temporary file"
        time.sleep(0.05)
    time.sleep(0.3)  # now blocked writing into the full FIFO
    yield proc, folder
    proc.kill()
    proc.communicate()
    os.close(reader)


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_an_interrupted_run_leaves_no_temporary_file(
    blocked_run: tuple[subprocess.Popen[bytes], Path], sent: signal.Signals, status: int
) -> None:
    proc, folder = blocked_run
    assert proc.poll() is None
    proc.send_signal(sent)
    _, stderr = proc.communicate(timeout=30)
    assert (proc.returncode, stderr) == (status, b"")
    assert _files(folder) == ["data", "data/figures.toml", "goals.toml", "pipe"]


def test_outputs_are_written_through_a_real_process(goals: Path) -> None:
    folder = goals.parent
    proc = run_process(
        GOALCHECK, "run", "-c", str(goals), "-o", f"junit={folder}/r.xml", "-o", "csv=r.csv",
        cwd=folder,
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (0, "")
    assert _files(folder) == ["data", "data/figures.toml", "goals.toml", "r.csv", "r.xml"]


def test_a_job_summary_that_is_not_utf8_is_appended_to_byte_for_byte(
    run_cli: RunCli, tmp_path: Path
) -> None:
    goals = tmp_path / "goals.toml"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figures.toml").write_text(DATA, encoding="utf-8")
    goals.write_text(GOALS_HEADER + target_toml(), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"an earlier step wrote \xff\xfe\n")
    args = ["run", "--config", str(goals), "--format", "github"]
    run_cli(args, exit_code=1, env={"GITHUB_STEP_SUMMARY": str(summary)})
    written = summary.read_bytes()
    assert written.startswith(b"an earlier step wrote \xff\xfe\n## goalcheck: ")
