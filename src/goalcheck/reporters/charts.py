"""A metric's figures over time as an inline SVG chart (pygal), with the targets judged on it.

Imported only by the HTML reporter. The SVG must be safe to insert into the page as markup, so
it is made inert and checked here: every label is made inert (``goalcheck.inert``) before pygal
sees it, and pygal writes text through ``xml.etree``, which escapes it; pygal's script and its
comments (which carry today's date and web addresses) are removed; and the result is parsed
once more and refused if it holds a script, an event handler or a link of any kind.

Its words (the legend, the period marks, "no figures") and its numbers are in the language in
use.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# pygal ships no type hints; it is imported only here, and only when HTML is written.
import pygal  # type: ignore[import-untyped]
from pygal.etree import etree as pygal_etree  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from goalcheck.i18n import N_, _, day_text
from goalcheck.inert import inert
from goalcheck.model import Metric, Result, suffix
from goalcheck.period import Period
from goalcheck.reporters import words

FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# Dark enough to print in black and white; series also differ by dash and by their legend.
_COLOURS = ("#1d4ed8", "#b91c1c", "#7c2d12", "#047857", "#6d28d9", "#374151", "#a16207")
_STYLE = Style(
    font_family=FONTS,
    background="transparent",
    plot_background="transparent",
    foreground="#1f2937",
    foreground_strong="#111827",
    foreground_subtle="#6b7280",
    colors=_COLOURS,
    label_font_size=16,
    major_label_font_size=16,
    legend_font_size=16,
    tooltip_font_size=14,
    opacity=".9",
)
_WIDTH, _HEIGHT = 600, 280  # the height without the legend
_LEGEND_LINE = 24
_MANY_LABELS = 12  # beyond this, only some period labels are shown, slanted
_MANY_DOTS = 60  # beyond this, the figures are a line without a dot each
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
# Elements and attributes that could run code, load something or navigate: never in a chart.
_UNSAFE_TAGS = {"script", "foreignobject", "iframe", "image", "a", "use", "object", "embed"}
# The marks on a period's label: the period a target is due, a change target's base.
_MARKS = {"due": N_("due"), "base": N_("base")}
# Units named in the legend that have no suffix to name them by (model.units has them all).
_UNIT_NAMES = {"count": N_("count"), "yes/no": N_("yes/no"), "index 1-5": N_("index 1-5")}


@dataclass(frozen=True)
class Point:
    """A figure as the page lists it beside the chart: the chart alone is not a reading."""

    period: str
    value: str
    note: str | None


def period_text(period: Period) -> str:
    """A period as a person reads it: a day as the language writes days, else as given."""
    return day_text(period.start) if period.granularity == "day" else str(period)


def points(metric: Metric) -> list[Point]:
    """The metric's figures for the whole, in period order, as text."""
    return [
        Point(period_text(period), words.with_unit(value, metric.unit), metric.notes.get(period))
        for period, value in sorted(metric.figures.items())
    ]


def unit_name(unit: str) -> str:
    """A unit as the legend names it: ``%``, ``days``; in Danish ``dage``."""
    if unit in _UNIT_NAMES:
        return _(_UNIT_NAMES[unit])
    told = _(suffix(unit)) if suffix(unit) else ""
    return told.strip() if told and told != suffix(unit) else unit


def judged(result: Result) -> bool:
    """Whether a result is judged on a metric's figures against a threshold, which a chart of
    the metric shows."""
    return result.target.metric is not None and result.target.kind in ("threshold", "progress")


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    told = _(suffix(unit)) if suffix(unit) else ""
    return words.number(Decimal(repr(value))) + told


def _value(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _room(values: list[Any]) -> tuple[float, float] | None:
    """The y axis's range: every point with room above and below, so that no dot sits on the
    axis or the edge; ``None`` (pygal's own) when there is nothing to draw."""
    known = [v["value"] if isinstance(v, dict) else v for v in values if v is not None]
    if not known:
        return None
    low, high = min(known), max(known)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    return (low - pad, high + pad)


def _strip(root: Any) -> Any:
    """pygal's tree without its script (pygal writes one even when told of none) or comments."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag is ET.Comment or child.tag == "script":
                parent.remove(child)
    return root


def _checked(svg: str) -> str:
    """``svg`` if it is one SVG element that can run nothing and load nothing; else an error.

    A bug here would put markup built from user text into the page, so it fails loudly.
    """
    root = ET.fromstring(svg)
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise ValueError("a chart must be an <svg> element")
    for element in root.iter():
        if not isinstance(element.tag, str):
            raise ValueError("a chart must hold no comments or processing instructions")
        tag = element.tag.rsplit("}", 1)[-1].lower()
        names = [name.rsplit("}", 1)[-1].lower() for name in element.attrib]
        if tag in _UNSAFE_TAGS or any(n.startswith("on") or n == "href" for n in names):
            raise ValueError(f"a chart must not hold <{tag}> or {names}")
    return svg


def _label(period: Period, due: set[Period], bases: set[Period]) -> str:
    marks = [
        _(_MARKS[mark]) for mark, periods in (("due", due), ("base", bases)) if period in periods
    ]
    shown = period_text(period)
    return f"{shown} ({', '.join(marks)})" if marks else shown


def chart(metric: Metric, results: Sequence[Result], anchor: str) -> str:
    """The metric's figures for the whole over time, with each target's threshold in force as
    a dashed line (two, for a band), its due period marked, and a change target's base figure.

    ``anchor`` names the chart in the page (pygal scopes its CSS by it), so the same report
    gives the same SVG: pygal would otherwise draw a random id.
    """
    unit = metric.unit
    due = {result.target.period for result in results}
    bases = {
        result.target.change.base_period
        for result in results
        if result.target.change is not None and result.base_value is not None
    }
    periods = sorted(set(metric.figures) | due | bases)
    index = {period: i for i, period in enumerate(periods)}

    lines: list[tuple[str, list[Any], dict[str, Any]]] = [
        (
            _("figures ({unit})").format(unit=unit_name(unit)),
            [_value(metric.figures.get(p)) for p in periods],
            {},
        )
    ]
    drawn: set[tuple[str, object]] = set()
    for result in results:
        target = result.target
        key = (target.id, result.threshold)
        if result.threshold is None or key in drawn:
            continue
        drawn.add(key)
        name = _("{label}: {condition} by {period}").format(
            label=target.id, condition=words.condition(result), period=target.period
        )
        if result.progress is not None:  # a progress target: how much of the goal is reached
            name += ", " + _("{share} % done").format(
                share=words.number(words.whole(result.progress))
            )
        bounds = result.threshold if isinstance(result.threshold, tuple) else (result.threshold,)
        names = [_("{line} (low)"), _("{line} (high)")] if len(bounds) == 2 else ["{line}"]
        for number, (bound, line) in enumerate(zip(bounds, names, strict=True)):
            # A dashed line at the threshold, with a large dot where it is due.
            values: list[Any] = [_value(bound)] * len(periods)
            values[index[target.period]] = {"value": float(bound), "node": {"r": 7}}
            dash = {"width": 2, "dasharray": "10,6" if number == 0 else "3,5"}
            lines.append(
                (
                    line.format(line=name),
                    values,
                    {"show_dots": True, "dots_size": 0.01, "stroke_style": dash},
                )
            )
        if target.change is not None and result.base_value is not None:
            base: list[Any] = [None] * len(periods)
            base[index[target.change.base_period]] = {
                "value": float(result.base_value),
                "node": {"r": 7},
            }
            base_text = words.with_unit(result.base_value, unit)
            name = _("{target}: base {period}, {value}").format(
                target=target.id, period=target.change.base_period, value=base_text
            )
            lines.append((name, base, {"show_dots": True, "stroke": False}))

    # The page's own pygal output, whichever XML library is installed: xml.etree writes the
    # same text every time (lxml would write it otherwise), and escapes every label.
    pygal_etree.to_etree()
    graph = pygal.Line(
        js=[],
        style=_STYLE,
        width=_WIDTH,
        height=_HEIGHT + _LEGEND_LINE * len(lines),  # the plot keeps its height
        explicit_size=False,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        truncate_label=-1,
        show_dots=len(metric.figures) <= _MANY_DOTS,
        dots_size=4,
        x_label_rotation=30 if len(periods) > _MANY_LABELS else 0,
        x_labels_major_count=_MANY_LABELS if len(periods) > _MANY_LABELS else None,
        show_minor_x_labels=len(periods) <= _MANY_LABELS,
        value_formatter=lambda value: _number(value, unit),
        no_data_text=_("no figures"),
        margin=12,
        margin_right=60,  # room for the last period's label, "2020 (due)"
        max_scale=6,  # a few round values on the y axis, not a guide every 0.2
        range=_room([v for _, values, _ in lines for v in values]),
    )
    graph.uuid = _SAFE_ID.sub("-", anchor)
    graph.x_labels = [_label(period, due, bases) for period in periods]
    for name, values, options in lines:
        graph.add(inert(name), values, **options)
    graph.add_xml_filter(_strip)
    graph.add_xml_filter(lambda root: _titled(root, inert(metric.label)))
    return _checked(str(graph.render(is_unicode=True)))


def _titled(root: Any, title: str) -> Any:
    """The chart named for assistive technology, by its metric rather than pygal's name."""
    root.attrib.pop("xmlns", None)  # HTML puts an inline <svg> in SVG's namespace itself
    root.set("role", "img")
    root.set("aria-label", title)
    found = root.find("title")
    if found is not None:
        found.text = title
    return root
