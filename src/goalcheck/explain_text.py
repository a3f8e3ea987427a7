"""``goalcheck explain`` written out as text, section by section, for a terminal or a log
(``explain_json`` writes it as JSON).

Every line of the text is made inert (``goalcheck.inert``) as it is written: labels,
statements, notes and sources come from files anyone may write, and must not drive the
terminal or forge a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from goalcheck.explain import Explained, UsedFigure
from goalcheck.inert import inert
from goalcheck.milestones import Done
from goalcheck.model import Entity, Result, Source, Status, Target
from goalcheck.reporters import words

_WIDTH = 13  # the labels' column: "explanation" and "status date" and two blanks
# A warning band lies on the passing side of a one-sided threshold only.
_BAND_WORDS = {"<": "under", "<=": "at most", ">": "over", ">=": "at least"}
_SEVERITY = {
    "error": "error: a miss fails the run",
    "warn": "warn: a miss is reported as a warning and does not fail the run",
    "info": "info: shown as it is; it never fails the run",
}


def render(explained: Sequence[Explained]) -> str:
    """The explanation of one target's results (or of several targets of one id, one after
    another, in different entities)."""
    blocks: list[list[str]] = []
    by_target: dict[tuple[str, str], list[Explained]] = {}
    for item in explained:
        by_target.setdefault((item.entity.id, item.result.target.id), []).append(item)
    for items in by_target.values():
        blocks.append(_target(items))
        several = len(items) > 1 or items[0].result.id != items[0].result.target.id
        blocks += [_result(item, several=several) for item in items]
    return "\n".join(inert(line) for block in blocks for line in [*block, ""])


def _row(label: str, value: str) -> str:
    return f"  {label:<{_WIDTH}}{value}"


def _rows(label: str, values: Sequence[str]) -> list[str]:
    """A label beside the first value, the others under it."""
    return [_row(label if index == 0 else "", value) for index, value in enumerate(values)]


def source_text(source: Source) -> str:
    """``Report › Section, page 12, https://..., cell data/figures.csv:C7``."""
    text = f"{source.document} › {source.section}"
    if source.page is not None:
        text += f", page {source.page}"
    if source.url:
        text += f", {source.url}"
    if source.cell:
        text += f", cell {source.cell}"
    return text


def _threshold_text(value: Decimal | tuple[Decimal, Decimal], unit: str) -> str:
    if isinstance(value, tuple):
        return f"{words.number(value[0])} to {words.with_unit(value[1], unit)}"
    return words.with_unit(value, unit)


# The target


def _target(items: Sequence[Explained]) -> list[str]:
    first = items[0]
    entity, result, target = first.entity, first.result, first.target
    lines = [
        f"{target.id}: {target.label}",
        f"{entity.name} ({entity.id}), as of {first.as_of.isoformat()}",
        "",
        "Target",
        _row("kind", target.kind),
        _row(f"stated ({target.lang})", f'"{target.statement}"' if target.statement else "-"),
    ]
    lines += _rows("source", [source_text(s) for s in target.sources] or ["-"])
    line = target.at_line()
    lines.append(_row("defined in", target.file if line is None else f"{target.file}:{line}"))
    lines += _subject(entity, target)
    lines.append(_row("due", f"{target.period}, by {target.period.end.isoformat()}"))
    lines.append(_row("severity", _SEVERITY[target.severity]))
    if target.kind not in ("milestone", "portfolio"):
        lines.append(_row("warn band", _warn_band(target)))
    lines += _revisions(target, result, first)
    lines.append(_row("waiver", _waiver(target, first)))
    lines.append(_row("explanation", target.explanation or "none"))
    if target.note:
        lines.append(_row("note", target.note))
    return lines


def _subject(entity: Entity, target: Target) -> list[str]:
    """What the target is about: its metric (and formula), its initiative, its groups."""
    lines = []
    if target.metric is not None:
        metric = entity.metrics[target.metric]
        lines.append(_row("metric", f"{metric.id}: {metric.label}; unit {metric.unit}"))
        if metric.formula is not None:
            lines.append(_row("formula", " ".join(metric.formula.split())))
        if metric.note:
            lines.append(_row("metric note", metric.note))
    if target.initiative is not None:
        initiative = entity.initiatives[target.initiative]
        lines.append(_row("initiative", f"{initiative.id}: {initiative.name_da}"))
    if target.for_each is not None:
        lines.append(_row("for each", f"{target.for_each}: one result per {target.for_each}"))
    if target.where:
        lines.append(_row("within", ", ".join(f"{n} {v}" for n, v in target.where)))
    return lines


def _warn_band(target: Target) -> str:
    if target.warn_threshold is None:
        return "none"
    limit = words.with_unit(target.warn_threshold, target.unit or "count")
    band = f"{_BAND_WORDS.get(target.condition or '', '')} {limit}"
    return f"{band}: a figure that passes but is not {band} as well is a warning"


def _revisions(target: Target, result: Result, first: Explained) -> list[str]:
    if not target.revisions:
        return [_row("revisions", "none")]
    unit = target.unit or "count"
    assert target.threshold is not None
    lines = [_row("threshold", f"{_threshold_text(target.threshold, unit)} as first set")]
    found = []
    for revision in target.revisions:
        if revision == result.revision:
            state = "in force"
        elif revision.since.start > first.as_of:
            state = f"not known as of {first.as_of.isoformat()}"
        elif revision.since.start > target.period.end:
            state = "not in force: made after the due day"
        else:
            state = "superseded"
        found.append(
            f"to {_threshold_text(revision.threshold, unit)} from {revision.since} by"
            f" {revision.decided_by} ({state}): {revision.reason}"
        )
    return lines + _rows("revised", found)


def _waiver(target: Target, first: Explained) -> str:
    waiver = target.waiver
    if waiver is None:
        return "none"
    state = "expired" if first.as_of > waiver.until.end else "in force"
    return f"until {waiver.until} ({state}), decided by {waiver.decided_by}: {waiver.reason}"


# A result


def _result(item: Explained, *, several: bool) -> list[str]:
    result = item.result
    status = words.STATUS_WORDS[result.status].upper()
    if result.status is Status.WAIVED and result.waived_status is not None:
        status += f" (would be {words.STATUS_WORDS[result.waived_status]})"
    if result.status in (Status.PASS, Status.WARN, Status.FAIL):
        status += ", final" if result.final else ", provisional"
    heading = f"Verdict on {result.id}" if several else "Verdict"
    lines = [f"{heading}: {status}", _row("rule", words.target_text(result))]
    if result.group:
        lines.append(_row("group", ", ".join(f"{n} {v}" for n, v in result.group)))
    lines.append(_row("figure", _figure(result)))
    lines.append(_row("why", item.why))
    if result.reason and result.reason not in item.why:
        lines.append(_row("reason", result.reason))
    margin = words.margin_text(result)
    if margin:
        lines.append(
            _row("margin", f"{margin}: {item.margin_words}" if item.margin_words else margin)
        )
    lines.append(_row("fails run", "yes" if item.fails_run else "no"))
    lines += _evidence(item)
    lines += _counted(item)
    if result.target.metric is not None:
        none = f"  none known as of {item.as_of.isoformat()}"
        lines += ["", "Figures used"]
        lines += [line for figure in item.figures for line in _used(figure)] or [none]
    if item.steps:
        lines += ["", "Formula"]
        for step in item.steps:
            shown = step.substituted(words.number)
            lines.append(f"  {step.metric} for {step.period}:")
            lines.append(f"    {step.text} = {shown} = {words.number(step.value)}")
    notes = words.history_notes(result)
    lines += ["", "History", *(f"  {note}" for note in notes)]
    if not notes:
        lines.append("  none: no figure used was restated, and no sources disagree")
    heading_notes = words.trajectory_notes(result)
    if heading_notes or len(result.recent) >= 2:
        lines += ["", "Trajectory (told, not judged)"]
        lines += [f"  {note}" for note in heading_notes]
        if len(result.recent) >= 2:
            unit = result.target.unit or "count"
            shown = ", ".join(words.with_unit(v, unit) for v in result.recent)
            lines.append(f"  recent figures: {shown}")
    return lines


def _figure(result: Result) -> str:
    found = words.figure(result)
    if found.period is None:
        return found.text
    if result.target.kind == "milestone":
        return f"{found.text} in {found.period}"
    if result.target.kind == "portfolio":
        return f"{found.text} (status {found.period})"
    return f"{found.text} for {found.period}"


def _used(figure: UsedFigure) -> list[str]:
    value = words.with_unit(figure.value, figure.unit)
    period = str(figure.period)
    if figure.through is not None:
        period += f" through {figure.through}"
    lines = [f"  {figure.metric} for {period}: {value} ({figure.role})"]
    known = f"known from {figure.known_from.isoformat()}"
    if figure.formula is not None:  # its sources are its metrics', listed with them
        lines.append(
            f"    worked out by its formula (below); {known}, when the last of its figures was"
        )
    else:
        lines.append(f"    published {figure.published}, {known}")
        lines += [f"    source: {source_text(source)}" for source in figure.sources]
    if figure.note:
        lines.append(f"    note: {figure.note}")
    return lines


def _evidence(item: Explained) -> list[str]:
    """What a milestone's verdict rests on."""
    evidence = item.evidence
    if evidence is None:
        return []
    lines = ["", "What the verdict rests on"]
    initiative = evidence.initiative
    if initiative is not None:
        started = f"started {initiative.started or 'not dated'}"
        completed = f"completed {initiative.completed or 'not dated'}"
        lines.append(
            _row(
                "initiative",
                f"{initiative.id}: {initiative.name_da}; {initiative.status}"
                f" ({initiative.status_da}); {started}, {completed}",
            )
        )
    event = "done" if initiative is None else evidence.event
    if evidence.done is not None:
        lines.append(_row("when", f"{event} {_done(evidence.done)}"))
    else:
        lines.append(_row("when", f"not reported {event} as of {item.as_of.isoformat()}"))
    if evidence.status_date is not None:
        status = str(evidence.status_date)
        if evidence.status_date_note:
            status += f": {evidence.status_date_note}"
        lines.append(_row("status date", status))
    return lines


def _done(done: Done) -> str:
    latest = done.latest.isoformat()
    if done.earliest is None:
        return f"by {latest} ({done.period})"
    if done.earliest == done.latest:
        return f"on {latest}" if str(done.period) == latest else f"on {latest} ({done.period})"
    return f"some day from {done.earliest.isoformat()} to {latest} ({done.period})"


def _counted(item: Explained) -> list[str]:
    """For a portfolio rule: the initiatives that name the objective."""
    result = item.result
    if result.target.kind != "portfolio" or result.objective is None:
        return []
    objective = item.entity.objectives[result.objective]
    lines = [
        "",
        "Counted",
        f"  {words.plural(len(item.counted), 'initiative')} name objective"
        f" {objective.number} ({objective.name_da}):",
    ]
    lines += [f"    {i.id}: {i.name_da} ({i.status})" for i in item.counted]
    return lines
