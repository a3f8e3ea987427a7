"""Parts of the terminal table that stand on their own: the summary line under it, and a
console that can draw at all."""

from __future__ import annotations

from typing import Literal, cast

from rich.console import Console

from goalcheck.i18n import _, n_
from goalcheck.model import Report, Status
from goalcheck.reporters import words
from goalcheck.reporters.groups import each_group

ColorSystem = Literal["auto", "standard", "256", "truecolor", "windows"]


def summary_line(report: Report) -> str:
    counts = report.summary
    # Pass and fail always; the other statuses when they occur, to keep the line short.
    parts = [
        f"{counts[status]} {words.status_word(status)}"
        for status in Status
        if counts[status] or status in (Status.PASS, Status.FAIL)
    ]
    judged = [r for r in report.results if r.status in (Status.PASS, Status.WARN, Status.FAIL)]
    provisional = sum(1 for r in judged if not r.final)
    total = len(report.results)
    line = n_("{count} target", "{count} targets", total).format(count=total)
    line += ": " + ", ".join(parts)
    if provisional:
        line += " " + _("({provisional} of {judged} verdicts provisional)").format(
            provisional=provisional, judged=len(judged)
        )
    initiatives = report.initiatives
    if initiatives:
        started = sum(1 for i in initiatives if i.status == "started")
        line += "; " + n_(
            "{count} initiative: {started} started, {completed} completed",
            "{count} initiatives: {started} started, {completed} completed",
            len(initiatives),
        ).format(count=len(initiatives), started=started, completed=len(initiatives) - started)
    for each in each_group(list(report.results)):
        line += f"; {each.target.id}: {each.tally()}"
    if report.warnings:
        count = len(report.warnings)
        line += "; " + n_("{count} warning", "{count} warnings", count).format(count=count)
    return line


def drawable(console: Console) -> Console:
    """``console``, or when it has no columns at all (``COLUMNS=0``), a like one of one column.

    rich draws nothing on a console less than one column wide, which would hide every verdict;
    at one column the one-line rows still come out whole, for the terminal to wrap.
    """
    if console.width >= 1:
        return console
    return Console(
        file=console.file,
        width=1,
        color_system=cast(ColorSystem | None, console.color_system),
        force_terminal=console.is_terminal,
        no_color=console.no_color,
        highlight=False,
    )
