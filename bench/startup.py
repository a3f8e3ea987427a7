"""Start-up benchmark: `goalcheck run` (JSON and the table) against a pytest peer.

Run with `make bench`, or `python bench/startup.py --runs 40`. Machines are noisy, so the
figures that matter are ratios, every one measured in this one run, interleaved so that drift
hits every command alike. Each command runs once untimed first, which warms the file cache
and writes the .pyc files a pip-installed package ships with (PYTHONDONTWRITEBYTECODE is
cleared for the children, so a machine that sets it measures what users get, not compiling).

The peer is what a user would otherwise write: bench/peer/test_targets.py, fifteen
parametrised asserts, run by pytest in a temporary folder. Two peers are timed:

  pytest, bare         only pytest's own plugins (PYTEST_DISABLE_PLUGIN_AUTOLOAD=1): the
                       strictest peer, pytest as a fresh `pip install pytest` has it;
  pytest, this venv    every plugin installed here loads (hypothesis's, for goalcheck's own
                       tests): the peer the start-up goal was first measured against.

Two floors say what no change to goalcheck can win back: `python -c pass`, and typer plus
pydantic validating one one-field model, the design card's required packages doing nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOALCHECK = Path(sys.executable).with_name("goalcheck")
PYTEST = Path(sys.executable).with_name("pytest")
PEER = Path(__file__).resolve().parent / "peer" / "test_targets.py"

FLOOR = """\
import typer
from pydantic import BaseModel
class Figure(BaseModel):
    value: float
Figure.model_validate({"value": 4.19})
"""

# The goals: each goalcheck command's median as a ratio to the peer's, at most this.
GOALS = {"goalcheck run --format json": 0.75, "goalcheck run (table)": 0.90}
BARE = "pytest, bare"
VENV = "pytest, this venv"


def commands(folder: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    peer = [str(PYTEST), "-q", "--rootdir", str(folder), str(folder / PEER.name)]
    return {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "typer + pydantic, one model": ([sys.executable, "-c", FLOOR], env),
        BARE: (peer, {**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}),
        VENV: (peer, env),
        "goalcheck --version": ([str(GOALCHECK), "--version"], env),
        "goalcheck run --format json": ([str(GOALCHECK), "run", "--format", "json"], env),
        "goalcheck run (table)": ([str(GOALCHECK), "run"], env),
    }


def time_all(runs: int, folder: Path) -> dict[str, list[float]]:
    todo = commands(folder)
    times: dict[str, list[float]] = {name: [] for name in todo}
    for name, (command, env) in todo.items():  # warm up; check each works
        proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=False)
        if proc.returncode not in (0, 1):
            sys.exit(
                f"{name} exited {proc.returncode}: {proc.stderr.decode()}{proc.stdout.decode()}"
            )
    for _ in range(runs):
        for name, (command, env) in todo.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=False)
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs per command (default 20)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="goalcheck-bench-") as tmp:
        folder = Path(tmp)
        shutil.copy(PEER, folder / PEER.name)
        times = time_all(runs, folder)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    print(f"{runs} runs each, interleaved; median and fastest wall time; ratios of medians")
    print(f"{'command':<30} {'median':>9} {'fastest':>9} {'/ ' + BARE:>15} {'/ ' + VENV:>20}")
    for name, samples in times.items():
        print(
            f"{name:<30} {medians[name] * 1000:>7.1f}ms {min(samples) * 1000:>7.1f}ms"
            f" {medians[name] / medians[BARE]:>14.2f}x {medians[name] / medians[VENV]:>19.2f}x"
        )
    print()
    for name, goal in GOALS.items():
        for peer in (BARE, VENV):
            ratio = medians[name] / medians[peer]
            verdict = "met" if ratio <= goal else "not met"
            print(f"goal: {name} <= {goal:.2f}x {peer}: {ratio:.2f}x, {verdict}")


if __name__ == "__main__":
    main()
