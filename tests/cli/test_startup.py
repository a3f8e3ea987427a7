"""Start-up (issue 11): the collector is paused while goalcheck starts and back on, with
start-up's objects frozen, before the user's files are read; --version loads no model."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator

import pytest

from conftest import REPO, run_process
from goalcheck import startup

# Runs goalcheck as the console script does, recording whether the collector was on when the
# goals file was opened, and how the process left it.
_PROBE = """
import gc, json, sys
from goalcheck import cli
from goalcheck.loading import files
seen = {}
read = files.read_toml
def spy(path, *args, **kwargs):
    seen.setdefault("enabled_when_read", gc.isenabled())
    seen.setdefault("frozen_when_read", gc.get_freeze_count())
    return read(path, *args, **kwargs)
files.read_toml = spy
import goalcheck.loading as loading
loading.read_toml = spy
sys.argv = ["goalcheck", *sys.argv[1:]]
try:
    cli.main()
except SystemExit as exc:
    seen["code"] = exc.code
seen["enabled_at_exit"] = gc.isenabled()
print(json.dumps(seen), file=sys.stderr)
"""


def test_the_collector_is_on_and_start_up_frozen_when_the_files_are_read() -> None:
    proc = run_process(sys.executable, "-c", _PROBE, "run", "--format", "json", cwd=REPO)
    seen = json.loads(proc.stderr.splitlines()[-1])
    assert seen["code"] == 1
    assert seen["enabled_when_read"] is True
    assert seen["frozen_when_read"] > 10_000  # typer's, pydantic's and goalcheck's objects
    assert seen["enabled_at_exit"] is True
    assert json.loads(proc.stdout)["summary"]["fail"] == 7


def test_bad_usage_ends_before_the_files_with_the_collector_still_paused_harmlessly() -> None:
    proc = run_process(sys.executable, "-c", _PROBE, "run", "--fail-on", "nonsense", cwd=REPO)
    seen = json.loads(proc.stderr.splitlines()[-1])
    assert seen["code"] == 2
    assert "enabled_when_read" not in seen  # nothing was read
    assert seen["enabled_at_exit"] is False  # and the process ends with nothing to collect


@pytest.fixture
def collector() -> Iterator[None]:
    """Leave the test process's collector as it was found."""
    was_on = gc.isenabled()
    yield
    gc.unfreeze()
    if was_on:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector")
def test_pause_and_resume_turn_the_collector_off_and_on() -> None:
    gc.enable()
    startup.pause()
    assert not gc.isenabled()
    startup.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    startup.resume()  # a second resume changes nothing
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_collector_the_embedding_program_turned_off_stays_off() -> None:
    gc.disable()
    startup.pause()
    startup.resume()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
