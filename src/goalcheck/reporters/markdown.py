"""Markdown: a summary and a table per entity, fit for a pull-request comment or a job summary.

Labels from data files are made inert (control characters shown as escapes, as
``goalcheck.inert`` does for every human-readable format) and then escaped as Markdown, so a
label can neither break the table nor inject markup, and a newline cannot end a row.
"""

from __future__ import annotations

import re
from typing import TextIO

from goalcheck.i18n import N_, _, day_text
from goalcheck.inert import inert
from goalcheck.model import Report, Result, Status
from goalcheck.reporters import Options, by_entity, words
from goalcheck.reporters.groups import ABSENT, columns, each_group

_ICONS = {
    Status.PASS: "✅",
    Status.WARN: "⚠️",
    Status.FAIL: "❌",
    Status.WAIVED: "⏸️",
    Status.PENDING: "⏳",
    Status.NO_DATA: "❔",
}
# Enough to keep a label literal inside a table cell; "-", "." and the like only mean
# something at the start of a line, which a cell never is.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_BACKTICKS = re.compile("`+")


def escape(text: str) -> str:
    """Text as literal Markdown: made inert, specials backslashed, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(inert(text).split()))


def code(text: str) -> str:
    """Text as an inline code span: made inert, fenced by more backticks than it holds.

    Backslashes mean nothing inside a code span, so a backtick is fenced out instead; a pipe is
    still backslashed, because GitHub splits table cells on pipes before it reads code spans.
    """
    text = inert(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def summary_line(report: Report) -> str:
    counts = report.summary
    return ", ".join(
        f"{counts[status]} {words.status_word(status)}" for status in Status if counts[status]
    ) or _("no targets")


def _row(result: Result, options: Options) -> str:
    status = f"{_ICONS[result.status]} {words.status_word(result.status)}"
    if options.fails(result):
        status = f"**{status}**"
    cells = [
        status,
        f"{code(result.id)} {escape(words.target_text(result))}",
        escape(words.figure_text(result)),
        escape(words.margin_text(result)),
        "<br>".join(escape(note) for note in words.notes(result)),
    ]
    return "| " + " | ".join(cells) + " |"


def _matrices(results: list[Result]) -> list[str]:
    """Targets judged in each group, as rows, with a column per group and an icon per cell."""
    groups = each_group(results)
    lines: list[str] = []
    for name, values in columns(groups).items():
        lines += [
            "",
            "#### " + _("By {name}").format(name=escape(name)),
            "",
            "| "
            + _("Target")
            + " | "
            + " | ".join(escape(v) for v in values)
            + " | "
            + _("Tally")
            + " |",
            "| --- | " + " | ".join(":---:" for _value in values) + " | --- |",
        ]
        for each in (g for g in groups if g.name == name):
            cells = [
                _ICONS[each.results[v].status] if v in each.results else ABSENT for v in values
            ]
            lines.append(
                f"| {code(each.target.id)} | " + " | ".join(cells) + f" | {escape(each.tally())} |"
            )
        legend = ", ".join(f"{_ICONS[s]} {words.status_word(s)}" for s in Status)
        lines += ["", f"{legend}, {ABSENT} " + _("no figures") + "."]
    return lines


def render(report: Report, options: Options) -> str:
    failing = sum(1 for r in report.results if options.fails(r))
    verdict = "❌ " + _("the check fails") if failing else "✅ " + _("the check passes")
    lines = [
        f"## goalcheck: {verdict}",
        "",
        _("{summary}, as of {day}.").format(
            summary=summary_line(report), day=day_text(report.as_of)
        ),
    ]
    grouped = by_entity(report)
    for entity in report.entities:
        results = grouped[entity.id]
        if not results:
            continue
        lines += [
            "",
            f"### {escape(entity.name)}",
            "",
            "| "
            + " | ".join(
                _(h) for h in (N_("Status"), N_("Target"), N_("Figure"), N_("Margin"), N_("Notes"))
            )
            + " |",
            "| --- | --- | --- | ---: | --- |",
        ]
        lines += [_row(result, options) for result in results]
        lines += _matrices(results)
    if report.warnings:
        lines += ["", "### " + _("Warnings"), ""]
        lines += [f"- {escape(words.warning_line(w))}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
