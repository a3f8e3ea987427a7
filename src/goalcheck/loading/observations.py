"""Observations: a metric's figures, short form and long, checked and resolved in written order."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from decimal import Decimal

from goalcheck import history
from goalcheck.loading.files import TomlDocument, resolve_source, suggest
from goalcheck.locations import KeyPath
from goalcheck.model import (
    UNITS,
    DocumentSpec,
    Metric,
    MetricSpec,
    Observation,
    ObservationSpec,
    Source,
    Unit,
)
from goalcheck.period import Period


def resolve_observations(
    metric_id: str,
    spec: MetricSpec,
    unit: Unit,
    documents: Mapping[str, DocumentSpec],
    document: TomlDocument,
) -> tuple[Observation, ...]:
    """Every observation of a metric: ``figures`` (each from the metric's source) and
    ``observations``, in the order they are written in the file."""
    key: KeyPath = ("metrics", metric_id)
    if spec.formula is not None and spec.observations:
        raise document.error(
            "a metric has either observations or a formula, not both", (*key, "observations")
        )
    if spec.prefer is not None and spec.prefer not in documents:
        known = ", ".join(sorted(documents)) or "none"
        raise document.error(
            f"unknown document {spec.prefer!r}{suggest(spec.prefer, list(documents))};"
            f" documents defined: {known}",
            (*key, "prefer"),
        )
    own = resolve_source(spec.source, documents, document, (*key, "source"))
    written: list[tuple[KeyPath, Observation]] = []
    for period, value in spec.figures.items():
        where = (*key, "figures", str(period))
        if not unit.admits(value):
            raise document.error(unit.out_of_range(value), where)
        published = documents[spec.source.document].published
        observation = Observation(
            period=period,
            value=value,
            source=own,
            document=spec.source.document,
            published=published or Period.parse(period.end),
            note=spec.notes.get(period),
        )
        written.append((where, observation))
    for index, item in enumerate(spec.observations):
        where = (*key, "observations", index)
        written.append((where, _resolve(item, spec, unit, own, documents, document, where)))
    # The first written wins a disagreement nothing else settles: order by line, as written.
    lines = [document.lines.line_of(where) for where, _ in written]
    order = sorted(range(len(written)), key=lambda i: (lines[i] or sys.maxsize, i))
    return tuple(written[i][1] for i in order)


def _resolve(
    item: ObservationSpec,
    spec: MetricSpec,
    unit: Unit,
    own: Source,
    documents: Mapping[str, DocumentSpec],
    document: TomlDocument,
    where: KeyPath,
) -> Observation:
    if not unit.admits(item.value):
        raise document.error(unit.out_of_range(item.value), (*where, "value"))
    period, through = item.period, item.through
    if through is not None and not period.start <= through.end <= period.end:
        raise document.error(
            f"through {through} ends outside the period {period}"
            f" ({period.start.isoformat()} to {period.end.isoformat()})",
            (*where, "through"),
        )
    if through is not None and through.end == period.end:
        through = None  # it covers the whole period after all
    covered = period.end if through is None else through.end
    if item.published is not None and item.published.end < covered:
        what = f"through {through}" if through is not None else f"the end of {period}"
        if str(through) != covered.isoformat():  # name the day, unless it is named already
            what += f" ({covered.isoformat()})"
        hint = "" if through is not None else "; for a figure of part of it, give through"
        raise document.error(
            f"published {item.published} is before {what}{hint}", (*where, "published")
        )
    source_spec = item.source or spec.source
    source = own
    if item.source is not None:
        source = resolve_source(item.source, documents, document, (*where, "source"))
    published = item.published or documents[source_spec.document].published
    return Observation(
        period=period,
        value=item.value,
        source=source,
        document=source_spec.document,
        published=published or Period.parse(covered),
        through=through,
        note=item.note,
    )


def figures_of(
    metric_id: str, spec: MetricSpec, unit: Unit, observations: tuple[Observation, ...]
) -> dict[Period, Decimal]:
    """The value of each period once everything is known: what the metric's ``figures`` hold."""
    probe = Metric(
        id=metric_id,
        label=spec.label,
        label_da=spec.label_da,
        unit=spec.unit,
        declared_unit=None if spec.unit in UNITS else unit,
        sources=(),
        figures={},
        observations=observations,
        document=spec.source.document,
        prefer=spec.prefer,
    )
    return history.eventual(probe)
