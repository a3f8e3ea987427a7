"""Numbers and conditions written out for people, shared by the human-readable formats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from goalcheck.i18n import N_, _, number_text, tell
from goalcheck.model import Change, ConsistencyWarning, OtherValue, Report, Result, Status, suffix

_CONDITION_WORDS = {
    "<": N_("under"),
    "<=": N_("at most"),
    ">": N_("over"),
    ">=": N_("at least"),
    "==": N_("exactly"),
}
STATUS_WORDS = {
    Status.PASS: N_("pass"),
    Status.WARN: N_("warn"),
    Status.FAIL: N_("fail"),
    Status.WAIVED: N_("waived"),
    Status.PENDING: N_("pending"),
    Status.NO_DATA: N_("no data"),
}


def status_word(status: Status) -> str:
    """The status in words, in the language in use: ``no data``, ``ingen data``."""
    return _(STATUS_WORDS[status])


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
    return number_text("0" if text == "-0" else text)


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


# How a figure's unit is written after it, for the catalogue (model.units has them in English).
_SUFFIXES = (
    N_(" people"),
    N_(" days"),
    N_(" days/FTE"),
    N_(" days/employee"),
    N_(" h"),
    N_(" DKK"),
    N_(" mio DKK"),
    N_(" t CO2e/mio DKK"),
)


def with_unit(value: Decimal, unit: str) -> str:
    if unit == "yes/no":
        return _("yes") if value == 1 else _("no")
    return number(value) + _(suffix(unit)) if suffix(unit) else number(value)


def condition(result: Result) -> str:
    """The condition in words, e.g. ``under 4 %`` or ``at most 70 % below 2018 (300 t)``."""
    target = result.target
    if target.kind == "milestone":
        return _("done")
    unit = target.unit or "count"
    things = ""
    if target.kind == "portfolio":
        things = " " + (_("initiative") if target.threshold == 1 else _("initiatives"))
    if isinstance(target.threshold, tuple):
        low, high = target.threshold
        bounds = target.bounds or "[]"
        ends = {
            "[]": N_("inclusive"),
            "()": N_("exclusive"),
            "[)": N_("low inclusive"),
            "(]": N_("high inclusive"),
        }
        return _("between {low} and {high}{things} ({ends})").format(
            low=number(low), high=with_unit(high, unit), things=things, ends=_(ends[bounds])
        )
    words = _CONDITION_WORDS[target.condition or ">="]
    words = _(words)
    if unit == "yes/no" and target.condition == "==" and target.threshold is not None:
        return _("achieved") if target.threshold == 1 else _("not achieved")
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
    ("<", "below"): N_("more than"),
    ("<=", "below"): N_("at least"),
    (">", "below"): N_("less than"),
    (">=", "below"): N_("at most"),
    ("<", "above"): N_("less than"),
    ("<=", "above"): N_("at most"),
    (">", "above"): N_("more than"),
    (">=", "above"): N_("at least"),
}


def _change(condition: str, change: Change, unit: str) -> str:
    """``at least 70 % below 2018``, ``at most 1.5 days above 2019``; ``at most the 2018
    figure`` for a change of 0."""
    amount = change.percent if change.percent is not None else change.by
    assert amount is not None
    if amount == 0:
        return _("{words} the {base} figure").format(
            words=_(_CONDITION_WORDS[condition]), base=change.base_period
        )
    direction = "below" if amount < 0 else "above"
    size = f"{number(abs(amount))} %" if change.by is None else with_unit(abs(amount), unit)
    words = "exactly" if condition == "==" else _CHANGE_WORDS[(condition, direction)]
    template = _("{words} {size} below {base}") if amount < 0 else _("{words} {size} above {base}")
    return template.format(words=_(words), size=size, base=change.base_period)


def _threshold(value: Decimal | tuple[Decimal, Decimal], unit: str) -> str:
    if isinstance(value, tuple):
        return _("{low} to {high}").format(low=number(value[0]), high=with_unit(value[1], unit))
    return with_unit(value, unit)


def counts_line(report: Report) -> str:
    """The CI log's closing line: how many results have each status, and the day judged."""
    counts = report.summary
    each = ", ".join(f"{counts[status]} {STATUS_WORDS[status]}" for status in Status)
    return f"goalcheck: {each} (as of {report.as_of.isoformat()})"


def warning_line(warning: ConsistencyWarning) -> str:
    """A warning in the same shape as an error: ``file:line: warning: key: message``."""
    where = warning.file if warning.line is None else f"{warning.file}:{warning.line}"
    return f"{where}: warning: initiatives.{warning.subject}: {tell(warning.message)}"


def target_text(result: Result) -> str:
    """The target in words: ``Total sick leave: under 4 % by 2020``."""
    target = result.target
    within = ", ".join(f"{name} {value}" for name, value in result.group)
    label = f"{target.label} ({within})" if within else target.label
    return _("{label}: {condition} by {period}").format(
        label=label, condition=condition(result), period=target.period
    )


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
            return Figure(_("not done"), known=False)
        return Figure(_("done"), known=True, period=str(result.actual_period))
    if result.actual is None:
        return Figure(_("no figure"), known=False)
    if target.kind == "portfolio":
        count = int(result.actual)
        text = f"{count} " + (_("initiative") if count == 1 else _("initiatives"))
    else:
        text = with_unit(result.actual, target.unit or "count")
    progress = None
    if result.progress is not None:
        progress = _("{share} % done").format(share=number(whole(result.progress)))
    period = None if result.actual_period is None else str(result.actual_period)
    if period is not None and result.through is not None:
        period += " " + _("through {day}").format(day=result.through)  # year to date
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
        verdict = _("final") if result.final else _("provisional")
        text += f" ({found.period}, {verdict})"
    return text


def margin_text(result: Result) -> str:
    """``-0.19``, ``-966 d``; for a date known only roughly, a range: ``-91 to -1 d`` (late by
    1 to 91 days)."""
    suffix = " d" if result.margin_unit == "days" else ""
    if result.margin_range is not None:
        low, high = result.margin_range
        if high is None:
            return _("{low} d or more").format(low=signed(low))
        return _("{low} to {high}").format(low=signed(low), high=signed(high)) + suffix
    if result.margin is None:
        return ""
    return signed(result.margin) + suffix


def notes(result: Result, *, with_reason: bool = True) -> list[str]:
    """What a reader should know beside the verdict: waiver, explanation, why no data."""
    target = result.target
    found: list[str] = []
    waiver = target.waiver
    if waiver is not None and result.status is Status.WAIVED:
        waived = status_word(result.waived_status) if result.waived_status else "?"
        found.append(
            _("waived until {until} by {by} ({status}): {reason}").format(
                until=waiver.until, by=waiver.decided_by, status=waived, reason=waiver.reason
            )
        )
    elif waiver is not None and result.waiver_expired:
        found.append(_("the waiver until {until} has expired").format(until=waiver.until))
    elif waiver is not None and result.waiver_undecided:
        found.append(
            _("the waiver until {until} is not counted: it was decided {decided}").format(
                until=waiver.until, decided=waiver.decided
            )
        )
    for revision in target.revisions:
        marker = " " + _("(in force)") if revision == result.revision else ""
        found.append(
            _("threshold revised to {threshold} from {since} by {by}{marker}: {reason}").format(
                threshold=_threshold(revision.threshold, target.unit or "count"),
                since=revision.since,
                by=revision.decided_by,
                marker=marker,
                reason=revision.reason,
            )
        )
    if target.explanation and result.status in (Status.FAIL, Status.WAIVED):
        found.append(_("explained: {explanation}").format(explanation=target.explanation))
    found += history_notes(result)
    found += trajectory_notes(result)
    cells = [source.cell for source in result.sources if source.cell]
    if cells:  # the figures judged came from tables: say which cells, for an auditor
        found.append(_("from {cells}").format(cells=", ".join(cells)))
    if with_reason and result.reason and result.status is not Status.WAIVED:
        found.append(tell(result.reason))
    return found


def trajectory_notes(result: Result) -> list[str]:
    """Where the target is heading, beside the verdict: ``on track: 3.9 % in 2019 against 4.1 %
    on the path from 4.5 % in 2018`` and ``trend: 3.6 % by 2020``."""
    unit = result.target.unit or "count"
    found: list[str] = []
    if (path := result.path) is not None:
        template = (
            _(
                "on track: ahead of the path from {baseline} in {since} by {distance} (the path"
                " is at {expected} for {period})"
            )
            if path.on_track
            else _(
                "off track: behind the path from {baseline} in {since} by {distance} (the path"
                " is at {expected} for {period})"
            )
        )
        found.append(
            template.format(
                baseline=with_unit(path.baseline_value, unit),
                since=path.baseline_period,
                distance=with_unit(abs(path.distance), unit),
                expected=with_unit(path.expected, unit),
                period=path.figure_period,
            )
        )
    if (projection := result.projection) is not None:
        found.append(
            _(
                "trend: {value} by {period}, from the latest {count} figures (least squares;"
                " not a verdict)"
            ).format(
                value=with_unit(projection.value, unit),
                period=projection.period,
                count=projection.figures,
            )
        )
    return found


def history_notes(result: Result) -> list[str]:
    """What the figures used replaced, and what other sources gave the same day: ``restated:
    was 56 t in Annual report 2020 (published 2021-03-01)``."""
    found = [
        _("restated: {other}").format(other=_other_value(result, other, "was"))
        for other in result.restated
    ]
    for other in result.disagreements:
        text = _("sources disagree: {other}").format(other=_other_value(result, other, None))
        if other.actual is not None and other.actual != other.value:  # a derived figure
            text += _(", which makes it {value}").format(
                value=with_unit(other.actual, result.target.unit or "count")
            )
        if other.differs and other.status is not None:
            text = _("warning: {text}; on that figure the verdict would be {status}").format(
                text=text, status=status_word(other.status)
            )
        found.append(text)
    return found


def _other_value(result: Result, other: OtherValue, verb: str | None) -> str:
    """``56 t in Annual report 2020 (published 2021-03-01)``, after the metric and the period
    where they are not the result's own (``sick_leave_long for 2019 is 1.4 % in ...``)."""
    subject = "" if other.metric == result.target.metric else f"{other.metric} "
    if other.period != result.actual_period:
        subject += _("for {period}").format(period=other.period) + " "
    documents = ", ".join(dict.fromkeys(source.document for source in other.sources))
    phrase = _("{value} in {documents} (published {published})").format(
        value=with_unit(other.value, other.unit), documents=documents, published=other.published
    )
    if verb is None and not subject:
        return phrase
    said = _("was") if verb == "was" else _("is")
    return f"{subject}{said} {phrase}"
