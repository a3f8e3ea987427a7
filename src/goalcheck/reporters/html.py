"""HTML: one self-contained page per run, to read in a browser, print to PDF or archive.

The page makes no network request of any kind: its CSS is inline, its fonts are the system's,
its charts are inline SVG, and it holds no script. A Content-Security-Policy says so to the
browser as well, so nothing added later could load either.

User text is made inert (``goalcheck.inert``) and then escaped by Jinja2 (``autoescape``) in
every expression: ``_finalize`` applies ``inert`` to everything a template prints. The only
markup inserted as is, is the SVG that ``charts`` builds and checks, and the template's own
markup that ``fill`` places into a sentence (whose words and other values it escapes).

The page's own words are in ``WORDS``, in English, marked for the catalogue; ``render`` tells
them in the language in use and hands them to the template, which holds no words of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TextIO

# Jinja2 and pygal are imported here and in charts.py only: this module is imported only when
# the html format is chosen, so other formats never pay for them.
import jinja2
from markupsafe import Markup, escape

from goalcheck import __version__, history
from goalcheck.i18n import N_, _, day_text, language, n_, number_text
from goalcheck.inert import inert
from goalcheck.model import Entity, IndicatorValue, Initiative, Metric, Report, Result, Status
from goalcheck.period import Period
from goalcheck.reporters import Options, by_entity, charts, missing_explanation, words
from goalcheck.reporters.groups import ABSENT, SYMBOLS, columns, each_group
from goalcheck.reporters.sections import area_title, objective_progress, section_key

_UNSAFE_ID = re.compile(r"[^a-z0-9_-]+")
_WEB = ("https://", "http://")

# Every word the template writes, by the name the template uses: ``render`` tells them.
# fmt: off
WORDS = {
    "brand": N_("goalcheck report"),
    "passes": N_("The check passes"), "fails": N_("The check fails"),
    "fail_on": N_("Fails the run"), "explanations": N_("Explanations required"),
    "explanations_yes": N_("yes: a missed target without one fails the run"), "no": N_("no"),
    "in_report": N_("In this report"), "unexplained": N_("Missed without an explanation: "),
    "fails_run": N_("fails the run"),
    "missed_unexplained": N_("missed without an explanation"),
    "figure": N_("Figure"), "margin": N_("Margin"), "notes": N_("Notes"),
    "figures_from": N_("Figures from"), "target_from": N_("Target from"),
    "page": N_("p. {page}"), "cell": N_("cell"), "file": N_("file"),
    "caption": N_("every figure by period, with the threshold judged against"),
    "points": N_("Figures:"),
    "chart_ref": N_("{chart} above."), "chart": N_("Chart of this metric"),
    "initiatives": N_("Initiatives"), "initiative": N_("Initiative"), "status": N_("Status"),
    "priority": N_("Priority"), "dated": N_("Dated"),
    "done_in": N_("done {period}"), "started_in": N_("started {period}"),
    "no_figure": N_("no figure"), "shown": N_("(shown, not judged)"),
    "milestones": N_("Milestones"), "due": N_("due {period}"),
    # A milestone's event, done and not: keyed by the event (``completed``, ``started``).
    "completed": N_("completed {period}"), "started": N_("started {period}"),
    "not_completed": N_("not reported as completed"),
    "not_started": N_("not reported as started"),
    "margin_of": N_("; margin {margin}"),
    "by": N_("By {name}"), "target": N_("Target"), "tally": N_("Tally"),
    "no_figures": N_("no figures"),
    "warnings": N_("Warnings"), "where": N_("Where"), "warning": N_("Warning"),
    "sources": N_("Sources"),
    "footer": N_("Written by goalcheck {version}. This page is complete in itself: it loads"
                 " nothing and runs no script."),
}
# fmt: on
# An initiative's status, as the files write it (``started``, ``completed``).
INITIATIVE_STATUS = {"started": N_("started"), "completed": N_("completed")}


@dataclass(frozen=True)
class Verdict:
    status: str  # the status's value: a CSS class
    word: str  # "fail", "no data"
    symbol: str


def verdict(status: Status) -> Verdict:
    return Verdict(status.value, words.status_word(status), SYMBOLS[status])


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
        return _("final") if self.result.final else _("provisional")

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
        sections[("objective", number)] = Section(
            f"{number}. {objective.name_da} ({objective.name})",
            objective_progress(entity, number),
        )

    def section(area: str | None, objective: int | None, initiative: str | None = None) -> Section:
        key = section_key(entity, area, objective, initiative)
        if key not in sections:
            sections[key] = Section(area_title(area))
        return sections[key]

    for initiative in entity.initiatives.values():
        section(None, initiative.objective).initiatives.append(initiative)
    for block in blocks:
        target = block.result.target
        section(target.area, block.result.objective, target.initiative).blocks.append(block)
    for value in indicators:
        section(value.indicator.area, value.indicator.objective).indicators.append(value)
    return [s for s in sections.values() if s.blocks or s.initiatives or s.indicators]


def _charts(entity: Entity, blocks: list[Block], anchors: Anchors, known: history.Known) -> None:
    """A chart for each metric a target is judged on, with the first block on that metric: its
    figures as known on the day judged, never one published later.

    A metric with no figures for the whole gets none: the block already says "no figure".
    """
    on_metric: dict[str, list[Block]] = {}
    for block in blocks:
        metric = entity.metrics.get(block.result.target.metric or "")
        if metric is not None and charts.judged(block.result):
            on_metric.setdefault(metric.id, []).append(block)
    for metric_id, judged in on_metric.items():
        figures = known.series(metric_id).whole()
        if not figures:
            continue
        metric = replace(entity.metrics[metric_id], figures=figures)
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
    details = []
    if entity.status_date is not None:
        details = [_("status {period}").format(period=charts.period_text(entity.status_date))]
    return ", ".join([*details, _("as of {day}").format(day=day_text(report.as_of))])


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
        _charts(entity, blocks, anchors, history.Known(entity, report.as_of))
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


def fill(template: str, **parts: object) -> Markup:
    """A sentence told in the language in use, with markup the template built (a period's
    range, a link) in its place: the sentence and every other value made inert and escaped."""
    values = {k: v if isinstance(v, Markup) else inert(str(v)) for k, v in parts.items()}
    return Markup(escape(inert(template))).format(**values)


def span(period: Period) -> str:
    """The days a period covers: ``2024-01-01 to 2024-03-31``, ``01.01.2024 til 31.03.2024``."""
    return _("{low} to {high}").format(low=day_text(period.start), high=day_text(period.end))


def initiative_status(initiative: Initiative) -> tuple[str, str | None]:
    """``started`` in the language in use, and the file's Danish word (``Igangsat``) unless
    that says the same."""
    status = _(INITIATIVE_STATUS.get(initiative.status, initiative.status))
    same = initiative.status_da.strip().lower() in ("", status.lower())
    return status, None if same else initiative.status_da


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
        fill=fill,
        when=charts.period_text,
        span=span,
        initiative_status=initiative_status,
    )
    return environment


def _counts(report: Report) -> Iterable[tuple[Verdict, str]]:
    summary = report.summary
    return [(verdict(status), _n(summary[status])) for status in Status]


def _n(count: int) -> str:
    return number_text(str(count))


def _headline(report: Report, failing: int) -> dict[str, str]:
    """The page's title, its lead sentence and what the report holds, in words."""
    as_of = day_text(report.as_of)
    verdict = _("the check fails") if failing else _("the check passes")
    ran = _("No result fails the run")
    if failing:
        ran = n_("{count} result fails the run", "{count} results fail the run", failing)
    targets, initiatives, warnings = map(len, (report.results, report.initiatives, report.warnings))
    held = [n_("{count} target", "{count} targets", targets).format(count=_n(targets))]
    if initiatives:
        held.append(
            n_("{count} initiative", "{count} initiatives", initiatives).format(
                count=_n(initiatives)
            )
        )
    if warnings:
        held.append(n_("{count} warning", "{count} warnings", warnings).format(count=_n(warnings)))
    return {
        "title": "goalcheck: " + verdict + " (" + _("as of {day}").format(day=as_of) + ")",
        "lead": _("{verdict}, judged as of {day}.").format(
            verdict=ran.format(count=_n(failing)), day=as_of
        ),
        "held": ", ".join(held),
    }


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
        fail_on=[words.status_word(s) for s in Status if s in options.fail_on],
        unexplained=unexplained,
        pages=found,
        version=__version__,
        lang=language(),
        ui={name: _(text) for name, text in WORDS.items()},
        **_headline(report, len(failing)),
    )


def write(report: Report, stream: TextIO, options: Options) -> None:
    text = render(report, options)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    if not encoding.startswith("utf"):
        # A stream that cannot carry UTF-8 (PYTHONIOENCODING=ascii) gets the same page with
        # character references (&#230;): the page says it is UTF-8, and ASCII is that too.
        text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    stream.write(text)
