"""The reference pages (issue 12): generated from the models and the command line, complete,
and the only place where a key is documented key by key."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import typer

from conftest import REPO
from goalcheck.cli import app
from goalcheck.model import Status
from goalcheck.model.units import UNITS
from goalcheck.schemas import json_schema

sys.path.insert(0, str(REPO / "tools"))
import reference

PAGES = {"goals": "reference/goals-file.md", "data": "reference/data-file.md"}
PAGES["results"] = "reference/json.md"


def _models(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield schema
    yield from schema.get("$defs", {}).values()


@pytest.mark.parametrize("name", ["goals", "data", "results"])
def test_every_key_of_every_table_is_in_its_reference_page_with_its_meaning(name: str) -> None:
    page = reference.PAGES[PAGES[name]]()
    rows = {}
    for line in page.splitlines():
        if match := re.match(r"\| `([^`]+)` \| (.*) \| (yes|no) \| (.*) \|$", line):
            rows.setdefault(match[1], []).append(match[4])
    schema = json_schema(name)
    for model in _models(schema):
        for key, prop in model.get("properties", {}).items():
            assert key in rows, f"{name}: {key} has no row"
            meaning = " ".join(prop["description"].replace("``", "`").split())
            assert meaning.replace("|", "\\|") in rows[key], f"{name}: {key}"
    assert all(meaning.strip() for meanings in rows.values() for meaning in meanings)


def test_a_table_is_one_section_however_many_places_hold_it() -> None:
    page = reference.keys_page("goals")
    assert page.count("\n## `targets[].source`\n") == 1
    assert "Found at `targets[].source`, `indicators[]." not in page  # indicators have none
    assert "| `period` | a [period](units-and-periods.md#periods) | yes |" in page
    assert "| `unit` | a built-in [unit](units-and-periods.md) or text matching" in page


def test_the_command_line_page_has_every_command_and_option() -> None:
    page = reference.cli_page()
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    context = typer.Context(command)
    for name in command.list_commands(context):
        sub = command.get_command(context, name)
        assert sub is not None
        assert f"\n## `{name}`\n" in page
        for param in sub.params:
            for option in getattr(param, "opts", []):
                if option.startswith("-"):
                    assert f"`{option}" in page or f", {option}" in page, option
    assert page.startswith("# Command line\n")


def test_the_units_table_lists_every_built_in_unit() -> None:
    table = reference.units_table().splitlines()
    assert table[:2] == ["| Unit | Meaning | Range |", "| --- | --- | --- |"]
    assert len(table) == 2 + len(UNITS)
    assert "| `%` | per cent, a share from 0 to 100 | from 0 to 100 |" in table


# Every key of the three schemas, but for the statuses: a table of statuses (pass, fail...)
# explains verdicts, not the JSON summary's keys of the same names.
KEYS = {
    key
    for name in ("goals", "data", "results")
    for model in _models(json_schema(name))
    for key in model.get("properties", {})
} - {status.value for status in Status}


def _key_rows(text: str) -> list[str]:
    rows = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)
    return [row for row in rows if row in KEYS]


def test_no_hand_written_page_documents_keys_one_by_one() -> None:
    """Keys are documented in the models; hand-written pages show examples and link to the
    reference, so that the two cannot drift apart."""
    written = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    tables = {str(p.relative_to(REPO)): _key_rows(p.read_text("utf-8")) for p in written}
    assert {page: rows for page, rows in tables.items() if rows} == {}
    assert _key_rows(reference.keys_page("data")), "the check must see the generated rows"


def test_the_table_picture_is_the_table_goalcheck_draws() -> None:
    import table_screenshot

    picture = (REPO / "docs/table.svg").read_text(encoding="utf-8")
    assert picture == table_screenshot.draw(), "run: python tools/table_screenshot.py"
    assert "sick-leave-total" in picture
