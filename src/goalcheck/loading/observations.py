"""Observations: a metric's figures, short form and long, checked and resolved in written order."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from goalcheck import history
from goalcheck.errors import InputError
from goalcheck.loading.files import TomlDocument, resolve_source, suggest
from goalcheck.loading.tables import Table, TableRecord
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
        _check_document_date(spec.source.document, published, period, None, document, where)
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
    if not spec.figures or not spec.observations:  # in one form: in the order written
        return tuple(observation for _, observation in written)
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
    period = item.period

    def fail(message: str, field: str) -> InputError:
        return document.error(message, (*where, field))

    through = checked_through(period, item.through, item.published, fail)
    covered = period.end if through is None else through.end
    _check_group(item.group, spec, fail)
    source_spec = item.source or spec.source
    source = own
    if item.source is not None:
        source = resolve_source(item.source, documents, document, (*where, "source"))
    if item.published is None:
        published_then = documents[source_spec.document].published
        _check_document_date(source_spec.document, published_then, period, through, document, where)
    published = item.published or documents[source_spec.document].published
    return Observation(
        period=period,
        value=item.value,
        source=source,
        document=source_spec.document,
        published=published or Period.parse(covered),
        through=through,
        note=item.note,
        group=tuple(sorted(item.group.items())),
    )


def _check_document_date(
    key: str,
    published: Period | None,
    period: Period,
    through: Period | None,
    document: TomlDocument,
    where: KeyPath,
) -> None:
    """A figure that takes its document's publication day: that day cannot come before what
    the figure covers has ended, any more than a figure's own ``published`` can."""
    covered = period.end if through is None else through.end
    if published is not None and published.end < covered:
        raise document.error(_early(key, published, period, through, covered), where)


def _early(
    key: str, published: Period, period: Period, through: Period | None, covered: date
) -> str:
    what = f"through {through}" if through is not None else f"the end of {period}"
    return (
        f"its document {key!r} is published {published}, before {what} ({covered.isoformat()});"
        " give the figure its own published day, or through for a figure of part of the period"
    )


def checked_through(
    period: Period,
    through: Period | None,
    published: Period | None,
    fail: Callable[[str, str], InputError],
) -> Period | None:
    """An observation's ``through``, checked against its period and ``published`` (``None``
    when it covers the whole period); ``fail(message, field)`` makes the located error."""
    if through is not None and not period.start <= through.end <= period.end:
        raise fail(
            f"through {through} ends outside the period {period}"
            f" ({period.start.isoformat()} to {period.end.isoformat()})",
            "through",
        )
    if through is not None and through.end == period.end:
        through = None  # it covers the whole period after all
    covered = period.end if through is None else through.end
    if published is not None and published.end < covered:
        what = f"through {through}" if through is not None else f"the end of {period}"
        if str(through) != covered.isoformat():  # name the day, unless it is named already
            what += f" ({covered.isoformat()})"
        hint = "" if through is not None else "; for a figure of part of it, give through"
        raise fail(f"published {published} is before {what}{hint}", "published")
    return through


def _check_group(
    group: Mapping[str, str], spec: MetricSpec, fail: Callable[[str, str], InputError]
) -> None:
    for name in group:
        if name not in spec.groups:
            declared = ", ".join(repr(g) for g in spec.groups) or "none"
            raise fail(
                f"the metric is not broken down by {name!r} (its groups: {declared}); add it"
                f' to the metric\'s groups = ["{name}"]',
                "group",
            )


def figures_of(
    metric_id: str, spec: MetricSpec, unit: Unit, observations: tuple[Observation, ...]
) -> dict[Period, Decimal]:
    """The value of each period once everything is known: what the metric's ``figures`` hold."""
    whole = [o for o in observations if not o.group]
    periods = {o.period for o in whole}
    if len(periods) == len(whole) and all(o.through is None for o in whole):
        # One observation a period, the common case: no history to weigh.
        return {o.period: o.value for o in sorted(whole, key=lambda o: o.period.sort_key)}
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


def table_observations(
    tables: Sequence[Table],
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    units: Mapping[str, Unit],
    own_sources: Mapping[str, Source],
    documents: Mapping[str, DocumentSpec],
) -> dict[str, list[Observation]]:
    """The observations tables give, by metric, each checked as the long form's are and with
    the cell it was read from in its source. Hundreds of thousands of rows pass through here:
    what is the same for a table's rows of one metric is worked out once."""
    found: dict[str, list[Observation]] = {}
    ends: dict[object, Period] = {}
    for table in tables:
        table_source: tuple[Source, str] | None = None
        if table.spec.source is not None:
            key = (*table.key, "source")
            resolved = resolve_source(table.spec.source, documents, table.document, key)
            table_source = (resolved, table.spec.source.document)
        prefix = f"{table.path}:"
        per_metric: dict[str, _MetricInTable] = {}
        for record in table.records:
            known = per_metric.get(record.metric)
            if known is None:
                known = per_metric[record.metric] = _metric_in_table(
                    record, table, table_source, metrics, units, own_sources, documents
                )
            spec, unit, base, document_key, published = known
            if not unit.admits(record.value):
                raise table.error(unit.out_of_range(record.value), record.cell)
            through = record.through
            if through is not None or record.published is not None:
                fail = _at_cell(table, record.cell)
                through = checked_through(record.period, through, record.published, fail)
                published = record.published or published
            if record.published is None and published is not None:
                covered = record.period.end if through is None else through.end
                if published.end < covered:
                    raise table.error(
                        _early(document_key, published, record.period, through, covered),
                        record.cell,
                    )
            if record.group:
                _check_group(dict(record.group), spec, _at_cell(table, record.cell))
            if published is None:
                covered = record.period.end if through is None else through.end
                published = ends.get(covered) or ends.setdefault(covered, Period.parse(covered))
            source = Source(
                document=base.document,
                section=base.section,
                page=base.page,
                file=base.file,
                url=base.url,
                cell=prefix + record.cell,
            )
            note = record.note
            if note is None and not record.group and spec.notes:
                note = spec.notes.get(record.period)
            found.setdefault(record.metric, []).append(
                Observation(
                    period=record.period,
                    value=record.value,
                    source=source,
                    document=document_key,
                    published=published,
                    through=through,
                    note=note,
                    group=record.group,
                )
            )
    return found


_MetricInTable = tuple[MetricSpec, Unit, Source, str, "Period | None"]
"""What a table's rows of one metric share: its spec, unit, source, document, publication."""


def _metric_in_table(
    record: TableRecord,
    table: Table,
    table_source: tuple[Source, str] | None,
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    units: Mapping[str, Unit],
    own_sources: Mapping[str, Source],
    documents: Mapping[str, DocumentSpec],
) -> _MetricInTable:
    entry = metrics.get(record.metric)
    if entry is None:
        raise table.error(_unknown_metric(record, metrics), table.metric_cell(record))
    spec, _ = entry
    if spec.formula is not None:
        raise table.error(
            f"metric {record.metric!r} is worked out by its formula, so a table cannot give its"
            " figures",
            table.metric_cell(record),
        )
    base, document_key = table_source or (own_sources[record.metric], spec.source.document)
    unit = units[record.metric]
    return spec, unit, base, document_key, documents[document_key].published


def _at_cell(table: Table, cell: str) -> Callable[[str, str], InputError]:
    """Errors about a table's observation, located at its value's cell whatever the field."""
    return lambda message, _field: table.error(message, cell)


def _unknown_metric(
    record: TableRecord, metrics: Mapping[str, tuple[MetricSpec, TomlDocument]]
) -> str:
    if record.metric != record.named:
        return (
            f"{record.named!r} is mapped to metric {record.metric!r}, which no data file of the"
            f" entity defines{suggest(record.metric, list(metrics))}"
        )
    return (
        f"{record.named!r} is not a metric{suggest(record.named, list(metrics))}: a table names"
        " a metric by its id, or by what the table's metrics = { ... } maps to one"
    )
