"""Numbers and conditions written out for people, shared by the human-readable formats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from goalcheck.model import Change, ConsistencyWarning, OtherValue, Result, Status, suffix

_CONDITION_WORDS = {
    "<": "under",
    "<=": "at most",
    ">": "over",
    ">=": "at least",
    "==": "exactly",
}
STATUS_WORDS = {
    Status.PASS: "pass",
    Status.WARN: "warn",
    Status.FAIL: "fail",
    Status.WAIVED: "waived",
    Status.PENDING: "pending",
    Status.NO_DATA: "no data",
}
_MAX_PLACES = 4
_HUNDREDTH = Decimal("0.01")
_PRECISION = 200  # digits: more than any number within goalcheck's limits, or computed from them


def number(value: Decimal) -> str:
    """A figure as written in a report: no exponent, no trailing zeros.

    Figures keep up to four decimals as given; longer (computed) ones are rounded to two, or
    to two significant digits when two decimals would show a number that is not 0 as 0.
    """
    if value.is_zero():
        return "0"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_MAX_PLACES:
        # Enough precision that rounding never fails, whatever the number's size.
        with localcontext() as context:
            context.prec = _PRECISION
            rounded = value.quantize(_HUNDREDTH)
            if rounded.is_zero():
                rounded = value.quantize(Decimal(1).scaleb(value.adjusted() - 1))
        value = rounded
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def whole(value: Decimal) -> Decimal:
    """``value`` rounded to a whole number, however large it is."""
    with localcontext() as context:
        context.prec = _PRECISION
        return value.quantize(Decimal(1))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 target``, ``2 targets``; ``plural_form`` where adding an s will not do."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def signed(value: Decimal) -> str:
    text = number(value)
    return text if text.startswith("-") or value == 0 else f"+{text}"


_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: tuple[Decimal, ...]) -> str:
    """``▂▃▅▆▇``: each value's height between the lowest and the highest, oldest first."""
    low, high = min(values), max(values)
    if high == low:
        return _BLOCKS[3] * len(values)
    top = len(_BLOCKS) - 1
    return "".join(_BLOCKS[int((v - low) / (high - low) * top)] for v in values)


def with_unit(value: Decimal, unit: str) -> str:
    if unit == "yes/no":
        return "yes" if value == 1 else "no"
    return number(value) + suffix(unit)


def condition(result: Result) -> str:
    """The condition in words, e.g. ``under 4 %`` or ``at most 70 % below 2018 (300 t)``."""
    target = result.target
    if target.kind == "milestone":
        return "done"
    unit = target.unit or "count"
    things = ""
    if target.kind == "portfolio":
        things = " initiative" if target.threshold == 1 else " initiatives"
    if isinstance(target.threshold, tuple):
        low, high = target.threshold
        bounds = target.bounds or "[]"
        ends = {"[]": "inclusive", "()": "exclusive", "[)": "low inclusive", "(]": "high inclusive"}
        return f"between {number(low)} and {with_unit(high, unit)}{things} ({ends[bounds]})"
    words = _CONDITION_WORDS[target.condition or ">="]
    if unit == "yes/no" and target.condition == "==" and target.threshold is not None:
        return "achieved" if target.threshold == 1 else "not achieved"
    if target.change is not None:
        text = _change(target.condition or ">=", target.change, unit)
        if isinstance(result.threshold, Decimal):
            text += f" ({with_unit(result.threshold, unit)})"
        return text
    assert isinstance(target.threshold, Decimal)
    return f"{words} {with_unit(target.threshold, unit)}{things}"


# A change of -70 % under "<=" means the figure must fall by 70 % or more: "at least 70 %
# below". Below the base the words for the size of the change are the opposite of the
# condition's; above it they are the same.
_CHANGE_WORDS = {
    ("<", "below"): "more than",
    ("<=", "below"): "at least",
    (">", "below"): "less than",
    (">=", "below"): "at most",
    ("<", "above"): "less than",
    ("<=", "above"): "at most",
    (">", "above"): "more than",
    (">=", "above"): "at least",
}


def _change(condition: str, change: Change, unit: str) -> str:
    """``at least 70 % below 2018``, ``at most 1.5 days above 2019``; ``at most the 2018
    figure`` for a change of 0."""
    amount = change.percent if change.percent is not None else change.by
    assert amount is not None
    if amount == 0:
        return f"{_CONDITION_WORDS[condition]} the {change.base_period} figure"
    direction = "below" if amount < 0 else "above"
    size = f"{number(abs(amount))} %" if change.by is None else with_unit(abs(amount), unit)
    words = "exactly" if condition == "==" else _CHANGE_WORDS[(condition, direction)]
    return f"{words} {size} {direction} {change.base_period}"


def _threshold(value: Decimal | tuple[Decimal, Decimal], unit: str) -> str:
    if isinstance(value, tuple):
        return f"{number(value[0])} to {with_unit(value[1], unit)}"
    return with_unit(value, unit)


def warning_line(warning: ConsistencyWarning) -> str:
    """A warning in the same shape as an error: ``file:line: warning: key: message``."""
    where = warning.file if warning.line is None else f"{warning.file}:{warning.line}"
    return f"{where}: warning: initiatives.{warning.subject}: {warning.message}"


def target_text(result: Result) -> str:
    """The target in words: ``Total sick leave: under 4 % by 2020``."""
    target = result.target
    within = ", ".join(f"{name} {value}" for name, value in result.group)
    label = f"{target.label} ({within})" if within else target.label
    return f"{label}: {condition(result)} by {target.period}"


@dataclass(frozen=True)
class Figure:
    """What was found for a result, in parts each format lays out its own way."""

    text: str  # "4.19 %", "done", "no figure"
    known: bool
    progress: str | None = None  # "25 % done"
    period: str | None = None


def figure(result: Result) -> Figure:
    target = result.target
    if target.kind == "milestone":
        if result.actual_period is None:
            return Figure("not done", known=False)
        return Figure("done", known=True, period=str(result.actual_period))
    if result.actual is None:
        return Figure("no figure", known=False)
    if target.kind == "portfolio":
        text = plural(int(result.actual), "initiative")
    else:
        text = with_unit(result.actual, target.unit or "count")
    progress = None
    if result.progress is not None:
        progress = f"{number(whole(result.progress))} % done"
    period = None if result.actual_period is None else str(result.actual_period)
    if period is not None and result.through is not None:
        period += f" through {result.through}"  # year to date
    return Figure(text, known=True, progress=progress, period=period)


def figure_text(result: Result) -> str:
    """What was found, in one line: ``4.19 % (2019, provisional)``, ``not done``."""
    found = figure(result)
    text = found.text
    if found.progress:
        text += f", {found.progress}"
    if found.period and result.target.kind == "milestone":
        text += f" ({found.period})"
    elif found.period:
        text += f" ({found.period}, {'final' if result.final else 'provisional'})"
    return text


def margin_text(result: Result) -> str:
    """``-0.19``, ``-966 d``; for a date known only roughly, a range: ``-91 to -1 d`` (late by
    1 to 91 days)."""
    suffix = " d" if result.margin_unit == "days" else ""
    if result.margin_range is not None:
        low, high = result.margin_range
        if high is None:
            return f"{signed(low)} d or more"
        return f"{signed(low)} to {signed(high)}{suffix}"
    if result.margin is None:
        return ""
    return signed(result.margin) + suffix


def notes(result: Result, *, with_reason: bool = True) -> list[str]:
    """What a reader should know beside the verdict: waiver, explanation, why no data."""
    target = result.target
    found: list[str] = []
    waiver = target.waiver
    if waiver is not None and result.status is Status.WAIVED:
        waived = STATUS_WORDS[result.waived_status] if result.waived_status else "?"
        found.append(
            f"waived until {waiver.until} by {waiver.decided_by} ({waived}): {waiver.reason}"
        )
    elif waiver is not None and result.waiver_expired:
        found.append(f"the waiver until {waiver.until} has expired")
    for revision in target.revisions:
        marker = " (in force)" if revision == result.revision else ""
        found.append(
            f"threshold revised to {_threshold(revision.threshold, target.unit or 'count')}"
            f" from {revision.since} by {revision.decided_by}{marker}: {revision.reason}"
        )
    if target.explanation and result.status in (Status.FAIL, Status.WAIVED):
        found.append(f"explained: {target.explanation}")
    found += history_notes(result)
    found += trajectory_notes(result)
    cells = [source.cell for source in result.sources if source.cell]
    if cells:  # the figures judged came from tables: say which cells, for an auditor
        found.append("from " + ", ".join(cells))
    if with_reason and result.reason and result.status is not Status.WAIVED:
        found.append(result.reason)
    return found


def trajectory_notes(result: Result) -> list[str]:
    """Where the target is heading, beside the verdict: ``on track: 3.9 % in 2019 against 4.1 %
    on the path from 4.5 % in 2018`` and ``trend: 3.6 % by 2020``."""
    unit = result.target.unit or "count"
    found: list[str] = []
    if (path := result.path) is not None:
        where = "ahead of" if path.on_track else "behind"
        found.append(
            f"{'on' if path.on_track else 'off'} track: {where} the path from"
            f" {with_unit(path.baseline_value, unit)} in {path.baseline_period} by"
            f" {with_unit(abs(path.distance), unit)} (the path is at"
            f" {with_unit(path.expected, unit)} for {path.figure_period})"
        )
    if (projection := result.projection) is not None:
        found.append(
            f"trend: {with_unit(projection.value, unit)} by {projection.period}, from the"
            f" latest {projection.figures} figures (least squares; not a verdict)"
        )
    return found


def history_notes(result: Result) -> list[str]:
    """What the figures used replaced, and what other sources gave the same day: ``restated:
    was 56 t in Annual report 2020 (published 2021-03-01)``."""
    found = [f"restated: {_other_value(result, other, 'was')}" for other in result.restated]
    for other in result.disagreements:
        text = f"sources disagree: {_other_value(result, other, None)}"
        if other.actual is not None and other.actual != other.value:  # a derived figure
            text += f", which makes it {with_unit(other.actual, result.target.unit or 'count')}"
        if other.differs and other.status is not None:
            text = (
                f"warning: {text}; on that figure the verdict would be {STATUS_WORDS[other.status]}"
            )
        found.append(text)
    return found


def _other_value(result: Result, other: OtherValue, verb: str | None) -> str:
    """``56 t in Annual report 2020 (published 2021-03-01)``, after the metric and the period
    where they are not the result's own (``sick_leave_long for 2019 is 1.4 % in ...``)."""
    subject = "" if other.metric == result.target.metric else f"{other.metric} "
    if other.period != result.actual_period:
        subject += f"for {other.period} "
    documents = ", ".join(dict.fromkeys(source.document for source in other.sources))
    phrase = f"{with_unit(other.value, other.unit)} in {documents} (published {other.published})"
    if verb is None and not subject:
        return phrase
    return f"{subject}{verb or 'is'} {phrase}"
