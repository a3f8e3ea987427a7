"""A target on groups: ``for_each`` judges it in every group of a name, ``where`` in one."""

from __future__ import annotations

from goalcheck import history
from goalcheck.loading.files import TomlDocument
from goalcheck.locations import KeyPath
from goalcheck.model import Entity, Group, TargetSpec


def target_group(spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath) -> Group:
    """The group a target is judged in (``where``), its names checked against its metric's."""
    if spec.for_each is None and not spec.where:
        return ()
    field = "for_each" if spec.for_each is not None else "where"
    if spec.kind not in ("threshold", "progress") or spec.metric is None:
        raise document.error(
            f"{field} goes with a threshold or progress target on a metric", (*key, field)
        )
    groups = metric_groups(entity, spec.metric)
    shown = ", ".join(repr(name) for name in groups) or "none"
    for name in [*([spec.for_each] if spec.for_each else []), *spec.where]:
        if name not in groups:
            raise document.error(
                f"metric {spec.metric!r} is not broken down by {name!r} (its groups: {shown})",
                (*key, field if name == spec.for_each else "where"),
            )
    if spec.for_each is not None and spec.for_each in spec.where:
        raise document.error(
            f"for_each = {spec.for_each!r} judges every {spec.for_each}: it cannot also be fixed"
            " in where",
            (*key, "where"),
        )
    return tuple(sorted(spec.where.items()))


def metric_groups(entity: Entity, metric_id: str) -> list[str]:
    """What a metric is broken down by; for a derived metric, what every metric it is worked
    out from is broken down by."""
    found: list[str] | None = None
    for leaf in history.reported_under(entity, metric_id):
        names = entity.metrics[leaf].groups
        found = list(names) if found is None else [name for name in found if name in names]
    return found or []
