"""User text cannot drive a terminal or forge a line: every format shows control characters escaped.

A report is built with one hostile string in every field a user writes, and each format must
print it escaped (``\\x1b[2J``), never raw; last, the installed command runs under a real
pseudo-terminal and everything the terminal receives is checked.
"""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from conftest import (
    GOALCHECK,
    judge_one,
    make_initiative,
    make_metric,
    make_target,
    target_toml,
)
from goalcheck.model import (
    ConsistencyWarning,
    Entity,
    Indicator,
    IndicatorValue,
    Objective,
    Report,
    Source,
    Waiver,
)
from goalcheck.period import Period
from goalcheck.reporters import Options, github, junit, markdown, table
from goalcheck.reporters import csv as csv_reporter

# ESC (clear the screen), BEL, a C1 CSI, DEL, a right-to-left override, a newline that would
# forge a workflow command, a carriage return that would overwrite the line, a NUL.
HOSTILE = "x\x1b[2J\x07\x9b\x7f\u202e\n::error::y\ry\x00"
SHOWN = "x\\x1b[2J\\x07\\x9b\\x7f\\u202e\\n::error::y\\ry\\x00"
RAW = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\x00", "\n::error::y", "y\ry")
AS_OF = date(2024, 1, 1)
# goalcheck's own colours: SGR sequences, ESC [ digits and semicolons m.
OWN_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def hostile_report() -> Report:
    source = Source(document=HOSTILE, section=HOSTILE)
    common = {
        "entity": HOSTILE,
        "area": HOSTILE,
        "label": HOSTILE,
        "statement_da": HOSTILE,
        "note": HOSTILE,
        "explanation": HOSTILE,
        "file": HOSTILE,
        "line": 3,
        "sources": (source,),
    }
    metric = make_metric({"2020": "4.19"})
    failed = judge_one(make_target(id=f"fail-{HOSTILE}", **common), metric, AS_OF)
    waiver = Waiver(until=Period.parse("2024-12-31"), reason=HOSTILE, decided_by=HOSTILE)
    waived = judge_one(make_target(id=f"waived-{HOSTILE}", waiver=waiver, **common), metric, AS_OF)
    no_data = judge_one(make_target(id=f"none-{HOSTILE}", **common), make_metric({}), AS_OF)
    no_data = replace(no_data, reason=HOSTILE, subject_label=HOSTILE)
    unexplained = {**common, "explanation": None}
    missed = judge_one(make_target(id=f"missed-{HOSTILE}", **unexplained), metric, AS_OF)
    indicator = Indicator(
        id=HOSTILE, entity=HOSTILE, area=HOSTILE, objective=None, label=HOSTILE, metric="m",
        note=HOSTILE, file=HOSTILE,
    )  # fmt: skip
    initiative = make_initiative(
        id=HOSTILE, entity=HOSTILE, name_da=HOSTILE, summary=HOSTILE, note=HOSTILE, file=HOSTILE
    )
    warning = ConsistencyWarning(
        entity=HOSTILE, subject=HOSTILE, message=HOSTILE, file=HOSTILE, line=2, sources=(source,)
    )
    entity = Entity(
        id=HOSTILE,
        name=HOSTILE,
        file=HOSTILE,
        status_date_note=HOSTILE,
        metrics={"m": metric},
        targets=tuple(result.target for result in (failed, waived, no_data, missed)),
        objectives={1: Objective(number=1, name=HOSTILE, name_da=HOSTILE, sources=(source,))},
        initiatives={initiative.id: initiative},
        warnings=(warning,),
    )
    value = IndicatorValue(
        indicator=indicator, metric=metric, value=Decimal(1), period=Period.parse("2020")
    )
    return Report(
        as_of=AS_OF,
        entities=(entity,),
        results=(failed, waived, no_data, missed),
        indicators=(value,),
    )


def assert_inert(text: str, shown: str = SHOWN) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the output"
    assert shown in text


def render_table(console: Callable[[io.StringIO], Console]) -> str:
    out = io.StringIO()
    table.render(hostile_report(), console(out), Options(require_explanations=True))
    return out.getvalue()


def test_the_table_on_a_colour_terminal_shows_user_text_escaped() -> None:
    text = render_table(
        lambda out: Console(
            file=out, width=120, height=25, force_terminal=True, color_system="truecolor"
        )
    )
    assert OWN_COLOURS.search(text)  # goalcheck's own colours are there, and only they
    assert_inert(OWN_COLOURS.sub("", text))
    plain = OWN_COLOURS.sub("", text)
    assert re.search(rf"^ fail-{re.escape(SHOWN)} +4\.19 % +FAIL +-0\.19 $", plain, re.M)
    assert f"\n{SHOWN}:2: warning: initiatives.{SHOWN}: {SHOWN}\n" in plain


@pytest.mark.parametrize("width", [0, 40, 120, 400])
def test_the_plain_table_shows_user_text_escaped(width: int) -> None:
    text = render_table(lambda out: Console(file=out, width=width, highlight=False))
    assert_inert(text)
    assert f"Missed without an explanation: missed-{SHOWN}\n" in text


def test_the_table_written_to_a_file_shows_user_text_escaped() -> None:
    out = io.StringIO()
    table.write(hostile_report(), out, Options())
    assert_inert(out.getvalue())


def test_markdown_shows_user_text_escaped_and_rows_stay_rows() -> None:
    text = markdown.render(hostile_report(), Options())
    assert_inert(text, markdown.escape(SHOWN))
    assert "x\\\\x1b\\[2J\\\\x07" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 4  # header, rule, a row per result
    assert all(line.endswith(" |") for line in rows)
    assert f"### {markdown.escape(SHOWN)}" in text
    assert f"- {markdown.escape(SHOWN)}:2: warning:" in text


def test_csv_shows_user_text_escaped_one_line_per_row() -> None:
    text = csv_reporter.render(hostile_report(), Options())
    assert_inert(text)
    assert text.count("\n") == 1 + 4
    assert f"{SHOWN} › {SHOWN}" in text  # sources


def test_github_commands_show_user_text_escaped_one_per_line() -> None:
    text = github.render(hostile_report(), Options())
    assert_inert(text, github.escape_data(SHOWN))
    lines = text.splitlines()
    assert len(lines) == 4  # the two failures, the warning, the summary
    file = github.escape_property(SHOWN)
    assert lines[0].startswith(
        f"::error file={file},line=3,title=goalcheck%3A fail-{file} fail::fail: 4.19 %25"
    )
    assert lines[2] == (
        f"::warning file={file},line=2,title=goalcheck%3A initiative {file}::"
        + github.escape_data(SHOWN)
    )


def test_junit_shows_user_text_escaped() -> None:
    text = junit.render(hostile_report(), Options())
    assert_inert(text)
    assert f'file="{SHOWN}"' in text
    assert f'name="fail-{SHOWN}"' in text


# --- the installed command under a real terminal --------------------------------------------

LABEL = "Sick \\u001b]0;pwned\\u0007 leave \\u001b[2J now"  # as written in TOML


def read_terminal(argv: list[str], cwd: Path, timeout: float = 30) -> tuple[bytes, int]:
    """Run ``argv`` with a pseudo-terminal as stdout and stderr; all it wrote, and its status."""
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"  # a terminal that takes colours, whatever CI's TERM says
    try:
        proc = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
        )
    finally:
        os.close(slave)
    received = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            received += chunk
        else:
            pytest.fail(f"{argv} did not finish within {timeout} s")
        return received, proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "github", "junit"])
def test_a_terminal_never_receives_the_escapes_in_a_label(
    project: Callable[..., Path], fmt: str
) -> None:
    goals = project(target_toml(label=None) + f'label = "{LABEL}"\n')
    received, status = read_terminal(
        [GOALCHECK, "run", "--config", str(goals), "--format", fmt], goals.parent
    )
    assert status == 1, received
    text = received.decode("utf-8")
    assert "\x1b]0;pwned" not in text
    assert "\x07" not in text
    assert "\x1b[2J" not in text
    assert "\x1b" not in OWN_COLOURS.sub("", text)  # goalcheck's own colours are fine
    shown = "Sick \\x1b]0;pwned\\x07 leave \\x1b[2J now"
    assert (markdown.escape(shown) if fmt == "markdown" else shown) in text


def test_the_table_on_a_terminal_is_coloured_by_goalcheck_alone(
    project: Callable[..., Path],
) -> None:
    goals = project(target_toml(label=None) + f'label = "{LABEL}"\n')
    received, status = read_terminal([GOALCHECK, "run", "--config", str(goals)], goals.parent)
    text = received.decode("utf-8")
    assert status == 1
    assert re.search(r"\x1b\[1;31mFAIL", text)  # the verdict in bold red
    assert "\x1b" not in OWN_COLOURS.sub("", text)
