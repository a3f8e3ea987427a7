"""Scale benchmark: 100 000 to 400 000 figures from one CSV file, against a bare csv.reader pass.

Run with `make bench-scale`, or `python bench/scale.py --sizes 100000 --runs 5`. For each size
a project is generated (in a temporary folder, or under --keep DIR/<size>): 10 000 targets, one
per metric, of which 500 (5 %) are on derived metrics `(mA + mB) / 2` and 9 500 on reported
metrics whose figures, quarters and years from 2015-Q1 to 2025-Q2, sit in one CSV file in the
long layout (`metric,period,value`), named by `[[tables]]` in data.toml. With --toml the same
figures go in data.toml's short form instead (`figures = { 2015-Q1 = 4.10, ... }`).

Two commands are timed as real processes, interleaved so that drift hits both alike:

  csv floor   `python -c` reading every row of figures.csv with csv.reader: what reading the
              figures costs at the very least, Python's start-up included;
  json        `goalcheck run --format json --as-of 2026-01-01 > /dev/null`.

Each line gives goalcheck's median wall time, its ratio to the floor's median measured in the
same run, and goalcheck's peak memory: the largest max RSS of its runs, as os.wait4 reports it
for that child alone (1 MB = 10^6 bytes). Sizes that double show whether time and memory grow
with the figures, or faster.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

GOALCHECK = Path(sys.executable).with_name("goalcheck")
AS_OF = "2026-01-01"
SEED = 2026
TARGETS = 10_000
DERIVED_EVERY = 20
"""Every 20th metric is derived: 500 of 10 000, 5 %."""
REPORTED = TARGETS - TARGETS // DERIVED_EVERY
PUBLISHED = "2025-06-30"
# Quarters and years in calendar order, 2015-Q1 to 2025-Q2: every one has ended by the day the
# report is published, as goalcheck requires of a figure.
PERIODS: tuple[str, ...] = (
    *(f"{year}{part}" for year in range(2015, 2025) for part in ("-Q1", "-Q2", "-Q3", "-Q4", "")),
    "2025-Q1",
    "2025-Q2",
)
MAX_FIGURES = REPORTED * len(PERIODS)
DUE_YEARS = range(2016, 2026)
CONDITIONS = ("<", "<=", ">", ">=", "between")
CONDITION_WEIGHTS = (23, 23, 23, 23, 8)
WORDS = {"<": "under", "<=": "at most", ">": "over", ">=": "at least"}
OBSERVATIONS = re.compile(r"\((\d+) observations\)")
"""How `goalcheck validate` counts the figures it read: `101322 figures (100000 observations)`."""
# ru_maxrss is in KiB on Linux, in bytes on macOS.
MAXRSS_BYTES = 1 if sys.platform == "darwin" else 1024

FLOOR = (
    "import csv, sys\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as file:\n"
    "    print(sum(len(row) for row in csv.reader(file)))\n"
)

DOCUMENT = f"""\
[documents.report]
title = "Generated report"
published = "{PUBLISHED}"
"""

TABLE = """
[[tables]]
file = "figures.csv"
layout = "long"
columns = { metric = "metric", period = "period", value = "value" }
"""

ENTITY = """\
[entity]
id = "scale"
name = "Scale test"
data = ["data.toml"]
"""


@dataclass(frozen=True)
class Project:
    goals: Path
    figures_csv: Path


def _metric_id(number: int) -> str:
    return f"m{number:05d}"


def _value(rng: random.Random) -> str:
    """A share from 0.00 to 100.00, written with two decimals."""
    hundredths = rng.randrange(10_001)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _figure_counts(figures: int) -> list[int]:
    """Figures per reported metric: all within one of each other, adding up to ``figures``."""
    each, extra = divmod(figures, REPORTED)
    return [each + 1 if n < extra else each for n in range(REPORTED)]


def _target(rng: random.Random, number: int) -> str:
    condition = rng.choices(CONDITIONS, CONDITION_WEIGHTS)[0]
    if condition == "between":
        low = rng.randint(10, 60)
        high = low + rng.randint(5, 30)
        threshold = f'[{low}, {high}]\nbounds = "[]"'
        words = f"between {low} and {high}"
    else:
        value = rng.randint(10, 90)
        threshold = str(value)
        words = f"{WORDS[condition]} {value}"
    return (
        "\n[[targets]]\n"
        f'id = "t-{number:05d}"\n'
        'area = "scale"\n'
        f'label = "Metric {number}"\n'
        f'statement = "Metric {number} {words}"\n'
        'lang = "en"\n'
        f'metric = "{_metric_id(number)}"\n'
        f'condition = "{condition}"\n'
        f"threshold = {threshold}\n"
        'unit = "%"\n'
        f'period = "{rng.choice(DUE_YEARS)}"\n'
        'source = { document = "report", section = "Targets" }\n'
    )


def generate(root: Path, figures: int, *, toml: bool) -> Project:
    """Write goals.toml, data.toml and figures.csv for ``figures`` figures into ``root``.

    Each reported metric has its figures for a run of consecutive periods ending at a random
    one, so that the targets, due in years 2016 to 2025, find a figure for their year (final),
    only an earlier one (provisional) or none (no data).
    """
    # Two streams, so that the targets and formulas are the same at every size.
    rng = random.Random(SEED)
    figures_rng = random.Random(SEED + 1)
    rows = ["metric,period,value"]
    metrics = [DOCUMENT] if toml else [DOCUMENT, TABLE]
    reported: list[str] = []
    counts = iter(_figure_counts(figures))
    for number in range(1, TARGETS + 1):
        metric = _metric_id(number)
        metrics.append(
            f"\n[metrics.{metric}]\n"
            f'label = "Metric {number}"\n'
            'unit = "%"\n'
            'source = { document = "report", section = "Figures" }\n'
        )
        if number % DERIVED_EVERY == 0:
            first, second = rng.sample(reported, 2)
            metrics.append(f'formula = "({first} + {second}) / 2"\n')
            continue
        reported.append(metric)
        count = next(counts)
        end = figures_rng.randint(count, len(PERIODS))
        pairs = [(period, _value(figures_rng)) for period in PERIODS[end - count : end]]
        rows.extend(f"{metric},{period},{value}" for period, value in pairs)
        if toml:
            inline = ", ".join(f"{period} = {value}" for period, value in pairs)
            metrics.append(f"figures = {{ {inline} }}\n")
    targets = [ENTITY, *(_target(rng, number) for number in range(1, TARGETS + 1))]
    root.mkdir(parents=True, exist_ok=True)
    figures_csv = root / "figures.csv"
    with figures_csv.open("w", encoding="utf-8", newline="") as file:
        file.write("\n".join(rows) + "\n")
    (root / "data.toml").write_text("".join(metrics), encoding="utf-8")
    goals = root / "goals.toml"
    goals.write_text("".join(targets), encoding="utf-8")
    return Project(goals, figures_csv)


def measure(argv: Sequence[str], cwd: Path, *, ok: tuple[int, ...]) -> tuple[float, int]:
    """Run ``argv`` with stdout to /dev/null: its wall time in seconds and peak RSS in bytes."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4 rather than proc.wait(): it gives this child's own resource usage.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace")
            sys.exit(f"{Path(argv[0]).name} {argv[1]} ... exited {proc.returncode}:\n{message}")
    return elapsed, usage.ru_maxrss * MAXRSS_BYTES


def check_observations(project: Project, figures: int) -> None:
    """Run ``goalcheck validate`` once, untimed, and check that it read every figure.

    A goalcheck that ignored the table would judge 10 000 targets on no figures, quickly, and
    the benchmark would time nothing. The run also warms the file cache for goalcheck's.
    """
    argv = [str(GOALCHECK), "validate", "--config", str(project.goals)]
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=project.goals.parent, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"goalcheck validate exited {proc.returncode}:\n{proc.stderr.decode()}")
    found = OBSERVATIONS.search(proc.stdout.decode())
    if found is None:
        print(f"  validate: {elapsed:.2f} s; its output gives no count", file=sys.stderr)
    elif int(found[1]) != figures:
        sys.exit(f"goalcheck read {found[1]} of the {figures} figures: does it read the table?")
    else:
        print(
            f"  validate (loading alone): {elapsed:.2f} s, {found[1]} observations", file=sys.stderr
        )


@contextmanager
def project_folder(keep: Path | None, figures: int) -> Iterator[Path]:
    if keep is not None:
        yield keep / str(figures)
        return
    with tempfile.TemporaryDirectory(prefix="goalcheck-scale-") as folder:
        yield Path(folder)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    for size in sizes:
        if not REPORTED <= size <= MAX_FIGURES:
            raise argparse.ArgumentTypeError(
                f"{size}: a size runs from {REPORTED} (one figure per reported metric)"
                f" to {MAX_FIGURES} (every period for every one)"
            )
    return sorted(set(sizes))  # the largest last


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[100_000, 200_000, 400_000],
        help="figures per project, comma-separated (default 100000,200000,400000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write each project into DIR/<size>, and keep it"
    )
    parser.add_argument(
        "--toml",
        action="store_true",
        help="figures in data.toml's short form instead of the CSV table (the floor still reads"
        " figures.csv, which holds the same figures)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    where = "inline in data.toml (--toml)" if args.toml else "in one CSV table (long layout)"
    print(f"goalcheck run --format json --as-of {AS_OF} > /dev/null, figures {where},")
    print(
        f"{TARGETS} targets ({TARGETS - REPORTED} on derived metrics), seed {SEED};"
        " floor: csv.reader over figures.csv in `python -c`"
    )
    print(
        f"{args.runs} runs each, interleaved; median wall time; ratio of medians;"
        " peak = largest max RSS of goalcheck's runs (1 MB = 10^6 bytes)",
        flush=True,
    )
    for figures in args.sizes:
        with project_folder(args.keep, figures) as root:
            start = time.perf_counter()
            project = generate(root, figures, toml=args.toml)
            print(
                f"  generated {figures} figures in {root} in {time.perf_counter() - start:.2f} s",
                file=sys.stderr,
                flush=True,
            )
            floor_argv = [sys.executable, "-c", FLOOR, str(project.figures_csv)]
            goalcheck_argv = [
                str(GOALCHECK),
                "run",
                "--format",
                "json",
                "--config",
                str(project.goals),
                "--as-of",
                AS_OF,
            ]
            measure(floor_argv, root, ok=(0,))  # warm the file cache
            check_observations(project, figures)
            floor_times: list[float] = []
            json_times: list[float] = []
            peak = 0
            for _ in range(args.runs):
                floor_times.append(measure(floor_argv, root, ok=(0,))[0])
                elapsed, rss = measure(goalcheck_argv, root, ok=(0, 1))
                json_times.append(elapsed)
                peak = max(peak, rss)
        median = statistics.median(json_times)
        ratio = median / statistics.median(floor_times)
        print(
            f"scale: {figures} figures, {TARGETS} targets: json {median:.2f} s"
            f" = {ratio:.1f} x csv floor, peak {peak / 1e6:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
