"""The model: units, what users write, the domain it resolves to, and results.

Four layers, one module each, imported one way (units <- files, domain <- results):
- ``units``: units, numbers within the limits, and the words every layer shares;
- ``files``: the ``*File`` and ``*Spec`` models that mirror what users write in TOML and reject
  anything else (unknown keys, wrong types, numbers outside the limits);
- ``domain``: ``Metric``, ``Target``, ``Entity``, ``Goals``, which loading builds from the specs
  once cross-file references are resolved;
- ``results``: ``Status``, ``Result``, ``Report``, which the engine builds and reporters read.

Everything is importable from ``goalcheck.model`` itself.
"""

from __future__ import annotations

from goalcheck.model.domain import (
    Change,
    ConsistencyWarning,
    Entity,
    Goals,
    Group,
    Indicator,
    Initiative,
    Metric,
    Objective,
    Observation,
    Revision,
    Source,
    Target,
    Waiver,
)
from goalcheck.model.files import (
    DataFile,
    DocumentSpec,
    InitiativeSpec,
    MetricSpec,
    ObjectiveSpec,
    ObservationSpec,
    SourceSpec,
    TableColumns,
    TableSpec,
    UnitSpec,
)
from goalcheck.model.goals_files import (
    ChangeSpec,
    EntitySpec,
    GoalsFile,
    IndicatorSpec,
    RevisionSpec,
    TargetSpec,
    WaiverSpec,
)
from goalcheck.model.results import (
    DEFAULT_FAIL_ON,
    PROJECTION_FIGURES,
    SCHEMA_VERSION,
    IndicatorValue,
    OtherValue,
    Path,
    Projection,
    Report,
    Result,
    Status,
)
from goalcheck.model.units import (
    ALIASES,
    RATIO_UNITS,
    UNITS,
    Bounds,
    Condition,
    InitiativeStatus,
    MetricId,
    Number,
    Slug,
    TargetKind,
    Threshold,
    Unit,
    UnitSymbol,
    suffix,
    to_number,
    unknown_unit,
)

__all__ = [
    "ALIASES",
    "DEFAULT_FAIL_ON",
    "PROJECTION_FIGURES",
    "RATIO_UNITS",
    "SCHEMA_VERSION",
    "UNITS",
    "Bounds",
    "Change",
    "ChangeSpec",
    "Condition",
    "ConsistencyWarning",
    "DataFile",
    "DocumentSpec",
    "Entity",
    "EntitySpec",
    "Goals",
    "GoalsFile",
    "Group",
    "Indicator",
    "IndicatorSpec",
    "IndicatorValue",
    "Initiative",
    "InitiativeSpec",
    "InitiativeStatus",
    "Metric",
    "MetricId",
    "MetricSpec",
    "Number",
    "Objective",
    "ObjectiveSpec",
    "Observation",
    "ObservationSpec",
    "OtherValue",
    "Path",
    "Projection",
    "Report",
    "Result",
    "Revision",
    "RevisionSpec",
    "Slug",
    "Source",
    "SourceSpec",
    "Status",
    "TableColumns",
    "TableSpec",
    "Target",
    "TargetKind",
    "TargetSpec",
    "Threshold",
    "Unit",
    "UnitSpec",
    "UnitSymbol",
    "Waiver",
    "WaiverSpec",
    "suffix",
    "to_number",
    "unknown_unit",
]
