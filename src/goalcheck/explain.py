"""One target explained for the person who must defend it: its results as the engine judged
them, the figures they rest on, each derived figure's formula worked out, and their history.

Nothing here judges: the CLI hands in the engine's results and the figures as known on the day
they were judged on (``history.Known``); this module gathers what lies behind each result, and
``explain_text`` writes it out, as text or JSON. No I/O.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from goalcheck import figure_choice, history, i18n, milestones
from goalcheck import formula as formulas
from goalcheck.errors import GoalcheckError
from goalcheck.i18n import N_, _, day_text, n_, number_text, tell
from goalcheck.inert import abridged, inert
from goalcheck.loading.files import suggest
from goalcheck.model import Entity, Goals, Group, Initiative, Result, Source, Status, Target
from goalcheck.period import Period
from goalcheck.reporters import Options, words

# A metric id as the formula grammar reads one: a formula is substituted token by token, so
# ``sick_leave`` never replaces the start of ``sick_leave_short``. Numbers hold no letters.
_NAME = re.compile(r"[a-z][a-z0-9_]*")
# A result's id is its target's id, then ``[name=value]`` (one group) or ``/N`` (an objective).
_BASE_ID = re.compile(r"[^\[/]*")
_LISTED = 8  # the results an unknown result's message lists


class UnknownTarget(GoalcheckError):
    """An id that names no target, or no result of the target it starts with."""

    def __init__(self, asked: str, choices: Iterable[str], *, listed: bool = False) -> None:
        """``listed``: ``asked`` is a result's id, and ``choices`` its target's results, which
        the message lists (the first few)."""
        self.asked = asked
        found = list(dict.fromkeys(choices))
        what = "result" if listed else "target"
        self.message = f"no {what} {asked!r}{suggest(asked, found)}"
        if listed:
            more = ", ..." if len(found) > _LISTED else ""
            self.message += f"; its target's results: {', '.join(found[:_LISTED])}{more}"
        super().__init__(str(self))

    def __str__(self) -> str:
        return abridged(inert(f"goalcheck: error: {self.message}"))


@dataclass(frozen=True)
class Asked:
    """A target the id names, and the one result asked for (``None``: all its results)."""

    entity: Entity
    target: Target
    result_id: str | None


def find(goals: Goals, asked: str) -> list[Asked]:
    """The targets ``asked`` names: a target's id, or a result's (``satisfied[unit=Oncology]``,
    ``initiatives-per-objective/1``). A target id may recur in another entity: each counts."""
    base = _BASE_ID.match(asked)
    base_id = base[0] if base else asked
    found = [
        Asked(entity, target, None if base_id == asked else asked)
        for entity in goals.entities
        for target in entity.targets
        if target.id == base_id
    ]
    if not found:
        raise UnknownTarget(asked, (t.id for e in goals.entities for t in e.targets))
    return found


def chosen(results: Iterable[Result], asked: Asked) -> list[Result]:
    """The results asked for: all of the target's, or the one whose id was given."""
    results = list(results)
    if asked.result_id is None:
        return results
    picked = [result for result in results if result.id == asked.result_id]
    if not picked:
        raise UnknownTarget(asked.result_id, (r.id for r in results), listed=True)
    return picked


# What lies behind a result


@dataclass(frozen=True, kw_only=True)
class UsedFigure:
    """A figure a result rests on, as known on the day judged."""

    metric: str
    unit: str
    role: str
    """``judged``, ``base period``, ``reported`` (a milestone's evidence) or ``in <metric>``,
    in English (``role_text`` tells it)."""
    period: Period
    value: Decimal
    published: Period
    known_from: date
    through: Period | None
    sources: tuple[Source, ...]
    formula: str | None
    """For a derived figure: its formula, worked out in a ``Step``."""
    note: str | None


@dataclass(frozen=True, kw_only=True)
class Step:
    """A derived metric's formula for one period, with the figure each metric gave it."""

    metric: str
    period: Period
    text: str
    """The formula, with its blanks (line breaks of a multi-line formula) as single spaces."""
    values: tuple[tuple[str, Decimal], ...]
    value: Decimal

    def substituted(self, show: Callable[[Decimal], str]) -> str:
        """The formula with each metric replaced by its figure, written by ``show``."""
        values = dict(self.values)

        def figure(match: re.Match[str]) -> str:
            if match[0] not in values:
                return match[0]
            shown = show(values[match[0]])
            return f"({shown})" if shown.startswith("-") else shown

        return _NAME.sub(figure, self.text)


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """What a milestone's verdict rests on: when it was done (if reported), and the status."""

    initiative: Initiative | None
    event: str
    done: milestones.Done | None
    status_date: Period | None
    status_date_note: str | None


@dataclass(frozen=True, kw_only=True)
class Explained:
    """One result, with everything behind it."""

    entity: Entity
    target: Target
    """The target as written: the result's carries the threshold of a revision in force."""
    result: Result
    as_of: date
    why: str
    """In English, as JSON writes it; ``why`` tells it in the language in use."""
    margin_words: str | None
    """In English, as JSON writes it; ``margin_words`` tells it in the language in use."""
    fails_run: bool
    figures: tuple[UsedFigure, ...]
    steps: tuple[Step, ...]
    evidence: Evidence | None
    counted: tuple[Initiative, ...]
    """For a portfolio rule: the initiatives that name the objective."""


def explain(
    entity: Entity, result: Result, known: history.Known, as_of: date, options: Options
) -> Explained:
    """``result`` (judged as of ``as_of`` on ``known``) with the figures and rules behind it."""
    target = result.target
    figures: list[UsedFigure] = []
    steps: list[Step] = []
    evidence = None
    counted: tuple[Initiative, ...] = ()
    if target.kind == "milestone":
        evidence, figures = _milestone(entity, target, known, as_of)
    elif target.kind == "portfolio" and result.objective is not None:
        counted = tuple(entity.supporting(result.objective))
    elif target.metric is not None:
        periods = _periods(result, known.series(target.metric, result.group))
        for period, role in periods:
            found, worked = _behind(entity, known, target.metric, result, period, role)
            figures += found
            steps += worked
    with i18n.speaking("en"):  # JSON's words, whatever the language the text is told in
        why_words, margin = why(result, as_of), margin_words(result)
    return Explained(
        entity=entity,
        target=next((t for t in entity.targets if t.id == target.id), target),
        result=result,
        as_of=as_of,
        why=why_words,
        margin_words=margin,
        fails_run=options.fails(result),
        figures=tuple(figures),
        steps=tuple(steps),
        evidence=evidence,
        counted=counted,
    )


def _periods(result: Result, series: history.Series) -> list[tuple[Period, str]]:
    """The periods whose figures a threshold or progress result rests on, each with its role:
    the one judged and a change target's base; or, with no verdict on a figure, the one the
    engine found and set aside (a year-to-date figure, one not for the whole due period)."""
    target = result.target
    periods: list[tuple[Period, str]] = []
    if result.actual_period is not None:
        periods.append((result.actual_period, N_("judged")))
    else:
        partial = series.figures.get(target.period)
        if partial is not None and partial.through is not None:
            periods.append((target.period, N_("year to date, not judged on")))
        elif (picked := figure_choice.pick_figure(series.whole(), target.period)) is not None:
            periods.append((picked[0], N_("not judged on")))
    base = None if target.change is None else target.change.base_period
    if base is not None and base in series.figures and base not in dict(periods):
        periods.append((base, N_("base period")))
    return periods


def _behind(
    entity: Entity, known: history.Known, metric_id: str, result: Result, period: Period, role: str
) -> tuple[list[UsedFigure], list[Step]]:
    """The metric's figure for ``period`` and, for a derived one, the figures of every metric
    it is worked out from, each formula's step beside: breadth first, with an explicit queue,
    so a chain of a thousand derived metrics is walked as safely as one."""
    figures: list[UsedFigure] = []
    steps: list[Step] = []
    seen: set[str] = set()
    queue = deque([(metric_id, role)])
    while queue:
        name, role = queue.popleft()
        if name in seen:
            continue
        seen.add(name)
        figure = known.series(name, result.group).figures.get(period)
        if figure is None:
            continue
        metric = entity.metrics[name]
        figures.append(_used(entity, name, figure, role, result.group))
        if metric.formula is None:
            continue
        parsed = formulas.parse(metric.formula)
        parts = {n: known.series(n, result.group).figures.get(period) for n in parsed.names}
        values = {n: part.value for n, part in parts.items() if part is not None}
        if len(values) < len(parts):  # cannot be: the figure was worked out from them
            continue
        steps.append(
            Step(
                metric=name,
                period=period,
                text=" ".join(metric.formula.split()),
                values=tuple(values.items()),
                value=formulas.evaluate(parsed, values),
            )
        )
        queue.extend((used, f"in {name}") for used in parsed.names)
    return figures, steps


def _used(entity: Entity, name: str, figure: history.Figure, role: str, group: Group) -> UsedFigure:
    metric = entity.metrics[name]
    covers = figure.period.end if figure.through is None else figure.through.end
    note = metric.notes.get(figure.period)
    for observation in history.observed(metric):
        if (
            observation.period == figure.period
            and observation.group == group
            and observation.value == figure.value
            and observation.published == figure.published
            and observation.source in figure.sources
            and observation.note
        ):
            note = observation.note
            break
    return UsedFigure(
        metric=name,
        unit=metric.unit,
        role=role,
        period=figure.period,
        value=figure.value,
        published=figure.published,
        known_from=max(figure.published.end, covers),
        through=figure.through,
        sources=figure.sources,
        formula=metric.formula,
        note=note,
    )


def _milestone(
    entity: Entity, target: Target, known: history.Known, as_of: date
) -> tuple[Evidence, list[UsedFigure]]:
    """The completion (or start) the milestone was judged on, as ``judge`` finds it, and a
    yes/no metric's figures as known on the day."""
    figures: list[UsedFigure] = []
    initiative = None
    if target.metric is None:
        assert target.initiative is not None
        initiative = entity.initiatives[target.initiative]
        done = milestones.initiative_done(entity, initiative, target.event, as_of)
    else:
        series = known.series(target.metric).figures
        done = milestones.metric_done(series)
        figures = [_used(entity, target.metric, f, N_("reported"), ()) for f in series.values()]
    evidence = Evidence(
        initiative=initiative,
        event=target.event,
        done=done,
        status_date=entity.status_date,
        status_date_note=entity.status_date_note,
    )
    return evidence, figures


# The verdict in words: in the language in use (``i18n``), for the text; ``explain`` keeps them
# in English, for JSON.


def role_text(role: str) -> str:
    """A figure's role (``UsedFigure.role``) in the language in use: ``judged``, ``in
    sick_leave_total``."""
    metric = role.removeprefix("in ")
    if metric != role:
        return _("in {metric}").format(metric=metric)
    return _(role)


# What a milestone waits for (``done``, or its initiative's event), and an initiative's status.
_EVENTS = {"done": N_("done"), "completed": N_("completed"), "started": N_("started")}


def event_text(event: str) -> str:
    """``done``, ``completed`` or ``started``, in the language in use."""
    return _(_EVENTS[event]) if event in _EVENTS else event


def why(result: Result, as_of: date) -> str:
    """Why the verdict is final or provisional, or why there is none, in the language in use."""
    target = result.target
    due = target.period
    if target.kind == "portfolio":
        return _(
            "counts the initiatives that name objective {objective} as the one they support, as"
            " the plan lists them"
        ).format(objective=result.objective)
    if target.kind == "milestone":
        if result.reason:
            return tell(result.reason)
        done = event_text("done" if target.initiative is None or target.metric else target.event)
        if result.actual_period is not None:
            return _("reported {done} in {period}, by the due day ({day})").format(
                done=done, period=result.actual_period, day=day_text(due.end)
            )
        return _("not reported {done}").format(done=done)
    period = result.actual_period
    if result.actual is None or period is None:
        if result.reason:
            return tell(result.reason)
        return _("no figure for {due} or an earlier period").format(due=due)
    if result.through is not None:
        return _(
            "judged on a year-to-date figure for {period}, through {through}: an"
            ' "at least" goal it has reached is met early'
        ).format(period=period, through=result.through)
    if result.final:
        text = _("final: judged on the figure for the due period itself, {due}").format(due=due)
    else:
        text = _(
            "provisional: no figure for {due} itself is known as of {day}, so it is judged on"
            " the latest figure for an earlier period, {period}"
        ).format(due=due, day=day_text(as_of), period=period)
    if result.status is Status.PENDING:
        text = _("{why}; not yet met, and not due until {day}").format(
            why=text, day=day_text(due.end)
        )
    return text


def margin_words(result: Result) -> str | None:
    """What the margin means, in the language in use: ``short by 0.19 %``, ``late by 1 to 91
    days``."""
    if result.margin_unit == "days":
        return _days_words(result)
    margin = result.margin
    if margin is None:
        return None
    if result.target.kind == "portfolio":
        count = int(abs(margin))
        amount = n_("{count} initiative", "{count} initiatives", count).format(
            count=number_text(str(count))
        )
    elif result.margin_unit and result.margin_unit != "yes/no":
        amount = words.with_unit(abs(margin), result.margin_unit)
    else:
        amount = words.number(abs(margin))
    if margin == 0:
        return _("none to spare: at the threshold")
    if result.target.condition == "==":
        return _("off by {amount}").format(amount=amount)
    template = _("{amount} to spare") if margin > 0 else _("short by {amount}")
    return template.format(amount=amount)


def _days_words(result: Result) -> str | None:
    def days(value: Decimal) -> str:
        count = int(abs(value))
        return n_("{count} day", "{count} days", count).format(count=number_text(str(count)))

    if result.margin_range is not None:
        low, high = result.margin_range
        if high is None:
            return _("done at least {days} before the due day").format(days=days(low))
        if low >= 0:
            return _("done {low} to {days} before the due day").format(
                low=words.number(low), days=days(high)
            )
        return _("done {low} to {days} late").format(low=words.number(-high), days=days(low))
    margin = result.margin
    if margin is None:
        return None
    if result.status is Status.PENDING:
        return _("{days} until it is due").format(days=days(margin))
    if margin == 0:
        return _("done on the due day")
    if margin > 0:
        return _("done {days} before the due day").format(days=days(margin))
    if result.actual_period is not None and result.actual == 1:
        return _("done {days} late").format(days=days(margin))
    return _("overdue by {days}").format(days=days(margin))
