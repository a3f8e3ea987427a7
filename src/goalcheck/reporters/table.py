"""The terminal table: one per entity, rows grouped by objective or area, then a summary.

Every string from a data file goes into a ``Text`` object, never into markup, so a label such
as ``[bold]`` prints literally; and it is made inert first (``goalcheck.inert``), because rich
passes an ESC or a newline inside a ``Text`` straight to the terminal.

The table never hides a verdict. Where the grid does not fit the console with every id and
every verdict whole, an entity's results are printed one to a line instead, verdict first,
soft-wrapped so that rich neither folds nor cuts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from goalcheck.i18n import N_, _, day_text
from goalcheck.inert import inert
from goalcheck.model import Entity, IndicatorValue, Initiative, Report, Result, Status
from goalcheck.reporters import (
    Buffer,
    Options,
    by_entity,
    draws_unicode,
    missing_explanation,
    words,
)
from goalcheck.reporters.sections import area_title, objective_progress, section_key
from goalcheck.reporters.table_matrix import print_matrices
from goalcheck.reporters.table_parts import drawable, summary_line

_STATUS_STYLE = {
    Status.PASS: "bold green",
    Status.WARN: "bold yellow",
    Status.FAIL: "bold red",
    Status.WAIVED: "bold magenta",
    Status.PENDING: "bold cyan",
    Status.NO_DATA: "bold yellow",
}
# The Target column is kept at least this wide for the labels' sake, or the longest id.
_TARGET_MIN_WIDTH = 24
# Wide enough to measure any table without rich clamping its columns to the console.
_UNBOUNDED = 1_000_000
_HEADERS = (N_("Target"), N_("Figure"), N_("Verdict"), N_("Margin"))

Row = tuple[Text, Text, Text, Text]
Item = Result | Initiative | IndicatorValue
ColorSystem = Literal["auto", "standard", "256", "truecolor", "windows"]


def _text(text: str, style: str = "") -> Text:
    """User text, or words built around it, as a ``Text`` that cannot drive the terminal."""
    return Text(inert(text), style=style)


def _append(cell: Text, line: str, style: str = "") -> None:
    """Another line of a cell: goalcheck's own newline, then the line made inert."""
    cell.append("\n")
    cell.append(inert(line), style=style)


@dataclass
class _Group:
    title: Text
    items: list[Item] = field(default_factory=list)


# --- the grid ------------------------------------------------------------------------------


def _target_cell(result: Result) -> Text:
    cell = _text(result.id, "bold")
    _append(cell, words.target_text(result))
    for note in words.notes(result, with_reason=False):
        _append(cell, note, "italic")
    return cell


def _figure_cell(result: Result, spark: bool) -> Text:
    found = words.figure(result)
    cell = _text(found.text, "" if found.known else "dim")
    if found.progress:
        _append(cell, found.progress, "dim")
    if found.period:
        _append(cell, f"({found.period})", "dim")
    if spark and len(result.recent) >= 2:
        _append(cell, words.sparkline(result.recent), "dim")
    return cell


def _verdict_word(result: Result) -> Text:
    return Text(words.status_word(result.status).upper(), style=_STATUS_STYLE[result.status])


def _margin_cell(result: Result) -> Text:
    """The margin; a range on two lines (``-91 to`` over ``-1 d``), to keep the column narrow."""
    low, high = result.margin_range or (None, None)
    if low is None or high is None:
        return _text(words.margin_text(result))
    suffix = " d" if result.margin_unit == "days" else ""
    return Text(
        _("{low} to\n{high}").format(low=words.signed(low), high=words.signed(high)) + suffix
    )


def _verdict_cell(result: Result) -> Text:
    cell = _verdict_word(result)
    if result.status in (Status.PASS, Status.WARN, Status.FAIL):
        cell.append("\n" + (_("final") if result.final else _("provisional")), style="dim")
    return cell


def _result_row(result: Result, spark: bool) -> Row:
    return (
        _target_cell(result),
        _figure_cell(result, spark),
        _verdict_cell(result),
        _margin_cell(result),
    )


def _initiative_row(initiative: Initiative) -> Row:
    cell = _text(initiative.id, "bold")
    _append(cell, initiative.name_da)
    figure = Text(_("priority {year}").format(year=initiative.priority_year))
    if initiative.completed is not None:
        _append(figure, _("(done {period})").format(period=initiative.completed), "dim")
    elif initiative.started is not None:  # a launch is not a completion
        _append(figure, _("(started {period})").format(period=initiative.started), "dim")
    return (cell, figure, _text(_(initiative.status), "dim"), Text(""))


def _indicator_figure(value: IndicatorValue) -> str | None:
    if value.value is None or value.period is None:
        return None
    return words.with_unit(value.value, value.metric.unit)


def _indicator_row(value: IndicatorValue) -> Row:
    cell = _text(value.indicator.id, "bold")
    _append(cell, value.indicator.label)
    shown = _indicator_figure(value)
    if shown is None:
        return (cell, Text("no figure", style="dim"), Text("shown", style="dim"), Text(""))
    figure = _text(shown)
    _append(figure, f"({value.period})", "dim")
    return (cell, figure, Text("shown", style="dim"), Text(""))


def _row(item: Item, spark: bool = False) -> Row:
    if isinstance(item, Result):
        return _result_row(item, spark)
    if isinstance(item, Initiative):
        return _initiative_row(item)
    return _indicator_row(item)


# --- one line per row, when the grid does not fit --------------------------------------------


def _line(item: Item) -> Text:
    """A row on one line, verdict first: ``FAIL  sick-leave-total  4.19 % (2019, ...)  -0.19``."""
    if isinstance(item, Result):
        line = _verdict_word(item)
        parts = [item.id, words.figure_text(item), words.margin_text(item)]
    elif isinstance(item, Initiative):
        line = Text(_(item.status), style="dim")
        done = (
            ""
            if item.completed is None
            else " " + _("(done {period})").format(period=item.completed)
        )
        parts = [item.id, _("priority {year}").format(year=item.priority_year) + done]
    else:
        line = Text(_("shown"), style="dim")
        shown = _indicator_figure(item)
        figure = _("no figure") if shown is None else f"{shown} ({item.period})"
        parts = [item.indicator.id, figure]
    for index, part in enumerate(p for p in parts if p):
        line.append("  ")
        line.append(inert(part), style="bold" if index == 0 else "")
    return line


def _id(item: Item) -> str:
    if isinstance(item, Result | Initiative):
        return inert(item.id)
    return inert(item.indicator.id)


# --- grouping --------------------------------------------------------------------------------


def _groups(
    entity: Entity, results: list[Result], indicators: list[IndicatorValue]
) -> list[_Group]:
    """Rows under their objective (in number order) or area (in order of first use)."""
    groups: dict[object, _Group] = {}
    for number, objective in entity.objectives.items():
        title = _text(f"{number}. {objective.name_da}", "bold underline")
        title.append(inert(f" ({objective.name})"), style="bold")
        title.append("\n" + objective_progress(entity, number), style="dim")
        groups[("objective", number)] = _Group(title)

    def group(area: str | None, objective: int | None, initiative: str | None = None) -> _Group:
        key = section_key(entity, area, objective, initiative)
        if key not in groups:
            groups[key] = _Group(_text(area_title(area), "bold underline"))
        return groups[key]

    for initiative in entity.initiatives.values():
        group(None, initiative.objective).items.append(initiative)
    for result in results:
        target = result.target
        group(target.area, result.objective, target.initiative).items.append(result)
    for value in indicators:
        indicator = value.indicator
        group(indicator.area, indicator.objective).items.append(value)
    return [g for g in groups.values() if g.items]


def _results_only(groups: list[_Group]) -> list[_Group]:
    """The groups with only their results, and only the groups left with any."""
    kept = [_Group(g.title, [i for i in g.items if isinstance(i, Result)]) for g in groups]
    return [g for g in kept if g.items]


def _title(entity: Entity, report: Report) -> Text:
    title = _text(entity.name, "bold")
    details = []
    if entity.status_date is not None:
        details.append(_("status {period}").format(period=entity.status_date))
    details.append(_("as of {day}").format(day=day_text(report.as_of)))
    title.append(f" ({', '.join(details)})")
    return title


def _widest(rows: Sequence[Sequence[Text]], column: int) -> int:
    lines = (line for row in rows for line in row[column].plain.split("\n"))
    return max((cell_len(line) for line in lines), default=0)


def _min_widths(groups: list[_Group], rows: list[Row]) -> tuple[int, int, int, int]:
    """Column widths that keep every id and every verdict whole.

    The Target column folds its text, but never narrower than the longest id; the others never
    wrap, so they need their widest line. A long word in a label does not count: it folds.
    """
    longest_id = max((cell_len(_id(item)) for group in groups for item in group.items), default=0)
    target, figure, verdict, margin = (cell_len(_(header)) for header in _HEADERS)
    return (
        max(target, _TARGET_MIN_WIDTH, longest_id),
        max(figure, _widest(rows, 1)),
        max(verdict, _widest(rows, 2)),
        max(margin, _widest(rows, 3)),
    )


def _grid(title: Text, widths: tuple[int, int, int, int], *, fixed: bool = False) -> Table:
    """A table with its columns at least ``widths`` wide, before any row is added; with
    ``fixed``, exactly that wide, so that rich measures no cell (``_widths`` did)."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    target, figure, verdict, margin = widths
    table.add_column(_(_HEADERS[0]), ratio=1, min_width=target, overflow="fold")
    table.add_column(_(_HEADERS[1]), no_wrap=True, min_width=figure)
    table.add_column(_(_HEADERS[2]), no_wrap=True, min_width=verdict)
    table.add_column(_(_HEADERS[3]), justify="right", no_wrap=True, min_width=margin)
    if fixed:
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
    return table


def _widths(
    groups: list[_Group], rows: list[Row], least: tuple[int, int, int, int], room: int
) -> tuple[int, int, int, int]:
    """The widths rich would give the columns in ``room`` cells, found without its measuring
    every cell twice: the others at their ``least`` (their widest line, as they never wrap),
    and the Target column as wide as its widest line, folded to what room is left."""
    target, figure, verdict, margin = least
    titles = [(group.title,) for group in groups]  # a title row, as the grid holds it
    widest = max(_widest(rows, 0), _widest(titles, 0))
    return (min(max(target, widest), room - figure - verdict - margin), figure, verdict, margin)


def _chrome(console: Console) -> int:
    """The width the grid adds to its columns' own: padding, dividers and edges.

    rich measures it, once per render, on a grid of no rows whose columns are as wide as their
    headers: its narrowest width less those. The grid fits a console at least as wide as its
    columns' minimum widths (``_min_widths``) and this, and rich then draws each column at
    least that wide.
    """
    target, figure, verdict, margin = (cell_len(_(header)) for header in _HEADERS)
    bare = _grid(Text(""), (target, figure, verdict, margin))
    unbounded = console.options.update_width(_UNBOUNDED)
    return Measurement.get(console, unbounded, bare).minimum - (target + figure + verdict + margin)


def _print_entity(
    console: Console, chrome: int, entity: Entity, groups: list[_Group], report: Report
) -> bool:
    """Print the entity's grid and say True, or its rows one to a line where it does not fit."""
    # A sparkline of each metric's recent figures, where the console can draw its blocks.
    spark = draws_unicode(console.encoding)
    rows = [_row(item, spark) for group in groups for item in group.items]
    least = _min_widths(groups, rows)
    if sum(least) + chrome <= console.width:
        widths = _widths(groups, rows, least, console.width - chrome)
        grid = _grid(_title(entity, report), widths, fixed=True)
        next_row = iter(rows)
        for group in groups:
            grid.add_row(group.title)
            for index in range(len(group.items)):
                grid.add_row(*next(next_row), end_section=index == len(group.items) - 1)
        console.print(grid)
        return True
    console.print(_title(entity, report), soft_wrap=True)
    for group in groups:
        console.print(group.title, soft_wrap=True)
        for item in group.items:
            console.print(_line(item), soft_wrap=True)
    console.print()
    return False


def render(
    report: Report, console: Console, options: Options | None = None, *, quiet: bool = False
) -> None:
    """The tables, the summary line and the warnings; with ``quiet``, only the results that
    fail the run or warn (no passing rows, initiatives, indicators or matrices)."""
    options = options or Options()
    console = drawable(console)
    results = by_entity(report)
    indicators: dict[str, list[IndicatorValue]] = {entity.id: [] for entity in report.entities}
    if not quiet:
        for value in report.indicators:
            indicators.setdefault(value.indicator.entity, []).append(value)
    chrome = _chrome(console)
    drawn = []
    for entity in report.entities:
        shown = results[entity.id]
        if quiet:
            shown = [r for r in shown if options.fails(r) or r.status is Status.WARN]
            if not shown:
                continue
        groups = _groups(entity, shown, indicators[entity.id])
        if quiet:
            groups = _results_only(groups)
        drawn.append(_print_entity(console, chrome, entity, groups, report))
        if not quiet:
            print_matrices(console, results[entity.id])
    # Beside a grid the summary wraps to it; once rows went one to a line, the console is too
    # narrow for wrapping to help, and whole lines are left for the terminal to wrap.
    narrow = not all(drawn)
    console.print(Text(summary_line(report)), soft_wrap=narrow)
    unexplained = [inert(r.id) for r in report.results if missing_explanation(r)]
    if options.require_explanations and unexplained:
        missed = Text(_("Missed without an explanation: ") + ", ".join(unexplained))
        console.print(missed, soft_wrap=narrow)
    for warning in report.warnings:
        console.print(_text(words.warning_line(warning)), soft_wrap=True)


def _console(stream: TextIO, colour: bool | None) -> Console:
    """A console on ``stream``: coloured as rich decides (its terminal-ness, ``NO_COLOR``,
    ``FORCE_COLOR``) when ``colour`` is None, else as ``colour`` says."""
    if colour is None:
        return Console(file=stream, highlight=False)
    console = Console(file=stream, highlight=False, force_terminal=colour, no_color=not colour)
    if colour and console.color_system is None:  # TERM=dumb: colour asked for is colour given
        console = Console(
            file=stream, highlight=False, force_terminal=True, color_system="standard"
        )
    return console


def write(
    report: Report,
    stream: TextIO,
    options: Options,
    *,
    quiet: bool = False,
    colour: bool | None = None,
) -> None:
    console = _console(stream, colour)
    if console.is_terminal:
        render(report, console, options, quiet=quiet)
        return
    # Into a file or a CI log: no colour (rich decides that too), and no padding at line ends.
    buffer = Buffer(getattr(stream, "encoding", None) or "utf-8")
    # Never a terminal, or FORCE_COLOR would still draw bold and dim.
    plain = Console(
        file=buffer, highlight=False, width=console.width, no_color=True, force_terminal=False
    )
    render(report, plain, options, quiet=quiet)
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
