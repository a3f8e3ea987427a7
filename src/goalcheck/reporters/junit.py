"""JUnit XML, as GitLab, Azure DevOps and Jenkins read it: one testcase per result.

A result that fails the run is a ``<failure>``; one with no data, pending or waived is
``<skipped>``, with a message saying why. Suites are entities, classnames ``entity.area``.

The document is valid against Jenkins' ``junit-10.xsd`` (Maven Surefire's format, the strictest
of the common readers; a copy is in ``tests/schemas``). That schema allows no ``file`` or
``line`` on a testcase and no properties inside one, so where the target is defined goes in
the testcase's ``<system-out>`` (``file: ...`` and ``line: ...``), and the entity's own file on
its ``<testsuite file=...>``.

Every attribute and text is made inert (``goalcheck.inert``) and then cleaned of what XML 1.0
cannot carry, so the document is well-formed whatever the ids, labels and file names hold:
a control character, or a lone surrogate from a file name that was not UTF-8.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from goalcheck.inert import inert
from goalcheck.model import Report, Result, Status
from goalcheck.reporters import Options, by_entity, words

# Characters XML 1.0 cannot carry at all; TOML strings can, through \\u escapes. ``inert``
# already escapes the controls and surrogates among them; U+FFFE and U+FFFF remain.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _xml(text: str) -> str:
    """User text, or words built around it, as an XML 1.0 attribute value or text."""
    return _clean(inert(text))


def classname(result: Result) -> str:
    target = result.target
    if result.objective is not None:
        group = f"objective-{result.objective}"
    elif target.area is not None:
        group = target.area
    else:
        group = "plan"
    return f"{target.entity}.{group}"


def message(result: Result) -> str:
    """Figure, period, threshold and margin in one sentence."""
    text = (
        f"{words.STATUS_WORDS[result.status]}: {words.figure_text(result)};"
        f" target {words.target_text(result)}"
    )
    if result.margin is not None:
        text += f"; margin {words.margin_text(result)}"
    return "; ".join([text, *words.notes(result)])


def location(result: Result) -> list[str]:
    """Where the target is defined, as the testcase's output says it: ``file: ...`` and, when
    known, ``line: ...``; each made inert, so neither can add a line."""
    target = result.target
    lines = [f"file: {_xml(target.file)}"]
    if (line := target.at_line()) is not None:
        lines.append(f"line: {line}")
    return lines


def _testcase(result: Result, options: Options) -> ET.Element:
    case = ET.Element(
        "testcase",
        {"classname": _xml(classname(result)), "name": _xml(result.id), "time": "0"},
    )
    text = _xml(message(result))
    output = location(result)
    if options.fails(result):
        # Failing only for want of an explanation, it says so; else it is its status.
        kind = result.status.value if result.status in options.fail_on else "missing_explanation"
        failure = ET.SubElement(case, "failure", {"message": text, "type": kind})
        failure.text = text
    elif result.status in (Status.NO_DATA, Status.PENDING, Status.WAIVED):
        skipped = ET.SubElement(case, "skipped", {"message": text, "type": result.status.value})
        skipped.text = text
    elif result.status is Status.WARN:
        output.insert(0, text)
    ET.SubElement(case, "system-out").text = "\n".join(output)
    return case


def render(report: Report, options: Options) -> str:
    suites = ET.Element("testsuites", {"name": "goalcheck"})
    totals = {"tests": 0, "failures": 0}  # the schema has no ``skipped`` on <testsuites>
    grouped = by_entity(report)
    for entity in report.entities:
        cases = [_testcase(result, options) for result in grouped[entity.id]]
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        suite = ET.SubElement(
            suites,
            "testsuite",
            {
                "name": _xml(entity.id),
                **{k: str(v) for k, v in counts.items()},
                "errors": "0",
                "time": "0",
                "timestamp": f"{report.as_of.isoformat()}T00:00:00",
                "file": _xml(entity.file),
            },
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "as_of", "value": report.as_of.isoformat()})
        ET.SubElement(properties, "property", {"name": "entity_name", "value": _xml(entity.name)})
        suite.extend(cases)
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        suites.set(key, str(value))
    suites.set("errors", "0")
    suites.set("time", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
