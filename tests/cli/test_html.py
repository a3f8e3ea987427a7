"""The HTML report as a user gets it: one self-contained page, read by a real browser.

The page must load nothing and run nothing, so it can be archived as evidence and opened
offline: that is checked statically (every element and attribute of the document) and in
Debian's Chromium, with the network blocked and the page's console watched. Browser tests are
skipped, saying so, only where /usr/bin/chromium is missing.

Set ``GOALCHECK_REPORT_PNG=docs/report.png`` to keep the bundled report's screenshot.
"""

from __future__ import annotations

import json
import operator
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, RunCli, run_process, target_toml

Project = Callable[..., Path]

AS_OF = "2026-11-23"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '<script>alert(1)</script>" onmouseover="x'
CONTROLS = " \u202e\x1b[2J"  # a right-to-left override, and ESC clearing a terminal
_BYTE = 0xFF
# Elements that load or run something: none may be in the page.
LOADING = {"script", "link", "img", "iframe", "object", "embed", "base", "audio", "video",
           "source", "track", "image", "use", "foreignobject", "form"}  # fmt: skip


class Page(HTMLParser):
    """A page's elements, attributes and text, as an HTML parser reads them."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)

    def targets(self) -> set[str]:
        """The ids of the target blocks."""
        return {attrs["id"] for tag, attrs in self.tags if tag == "article"}


def parse(document: str) -> Page:
    return Page(document)


def anchor(result_id: str) -> str:
    return "t-" + re.sub(r"[^a-z0-9_-]+", "-", result_id.lower()).strip("-")


def assert_self_contained(page: Page) -> None:
    """Nothing that loads or runs: no such element, no event handler, no address outside a
    source's link, and no address in any CSS."""
    for tag, attrs in page.tags:
        assert tag not in LOADING, f"<{tag}> in the page"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}=...> in the page"
            if "://" in value or name in ("href", "src", "srcset", "xlink:href", "action"):
                assert (tag, name) == ("a", "href"), f"<{tag} {name}={value!r}>"
                assert value.startswith(("https://", "http://", "#")), value
                if not value.startswith("#"):
                    assert attrs.get("rel") == "noreferrer", attrs
    css = "".join(page.styles)
    assert "url(" not in css
    assert "@import" not in css
    assert "://" not in css


def judged_metrics(document: dict[str, object]) -> set[tuple[str, str]]:
    """(entity, metric) of every metric with figures for the whole that a threshold or
    progress target is judged on: each gets one chart."""
    results = document["results"]
    metrics = document["metrics"]
    assert isinstance(results, list)
    assert isinstance(metrics, list)
    with_figures = {
        (m["entity"], m["id"])
        for m in metrics
        if any(not figure.get("group") for figure in m["figures"])
    }
    on = {(r["entity"], r["metric"]) for r in results if r["kind"] in ("threshold", "progress")}
    return on & with_figures


# --- the page, statically ------------------------------------------------------------------


def test_format_html_is_one_self_contained_page_with_every_result(run_cli: RunCli) -> None:
    args = ["run", "--as-of", AS_OF]
    document = json.loads(run_cli([*args, "--format", "json"], exit_code=1, cwd=REPO).stdout)
    html = run_cli([*args, "--format", "html"], exit_code=1, cwd=REPO).stdout
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<html") == 1
    page = parse(html)
    assert_self_contained(page)
    text = " ".join("".join(page.text).split())
    assert "The check fails" in text
    assert "Fails the run fail" in text
    for result in document["results"]:
        assert anchor(result["id"]) in page.ids, result["id"]
        assert result["id"] in text
    charts = judged_metrics(document)
    assert len(charts) >= 10
    assert page.count("svg") == len(charts)
    svg_ids = {attrs["id"] for tag, attrs in page.tags if tag == "svg"}
    assert svg_ids == {f"chart-c-{entity}-{metric}" for entity, metric in charts}
    statements = [attrs for tag, attrs in page.tags if tag == "blockquote"]
    assert statements
    assert {attrs["lang"] for attrs in statements} == {"da"}
    milestones = [r["id"] for r in document["results"] if r["kind"] == "milestone"]
    timeline = text[text.index("Milestones") :]
    assert all(f"{id}:" in timeline for id in milestones)
    assert "due 2024-04-01 ? NO DATA shift-work-plans: " in timeline
    assert "not reported as completed" in timeline
    for warning in document["warnings"]:
        assert warning["message"] in text


def test_a_chart_shows_only_the_figures_known_on_the_day_judged(run_cli: RunCli) -> None:
    """Both bundled reports count from 31 December of their year: judged before then, no
    figure is known, so no chart may show one."""
    args = ["run", "--format", "html", "--as-of"]
    before = run_cli([*args, "2020-06-01"], exit_code=0, cwd=REPO).stdout
    assert before.count("<svg") == 0
    after = run_cli([*args, "2024-12-31"], exit_code=1, cwd=REPO).stdout
    assert after.count("<svg") == 11


def test_a_progress_target_s_chart_says_how_much_is_done(run_cli: RunCli, project: Project) -> None:
    data = (
        '[documents.report]\ntitle = "Report"\n\n[metrics.courses]\nlabel = "Courses held"\n'
        'unit = "count"\nsource = { document = "report", section = "Results" }\n'
        "figures = { 2023 = 1, 2024 = 3 }\n"
    )
    target = target_toml(
        id="courses", metric="courses", kind="progress", condition=">=", threshold=4,
        unit="count", period="2024",
    )  # fmt: skip
    goals = project(target, data=data)
    page = run_cli(["run", "--config", str(goals), "--format", "html"], exit_code=1).stdout
    assert "courses: at least 4 by 2024, 75 % done" in page


def test_the_header_states_the_policy(run_cli: RunCli) -> None:
    args = ["run", "--as-of", AS_OF, "--strict", "--require-explanations", "-f", "html"]
    text = " ".join("".join(parse(run_cli(args, exit_code=1, cwd=REPO).stdout).text).split())
    assert "Fails the run fail, no data Explanations required yes" in text
    assert "Missed without an explanation: " in text


def test_targets_judged_in_each_group_are_a_matrix_of_words_and_symbols(run_cli: RunCli) -> None:
    case = REPO / "tests" / "cases" / "each-unit-two-of-five-fail"
    html = run_cli(["run", "--as-of", AS_OF, "-f", "html"], exit_code=1, cwd=case).stdout
    matrix = html[html.index('<section class="matrix">') :]
    cells = re.findall(
        r'<td class="s-(\w+)"><span class="sym" aria-hidden="true">(.)</span> (\w+)</td>', matrix
    )
    assert sorted(cells) == [("fail", "✗", "fail")] * 2 + [("pass", "✓", "pass")] * 3
    assert "2 of 5 units fail" in matrix


def test_the_page_speaks_danish_with_lang_da(run_cli: RunCli) -> None:
    args = ["run", "--as-of", AS_OF, "-f", "html", "--lang", "da"]
    html = run_cli(args, exit_code=1, cwd=REPO).stdout
    assert '<html lang="da">' in html
    page = parse(html)
    assert_self_contained(page)
    text = " ".join("".join(page.text).split())
    assert "goalcheck: kontrollen fejler (pr. 23.11.2026)" in text  # the title
    assert "Kontrollen fejler" in text
    assert "får kontrollen til at fejle, vurderet pr. 23.11.2026." in text
    assert "Kontrollen fejler ved ikke bestået Forklaring påkrævet nej" in text
    assert "✗ IKKE BESTÅET" in text
    assert "4,19 % (2019, foreløbigt)" in text  # a decimal comma, and words' own Danish
    for heading in ("Tal fra", "Noter", "Milepæle"):
        assert heading in text
    assert '<th scope="col">Prioriteret</th><th scope="col">Tidspunkt</th>' in html
    assert "(vist, ikke vurderet)" in text
    assert "frist 01.04.2024 ? INGEN DATA shift-work-plans: " in text  # a day, as Danes write it
    assert "ikke meldt som gennemført" in text
    assert "Skrevet af goalcheck" in text
    for english in (
        "Figures from", "Target from", "The check fails", "fails the run", "Fails the run",
        "Explanations required", "In this report", "Milestones", "Priority", "Dated",
        "shown, not judged", "not reported as", "every figure by period", "Figures:",
        "as of", "judged as of", "provisional", "NO DATA", " FAIL", "Written by",
    ):  # fmt: skip
        assert english not in text, english  # labels, notes and warnings: the files' own
    (svg, *_) = re.findall(r"<svg.*?</svg>", html, re.S)
    legend = "".join(parse(svg).text)
    assert "tal (%)" in legend
    assert "(frist)" in legend
    assert "senest" in legend
    assert "(due)" not in legend


def test_output_file_is_the_same_page_and_rendering_is_repeatable(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    args = ["run", "--as-of", AS_OF]
    run_cli([*args, "--format", "json", "-o", f"html={out}"], exit_code=1, cwd=REPO)
    stdout = run_cli([*args, "--format", "html"], exit_code=1, cwd=REPO).stdout
    assert out.read_text(encoding="utf-8") == stdout  # and no random chart ids or dates


HOSTILE_DATA = f"""\
[documents.report]
title = {json.dumps(HOSTILE)}

[metrics.sick_leave]
label = {json.dumps(HOSTILE + CONTROLS)}
label_da = {json.dumps(HOSTILE)}
unit = "%"
source = {{ document = "report", section = {json.dumps(HOSTILE)}, url = "https://example.org/?q=\\"><script>alert(1)</script>" }}
figures = {{ 2018 = 4.5, 2019 = 4.19 }}
notes.2019 = {json.dumps(HOSTILE)}
"""  # noqa: E501


def _hostile_project(project: Project) -> Path:
    return project(
        target_toml(label=HOSTILE, statement_da=HOSTILE, note=HOSTILE)
        + target_toml(
            id="band", label=HOSTILE, condition="between", threshold=[3, 4.5], bounds="[]"
        )
        + target_toml(
            id="down", label=HOSTILE, threshold=None, change={"base_period": "2018", "percent": -5}
        ),
        data=HOSTILE_DATA,
    )


def test_hostile_labels_are_text_everywhere_in_the_page_and_its_charts(
    run_cli: RunCli, project: Project
) -> None:
    goals = _hostile_project(project)
    html = run_cli(["run", "-c", str(goals), "--as-of", AS_OF, "-f", "html"], exit_code=1).stdout
    page = parse(html)
    assert_self_contained(page)  # no <script>, no onmouseover=, the link's address escaped
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and "://" in attrs["href"]]
    assert set(links) == {'https://example.org/?q="><script>alert(1)</script>'}
    assert "\x1b" not in html
    assert "\u202e" not in html
    text = "".join(page.text)
    assert f"{HOSTILE} \\u202e\\x1b[2J" in text  # made inert, then escaped: shown, not run
    assert text.count(HOSTILE) >= 10
    (svg,) = re.findall(r"<svg.*?</svg>", html, re.S)
    svg_text = "".join(parse(svg).text)
    assert f"{HOSTILE} \\u202e\\x1b[2J" in svg_text  # pygal escaped the metric's label
    assert "&lt;script&gt;" in svg
    # The chart: the figures, a threshold line, a band's two, and the change's base.
    for legend in (
        "figures (%)",
        "sick-leave: under 4 % by 2020",
        "band: between 3 and 4.5 % (inclusive) by 2020 (low)",
        "band: between 3 and 4.5 % (inclusive) by 2020 (high)",
        "down: more than 5 % below 2018 (4.275 %) by 2020",
        "down: base 2018, 4.5 %",
    ):
        assert legend in svg_text
    assert "2020 (due)" in svg_text
    assert "2018 (base)" in svg_text


def test_the_charts_speak_danish_with_lang_da(run_cli: RunCli, project: Project) -> None:
    goals = _hostile_project(project)
    args = ["run", "-c", str(goals), "--as-of", AS_OF, "-f", "html", "--lang", "da"]
    html = run_cli(args, exit_code=1).stdout
    (svg,) = re.findall(r"<svg.*?</svg>", html, re.S)
    svg_text = "".join(parse(svg).text)
    for legend in (
        "tal (%)",
        "sick-leave: under 4 % senest 2020",
        "band: mellem 3 og 4,5 % (begge ender medregnet) senest 2020 (nedre)",
        "band: mellem 3 og 4,5 % (begge ender medregnet) senest 2020 (øvre)",
        "down: mere end 5 % under 2018 (4,275 %) senest 2020",
        "down: basis 2018, 4,5 %",
        "2020 (frist)",
        "2018 (basis)",
        "4,19 %",  # a figure's value, as the axis and the points write it
    ):
        assert legend in svg_text, legend
    assert "Tal: 2018: 4,5 %; 2019: 4,19 %" in " ".join("".join(parse(html).text).split())


def test_an_ascii_stdout_gets_the_same_page_with_character_references() -> None:
    proc = run_process(
        sys.executable, "-m", "goalcheck", "run", "--as-of", AS_OF, "-f", "html",
        env={"PYTHONIOENCODING": "ascii"},
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.isascii()
    assert "Samlet sygefrav&#230;r mindre end 4%" in proc.stdout
    assert "Samlet sygefravær mindre end 4%" in "".join(parse(proc.stdout).text)


_IMPORTS_PROBE = """
import json, runpy, sys
sys.argv = ["goalcheck", *sys.argv[1:]]
try:
    runpy.run_module("goalcheck", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("jinja2", "pygal", "markupsafe"))
print(json.dumps(heavy), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(("fmt", "imports"), [("json", False), ("table", False), ("html", True)])
def test_only_the_html_format_imports_jinja2_and_pygal(fmt: str, imports: bool) -> None:
    proc = run_process(sys.executable, "-c", _IMPORTS_PROBE, "run", "--as-of", AS_OF, "-f", fmt)
    assert proc.returncode == 1
    heavy = json.loads(proc.stderr.splitlines()[-1])
    assert bool(heavy) is imports, heavy
    if imports:
        assert {"jinja2", "pygal"} <= set(heavy)


# --- the page in a browser -----------------------------------------------------------------


@pytest.fixture
def chromium(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run Debian's Chromium headless on a file, offline: every address resolves to nothing
    and every connection goes to a closed port."""
    if not CHROMIUM.is_file():
        pytest.skip("no Chromium: install Debian's chromium (apt-get install chromium)")

    def run(page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [
                str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr", "--v=0",
                *flags, page.as_uri(),
            ],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        # The page's console, CSP reports included (a blocked load, a blocked script): empty.
        console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
        assert console == [], console
        return proc

    return run


def _rows(png: bytes) -> tuple[int, list[bytes]]:
    """A PNG's width and its rows of pixels, unfiltered (8-bit RGB or RGBA, not interlaced):
    enough of PNG to see what Chromium drew, with the standard library."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, chunks = 8, []
    width = height = bpp = 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0)
            assert colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], raw[start + 1 : start + 1 + stride]
        rows.append(_unfilter(kind, line, previous, bpp))
        previous = rows[-1]
    return width, rows


def _unfilter(kind: int, line: bytes, up: bytes, bpp: int) -> bytes:
    """One row as PNG's filter ``kind`` (none, sub, up, average, Paeth) encoded it."""
    if kind == 0:
        return line
    if kind == 2:
        return bytes(map(_BYTE.__and__, map(operator.add, line, up)))
    out = bytearray(line)
    for x in range(len(out)):
        left = out[x - bpp] if x >= bpp else 0
        if kind == 1:
            out[x] = (out[x] + left) & 0xFF
        elif kind == 3:
            out[x] = (out[x] + (left + up[x]) // 2) & 0xFF
        else:
            corner = up[x - bpp] if x >= bpp else 0
            p = left + up[x] - corner
            pa, pb, pc = abs(p - left), abs(p - up[x]), abs(p - corner)
            best = left if pa <= pb and pa <= pc else up[x] if pb <= pc else corner
            out[x] = (out[x] + best) & 0xFF
    return bytes(out)


def assert_drawn(png: Path, width: int) -> None:
    """The screenshot is as wide as asked and shows a page: many colours, much ink."""
    found, rows = _rows(png.read_bytes())
    assert found == width
    bpp = len(rows[0]) // width
    pixels = [row[x : x + 3] for row in rows[::4] for x in range(0, len(row), bpp * 2)]
    colours: dict[bytes, int] = {}
    for pixel in pixels:
        colours[pixel] = colours.get(pixel, 0) + 1
    background = max(colours.values())
    assert len(colours) > 50, "a blank or flat screenshot"
    assert (len(pixels) - background) / len(pixels) > 0.03, "hardly anything drawn"


@pytest.fixture
def bundled(run_cli: RunCli, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    run_cli(["run", "--as-of", AS_OF, "-f", "json", "-o", f"html={out}"], exit_code=1, cwd=REPO)
    return out


def test_a_browser_renders_every_target_offline_with_a_silent_console(
    chromium: Callable[..., subprocess.CompletedProcess[str]], bundled: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "report.png"
    proc = chromium(bundled, "--dump-dom", f"--screenshot={shot}", "--window-size=1280,2000")
    dom = parse(proc.stdout)
    assert_self_contained(dom)  # as the browser built it, too
    page = parse(bundled.read_text(encoding="utf-8"))
    assert len(page.targets()) == 30
    assert dom.targets() == page.targets()
    assert dom.count("svg") == page.count("svg")
    assert_drawn(shot, 1280)
    keep = os.environ.get("GOALCHECK_REPORT_PNG")
    if keep:  # the screenshot in the docs, as this test took it
        shutil.copyfile(shot, REPO / keep)


def test_a_phone_screen_shows_the_page(
    chromium: Callable[..., subprocess.CompletedProcess[str]], bundled: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "phone.png"
    chromium(bundled, f"--screenshot={shot}", "--window-size=375,2000")
    assert_drawn(shot, 375)


def test_the_page_prints_to_pdf(
    chromium: Callable[..., subprocess.CompletedProcess[str]], bundled: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    chromium(bundled, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", content)) > 5


def test_a_hostile_page_runs_nothing_in_a_browser(
    chromium: Callable[..., subprocess.CompletedProcess[str]],
    run_cli: RunCli,
    project: Project,
    tmp_path: Path,
) -> None:
    goals = _hostile_project(project)
    out = tmp_path / "hostile.html"
    run_cli(["run", "-c", str(goals), "--as-of", AS_OF, "-o", f"html={out}"], exit_code=1)
    dom = parse(chromium(out, "--dump-dom").stdout)  # a script that ran would log, or be blocked
    assert_self_contained(dom)
    assert "".join(dom.text).count(HOSTILE) >= 10
