"""The terminal table: one per entity, rows grouped by objective or area, then a summary.

Every label from a data file goes into a ``Text`` object, never into markup, so a label such
as ``[bold]`` prints literally.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from goalcheck.model import Entity, IndicatorValue, Initiative, Report, Result, Status
from goalcheck.reporters import Options, missing_explanation, words

_STATUS_STYLE = {
    Status.PASS: "bold green",
    Status.WARN: "bold yellow",
    Status.FAIL: "bold red",
    Status.WAIVED: "bold magenta",
    Status.PENDING: "bold cyan",
    Status.NO_DATA: "bold yellow",
}

Row = tuple[Text, Text, Text, Text]


@dataclass
class _Group:
    title: Text
    rows: list[Row] = field(default_factory=list)


def _target_cell(result: Result) -> Text:
    cell = Text(result.id, style="bold")
    cell.append(f"\n{words.target_text(result)}")
    for note in words.notes(result, with_reason=False):
        cell.append(f"\n{note}", style="italic")
    return cell


def _figure_cell(result: Result) -> Text:
    found = words.figure(result)
    cell = Text(found.text, style="" if found.known else "dim")
    if found.progress:
        cell.append(f"\n{found.progress}", style="dim")
    if found.period:
        cell.append(f"\n({found.period})", style="dim")
    return cell


def _verdict_cell(result: Result) -> Text:
    cell = Text(words.STATUS_WORDS[result.status].upper(), style=_STATUS_STYLE[result.status])
    if result.status in (Status.PASS, Status.WARN, Status.FAIL):
        cell.append("\nfinal" if result.final else "\nprovisional", style="dim")
    return cell


def _margin_cell(result: Result) -> Text:
    return Text(words.margin_text(result))


def _result_row(result: Result) -> Row:
    return (_target_cell(result), _figure_cell(result), _verdict_cell(result), _margin_cell(result))


def _initiative_row(initiative: Initiative) -> Row:
    cell = Text(initiative.id, style="bold")
    cell.append(f"\n{initiative.name_da}")
    figure = Text(f"priority {initiative.priority_year}")
    if initiative.completed is not None:
        figure.append(f"\n(done {initiative.completed})", style="dim")
    return (cell, figure, Text(initiative.status, style="dim"), Text(""))


def _indicator_row(value: IndicatorValue) -> Row:
    cell = Text(value.indicator.id, style="bold")
    cell.append(f"\n{value.indicator.label}")
    if value.value is None or value.period is None:
        return (cell, Text("no figure", style="dim"), Text("shown", style="dim"), Text(""))
    figure = Text(words.with_unit(value.value, value.metric.unit))
    figure.append(f"\n({value.period})", style="dim")
    return (cell, figure, Text("shown", style="dim"), Text(""))


def _groups(entity: Entity, report: Report) -> list[_Group]:
    """Rows under their objective (in number order) or area (in order of first use)."""
    groups: dict[object, _Group] = {}
    for number, objective in entity.objectives.items():
        members = entity.supporting(number)
        done = sum(1 for i in members if i.status == "completed")
        title = Text(f"{number}. {objective.name_da}", style="bold underline")
        title.append(f" ({objective.name})", style="bold")
        share = f" ({done * 100 // len(members)} %)" if members else ""
        title.append(
            f"\n{words.plural(len(members), 'initiative')}, {done} completed{share}", style="dim"
        )
        groups[("objective", number)] = _Group(title)

    def group(area: str | None, objective: int | None, initiative: str | None = None) -> _Group:
        if objective is None and area is None and initiative is not None:
            objective = entity.initiatives[initiative].objective
        key: object = ("objective", objective) if objective is not None else ("area", area)
        if key not in groups:
            name = area or "no objective stated"
            groups[key] = _Group(Text(name[:1].upper() + name[1:], style="bold underline"))
        return groups[key]

    for initiative in entity.initiatives.values():
        group(None, initiative.objective).rows.append(_initiative_row(initiative))
    for result in report.results:
        if result.target.entity == entity.id:
            target = result.target
            group(target.area, result.objective, target.initiative).rows.append(_result_row(result))
    for value in report.indicators:
        if value.indicator.entity == entity.id:
            indicator = value.indicator
            group(indicator.area, indicator.objective).rows.append(_indicator_row(value))
    return [g for g in groups.values() if g.rows]


def summary_line(report: Report) -> str:
    counts = report.summary
    # Pass and fail always; the other statuses when they occur, to keep the line short.
    parts = [
        f"{counts[status]} {words.STATUS_WORDS[status]}"
        for status in Status
        if counts[status] or status in (Status.PASS, Status.FAIL)
    ]
    judged = [r for r in report.results if r.status in (Status.PASS, Status.WARN, Status.FAIL)]
    provisional = sum(1 for r in judged if not r.final)
    line = words.plural(len(report.results), "target") + ": " + ", ".join(parts)
    if provisional:
        line += f" ({provisional} of {len(judged)} verdicts provisional)"
    initiatives = report.initiatives
    if initiatives:
        started = sum(1 for i in initiatives if i.status == "started")
        line += (
            f"; {words.plural(len(initiatives), 'initiative')}: {started} started,"
            f" {len(initiatives) - started} completed"
        )
    if report.warnings:
        line += "; " + words.plural(len(report.warnings), "warning")
    return line


def _title(entity: Entity, report: Report) -> Text:
    title = Text(entity.name, style="bold")
    details = []
    if entity.status_date is not None:
        details.append(f"status {entity.status_date}")
    details.append(f"as of {report.as_of.isoformat()}")
    title.append(f" ({', '.join(details)})")
    return title


def _table(entity: Entity, groups: Iterable[_Group], report: Report) -> Table:
    table = Table(
        title=_title(entity, report),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Target", ratio=1, min_width=24, overflow="fold")
    table.add_column("Figure", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Margin", justify="right", no_wrap=True)
    for group in groups:
        table.add_row(group.title)
        for index, row in enumerate(group.rows):
            table.add_row(*row, end_section=index == len(group.rows) - 1)
    return table


def render(report: Report, console: Console, options: Options | None = None) -> None:
    options = options or Options()
    for entity in report.entities:
        console.print(_table(entity, _groups(entity, report), report))
    console.print(Text(summary_line(report)))
    unexplained = [r.id for r in report.results if missing_explanation(r)]
    if options.require_explanations and unexplained:
        console.print(Text("Missed without an explanation: " + ", ".join(unexplained)))
    for warning in report.warnings:
        console.print(Text(words.warning_line(warning)), soft_wrap=True)


def write(report: Report, stream: TextIO, options: Options) -> None:
    console = Console(file=stream, highlight=False)
    if console.is_terminal:
        render(report, console, options)
        return
    # Into a file or a CI log: no colour (rich decides that too), and no padding at line ends.
    buffer = io.StringIO()
    plain = Console(file=buffer, highlight=False, width=console.width, no_color=True)
    render(report, plain, options)
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
