"""Start-up benchmark: wall time of `goalcheck run` (table and JSON) against `python -c pass`.

Run with `make bench`. Machines are noisy, so the figures that matter are the ratios, all
measured in this one run, interleaved so that drift hits every command alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOALCHECK = Path(sys.executable).with_name("goalcheck")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs per command (default 20)")
    runs = parser.parse_args().runs
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "goalcheck run": [str(GOALCHECK), "run"],
        "goalcheck run --format json": [str(GOALCHECK), "run", "--format", "json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache and .pyc files
        subprocess.run(command, cwd=REPO, capture_output=True, check=False)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            proc = subprocess.run(command, cwd=REPO, capture_output=True, check=False)
            times[name].append(time.perf_counter() - start)
            if proc.returncode not in (0, 1):
                sys.exit(f"{name} exited {proc.returncode}: {proc.stderr.decode()}")
    baseline = statistics.median(times["python -c pass"])
    print(f"{runs} runs each, interleaved; median and fastest wall time; ratio of medians")
    print(f"{'command':<30} {'median':>9} {'fastest':>9} {'ratio':>7}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(
            f"{name:<30} {median * 1000:>7.1f}ms {min(samples) * 1000:>7.1f}ms"
            f" {median / baseline:>6.1f}x"
        )


if __name__ == "__main__":
    main()
