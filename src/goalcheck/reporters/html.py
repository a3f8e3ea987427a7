"""HTML: one self-contained page per run, to read in a browser, print to PDF or archive.

The page makes no network request of any kind: its CSS is inline, its fonts are the system's,
its charts are inline SVG, and it holds no script. A Content-Security-Policy says so to the
browser as well, so nothing added later could load either.

User text is made inert (``goalcheck.inert``) and then escaped by Jinja2 (``autoescape``) in
every expression: ``_finalize`` applies ``inert`` to everything a template prints. The only
markup inserted as is, is the SVG that ``charts`` builds and checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

# Jinja2 and pygal are imported here and in charts.py only: this module is imported only when
# the html format is chosen, so other formats never pay for them.
import jinja2
from markupsafe import Markup

from goalcheck import __version__
from goalcheck.inert import inert
from goalcheck.model import Entity, IndicatorValue, Initiative, Metric, Report, Result, Status
from goalcheck.reporters import Options, by_entity, charts, missing_explanation, words
from goalcheck.reporters.groups import ABSENT, SYMBOLS, columns, each_group

_UNSAFE_ID = re.compile(r"[^a-z0-9_-]+")
_WEB = ("https://", "http://")


@dataclass(frozen=True)
class Verdict:
    status: str  # the status's value: a CSS class
    word: str  # "fail", "no data"
    symbol: str


def verdict(status: Status) -> Verdict:
    return Verdict(status.value, words.STATUS_WORDS[status], SYMBOLS[status])


@dataclass(frozen=True)
class Chart:
    anchor: str
    metric: Metric
    svg: Markup
    points: list[charts.Point]


@dataclass
class Block:
    """One target on the page, with everything said about it."""

    result: Result
    anchor: str
    verdict: Verdict
    fails: bool
    unexplained: bool
    chart: Chart | None = None
    chart_ref: str | None = None  # another target on the same metric shows the chart

    @property
    def judgement(self) -> str | None:
        """``final`` or ``provisional``, where a figure was judged."""
        if self.result.status not in (Status.PASS, Status.WARN, Status.FAIL):
            return None
        return "final" if self.result.final else "provisional"

    @property
    def figure(self) -> words.Figure:
        return words.figure(self.result)


@dataclass
class Section:
    """Rows under an objective or an area, as the table groups them."""

    title: str
    subtitle: str | None = None
    blocks: list[Block] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)


@dataclass(frozen=True)
class Matrix:
    name: str
    values: list[str]
    rows: list[tuple[str, str, list[Verdict | None], str]]  # target id, anchor, cells, tally


@dataclass(frozen=True)
class Page:
    """An entity's part of the page."""

    entity: Entity
    anchor: str
    details: str
    sections: list[Section]
    milestones: list[Block]
    matrices: list[Matrix]


class Anchors:
    """Element ids, unique in the page, from ids that may hold anything an id may."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, prefix: str, *parts: str) -> str:
        base = prefix + "-" + "-".join(_UNSAFE_ID.sub("-", p.lower()).strip("-") for p in parts)
        anchor, count = base, 1
        while anchor in self._used:
            count += 1
            anchor = f"{base}-{count}"
        self._used.add(anchor)
        return anchor


def _sections(
    entity: Entity, blocks: list[Block], indicators: list[IndicatorValue]
) -> list[Section]:
    """Targets under their objective (in number order) or area (in order of first use)."""
    sections: dict[object, Section] = {}
    for number, objective in entity.objectives.items():
        members = entity.supporting(number)
        done = sum(1 for i in members if i.status == "completed")
        share = f" ({done * 100 // len(members)} %)" if members else ""
        sections[("objective", number)] = Section(
            f"{number}. {objective.name_da} ({objective.name})",
            f"{words.plural(len(members), 'initiative')}, {done} completed{share}",
        )

    def section(area: str | None, objective: int | None) -> Section:
        key: object = ("objective", objective) if objective is not None else ("area", area)
        if key not in sections:
            name = area or "no objective stated"
            sections[key] = Section(name[:1].upper() + name[1:])
        return sections[key]

    for initiative in entity.initiatives.values():
        section(None, initiative.objective).initiatives.append(initiative)
    for block in blocks:
        target = block.result.target
        joined = block.result.objective
        if joined is None and target.area is None and target.initiative is not None:
            joined = entity.initiatives[target.initiative].objective
        section(target.area, joined).blocks.append(block)
    for value in indicators:
        section(value.indicator.area, value.indicator.objective).indicators.append(value)
    return [s for s in sections.values() if s.blocks or s.initiatives or s.indicators]


def _charts(entity: Entity, blocks: list[Block], anchors: Anchors) -> None:
    """A chart for each metric a target is judged on, with the first block on that metric.

    A metric with no figures for the whole gets none: the block already says "no figure".
    """
    on_metric: dict[str, list[Block]] = {}
    for block in blocks:
        metric = entity.metrics.get(block.result.target.metric or "")
        if metric is not None and metric.figures and charts.judged(block.result):
            on_metric.setdefault(metric.id, []).append(block)
    for metric_id, judged in on_metric.items():
        metric = entity.metrics[metric_id]
        anchor = anchors("c", entity.id, metric_id)
        svg = charts.chart(metric, [b.result for b in judged], anchor)
        # The one string inserted as markup: pygal's SVG, which charts.chart has checked.
        judged[0].chart = Chart(anchor, metric, Markup(svg), charts.points(metric))
        for block in judged[1:]:
            block.chart_ref = anchor


def _matrices(blocks: list[Block]) -> list[Matrix]:
    anchor = {id(block.result): block.anchor for block in blocks}
    groups = each_group([block.result for block in blocks])
    found = []
    for name, values in columns(groups).items():
        rows = []
        for each in (g for g in groups if g.name == name):
            cells = [verdict(each.results[v].status) if v in each.results else None for v in values]
            first = anchor[id(next(iter(each.results.values())))]
            rows.append((each.target.id, first, cells, each.tally()))
        found.append(Matrix(name, values, rows))
    return found


def _details(entity: Entity, report: Report) -> str:
    details = [] if entity.status_date is None else [f"status {entity.status_date}"]
    return ", ".join([*details, f"as of {report.as_of.isoformat()}"])


def pages(report: Report, options: Options) -> list[Page]:
    anchors = Anchors()
    results = by_entity(report)
    indicators: dict[str, list[IndicatorValue]] = {entity.id: [] for entity in report.entities}
    for value in report.indicators:
        indicators.setdefault(value.indicator.entity, []).append(value)
    found = []
    for entity in report.entities:
        blocks = [
            Block(
                result,
                anchors("t", result.id),
                verdict(result.status),
                fails=options.fails(result),
                unexplained=options.require_explanations and missing_explanation(result),
            )
            for result in results[entity.id]
        ]
        _charts(entity, blocks, anchors)
        milestones = sorted(
            (b for b in blocks if b.result.target.kind == "milestone"),
            key=lambda b: b.result.target.period.sort_key,
        )
        found.append(
            Page(
                entity,
                anchors("e", entity.id),
                _details(entity, report),
                _sections(entity, blocks, indicators[entity.id]),
                milestones,
                _matrices(blocks),
            )
        )
    return found


def _finalize(value: object) -> object:
    """Every printed value made inert first; Jinja2 escapes it next. The checked SVG is kept."""
    if isinstance(value, Markup):
        return value
    return inert("" if value is None else str(value))


def web_link(url: str | None) -> str | None:
    """A source's address if it is a web address: nothing else becomes a link."""
    return url if url is not None and url.lower().startswith(_WEB) else None


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("goalcheck.reporters", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(
        words=words,
        web_link=web_link,
        Status=Status,
        SYMBOLS=SYMBOLS,
        ABSENT=ABSENT,
        verdict=verdict,
    )
    return environment


def _counts(report: Report) -> Iterable[tuple[Verdict, int]]:
    summary = report.summary
    return [(verdict(status), summary[status]) for status in Status]


def render(report: Report, options: Options) -> str:
    template = _environment().get_template("report.html.j2")
    failing = [r for r in report.results if options.fails(r)]
    found = pages(report, options)
    unexplained = [
        (block.result.id, block.anchor)
        for page in found
        for section in page.sections
        for block in section.blocks
        if block.unexplained
    ]
    return template.render(
        report=report,
        options=options,
        passes=not failing,
        failing=len(failing),
        counts=_counts(report),
        fail_on=[words.STATUS_WORDS[s] for s in Status if s in options.fail_on],
        unexplained=unexplained,
        pages=found,
        version=__version__,
    )


def write(report: Report, stream: TextIO, options: Options) -> None:
    text = render(report, options)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    if not encoding.startswith("utf"):
        # A stream that cannot carry UTF-8 (PYTHONIOENCODING=ascii) gets the same page with
        # character references (&#230;): the page says it is UTF-8, and ASCII is that too.
        text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    stream.write(text)
