"""Portfolio rules: how many of a plan's initiatives support each of its objectives. No I/O."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

from goalcheck import conditions, milestones
from goalcheck.i18n import Message
from goalcheck.model import Entity, Result, Status, Target


def judge_portfolio(entity: Entity, target: Target, as_of: date) -> Iterator[Result]:
    """One result per objective: how many initiatives say they support it, as the plan's
    status says; before that status is known (its status date), nothing is counted."""
    assert target.threshold is not None
    assert target.condition is not None
    status_date = entity.status_date
    unknown = milestones.known_from(entity) > as_of
    for number, objective in entity.objectives.items():
        if target.objective is not None and number != target.objective:
            continue
        unknown_yet = Result(
            id=f"{target.id}/{number}",
            target=target,
            subject_label=f"{number}. {objective.name_da}",
            status=Status.PENDING if target.period.end >= as_of else Status.NO_DATA,
            actual=None,
            actual_period=None,
            final=False,
            threshold=target.threshold,
            margin=None,
            margin_unit="count",
            objective=number,
            sources=tuple(dict.fromkeys((*target.sources, *objective.sources))),
        )
        if unknown:
            yield replace(
                unknown_yet,
                reason=Message(
                    "the initiatives are counted in the status of {status}, not known on {day}",
                    status=status_date,
                    day=as_of,
                ),
            )
            continue
        count = Decimal(len(entity.supporting(number)))
        met = conditions.meets(target.condition, target.bounds, count, target.threshold)
        yield replace(
            unknown_yet,
            status=Status.PASS if met else Status.FAIL,
            actual=count,
            actual_period=status_date,
            final=True,
            margin=conditions.margin(target.condition, count, target.threshold),
        )
