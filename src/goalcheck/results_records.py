"""The records of the JSON that ``goalcheck run --format json`` prints, as pydantic models:
what ``goalcheck schema results`` is generated from; this module holds a result's, and
``report_records`` the document's and its other arrays'. They mirror ``reporters/json.py`` key
by key, and a test validates real output against the schema, so the two cannot drift apart
unnoticed. Each field's docstring is its key's description in the schema, read from this
source by ``goalcheck.schemas``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

StatusName = Literal["pass", "warn", "fail", "waived", "pending", "no_data"]
Number = int | float


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRecord(_Out):
    """Where something is printed: a document, a section, and where known a page, a file, an
    address and a table cell."""

    document: str
    """The title of the document it is printed in, as the data file's [documents] gives it."""
    section: str
    """Where in the document, as its headings print it ("Medarbejderrettigheder › Mål 2020")."""
    page: int | None
    """The page number the document shows, from 1; null when the source gives none."""
    file: str | None
    """A copy of the document: its path, as the data file's [documents] gives it; null when it
    gives none."""
    url: str | None
    """Where the document can be read online, an http or https address; null when the source
    gives none."""
    cell: str | None
    """The table cell a figure was read from: ``data/figures.csv:C7``, or
    ``data/figures.xlsx:2019!C7`` in a workbook's sheet; null for anything not read from a
    table."""


class OtherValueRecord(_Out):
    """A value a restatement replaced."""

    metric: str
    """The id of the metric the value is of: the metric judged, or one its formula uses."""
    period: str
    """The period the value is for: a year (2019), a half-year (2024-H1), a quarter (2024-Q3), a
    month (2024-04) or a date (2024-04-01)."""
    value: Number
    """The value as it was published, in that metric's unit."""
    published: str
    """When the value became known: its own published, else its document's, else the last day
    it covers (2019-12-31)."""
    sources: list[SourceRecord]
    """Where the value is printed."""


class DisagreementRecord(OtherValueRecord):
    """A value another source gave the same day: the figure judged on it, and the verdict."""

    actual: Number | None
    """What the figure would be had this value been chosen: the value itself, or for a derived
    metric its formula worked out with it; null when the formula gives nothing on it."""
    status: StatusName | None
    """The status the result would have on this value (on a change target's base figure, with
    the threshold moved with it), before any waiver or severity; null when actual is null."""
    verdict_differs: bool
    """Whether that status differs from the one judged (both before any waiver or severity): the
    verdict then depends on which source counts."""


class ChangeRecord(_Out):
    """A threshold set relative to a base period's figure, by a percentage or by an amount."""

    base_period: str
    """The period whose figure the threshold is relative to ("2018")."""
    base_value: Number | None
    """The figure for base_period as known on as_of, in the target's unit; null when there is
    none."""
    percent: Number | None
    """The change from the base figure in per cent (-70 is 70 % below it); null when the change
    is given by an amount (by)."""
    by: Number | None
    """The change from the base figure in the target's unit (-1.5 is 1.5 below it); null when the
    change is given in per cent (percent)."""


class RevisionRecord(_Out):
    """A revision of the target's threshold, in force from a day: who decided it, and why."""

    since: str
    """The day (or period) from which the revised threshold is in force: a year, a half-year, a
    quarter, a month or a date (2021-06-15)."""
    threshold: Number | tuple[Number, Number]
    """The revised threshold, in the target's unit: a number, or [low, high] for between."""
    reason: str
    """Why the threshold was changed."""
    decided_by: str
    """Who decided it, and when ("HUS board, June 2021")."""
    in_force: bool
    """Whether this is the revision the result was judged against: of those in force by the day
    the target is due, the latest, as far as is known on as_of."""


class WaiverRecord(_Out):
    """A decision to set a failure or a lack of data aside until a day: who took it, and why."""

    until: str
    """The last day (or period) the waiver counts, inclusive: a year, a half-year, a quarter, a
    month or a date (2024-06-30)."""
    reason: str
    """Why the target is set aside."""
    decided_by: str
    """Who decided it, and when ("Board, 2020-11-12")."""
    decided: str | None
    """When it was decided, as the goals file gives it (a day or a period); null when not
    given."""
    in_force: bool
    """Whether the waiver counts on as_of: false once until has ended, and false before the day
    it was decided (where decided is given). While it counts, it turns a fail or no_data into
    waived."""


class PathRecord(_Out):
    """Where the latest figure stands on the straight path from the baseline to the
    threshold; told beside the verdict, never part of it."""

    baseline_period: str
    """The period the path starts from, at its last day: the target's baseline, or a change
    target's base period."""
    baseline_value: Number
    """The figure at the baseline, in the target's unit."""
    figure_period: str
    """The period of the figure held against the path: the latest whole figure after the
    baseline, up to the due period."""
    expected: Number
    """The path's value at the end of figure_period, in the target's unit, to as many decimals as
    the baseline, threshold and figure have (at most four)."""
    on_track: bool
    """Whether the figure is on the path or on the target's side of it."""
    distance: Number
    """How far the figure is ahead of the path, in the target's unit; negative when behind."""


class ProjectionRecord(_Out):
    """A trend line through the latest whole figures, at the end of the due period."""

    value: Number
    """The line's value at the end of period, in the target's unit: kept within the unit's range,
    and to as many decimals as the figures have (at most four). A guide, not a verdict."""
    period: str
    """The period the line is carried to the end of: the due period, target_period."""
    figures: int
    """How many figures the line was fitted to: 3 to 5."""
    method: str
    """How the line was made, in words: "least squares over the latest whole figures, at most 5,
    kept within the unit's range"."""


class ResultRecord(_Out):
    """A target's verdict: one per target, one per objective for a portfolio rule, one per group
    for a target judged in each group."""

    id: str
    """The result's id: the target's id; ``id/N`` for a portfolio rule's result on objective N,
    and ``id[name=value]`` for a target judged in each group (``bullying[hospital=Søborg]``)."""
    entity: str
    """The id of the organisation the target belongs to ("aleris-hamlet")."""
    area: str | None
    """The area the target is grouped under ("employees"); null when the target names none (one
    under an objective or an initiative)."""
    metric: str | None
    """The id of the metric judged; null for a portfolio rule and for a milestone on an
    initiative."""
    condition: Literal["<", "<=", ">", ">=", "==", "between", "done_by"] | None
    """How the figure is compared with threshold: "<", "<=", ">", ">=", "==" or "between";
    "done_by" for a milestone. A progress target or portfolio rule that gives none has ">="."""
    threshold: Number | tuple[Number, Number] | None
    """The number the figure is compared with, in unit: [low, high] for between; that of the
    revision in force, if any; for a change target, the base figure changed by percent or by. Null
    for a milestone, and where none was worked out (a change target without its base figure, or
    a target judged in each group whose metric has figures for no group)."""
    unit: str
    """The unit of threshold and actual: the target's unit, which is its metric's; "yes/no" for a
    milestone, "count" for a portfolio rule."""
    target_period: str
    """When the target is due: a year (2020), a half-year (2024-H1), a quarter (2024-Q3), a month
    (2024-04) or a date (2024-04-01)."""
    actual: Number | None
    """The figure judged, in unit, as reported (for a derived metric, its formula on its metrics'
    figures); for a portfolio rule, the number of initiatives counted; for a milestone, 1 when
    done and 0 when not. Null when nothing was judged."""
    actual_period: str | None
    """The period actual is for; for a milestone, when it was done; for a portfolio rule, the
    organisation's status date. Null when no figure was judged, a milestone is not done, or a
    portfolio rule's organisation has no status date."""
    final: bool
    """Whether the verdict is settled: true when actual is the figure for target_period itself (a
    year-to-date one only once it passes), for a settled milestone, and for a portfolio rule;
    false for a verdict on an earlier period's figure (provisional), or on none."""
    status: StatusName
    """The verdict: "pass", "warn" (met inside the warning band, or a miss of a target of severity
    "warn"), "fail", "waived" (a fail or no_data that a waiver in force sets aside), "pending"
    (not yet due, nor settled) or "no_data" (due, and nothing reported settles it)."""
    margin: Number | None
    """How far actual is from threshold, in margin_unit: negative when short (for ==, when off; 0
    at a strict bound fails); for between, the distance to the nearer end. For a milestone, days
    to spare before the due day, negative when late or overdue. Null when nothing was judged, or
    a milestone's done date runs past the due day (see margin_range)."""
    sources: list[SourceRecord]
    """Where the target and what it was judged on are printed, each once: the target's source,
    then the metric's (with those of the metrics a formula uses), the initiative's or the
    objective's, then those of the figures judged where they differ."""
    kind: Literal["threshold", "milestone", "progress", "portfolio"]
    """"threshold" (a figure meets a condition), "milestone" (something done by a date),
    "progress" (a count towards a goal) or "portfolio" (initiatives counted per objective)."""
    path: PathRecord | None
    """Where the latest figure stands against the path from the baseline to the threshold: for a
    threshold or progress target pending or judged provisionally, with a baseline (its own, or a
    change target's base figure), one threshold, a condition of <, <=, > or >=, and a whole
    figure since the baseline. Else null."""
    projection: ProjectionRecord | None
    """The trend of the latest whole figures at the end of the due period, for a threshold or
    progress target pending or judged provisionally with three or more whole figures up to the
    due period; else null."""
    target: str
    """The target's id alone: ``id`` adds the objective's number for a portfolio rule, and the
    group for a target judged in each group."""
    group: dict[str, str] | None
    """The group whose figures were judged, by name (``{"hospital": "Søborg"}``): the target's
    where, and for a target judged in each group, that group. Null for the whole, and for a target
    judged in each group when no group has figures."""
    for_each: str | None
    """The group name the target is judged in each group of ("hospital"); null for a target
    judged once."""
    objective: int | None
    """The number of the plan objective the result sits under: the target's objective; for a
    target that names an initiative and neither an objective nor an area, the initiative's; for
    a portfolio rule, the objective counted. Null when there is none."""
    initiative: str | None
    """The id of the plan initiative the target names (a milestone waits for it); null when it
    names none."""
    label: str
    """The target in words, in English."""
    statement_da: str | None
    """The target as stated in Danish; null for a target stated in another language (see
    statement and lang)."""
    statement: str
    """The target as its source states it, in the language lang names."""
    lang: str
    """The language of statement, a language tag: "da" for a target given with statement_da, else
    as the goals file gives it ("fi", "sv")."""
    subject_label: str
    """What was judged: the metric's label; for a milestone on an initiative, the initiative's
    Danish name; for a portfolio rule, the objective's number and Danish name ("1. Attraktiv
    arbejdsplads")."""
    margin_unit: str | None
    """The unit of margin and margin_range: the target's unit; "days" for a milestone, "count"
    for a portfolio rule."""
    progress: Number | None
    """For a progress target judged on a figure, actual as a share of threshold (of its low end
    for between), in %; else null, and null for a threshold of 0."""
    bounds: Literal["[]", "[)", "(]", "()"] | None
    """Which ends of a between range count: "[]" both, "()" neither, "[)" the low one, "(]" the
    high one; null for any other condition."""
    change: ChangeRecord | None
    """For a change target, the threshold's base and how it is changed from it; else null."""
    warn_threshold: Number | None
    """Where the warning band starts, in unit: a figure that meets threshold but not this is
    "warn"; null when the target has none."""
    waiver: WaiverRecord | None
    """The target's waiver, in force or expired; null when it has none."""
    waived_status: StatusName | None
    """Under a waiver in force, the status the result would have had: "fail" or "no_data"; else
    null."""
    explanation: str | None
    """Why a missed target was missed (comply or explain), as the goals file gives it, whatever
    the status; null when it gives none."""
    fails_run: bool
    """Whether this result fails the run under policy: its status is in fail_on, or, with
    require_explanations, it is a fail without an explanation. Never for severity "info"."""
    reason: str | None
    """Why the result is as it is, in English: why there is no figure or it is pending, why a
    milestone failed, what a derived metric judged on an earlier period lacks, what a
    year-to-date figure covers, a miss reported as a warning, an expired waiver. Else null."""
    actual_published: str | None
    """When the figure judged became known: its own published, else its document's, else the
    last day it covers (2019-12-31); for a derived figure, the latest of its metrics'.
    Null when no figure was judged, and for a milestone or a portfolio rule."""
    actual_through: str | None
    """For a year-to-date figure, which covers its period only in part, the day (or period) it
    covers up to (2024-09-30); null for a figure for the whole period, or none."""
    restated: list[OtherValueRecord]
    """Other values the figures judged (and a change target's base figure) were published as
    earlier, which a later publication replaced; [] when none."""
    disagreements: list[DisagreementRecord]
    """Other values published the same day as the figures judged (and a change target's base
    figure), each with the verdict on it; [] when none."""
    severity: Literal["error", "warn", "info"]
    """How firm the target is: "error" (the default), "warn" (a miss is reported as "warn") or
    "info" (shown only: it never fails the run)."""
    revisions: list[RevisionRecord]
    """The revisions of the target's threshold, in the order of since, each saying whether it is
    the one in force; [] when none."""
    margin_range: tuple[Number, Number | None] | None
    """For a milestone done on a day known only roughly (2024-Q1): the least and the greatest
    margin in days, [least, greatest], greatest null when no earliest day is known; margin is the
    least when the verdict is settled. Else null."""
