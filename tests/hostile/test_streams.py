"""Standard streams as they really are, and a bug's own exit status: real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOALCHECK, REPO, run_process
from goalcheck import cli, engine
from goalcheck.errors import ExitCode


def _shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a shell in the repository, where goals.toml judges the bundled data
    (exit 1: some targets fail)."""
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**_environment(), **env},
        check=False,
        timeout=60,
    )


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "GOALCHECK_DEBUG"}


@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_a_broken_pipe_ends_quietly_with_the_verdicts_exit_status(output_format: str) -> None:
    proc = _shell(f"{GOALCHECK} run --as-of 2024-05-01 -f {output_format} | head -c 10")
    assert (proc.returncode, proc.stderr) == (ExitCode.FAILED, "")
    assert len(proc.stdout) == 10


def test_a_full_disk_on_stdout_is_one_line_and_exit_2() -> None:
    proc = _shell(f"{GOALCHECK} run > /dev/full")
    assert proc.returncode == ExitCode.USAGE
    assert proc.stderr == "<stdout>: error: cannot write: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_2() -> None:
    proc = _shell(f"{GOALCHECK} run >&-")
    assert proc.returncode == ExitCode.USAGE
    assert proc.stderr == "<stdout>: error: standard output is closed\n"


@pytest.mark.parametrize("variables", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C"}])
def test_a_stdout_that_cannot_encode_aeoa_degrades_the_table(variables: dict[str, str]) -> None:
    proc = _shell(f"{GOALCHECK} run --as-of 2024-05-01", **variables)
    assert (proc.returncode, proc.stderr.count("Traceback")) == (ExitCode.FAILED, 0)
    assert "organic-bronze-label" in proc.stdout
    if variables.get("PYTHONIOENCODING") == "ascii":
        assert proc.stdout.isascii()
        assert "Bronzem\\xe6rke" in proc.stdout  # æ escaped, not lost
        assert "\\u2500" not in proc.stdout  # the table's lines drawn in ASCII


def test_json_on_an_ascii_stdout_is_the_same_document_in_escapes() -> None:
    plain = _shell(f"{GOALCHECK} run --as-of 2024-05-01 -f json")
    ascii_only = _shell(f"{GOALCHECK} run --as-of 2024-05-01 -f json", PYTHONIOENCODING="ascii")
    assert ascii_only.stdout.isascii()
    assert not plain.stdout.isascii()
    assert json.loads(ascii_only.stdout) == json.loads(plain.stdout)


def _boom(*args: object) -> None:
    raise ZeroDivisionError("a bug \x1b[2J")


def test_an_internal_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engine, "evaluate", _boom)
    monkeypatch.setattr(sys, "argv", ["goalcheck", "run", "-c", str(REPO / "goals.toml")])
    monkeypatch.delenv("GOALCHECK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == ExitCode.INTERNAL == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "goalcheck: internal error: ZeroDivisionError: a bug \\x1b[2J. This is a bug in"
        " goalcheck; please report it (set GOALCHECK_DEBUG=1 for the traceback).\n"
    )


_CRASH = (
    "import sys; import goalcheck.cli as cli; import goalcheck.engine as engine; "
    "engine.evaluate = lambda *a: {}['no such key']; "
    "sys.argv = ['goalcheck', 'run']; cli.main()"
)


def test_an_internal_error_in_a_real_process_and_its_traceback_on_request() -> None:
    quiet = run_process(sys.executable, "-c", _CRASH, env={"GOALCHECK_DEBUG": ""})
    assert quiet.returncode == 3
    assert quiet.stderr == (
        "goalcheck: internal error: KeyError: 'no such key'. This is a bug in goalcheck; please"
        " report it (set GOALCHECK_DEBUG=1 for the traceback).\n"
    )
    loud = run_process(sys.executable, "-c", _CRASH, env={"GOALCHECK_DEBUG": "1"})
    assert loud.returncode == 3
    assert loud.stderr.startswith("Traceback (most recent call last):\n")
    assert loud.stderr.endswith(quiet.stderr)


def test_bad_usage_is_still_exit_2_through_main(tmp_path: Path) -> None:
    proc = run_process(GOALCHECK, "run", "--as-of", "yesterday", cwd=tmp_path)
    assert proc.returncode == ExitCode.USAGE
    assert "Traceback" not in proc.stderr
