"""Targets of every kind and indicators: the keys each kind needs, checked against the entity."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import partial

from goalcheck.loading.files import TomlDocument, resolve_source, suggest
from goalcheck.loading.groups import target_group
from goalcheck.loading.thresholds import (
    check_condition,
    target_baseline,
    target_revisions,
    target_waiver,
)
from goalcheck.loading.units import unit_of
from goalcheck.locations import KeyPath
from goalcheck.model import (
    UNITS,
    Change,
    DocumentSpec,
    Entity,
    GoalsFile,
    Indicator,
    IndicatorSpec,
    Metric,
    Target,
    TargetSpec,
)


def resolve_targets(
    document: TomlDocument,
    goals: GoalsFile,
    entity: Entity,
    documents: Mapping[str, DocumentSpec],
) -> tuple[Target, ...]:
    targets: list[Target] = []
    first_index: dict[str, int] = {}
    for index, spec in enumerate(goals.targets):
        key = ("targets", index)
        if spec.id in first_index:
            line = document.lines.line_of(("targets", first_index[spec.id]))
            where = f" on line {line}" if line is not None else ""
            raise document.error(
                f"duplicate target id {spec.id!r} (first defined{where})", (*key, "id")
            )
        first_index[spec.id] = index
        _check_grouping(spec, entity, document, key)
        statement, lang = _statement(spec, document, key)
        _KIND_CHECKS[spec.kind](spec, entity, document, key)
        _check_warning_band(spec, entity, document, key)
        judged_in = target_group(spec, entity, document, key)
        source = resolve_source(spec.source, documents, document, (*key, "source"))
        targets.append(
            Target(
                id=spec.id,
                entity=entity.id,
                kind=spec.kind,
                area=spec.area,
                objective=spec.objective,
                label=spec.label,
                statement_da=statement if lang == "da" else None,
                statement=statement,
                lang=lang,
                metric=spec.metric,
                initiative=spec.initiative,
                condition=spec.condition
                or (">=" if spec.kind in ("progress", "portfolio") else None),
                threshold=spec.threshold,
                bounds=spec.bounds,
                change=(
                    Change(
                        base_period=spec.change.base_period,
                        percent=spec.change.percent,
                        by=spec.change.by,
                    )
                    if spec.change
                    else None
                ),
                unit=spec.unit,
                period=spec.period,
                warn_threshold=spec.warn_threshold,
                baseline=target_baseline(spec, document, key),
                waiver=target_waiver(spec, document, key),
                revisions=target_revisions(spec, entity, document, key),
                explanation=spec.explanation,
                severity=spec.severity,
                event=spec.event or "completed",
                for_each=spec.for_each,
                where=judged_in,
                sources=(source,),
                note=spec.note,
                file=str(document.path),
                # Found when a format asks: scanning a big file for lines takes a while.
                locate=partial(document.lines.line_of, key),
            )
        )
    return tuple(targets)


def _statement(spec: TargetSpec, document: TomlDocument, key: KeyPath) -> tuple[str, str]:
    """The target's wording as stated and its language: ``statement_da`` is the Danish
    shorthand for ``statement`` with ``lang = "da"``."""
    if spec.statement_da is not None and spec.statement is not None:
        raise document.error(
            "give statement_da (Danish) or statement with lang, not both", (*key, "statement")
        )
    if spec.statement_da is not None:
        if spec.lang not in (None, "da"):
            raise document.error(
                f"statement_da is Danish; for lang {spec.lang!r} write statement", (*key, "lang")
            )
        return spec.statement_da, "da"
    if spec.statement is None:
        raise document.error(
            "missing required key 'statement_da' (or 'statement' with 'lang'): the target's"
            " wording as its source states it",
            key,
        )
    if spec.lang is None:
        raise document.error(
            'a statement needs its language: lang = "fi", "nb", "en", ...', (*key, "lang")
        )
    return spec.statement, spec.lang


def _check_warning_band(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    """A warning band lies on the passing side of a one-sided threshold."""
    warn = spec.warn_threshold
    if warn is None:
        return
    where = (*key, "warn_threshold")
    condition = spec.condition or ">="
    if spec.kind not in ("threshold", "progress") or condition not in ("<", "<=", ">", ">="):
        raise document.error(
            "a warning band goes with a threshold or progress target whose condition is"
            f" '<', '<=', '>' or '>=', not {condition!r}",
            where,
        )
    if spec.change is not None or not isinstance(spec.threshold, Decimal):
        raise document.error("a warning band needs a plain threshold, not a change", where)
    below = condition in ("<", "<=")
    if (below and warn >= spec.threshold) or (not below and warn <= spec.threshold):
        side = "under" if below else "over"
        raise document.error(
            f"warn_threshold {warn} must be {side} the threshold {spec.threshold}: the band"
            " warns of a figure that passes but comes close",
            where,
        )
    assert spec.unit is not None
    unit = unit_of(spec.unit, entity.units, document, (*key, "unit"))
    if not unit.admits(warn):
        raise document.error(f"warn_threshold {unit.out_of_range(warn)}", where)


def _check_grouping(
    spec: TargetSpec | IndicatorSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    """A target or indicator sits under an area or an objective.

    A portfolio rule sits under every objective, and a target that names an initiative may
    leave both out: it sits with the initiative.
    """
    is_portfolio = isinstance(spec, TargetSpec) and spec.kind == "portfolio"
    has_initiative = isinstance(spec, TargetSpec) and spec.initiative is not None
    if spec.area is not None and spec.objective is not None:
        raise document.error("give either area or objective, not both", (*key, "objective"))
    if spec.area is None and spec.objective is None and not (is_portfolio or has_initiative):
        raise document.error("missing required key 'area' (or 'objective')", key)
    if spec.objective is not None and spec.objective not in entity.objectives:
        known = ", ".join(str(n) for n in entity.objectives) or "none"
        raise document.error(
            f"unknown objective {spec.objective}; objectives defined: {known}",
            (*key, "objective"),
        )


def _forbid(spec: TargetSpec, document: TomlDocument, key: KeyPath, *names: str) -> None:
    for name in names:
        if getattr(spec, name) is not None:
            raise document.error(f"{name!r} does not go with a {spec.kind} target", (*key, name))


def _require(spec: TargetSpec, document: TomlDocument, key: KeyPath, *names: str) -> None:
    for name in names:
        if getattr(spec, name) is None:
            raise document.error(f"missing required key {name!r} for a {spec.kind} target", key)


def _known_metric(metric_id: str, entity: Entity, document: TomlDocument, key: KeyPath) -> Metric:
    if metric_id not in entity.metrics:
        raise document.error(
            f"unknown metric {metric_id!r}{suggest(metric_id, list(entity.metrics))}",
            (*key, "metric"),
        )
    return entity.metrics[metric_id]


def _metric_of(spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath) -> Metric:
    assert spec.metric is not None
    metric = _known_metric(spec.metric, entity, document, key)
    if spec.unit is not None and spec.unit != metric.unit:
        raise document.error(
            f"the target is in {spec.unit!r} but metric {metric.id!r}"
            f" is measured in {metric.unit!r}",
            (*key, "unit"),
        )
    return metric


def _check_initiative(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    if spec.initiative is not None and spec.initiative not in entity.initiatives:
        suggestion = suggest(spec.initiative, list(entity.initiatives))
        raise document.error(
            f"unknown initiative {spec.initiative!r}{suggestion}", (*key, "initiative")
        )


def _check_threshold_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "event")
    _check_initiative(spec, entity, document, key)
    _require(spec, document, key, "metric", "condition", "unit")
    check_condition(spec, _metric_of(spec, entity, document, key).measure, document, key)


def _check_progress_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "change", "event")
    _check_initiative(spec, entity, document, key)
    _require(spec, document, key, "metric", "threshold", "unit")
    metric = _metric_of(spec, entity, document, key)
    if spec.condition not in (None, ">=", "between"):
        raise document.error(
            "a progress target counts up to its threshold: condition is '>=' (the default)"
            " or 'between'",
            (*key, "condition"),
        )
    check_condition(spec, metric.measure, document, key)


def _check_milestone_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "condition", "threshold", "bounds", "change")
    if spec.metric is None and spec.initiative is None:
        raise document.error(
            "a milestone needs a yes/no metric (metric = ...) or, for an initiative's"
            " completion, the initiative (initiative = ...)",
            key,
        )
    _check_initiative(spec, entity, document, key)
    if spec.event is not None and (spec.metric is not None or spec.initiative is None):
        raise document.error(
            "event goes with a milestone on an initiative (initiative = ...), not on a metric",
            (*key, "event"),
        )
    if spec.metric is None:
        if spec.unit not in (None, "yes/no"):
            raise document.error("a milestone is in unit 'yes/no'", (*key, "unit"))
        return
    metric = _metric_of(spec, entity, document, key)
    if metric.unit != "yes/no":
        raise document.error(
            f"a milestone's metric must be in unit 'yes/no' (1 when done), and {metric.id!r}"
            f" is in {metric.unit!r}",
            (*key, "metric"),
        )


def _check_portfolio_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "metric", "initiative", "change", "area", "event")
    _require(spec, document, key, "threshold")
    if not entity.objectives:
        raise document.error(
            "a portfolio rule needs the entity's objectives; its data defines none", key
        )
    if spec.unit not in (None, "count"):
        raise document.error(
            "a portfolio rule counts initiatives: its unit is 'count'", (*key, "unit")
        )
    if spec.condition not in (None, ">=", ">", "==", "between"):
        raise document.error(
            f"a portfolio rule counts initiatives up to a threshold; {spec.condition!r}"
            " does not fit",
            (*key, "condition"),
        )
    # A portfolio rule's unit and condition default to counting up: check it as such.
    counted = spec.model_copy(update={"unit": "count", "condition": spec.condition or ">="})
    check_condition(counted, UNITS["count"], document, key)


_KIND_CHECKS = {
    "threshold": _check_threshold_target,
    "progress": _check_progress_target,
    "milestone": _check_milestone_target,
    "portfolio": _check_portfolio_target,
}


def resolve_indicators(
    document: TomlDocument, goals: GoalsFile, entity: Entity
) -> tuple[Indicator, ...]:
    indicators: list[Indicator] = []
    for index, spec in enumerate(goals.indicators):
        key = ("indicators", index)
        _check_grouping(spec, entity, document, key)
        _known_metric(spec.metric, entity, document, key)
        indicators.append(
            Indicator(
                id=spec.id,
                entity=entity.id,
                area=spec.area,
                objective=spec.objective,
                label=spec.label,
                metric=spec.metric,
                note=spec.note,
                file=str(document.path),
                locate=partial(document.lines.line_of, key),
            )
        )
    return tuple(indicators)
