"""Scale benchmark: does a result cost the same whether 8 000 share an entity or each has its own?

Run with `make bench` (after bench/startup.py), or `python bench/entities.py --runs 5`. Two
projects are generated in a temporary folder:

  one-entity     one entity, 8 000 threshold targets over a few metrics;
  many-entities  8 000 entities of one target each: a goals.toml that includes 8 000 goals
                 files, each with its own entity and data file.

`run --format json` and `run --format table` are timed on both as real processes, output to
/dev/null, interleaved so that drift hits every command alike; `goalcheck validate` (loading
alone) runs once on each first, which also warms the file cache. The figure that matters is
the ratio of the time per result of many-entities to that of one-entity, measured side by side
in this one run: near 1 when nothing costs entities x results. Both have 8 000 results, so it
is the ratio of their times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALCHECK = Path(sys.executable).with_name("goalcheck")
COUNT = 8_000
METRICS = 4

DOCUMENT = """\
[documents.report]
title = "Benchmark report"
"""


def _metric(name: str, value: str) -> str:
    return (
        f"\n[metrics.{name}]\n"
        f'label = "Metric {name}"\n'
        'unit = "%"\n'
        'source = { document = "report", section = "Figures" }\n'
        f"figures = {{ 2019 = {value}, 2020 = {value} }}\n"
    )


def _target(target_id: str, metric: str, threshold: int) -> str:
    return (
        "\n[[targets]]\n"
        f'id = "{target_id}"\n'
        'area = "employees"\n'
        f'label = "Target {target_id}"\n'
        f'statement_da = "Mål {target_id}"\n'
        f'metric = "{metric}"\n'
        'condition = "<"\n'
        f"threshold = {threshold}\n"
        'unit = "%"\n'
        'period = "2020"\n'
        'source = { document = "report", section = "Goals" }\n'
    )


def _entity(entity_id: str, data: str) -> str:
    return f'[entity]\nid = "{entity_id}"\nname = "Entity {entity_id}"\ndata = ["{data}"]\n'


def one_entity(root: Path) -> Path:
    """One entity with ``COUNT`` targets over ``METRICS`` metrics; some pass, some fail."""
    (root / "data.toml").write_text(
        DOCUMENT + "".join(_metric(f"m{i}", f"{i + 2}.5") for i in range(METRICS)),
        encoding="utf-8",
    )
    targets = "".join(_target(f"t-{n}", f"m{n % METRICS}", 3 + n % 4) for n in range(COUNT))
    goals = root / "goals.toml"
    goals.write_text(_entity("solo", "data.toml") + targets, encoding="utf-8")
    return goals


def many_entities(root: Path) -> Path:
    """``COUNT`` entities, each in its own goals file with its own data file and one target."""
    (root / "goals").mkdir()
    (root / "data").mkdir()
    for n in range(COUNT):
        name = f"e-{n}"
        (root / "data" / f"{name}.toml").write_text(
            DOCUMENT + _metric("m", f"{n % METRICS + 2}.5"), encoding="utf-8"
        )
        (root / "goals" / f"{name}.toml").write_text(
            _entity(name, f"../data/{name}.toml") + _target(f"t-{n}", "m", 3 + n % 4),
            encoding="utf-8",
        )
    includes = ",\n".join(f'  "goals/e-{n}.toml"' for n in range(COUNT))
    goals = root / "goals.toml"
    goals.write_text(f"include = [\n{includes},\n]\n", encoding="utf-8")
    return goals


LOADING = "validate (once)"
COMMANDS = {
    "run --format json": ["run", "--format", "json", "--as-of", "2024-01-01"],
    "run --format table": ["run", "--format", "table", "--as-of", "2024-01-01"],
}


def _time(argv: list[str], cwd: Path) -> float:
    env = {**os.environ, "COLUMNS": "100"}
    start = time.perf_counter()
    proc = subprocess.run(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="goalcheck-bench-") as folder:
        root = Path(folder)
        (root / "one").mkdir()
        (root / "many").mkdir()
        projects = {
            "one-entity": one_entity(root / "one"),
            "many-entities": many_entities(root / "many"),
        }
        times: dict[tuple[str, str], list[float]] = {
            (project, command): [] for project in projects for command in (LOADING, *COMMANDS)
        }
        for project, goals in projects.items():
            argv = [str(GOALCHECK), "validate", "--config", str(goals)]
            times[(project, LOADING)].append(_time(argv, goals.parent))
        for _ in range(runs):
            for command, args in COMMANDS.items():
                for project, goals in projects.items():
                    argv = [str(GOALCHECK), *args, "--config", str(goals)]
                    times[(project, command)].append(_time(argv, goals.parent))
    print(f"{COUNT} results per project; {runs} runs each, interleaved; median wall time")
    print(f"{'command':<20} {'one-entity':>11} {'many-entities':>14} {'per result, many/one':>21}")
    for command in (LOADING, *COMMANDS):
        one = statistics.median(times[("one-entity", command)])
        many = statistics.median(times[("many-entities", command)])
        print(f"{command:<20} {one:>10.2f}s {many:>13.2f}s {many / one:>20.1f}x")


if __name__ == "__main__":
    main()
