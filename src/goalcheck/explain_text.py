"""``goalcheck explain`` written out as text, section by section, for a terminal or a log
(``explain_json`` writes it as JSON).

Every line of the text is made inert (``goalcheck.inert``) as it is written: labels,
statements, notes and sources come from files anyone may write, and must not drive the
terminal or forge a line.

The words are told in the language in use (``goalcheck.i18n``): the CLI renders inside
``i18n.speaking``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from goalcheck import i18n
from goalcheck.explain import (
    Explained,
    UsedFigure,
    event_text,
    margin_words,
    role_text,
    why,
)
from goalcheck.i18n import N_, _, day_text, n_, number_text, tell
from goalcheck.inert import inert
from goalcheck.milestones import Done
from goalcheck.model import Entity, Result, Source, Status, Target
from goalcheck.reporters import words

# Every label of the labels' column: the column is as wide as the widest in the language in
# use, and two blanks ("explanation", "status date" and "metric note" make it 13 in English).
_LABELS = (
    N_("kind"),
    N_("stated ({lang})"),
    N_("source"),
    N_("defined in"),
    N_("metric"),
    N_("formula"),
    N_("metric note"),
    N_("initiative"),
    N_("for each"),
    N_("within"),
    N_("due"),
    N_("severity"),
    N_("warn band"),
    N_("revisions"),
    N_("threshold"),
    N_("revised"),
    N_("waiver"),
    N_("explanation"),
    N_("note"),
    N_("rule"),
    N_("group"),
    N_("figure"),
    N_("why"),
    N_("reason"),
    N_("margin"),
    N_("fails run"),
    N_("when"),
    N_("status date"),
)
_widths: dict[str, int] = {}
_KINDS = {
    "threshold": N_("threshold"),
    "milestone": N_("milestone"),
    "progress": N_("progress"),
    "portfolio": N_("portfolio"),
}
# A warning band lies on the passing side of a one-sided threshold only.
_BAND_WORDS = {"<": N_("under"), "<=": N_("at most"), ">": N_("over"), ">=": N_("at least")}
_SEVERITY = {
    "error": N_("error: a miss fails the run"),
    "warn": N_("warn: a miss is reported as a warning and does not fail the run"),
    "info": N_("info: shown as it is; it never fails the run"),
}


def render(explained: Sequence[Explained]) -> str:
    """The explanation of one target's results (or of several targets of one id, one after
    another, in different entities), in the language in use."""
    blocks: list[list[str]] = []
    by_target: dict[tuple[str, str], list[Explained]] = {}
    for item in explained:
        by_target.setdefault((item.entity.id, item.result.target.id), []).append(item)
    for items in by_target.values():
        blocks.append(_target(items))
        several = len(items) > 1 or items[0].result.id != items[0].result.target.id
        blocks += [_result(item, several=several) for item in items]
    return "\n".join(inert(line) for block in blocks for line in [*block, ""])


def _width() -> int:
    """The labels' column, in the language in use."""
    language = i18n.language()
    if language not in _widths:
        told = (_(label).format(lang="da") for label in _LABELS)
        _widths[language] = max(len(label) for label in told) + 2
    return _widths[language]


def _row(label: str, value: str) -> str:
    """``label`` (told already) and its value, in the labels' column."""
    return f"  {label:<{_width()}}{value}"


def _rows(label: str, values: Sequence[str]) -> list[str]:
    """A label beside the first value, the others under it."""
    return [_row(label if index == 0 else "", value) for index, value in enumerate(values)]


def source_text(source: Source) -> str:
    """``Report › Section, page 12, https://..., cell data/figures.csv:C7``."""
    text = f"{source.document} › {source.section}"
    if source.page is not None:
        text += ", " + _("page {page}").format(page=source.page)
    if source.url:
        text += f", {source.url}"
    if source.cell:
        text += ", " + _("cell {cell}").format(cell=source.cell)
    return text


def _threshold_text(value: Decimal | tuple[Decimal, Decimal], unit: str) -> str:
    if isinstance(value, tuple):
        return _("{low} to {high}").format(
            low=words.number(value[0]), high=words.with_unit(value[1], unit)
        )
    return words.with_unit(value, unit)


# The target


def _target(items: Sequence[Explained]) -> list[str]:
    first = items[0]
    entity, result, target = first.entity, first.result, first.target
    kind = _(_KINDS[target.kind]) if target.kind in _KINDS else target.kind
    lines = [
        f"{target.id}: {target.label}",
        _("{name} ({id}), as of {day}").format(
            name=entity.name, id=entity.id, day=day_text(first.as_of)
        ),
        "",
        _("Target"),
        _row(_("kind"), kind),
        _row(
            _("stated ({lang})").format(lang=target.lang),
            f'"{target.statement}"' if target.statement else "-",
        ),
    ]
    lines += _rows(_("source"), [source_text(s) for s in target.sources] or ["-"])
    line = target.at_line()
    lines.append(_row(_("defined in"), target.file if line is None else f"{target.file}:{line}"))
    lines += _subject(entity, target)
    due = _("{period}, by {day}").format(period=target.period, day=day_text(target.period.end))
    lines.append(_row(_("due"), due))
    severity = _SEVERITY.get(target.severity)
    lines.append(_row(_("severity"), _(severity) if severity else target.severity))
    if target.kind not in ("milestone", "portfolio"):
        lines.append(_row(_("warn band"), _warn_band(target)))
    lines += _revisions(target, result, first)
    lines.append(_row(_("waiver"), _waiver(target, first)))
    lines.append(_row(_("explanation"), target.explanation or _("none")))
    if target.note:
        lines.append(_row(_("note"), target.note))
    return lines


def _subject(entity: Entity, target: Target) -> list[str]:
    """What the target is about: its metric (and formula), its initiative, its groups."""
    lines = []
    if target.metric is not None:
        metric = entity.metrics[target.metric]
        about = _("{id}: {label}; unit {unit}").format(
            id=metric.id, label=metric.label, unit=metric.unit
        )
        lines.append(_row(_("metric"), about))
        if metric.formula is not None:
            lines.append(_row(_("formula"), " ".join(metric.formula.split())))
        if metric.note:
            lines.append(_row(_("metric note"), metric.note))
    if target.initiative is not None:
        initiative = entity.initiatives[target.initiative]
        lines.append(_row(_("initiative"), f"{initiative.id}: {initiative.name_da}"))
    if target.for_each is not None:
        each = _("{name}: one result per {name}").format(name=target.for_each)
        lines.append(_row(_("for each"), each))
    if target.where:
        lines.append(_row(_("within"), ", ".join(f"{n} {v}" for n, v in target.where)))
    return lines


def _warn_band(target: Target) -> str:
    if target.warn_threshold is None:
        return _("none")
    limit = words.with_unit(target.warn_threshold, target.unit or "count")
    condition = _BAND_WORDS.get(target.condition or "")
    band = f"{_(condition) if condition else ''} {limit}"
    return _("{band}: a figure that passes but is not {band} as well is a warning").format(
        band=band
    )


def _revisions(target: Target, result: Result, first: Explained) -> list[str]:
    if not target.revisions:
        return [_row(_("revisions"), _("none"))]
    unit = target.unit or "count"
    assert target.threshold is not None
    first_set = _("{threshold} as first set").format(
        threshold=_threshold_text(target.threshold, unit)
    )
    lines = [_row(_("threshold"), first_set)]
    found = []
    for revision in target.revisions:
        if revision == result.revision:
            state = _("in force")
        elif revision.since.start > first.as_of:
            state = _("not known as of {day}").format(day=day_text(first.as_of))
        elif revision.since.start > target.period.end:
            state = _("not in force: made after the due day")
        else:
            state = _("superseded")
        found.append(
            _("to {threshold} from {since} by {by} ({state}): {reason}").format(
                threshold=_threshold_text(revision.threshold, unit),
                since=revision.since,
                by=revision.decided_by,
                state=state,
                reason=revision.reason,
            )
        )
    return lines + _rows(_("revised"), found)


def _waiver(target: Target, first: Explained) -> str:
    waiver = target.waiver
    if waiver is None:
        return _("none")
    if waiver.decided is not None and first.as_of < waiver.decided.end:
        state = _("not yet decided: decided {decided}").format(decided=waiver.decided)
    elif first.as_of > waiver.until.end:
        state = _("expired")
    else:
        state = _("in force")
    return _("until {until} ({state}), decided by {by}: {reason}").format(
        until=waiver.until, state=state, by=waiver.decided_by, reason=waiver.reason
    )


# A result


def _result(item: Explained, *, several: bool) -> list[str]:
    result = item.result
    status = words.status_word(result.status).upper()
    if result.status is Status.WAIVED and result.waived_status is not None:
        status += " " + _("(would be {status})").format(
            status=words.status_word(result.waived_status)
        )
    if result.status in (Status.PASS, Status.WARN, Status.FAIL):
        status += ", " + (_("final") if result.final else _("provisional"))
    heading = _("Verdict on {id}").format(id=result.id) if several else _("Verdict")
    lines = [f"{heading}: {status}", _row(_("rule"), words.target_text(result))]
    if result.group:
        lines.append(_row(_("group"), ", ".join(f"{n} {v}" for n, v in result.group)))
    lines.append(_row(_("figure"), _figure(result)))
    lines.append(_row(_("why"), why(result, item.as_of)))
    if result.reason and result.reason not in item.why:  # both in English
        lines.append(_row(_("reason"), tell(result.reason)))
    margin = words.margin_text(result)
    if margin:
        meaning = margin_words(result)
        lines.append(_row(_("margin"), f"{margin}: {meaning}" if meaning else margin))
    lines.append(_row(_("fails run"), _("yes") if item.fails_run else _("no")))
    lines += _evidence(item)
    lines += _counted(item)
    if result.target.metric is not None:
        none = "  " + _("none known as of {day}").format(day=day_text(item.as_of))
        lines += ["", _("Figures used")]
        lines += [line for figure in item.figures for line in _used(figure)] or [none]
    if item.steps:
        lines += ["", _("Formula")]
        for step in item.steps:
            shown = step.substituted(words.number)
            worked = _("{metric} for {period}:").format(metric=step.metric, period=step.period)
            lines.append(f"  {worked}")
            lines.append(f"    {step.text} = {shown} = {words.number(step.value)}")
    notes = words.history_notes(result)
    lines += ["", _("History"), *(f"  {note}" for note in notes)]
    if not notes:
        lines.append("  " + _("none: no figure used was restated, and no sources disagree"))
    heading_notes = words.trajectory_notes(result)
    if heading_notes or len(result.recent) >= 2:
        lines += ["", _("Trajectory (told, not judged)")]
        lines += [f"  {note}" for note in heading_notes]
        if len(result.recent) >= 2:
            unit = result.target.unit or "count"
            shown = ", ".join(words.with_unit(v, unit) for v in result.recent)
            lines.append("  " + _("recent figures: {figures}").format(figures=shown))
    return lines


def _figure(result: Result) -> str:
    found = words.figure(result)
    if found.period is None:
        return found.text
    if result.target.kind == "milestone":
        template = _("{figure} in {period}")
    elif result.target.kind == "portfolio":
        template = _("{figure} (status {period})")
    else:
        template = _("{figure} for {period}")
    return template.format(figure=found.text, period=found.period)


def _used(figure: UsedFigure) -> list[str]:
    value = words.with_unit(figure.value, figure.unit)
    period = str(figure.period)
    if figure.through is not None:
        period += " " + _("through {day}").format(day=figure.through)
    lines = [
        "  "
        + _("{metric} for {period}: {value} ({role})").format(
            metric=figure.metric, period=period, value=value, role=role_text(figure.role)
        )
    ]
    known = day_text(figure.known_from)
    if figure.formula is not None:  # its sources are its metrics', listed with them
        lines.append(
            "    "
            + _(
                "worked out by its formula (below); known from {day}, when the last of its"
                " figures was"
            ).format(day=known)
        )
    else:
        lines.append(
            "    "
            + _("published {published}, known from {day}").format(
                published=figure.published, day=known
            )
        )
        lines += [
            "    " + _("source: {source}").format(source=source_text(source))
            for source in figure.sources
        ]
    if figure.note:
        lines.append("    " + _("note: {note}").format(note=figure.note))
    return lines


def _evidence(item: Explained) -> list[str]:
    """What a milestone's verdict rests on."""
    evidence = item.evidence
    if evidence is None:
        return []
    lines = ["", _("What the verdict rests on")]
    initiative = evidence.initiative
    if initiative is not None:
        not_dated = _("not dated")
        started = _("started {when}").format(
            when=not_dated if initiative.started is None else initiative.started
        )
        completed = _("completed {when}").format(
            when=not_dated if initiative.completed is None else initiative.completed
        )
        lines.append(
            _row(
                _("initiative"),
                _("{id}: {name}; {status} ({status_da}); {started}, {completed}").format(
                    id=initiative.id,
                    name=initiative.name_da,
                    status=initiative.status,
                    status_da=initiative.status_da,
                    started=started,
                    completed=completed,
                ),
            )
        )
    event = event_text("done" if initiative is None else evidence.event)
    if evidence.done is not None:
        lines.append(_row(_("when"), f"{event} {_done(evidence.done)}"))
    else:
        not_reported = _("not reported {event} as of {day}").format(
            event=event, day=day_text(item.as_of)
        )
        lines.append(_row(_("when"), not_reported))
    if evidence.status_date is not None:
        status = str(evidence.status_date)
        if evidence.status_date_note:
            status += f": {evidence.status_date_note}"
        lines.append(_row(_("status date"), status))
    return lines


def _done(done: Done) -> str:
    latest = day_text(done.latest)
    if done.earliest is None:
        return _("by {day} ({period})").format(day=latest, period=done.period)
    if done.earliest == done.latest:
        if str(done.period) == done.latest.isoformat():
            return _("on {day}").format(day=latest)
        return _("on {day} ({period})").format(day=latest, period=done.period)
    return _("some day from {earliest} to {latest} ({period})").format(
        earliest=day_text(done.earliest), latest=latest, period=done.period
    )


def _counted(item: Explained) -> list[str]:
    """For a portfolio rule: the initiatives that name the objective."""
    result = item.result
    if result.target.kind != "portfolio" or result.objective is None:
        return []
    objective = item.entity.objectives[result.objective]
    count = len(item.counted)
    lines = [
        "",
        _("Counted"),
        "  "
        + n_(
            "{count} initiative name objective {number} ({name}):",
            "{count} initiatives name objective {number} ({name}):",
            count,
        ).format(count=number_text(str(count)), number=objective.number, name=objective.name_da),
    ]
    lines += [
        "    "
        + _("{id}: {name} ({status})").format(id=i.id, name=i.name_da, status=event_text(i.status))
        for i in item.counted
    ]
    return lines
