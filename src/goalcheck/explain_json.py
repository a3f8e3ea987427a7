"""``goalcheck explain`` as one JSON object, a record per result.

The JSON keeps text exact, and numbers exactly as judged (``reporters.json_text``); where it
shares a key with ``run --format json`` it takes that reporter's value, so both spell it one
way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from goalcheck.explain import Evidence, Explained, Step, UsedFigure
from goalcheck.milestones import Done
from goalcheck.model import Source
from goalcheck.reporters import Options, json_text, words
from goalcheck.reporters.json import as_record
from goalcheck.reporters.json import sources as json_sources


def as_document(explained: Sequence[Explained], asked: str, as_of: date) -> dict[str, Any]:
    """The explanation as one JSON object: a record per result, each complete on its own."""
    return {
        "as_of": as_of.isoformat(),
        "asked": asked,
        "passed": not any(item.fails_run for item in explained),
        "results": [record(item) for item in explained],
    }


def record(item: Explained) -> dict[str, Any]:
    result, target = item.result, item.result.target
    # The JSON reporter's own record, for the keys both share: one spelling of each.
    shared = as_record(result, Options())
    return {
        "id": result.id,
        "target": target.id,
        "entity": target.entity,
        "entity_name": item.entity.name,
        "kind": target.kind,
        "label": target.label,
        "statement": target.statement,
        "lang": target.lang,
        "sources": sources(target.sources),
        "file": target.file,
        "line": target.at_line(),
        "note": target.note,
        "metric": target.metric,
        "initiative": target.initiative,
        "rule": words.target_text(result),
        "condition": words.condition(result),
        "threshold": shared["threshold"],
        "unit": shared["unit"],
        "due": str(target.period),
        "due_by": target.period.end.isoformat(),
        "severity": target.severity,
        "warn_threshold": json_text.number(target.warn_threshold),
        "group": dict(result.group) or None,
        "status": result.status.value,
        "waived_status": shared["waived_status"],
        "final": result.final,
        "fails_run": item.fails_run,
        "why": item.why,
        "reason": result.reason,
        "actual": json_text.number(result.actual),
        "actual_period": None if result.actual_period is None else str(result.actual_period),
        "margin": json_text.number(result.margin),
        "margin_unit": result.margin_unit,
        "margin_range": shared["margin_range"],
        "margin_words": item.margin_words,
        "figures": [_figure_record(figure) for figure in item.figures],
        "formula": _formula_record(item.steps),
        "milestone": _evidence_record(item.evidence),
        "counted": [i.id for i in item.counted] if target.kind == "portfolio" else None,
        "restated": shared["restated"],
        "path": shared["path"],
        "projection": shared["projection"],
        "disagreements": shared["disagreements"],
        "revisions": shared["revisions"],
        "waiver": shared["waiver"],
        "explanation": target.explanation,
    }


def sources(found: Iterable[Source]) -> list[dict[str, Any]]:
    """Sources as the JSON reporter writes them."""
    return json_sources(tuple(found))


def _figure_record(figure: UsedFigure) -> dict[str, Any]:
    return {
        "metric": figure.metric,
        "role": figure.role,
        "period": str(figure.period),
        "value": json_text.number(figure.value),
        "unit": figure.unit,
        "published": str(figure.published),
        "known_from": figure.known_from.isoformat(),
        "through": None if figure.through is None else str(figure.through),
        "formula": figure.formula,
        "note": figure.note,
        "sources": sources(figure.sources),
    }


def _step_record(step: Step) -> dict[str, Any]:
    return {
        "metric": step.metric,
        "period": str(step.period),
        "text": step.text,
        "substituted": step.substituted(json_text.decimal_text),
        "value": json_text.number(step.value),
        "values": {name: json_text.number(value) for name, value in step.values},
    }


def _formula_record(steps: Sequence[Step]) -> dict[str, Any] | None:
    """The judged metric's formula, and in ``steps`` every formula worked out (itself first,
    then the derived metrics it uses, then a change target's base period)."""
    if not steps:
        return None
    return {**_step_record(steps[0]), "steps": [_step_record(step) for step in steps]}


def _evidence_record(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    done = evidence.done
    return {
        "initiative": None if evidence.initiative is None else evidence.initiative.id,
        "event": evidence.event,
        "done": None if done is None else _done_record(done),
        "status_date": None if evidence.status_date is None else str(evidence.status_date),
        "status_date_note": evidence.status_date_note,
    }


def _done_record(done: Done) -> dict[str, Any]:
    return {
        "period": str(done.period),
        "earliest": None if done.earliest is None else done.earliest.isoformat(),
        "latest": done.latest.isoformat(),
    }
