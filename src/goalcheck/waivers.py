"""What a target's severity and waiver make of its verdict. No I/O.

A target of severity ``warn`` reports a miss as a warning; a waiver in force sets a failure or
a lack of data aside until its day, and says so once it has expired.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from goalcheck.i18n import Message
from goalcheck.model import Result, Status


def apply_severity(result: Result) -> Result:
    """A target of severity ``warn`` reports a miss as a warning (``info`` never fails the run:
    that is the policy's to decide, in ``Options.fails``)."""
    if result.target.severity == "warn" and result.status is Status.FAIL:
        missed = Message("missed; reported as a warning (severity warn)")
        reason = (
            Message("{reason}; {more}", reason=result.reason, more=missed)
            if result.reason
            else missed
        )
        return replace(result, status=Status.WARN, reason=reason)
    return result


def apply_waiver(result: Result, as_of: date) -> Result:
    """A waiver in force sets a failure or a lack of data aside; an expired one says so, and
    one not yet decided on the day judged sets nothing aside."""
    waiver = result.target.waiver
    if waiver is None:
        return result
    if waiver.decided is not None and as_of < waiver.decided.end:
        return replace(result, waiver_undecided=True)
    if as_of > waiver.until.end:
        expired = Message("the waiver until {until} has expired", until=waiver.until)
        reason = (
            Message("{reason}; {more}", reason=result.reason, more=expired)
            if result.reason
            else expired
        )
        return replace(result, waiver_expired=True, reason=reason)
    if result.status in (Status.FAIL, Status.NO_DATA):
        return replace(result, status=Status.WAIVED, waived_status=result.status)
    return result
