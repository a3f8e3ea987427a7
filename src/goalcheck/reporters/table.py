"""The terminal table: results grouped by entity and area, then a summary line.

Every label from a data file goes into a ``Text`` object, never into markup, so a label such
as ``[bold]`` prints literally.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from goalcheck.model import Report, Result, Status
from goalcheck.reporters import words

_STATUS_STYLE = {Status.PASS: "bold green", Status.FAIL: "bold red", Status.NO_DATA: "bold yellow"}


def _area_title(area: str) -> str:
    return area[:1].upper() + area[1:]


def _target_cell(result: Result) -> Text:
    target = result.target
    cell = Text(target.id, style="bold")
    cell.append(f"\n{target.label}: {words.condition(result)} by {target.period}")
    return cell


def _figure_cell(result: Result) -> Text:
    if result.actual is None or result.actual_period is None:
        return Text("no figure", style="dim")
    cell = Text(words.with_unit(result.actual, result.target.unit))
    cell.append(f"\n({result.actual_period})", style="dim")
    return cell


def _verdict_cell(result: Result) -> Text:
    cell = Text(words.STATUS_WORDS[result.status].upper(), style=_STATUS_STYLE[result.status])
    if result.status is not Status.NO_DATA:
        cell.append("\nfinal" if result.final else "\nprovisional", style="dim")
    return cell


def _margin_cell(result: Result) -> Text:
    return Text("" if result.margin is None else words.signed(result.margin))


def summary_line(report: Report) -> str:
    counts = report.summary
    parts = [f"{counts[status]} {words.STATUS_WORDS[status]}" for status in Status]
    judged = [r for r in report.results if r.status is not Status.NO_DATA]
    provisional = sum(1 for r in judged if not r.final)
    line = f"{len(report.results)} targets: " + ", ".join(parts)
    if provisional:
        line += f" ({provisional} of {len(judged)} verdicts provisional)"
    return line


def _by_first_appearance(results: Iterable[Result], key: Callable[[Result], str]) -> list[Result]:
    """Results grouped by ``key``, groups in the order they first appear, rows kept in order."""
    order: dict[str, int] = {}
    for result in results:
        order.setdefault(key(result), len(order))
    return sorted(results, key=lambda r: order[key(r)])


def render(report: Report, console: Console) -> None:
    ordered = _by_first_appearance(report.results, lambda r: r.target.entity)
    for entity, results in groupby(ordered, key=lambda r: r.target.entity):
        table = Table(
            title=Text(report.entity_names.get(entity, entity), style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=False,
            pad_edge=False,
        )
        table.add_column("Target", ratio=1, min_width=24)
        table.add_column("Figure", no_wrap=True)
        table.add_column("Verdict", no_wrap=True)
        table.add_column("Margin", justify="right", no_wrap=True)
        by_area = _by_first_appearance(list(results), lambda r: r.target.area)
        for area, area_results in groupby(by_area, key=lambda r: r.target.area):
            table.add_row(Text(_area_title(area), style="bold underline"), end_section=False)
            rows = list(area_results)
            for index, result in enumerate(rows):
                table.add_row(
                    _target_cell(result),
                    _figure_cell(result),
                    _verdict_cell(result),
                    _margin_cell(result),
                    end_section=index == len(rows) - 1,
                )
        console.print(table)
    console.print(Text(summary_line(report)))


def write(report: Report, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False)
    if console.is_terminal:
        render(report, console)
        return
    # Into a file or a CI log: no colour (rich decides that too), and no padding at line ends.
    buffer = io.StringIO()
    render(report, Console(file=buffer, highlight=False, width=console.width, no_color=True))
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
