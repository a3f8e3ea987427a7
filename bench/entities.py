"""Scale benchmark: does a result cost the same whether 8 000 share an entity or each has its own?

Run with `make bench` (after bench/startup.py), or `python bench/entities.py --runs 5`. Three
projects are generated in a temporary folder:

  one entity       one entity, 8 000 threshold targets over a few metrics;
  2000 entities    2 000 entities of one target each;
  8000 entities    8 000 entities of one target each: a goals.toml that includes 8 000 goals
                   files, each with its own entity and data file.

`run --format json` and `run --format table` are timed on each as real processes, output to
/dev/null, interleaved so that drift hits every command alike; `goalcheck validate` (loading
alone) runs once on each first, which also warms the file cache. Two ratios of the time per
result are printed, each measured side by side in this one run:

  8000 / 2000 entities   near 1 when nothing costs entities x results: four times the
                         entities take four times as long, not sixteen;
  8000 entities / one    what 16 000 small files cost over two large ones: reading, parsing and
                         checking each file, and an entity's own lines in the output.
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


def many_entities(root: Path, count: int = COUNT) -> Path:
    """``count`` entities, each in its own goals file with its own data file and one target."""
    (root / "goals").mkdir()
    (root / "data").mkdir()
    for n in range(count):
        name = f"e-{n}"
        (root / "data" / f"{name}.toml").write_text(
            DOCUMENT + _metric("m", f"{n % METRICS + 2}.5"), encoding="utf-8"
        )
        (root / "goals" / f"{name}.toml").write_text(
            _entity(name, f"../data/{name}.toml") + _target(f"t-{n}", "m", 3 + n % 4),
            encoding="utf-8",
        )
    includes = ",\n".join(f'  "goals/e-{n}.toml"' for n in range(count))
    goals = root / "goals.toml"
    goals.write_text(f"include = [\n{includes},\n]\n", encoding="utf-8")
    return goals


ONE, FEWER, MANY = "one entity", "2000 entities", "8000 entities"
FEWER_COUNT = 2_000
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
        for name in ("one", "fewer", "many"):
            (root / name).mkdir()
        projects = {
            ONE: (one_entity(root / "one"), COUNT),
            FEWER: (many_entities(root / "fewer", FEWER_COUNT), FEWER_COUNT),
            MANY: (many_entities(root / "many"), COUNT),
        }
        times: dict[tuple[str, str], list[float]] = {
            (project, command): [] for project in projects for command in (LOADING, *COMMANDS)
        }
        for project, (goals, _) in projects.items():
            argv = [str(GOALCHECK), "validate", "--config", str(goals)]
            times[(project, LOADING)].append(_time(argv, goals.parent))
        for _ in range(runs):
            for command, args in COMMANDS.items():
                for project, (goals, _) in projects.items():
                    argv = [str(GOALCHECK), *args, "--config", str(goals)]
                    times[(project, command)].append(_time(argv, goals.parent))
    print(f"results: {ONE} {COUNT}, {FEWER} {FEWER_COUNT}, {MANY} {COUNT};")
    print(f"{runs} runs each, interleaved; median wall time; ratios of the time per result")
    header = f"{'command':<20}" + "".join(f"{p:>15}" for p in projects)
    print(header + f"{'8000/2000 ent.':>16}{'8000 ent./one':>15}")
    for command in (LOADING, *COMMANDS):
        medians = {p: statistics.median(times[(p, command)]) for p in projects}
        per_result = {p: medians[p] / projects[p][1] for p in projects}
        row = f"{command:<20}" + "".join(f"{medians[p]:>14.2f}s" for p in projects)
        row += f"{per_result[MANY] / per_result[FEWER]:>15.1f}x"
        row += f"{per_result[MANY] / per_result[ONE]:>14.1f}x"
        print(row)


if __name__ == "__main__":
    main()
