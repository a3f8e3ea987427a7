"""A target's threshold: checked against its condition and unit, revised over time, and the
baseline its path to the threshold starts from; and the waiver that may set its verdict aside."""

from __future__ import annotations

from decimal import Decimal

from goalcheck.errors import InputError
from goalcheck.loading.files import TomlDocument
from goalcheck.loading.units import unit_of
from goalcheck.locations import KeyPath
from goalcheck.model import Entity, Revision, TargetSpec, Unit, Waiver
from goalcheck.period import Period


def check_condition(spec: TargetSpec, unit: Unit, document: TomlDocument, key: KeyPath) -> None:
    """The keys a condition needs, and thresholds the unit admits."""
    condition = spec.condition or ">="
    if condition == "between":
        if not isinstance(spec.threshold, tuple):
            raise document.error("'between' needs threshold = [low, high]", (*key, "threshold"))
        if spec.bounds is None:
            raise document.error(
                '\'between\' needs bounds: "[]" (both inclusive), "()" (neither), "[)" or "(]"',
                key,
            )
        if spec.change is not None:
            raise document.error("'between' cannot be combined with change", (*key, "change"))
    else:
        if spec.bounds is not None:
            raise document.error(
                f"bounds only go with condition 'between', not {condition!r}",
                (*key, "bounds"),
            )
        if isinstance(spec.threshold, tuple):
            raise document.error(
                f"a range needs condition 'between', not {condition!r}",
                (*key, "threshold"),
            )
        if spec.threshold is None and spec.change is None:
            raise document.error("missing required key 'threshold' (or 'change')", key)
        if spec.threshold is not None and spec.change is not None:
            raise document.error("give either threshold or change, not both", (*key, "change"))
    values = spec.threshold if isinstance(spec.threshold, tuple) else (spec.threshold,)
    for value in values:
        if value is not None and not unit.admits(value):
            raise document.error(f"threshold {unit.out_of_range(value)}", (*key, "threshold"))


def target_waiver(spec: TargetSpec, document: TomlDocument, key: KeyPath) -> Waiver | None:
    """The target's waiver; one decided after its last day would never count."""
    waiver = spec.waiver
    if waiver is None:
        return None
    if waiver.decided is not None and waiver.decided.start > waiver.until.end:
        raise document.error(
            f"decided {waiver.decided}, after the waiver's last day ({waiver.until}):"
            " it would never count",
            (*key, "waiver", "decided"),
        )
    return Waiver(
        until=waiver.until,
        reason=waiver.reason,
        decided_by=waiver.decided_by,
        decided=waiver.decided,
    )


def target_revisions(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> tuple[Revision, ...]:
    """The threshold's revisions, each checked as the threshold is, in order of ``since``."""
    if not spec.revisions:
        return ()
    if spec.kind not in ("threshold", "progress") or spec.change is not None:
        raise document.error(
            "revisions change a threshold: they go with a threshold or progress target that"
            " has one",
            (*key, "revisions"),
        )
    revisions: list[Revision] = []
    for index, revision in enumerate(spec.revisions):
        where = (*key, "revisions", index)
        if any(r.since == revision.since for r in revisions):
            raise document.error(f"a second revision since {revision.since}", (*where, "since"))
        revised = spec.model_copy(update={"threshold": revision.threshold, "revisions": []})
        try:
            unit = unit_of(spec.unit or "count", entity.units, document, (*key, "unit"))
            check_condition(revised, unit, document, key)
        except InputError as exc:
            raise document.error(exc.message, (*where, "threshold")) from None
        revisions.append(
            Revision(
                since=revision.since,
                threshold=revision.threshold,
                reason=revision.reason,
                decided_by=revision.decided_by,
            )
        )
    return tuple(sorted(revisions, key=lambda r: r.since))


def target_baseline(
    spec: TargetSpec, document: TomlDocument, key: KeyPath
) -> tuple[Period, Decimal] | None:
    """The target's baseline: before its due period, for a target judged on a metric."""
    if spec.baseline is None:
        return None
    if spec.kind not in ("threshold", "progress"):
        raise document.error(
            "a baseline goes with a threshold or progress target", (*key, "baseline")
        )
    if spec.baseline.period.end >= spec.period.end:
        raise document.error(
            f"the baseline {spec.baseline.period} must end before the due period {spec.period}",
            (*key, "baseline", "period"),
        )
    return spec.baseline.period, spec.baseline.value
