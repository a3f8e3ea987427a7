"""Milestones judged on evidence: when a thing was done, known to a day or only to a range.

A milestone passes when it is reported done by its due day, and fails only on evidence: a
completion after the due day, or a report dated after the due day that does not show it done.
Silence is not failure: with nothing said since the due day the status is ``no_data``. A date
known only roughly ("primo 2024", recorded as 2024-Q1) is a range of days: done wholly on time
passes, wholly late fails, and a range across the due day cannot be decided. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from goalcheck.history import Figure
from goalcheck.i18n import Message
from goalcheck.model import Entity, Initiative, Result, Status, Target
from goalcheck.period import Period


@dataclass(frozen=True)
class Done:
    """When something was done: on a day between ``earliest`` (``None``: no earlier bound is
    known) and ``latest``, said as ``period``."""

    earliest: date | None
    latest: date
    period: Period


def initiative_done(entity: Entity, initiative: Initiative, event: str, as_of: date) -> Done | None:
    """When the initiative was started or completed, as far as the source says by ``as_of``.

    What a plan says of its initiatives is known from its status date (the end of it), not
    from the days it names: a completion in 2022 that a status of 2024-04 reports is not known
    as of 2023. Without a status date, from the last day the done date names."""
    status_date = entity.status_date
    known = known_from(entity)
    if event == "started":
        if initiative.started is not None:
            done = _within(initiative.started)
        elif initiative.completed is not None:  # completed implies started, by then at latest
            done = Done(None, initiative.completed.end, initiative.completed)
        elif status_date is not None:  # reported started or completed, by the status date
            done = Done(None, status_date.end, status_date)
        else:
            return None
    elif initiative.completed is not None:
        done = _within(initiative.completed)
    elif initiative.status == "completed" and status_date is not None:
        # Reported completed without a date: after its start, by the status report.
        earliest = initiative.started.start if initiative.started is not None else None
        done = Done(earliest, status_date.end, status_date)
    else:
        return None
    return done if max(done.latest, known) <= as_of else None


def known_from(entity: Entity) -> date:
    """The first day the entity's plan status (its initiatives, their dates) is known on: the
    end of its status date; without one, no day later than the dates themselves."""
    return date.min if entity.status_date is None else entity.status_date.end


def metric_done(figures: Mapping[Period, Figure]) -> Done | None:
    """The first period a yes/no metric reports done (1) in, as known on the day judged; done
    by the last day its figure covers (a year-to-date figure: its ``through``)."""
    done = sorted(period for period, figure in figures.items() if figure.value == 1)
    if not done:
        return None
    first = figures[done[0]]
    return Done(first.period.start, _covers(first), first.period)


def _covers(figure: Figure) -> date:
    return figure.period.end if figure.through is None else figure.through.end


def _within(period: Period) -> Done:
    return Done(period.start, period.end, period)


def judge_done(common: Result, due: Period, done: Done) -> Result:
    """Pass when done wholly by the due day, fail when wholly after it, else undecided."""
    low = Decimal((due.end - done.latest).days)  # the least margin: done as late as can be
    high = None if done.earliest is None else Decimal((due.end - done.earliest).days)
    spread = None if high == low else (low, high)
    found = replace(
        common, actual=Decimal(1), actual_period=done.period, final=True, margin_range=spread
    )
    if low >= 0:
        return replace(found, status=Status.PASS, margin=low)
    if high is not None and high < 0:
        return replace(
            found,
            status=Status.FAIL,
            margin=low,
            reason=Message("done in {done}, after it was due ({due})", done=done.period, due=due),
        )
    return replace(
        found,
        status=Status.NO_DATA,
        final=False,
        reason=Message(
            "done in {done}, which runs past the due day ({due}): it cannot be told whether it"
            " was on time",
            done=done.period,
            due=due,
        ),
    )


def judge_not_done(
    common: Result,
    entity: Entity,
    target: Target,
    figures: Mapping[Period, Figure] | None,
    as_of: date,
) -> Result:
    """Not reported done: pending until due, then failed only on evidence."""
    due = target.period
    days = Decimal((due.end - as_of).days)
    if due.end >= as_of:
        return replace(
            common,
            status=Status.PENDING,
            actual=Decimal(0),
            margin=days,
            reason=Message("not yet done; due {due}", due=due),
        )
    evidence = _evidence_not_done(entity, figures, due, as_of)
    if evidence is None:
        return replace(
            common,
            status=Status.NO_DATA,
            reason=Message("not reported since it was due ({due})", due=due),
        )
    return replace(
        common, status=Status.FAIL, actual=Decimal(0), final=True, margin=days, reason=evidence
    )


def _evidence_not_done(
    entity: Entity, figures: Mapping[Period, Figure] | None, due: Period, as_of: date
) -> str | None:
    """A report dated after the due day that does not show the milestone done, if any: a
    yes/no figure of 0, known by ``as_of``, that covers a day after the due day."""
    for period, figure in sorted((figures or {}).items()):
        if figure.value == 0 and due.end < _covers(figure):
            if figure.through is not None:
                return Message(
                    "reported not done for {period} through {through}, after it was due ({due})",
                    period=period,
                    through=figure.through,
                    due=due,
                )
            return Message(
                "reported not done for {period}, after it was due ({due})", period=period, due=due
            )
    status = entity.status_date
    if status is not None and due.end < status.start and status.end <= as_of:
        return Message(
            "not done by the status of {status}, after it was due ({due})", status=status, due=due
        )
    return None
