"""Hostile input files: whatever a goals, included or data file is, reading it ends in one line.

Each bad input must exit 2 with one located line on stderr and nothing on stdout: no hang on a
FIFO, no endless read of /dev/zero, no RecursionError on deep nesting, no traceback.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, GOALCHECK, GOALS_HEADER, RunCli, run_process
from goalcheck.errors import InputError
from goalcheck.limits import MAX_FILE_BYTES, MAX_INCLUDE_DEPTH, NUMBER_LIMITS
from goalcheck.loading import load, read_toml

Project = Callable[..., Path]

TOO_DEEP = "arrays and tables nest more than 32 levels deep"
GOALS_WITH = """\
[entity]
id = "acme"
name = "Acme"
data = [{data}]
"""


def fails(run_cli: RunCli, goals: Path, stderr: str) -> None:
    """Running on ``goals`` exits 2 with exactly ``stderr`` as one line, and nothing else."""
    result = run_cli(["run", "-c", str(goals)], exit_code=2)
    assert result.stdout == ""
    assert result.stderr == stderr + "\n"


def with_data(tmp_path: Path, *names: str) -> Path:
    """A goals file in ``tmp_path`` whose entity names these data files."""
    goals = tmp_path / "goals.toml"
    listed = ", ".join('"' + name.replace("\\", "\\\\") + '"' for name in names)
    goals.write_text(GOALS_WITH.format(data=listed), encoding="utf-8")
    return goals


def entity_file(path: Path) -> None:
    """A goals file at ``path`` that defines the entity, its data file beside it."""
    (path.parent / "data").mkdir(exist_ok=True)
    (path.parent / "data" / "figures.toml").write_text(DATA, encoding="utf-8")
    path.write_text(GOALS_HEADER, encoding="utf-8")


def including(tmp_path: Path, *names: str) -> Path:
    goals = tmp_path / "goals.toml"
    goals.write_text(f"include = [{', '.join(map(repr, names))}]\n", encoding="utf-8")
    return goals


# --- what a path names -------------------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.toml"
    os.mkfifo(path)
    return path


def test_a_fifo_as_the_goals_file_is_refused_without_waiting_for_a_writer(
    run_cli: RunCli, fifo: Path
) -> None:
    fails(run_cli, fifo, f"{fifo}: error: is a FIFO, not a regular file")


def test_a_fifo_as_the_goals_file_of_a_real_process_does_not_hang(fifo: Path) -> None:
    started = time.monotonic()
    result = run_process(GOALCHECK, "run", "-c", str(fifo))
    assert time.monotonic() - started < 30
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{fifo}: error: is a FIFO, not a regular file\n"


def test_a_fifo_as_a_data_file(run_cli: RunCli, tmp_path: Path, fifo: Path) -> None:
    goals = with_data(tmp_path, "fifo.toml")
    fails(
        run_cli,
        goals,
        f"{goals}:4: error: entity.data[0]: data file '{fifo}' is a FIFO, not a regular file",
    )


def test_a_fifo_as_an_included_file(run_cli: RunCli, tmp_path: Path, fifo: Path) -> None:
    goals = including(tmp_path, "fifo.toml")
    fails(
        run_cli,
        goals,
        f"{goals}:1: error: include[0]: included file '{fifo}' is a FIFO, not a regular file",
    )


def test_dev_zero_as_a_data_file_is_never_read(run_cli: RunCli, tmp_path: Path) -> None:
    goals = with_data(tmp_path, "/dev/zero")
    fails(
        run_cli,
        goals,
        f"{goals}:4: error: entity.data[0]: data file '/dev/zero' is a character device,"
        " not a regular file",
    )


def test_dev_zero_as_the_goals_file(run_cli: RunCli) -> None:
    fails(run_cli, Path("/dev/zero"), "/dev/zero: error: is a character device, not a regular file")


def test_a_directory_as_a_data_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    goals = with_data(tmp_path, "data")
    fails(
        run_cli,
        goals,
        f"{goals}:4: error: entity.data[0]: data file '{tmp_path}/data' is a directory",
    )


def test_a_directory_as_the_goals_file(run_cli: RunCli, tmp_path: Path) -> None:
    fails(run_cli, tmp_path, f"{tmp_path}: error: is a directory, not a TOML file")


def test_a_symbolic_link_loop_as_a_data_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "loop.toml").symlink_to("loop.toml")
    goals = with_data(tmp_path, "loop.toml")
    fails(
        run_cli,
        goals,
        f"{goals}:4: error: entity.data[0]: data file '{tmp_path}/loop.toml'"
        " is a loop of symbolic links",
    )


def test_a_symbolic_link_loop_as_the_goals_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "a.toml").symlink_to("b.toml")
    (tmp_path / "b.toml").symlink_to("a.toml")
    goals = tmp_path / "a.toml"
    fails(run_cli, goals, f"{goals}: error: is a loop of symbolic links")


def test_a_missing_data_file_is_still_said_where_it_is_named(
    run_cli: RunCli, tmp_path: Path
) -> None:
    goals = with_data(tmp_path, "nowhere/figures.toml")
    fails(
        run_cli,
        goals,
        f"{goals}:4: error: entity.data[0]: data file '{tmp_path}/nowhere/figures.toml'"
        " does not exist",
    )


# --- size --------------------------------------------------------------------------------------


def test_a_data_file_over_the_size_limit_is_refused_before_it_is_read(
    run_cli: RunCli, project: Project
) -> None:
    goals = project()
    figures = goals.parent / "data" / "figures.toml"
    # Sparse: all zero bytes, so the size must be judged before the bytes are.
    os.truncate(figures, MAX_FILE_BYTES + 1)
    fails(run_cli, goals, f"{figures}: error: is larger than the 32 MiB limit for an input file")


def test_a_goals_file_of_exactly_the_size_limit_is_read(run_cli: RunCli, project: Project) -> None:
    goals = project()
    text = goals.read_text(encoding="utf-8")
    # A comment for padding: the parser skips one in a single step, as it would not spaces.
    padding = MAX_FILE_BYTES - len(text.encode("utf-8")) - 2
    goals.write_text(text + "#" + "x" * padding + "\n", encoding="utf-8")
    assert goals.stat().st_size == MAX_FILE_BYTES
    run_cli(["validate", "-c", str(goals)], exit_code=0)


# --- paths with control characters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [("a\\u0000b.toml", "a\\x00b.toml"), ("a\\u001b[2Jb.toml", "a\\x1b[2Jb.toml")],
)
def test_a_control_character_in_a_data_path(
    run_cli: RunCli, tmp_path: Path, written: str, shown: str
) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_text(GOALS_WITH.format(data=f'"{written}"'), encoding="utf-8")
    fails(
        run_cli,
        goals,
        f'{goals}:4: error: entity.data[0]: the path "{shown}" has a control character',
    )


@pytest.mark.parametrize(
    ("written", "shown"), [("a\\u0000b.toml", "a\\x00b.toml"), ("a\\u001bb.toml", "a\\x1bb.toml")]
)
def test_a_control_character_in_an_include_path(
    run_cli: RunCli, tmp_path: Path, written: str, shown: str
) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_text(f'include = [\n  "ok.toml",\n  "{written}",\n]\n', encoding="utf-8")
    entity_file(tmp_path / "ok.toml")
    fails(
        run_cli, goals, f'{goals}:3: error: include[1]: the path "{shown}" has a control character'
    )


def test_a_control_character_in_the_goals_file_path(run_cli: RunCli, tmp_path: Path) -> None:
    fails(
        run_cli,
        tmp_path / "a\x1bb.toml",
        f"{tmp_path}/a\\x1bb.toml: error: the path has a control character",
    )


def test_load_refuses_a_nul_in_the_goals_file_path_without_raising_anything_else() -> None:
    with pytest.raises(InputError) as caught:
        load(Path("a\x00b.toml"))
    assert str(caught.value) == "a\\x00b.toml: error: the path has a control character"


# --- TOML that nests too deep, keys too long, numbers too long ---------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="arrays"),
        pytest.param("{ a = " * 100_000 + "1" + " }" * 100_000, id="inline-tables"),
        pytest.param("[" * 100_000, id="arrays-never-closed"),
    ],
)
def test_toml_nested_100_000_deep(run_cli: RunCli, project: Project, value: str) -> None:
    goals = project(targets=f"\n[notes]\ndeep = {value}\n")
    fails(run_cli, goals, f"{goals}:8: error: {TOO_DEEP}")


def test_brackets_and_dots_in_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    brackets = "[" * 100 + "{" * 100
    dots = ".".join(["k"] * 100)
    lines = [
        f"# {brackets}",
        f'"{dots}" = "{brackets} \\" still a string"',
        f"'{brackets}' = '{brackets}'",
        "multi = '''",
        f"{brackets}''''",
        'basic = """',
        f'\\"""{brackets}"""',
        f"array = [ # {brackets}",
        f"  '{brackets}', \"{brackets}\",",
        "]",
    ]
    path = tmp_path / "deep.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_toml(path).data
    assert data[dots] == f'{brackets} " still a string'
    assert data[brackets] == brackets
    assert data["multi"] == f"{brackets}'"
    assert data["basic"] == f'"""{brackets}'
    assert data["array"] == [brackets, brackets]


def test_32_levels_is_the_deepest_allowed(run_cli: RunCli, project: Project) -> None:
    # Under [entity] (level 1), deep's array is level 2: 31 arrays reach 32, 32 arrays 33.
    ok = project(targets="\ndeep = " + "[" * 31 + "]" * 31 + "\n")
    result = run_cli(["validate", "-c", str(ok)], exit_code=2)
    assert result.stderr == (
        f"{ok}:7: error: entity.deep: unknown key 'deep'; the keys here are id, name, data,"
        " status_date, status_date_note\n"
    )
    deep = project(targets="\ndeep = " + "[" * 32 + "]" * 32 + "\n")
    fails(run_cli, deep, f"{deep}:7: error: {TOO_DEEP}")


def test_a_dotted_key_of_5000_parts(run_cli: RunCli, project: Project) -> None:
    goals = project(targets="\n" + ".".join(["k"] * 5000) + " = 1\n")
    fails(run_cli, goals, f"{goals}:7: error: a key of 5000 parts; keys have at most 32")


def test_a_table_header_of_5000_parts(run_cli: RunCli, project: Project) -> None:
    goals = project(targets="\n[" + ".".join(['"k"'] * 5000) + "]\n")
    fails(run_cli, goals, f"{goals}:7: error: a key of 5000 parts; keys have at most 32")


def test_an_integer_of_5000_digits(run_cli: RunCli, project: Project) -> None:
    goals = project(data=DATA.replace("2019 = 4.19", "2019 = " + "9" * 5000))
    figures = goals.parent / "data" / "figures.toml"
    fails(run_cli, goals, f"{figures}:9: error: an integer of 5000 digits; {NUMBER_LIMITS}")


def test_an_exponent_no_decimal_can_hold(run_cli: RunCli, project: Project) -> None:
    goals = project(data=DATA.replace("2019 = 4.19", "2019 = 1e99999999999999999999"))
    figures = goals.parent / "data" / "figures.toml"
    fails(
        run_cli,
        goals,
        f"{figures}:9: error: 1e99999999999999999999 is out of range; {NUMBER_LIMITS}",
    )


# --- includes ----------------------------------------------------------------------------------


def chain(tmp_path: Path, length: int) -> Path:
    """``length`` goals files, each including the next; the last defines the entity."""
    for number in range(1, length):
        (tmp_path / f"f{number}.toml").write_text(
            f'include = ["f{number + 1}.toml"]\n', encoding="utf-8"
        )
    entity_file(tmp_path / f"f{length}.toml")
    return tmp_path / "f1.toml"


def test_a_chain_of_16_goals_files_is_read(run_cli: RunCli, tmp_path: Path) -> None:
    goals = chain(tmp_path, MAX_INCLUDE_DEPTH)
    run_cli(["validate", "-c", str(goals)], exit_code=0)


def test_a_chain_of_17_goals_files_is_one_too_many(run_cli: RunCli, tmp_path: Path) -> None:
    goals = chain(tmp_path, MAX_INCLUDE_DEPTH + 1)
    fails(
        run_cli,
        goals,
        f"{tmp_path}/f16.toml:1: error: include[0]: includes nest more than 16 files deep",
    )


def test_a_file_included_twice_names_where_it_was_first_included(
    run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "a.toml").write_text('include = ["c.toml"]\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('# b\ninclude = ["c.toml"]\n', encoding="utf-8")
    entity_file(tmp_path / "c.toml")
    goals = including(tmp_path, "a.toml", "b.toml")
    fails(
        run_cli,
        goals,
        f"{tmp_path}/b.toml:2: error: include[0]: included file '{tmp_path}/c.toml'"
        f" is already included by {tmp_path}/a.toml:1; a file is included once",
    )


def test_a_fan_out_of_includes_stops_at_the_second_inclusion(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # 16 levels, each file including the next 2 times: 2**16 visits if followed.
    for number in range(1, 16):
        (tmp_path / f"f{number}.toml").write_text(
            f'include = ["f{number + 1}.toml", "./f{number + 1}.toml"]\n', encoding="utf-8"
        )
    entity_file(tmp_path / "f16.toml")
    started = time.monotonic()
    fails(
        run_cli,
        tmp_path / "f1.toml",
        f"{tmp_path}/f15.toml:1: error: include[1]: included file '{tmp_path}/f16.toml'"
        f" is already included by {tmp_path}/f15.toml:1; a file is included once",
    )
    assert time.monotonic() - started < 5


def test_a_cycle_through_a_symbolic_link_is_still_a_cycle(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "link.toml").symlink_to("goals.toml")
    goals = including(tmp_path, "link.toml")
    fails(
        run_cli,
        goals,
        f"{goals}:1: error: include[0]: includes form a cycle: goals.toml -> link.toml",
    )
