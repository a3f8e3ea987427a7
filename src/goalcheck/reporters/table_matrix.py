"""The terminal's matrix of ``for_each`` targets: targets as rows, groups as columns.

One verdict symbol in each cell, with a legend, so that 47 departments read at a glance; where
the matrix does not fit the console, one line per target names the groups that did not pass.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from goalcheck.i18n import _
from goalcheck.inert import inert
from goalcheck.model import Result, Status
from goalcheck.reporters import draws_unicode, words
from goalcheck.reporters.groups import (
    ABSENT,
    ASCII_SYMBOLS,
    SYMBOLS,
    EachGroup,
    columns,
    each_group,
)

_STYLE = {Status.PASS: "green", Status.FAIL: "bold red", Status.WARN: "yellow"}


def print_matrices(console: Console, results: list[Result]) -> None:
    """A matrix for each group name the entity's ``for_each`` targets judge in, if any."""
    groups = each_group(results)
    if not groups:
        return
    ascii_only = not draws_unicode(console.encoding)
    symbols = ASCII_SYMBOLS if ascii_only else SYMBOLS
    absent = "-" if ascii_only else ABSENT
    for name, values in columns(groups).items():
        members = [each for each in groups if each.name == name]
        title = Text(_("By {name}").format(name=inert(name)), style="bold underline")
        widths = [max(cell_len(inert(v)), 1) + 2 for v in values]
        longest = max(cell_len(inert(each.target.id)) for each in members)
        if longest + 2 + sum(widths) <= console.width:
            table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column(_("Target"), no_wrap=True)
            for value in values:
                table.add_column(Text(inert(value)), justify="center", no_wrap=True)
            for each in members:
                table.add_row(Text(inert(each.target.id), style="bold"), *(
                    _cell(each, value, symbols, absent) for value in values
                ))  # fmt: skip
            console.print(table)
        else:
            console.print(title, soft_wrap=True)
            for each in members:
                console.print(_line(each), soft_wrap=True)
        legend = "  ".join(f"{symbols[s]} {words.status_word(s)}" for s in Status)
        legend += f"  {absent} " + _("no figures")
        console.print(Text(legend, style="dim"), soft_wrap=True)
        console.print()


def _cell(each: EachGroup, value: str, symbols: dict[Status, str], absent: str) -> Text:
    result = each.results.get(value)
    if result is None:
        return Text(absent, style="dim")
    return Text(symbols[result.status], style=_STYLE.get(result.status, ""))


def _line(each: EachGroup) -> Text:
    """``bullying: 2 of 5 hospitals fail: Hvidovre, Søborg``."""
    line = Text(inert(each.target.id), style="bold")
    line.append(f": {each.tally()}")
    failing = [value for value, r in each.results.items() if r.status is Status.FAIL]
    if failing:
        line.append(": " + inert(", ".join(failing)))
    return line
