"""Standard output and error as they really are: closed, full, a pipe that closes, or ASCII-only.

A report goes to stdout whole or ends with one line on stderr; a reader that stops reading
(``goalcheck run | head -1``) ends the run quietly; a stream that cannot encode æøå gets
escapes rather than a crash; an unexpected exception is one line and exit 3, not a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from types import FrameType
from typing import NoReturn, TextIO

from goalcheck.errors import ExitCode, OutputError
from goalcheck.inert import inert

DEBUG_VARIABLE = "GOALCHECK_DEBUG"
STDOUT = "<stdout>"


def prepare() -> None:
    """Make the process's streams and signals safe for the run ahead.

    Text that a stream cannot encode is escaped rather than raising; SIGTERM, SIGHUP and
    SIGQUIT end the run the way Ctrl-C does, through every ``finally``, so no temporary file
    outlives it.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        # A signal that the parent set to be ignored stays ignored, as Python does for SIGINT.
        for number in _ENDING_SIGNALS:
            if signal.getsignal(number) == signal.SIG_DFL:
                signal.signal(number, _terminate)


# Signals whose default ends the process at once, skipping every ``finally``.
_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)
)


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


def encoding(stream: TextIO | None = None) -> str:
    """The encoding of ``stream`` (stdout by default)."""
    stream = stream or sys.stdout
    return getattr(stream, "encoding", None) or "utf-8"


def is_terminal() -> bool:
    """Whether stdout is a terminal (and not closed)."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (ValueError, OSError):
        return False


def utf(name: str) -> bool:
    """Whether an encoding is one of UTF's, which carry any text goalcheck writes."""
    return name.lower().replace("-", "").replace("_", "") in ("utf8", "utf16", "utf32")


def can_encode(text: str, stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (stdout by default) can carry ``text`` as it is."""
    try:
        text.encode(encoding(stream))
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def write_stdout(text: str | Sequence[str]) -> None:
    """Write ``text`` (or its pieces, in order) to stdout and flush it. Pieces spare joining
    a large document into one more copy of itself.

    Raises ``OutputError`` when stdout is closed or the write fails (a full disk); returns
    quietly when the reader has gone (a broken pipe), after which stdout is discarded.
    """
    stream = sys.stdout
    if stream is None:
        raise OutputError(STDOUT, "standard output is closed")
    try:
        for piece in (text,) if isinstance(text, str) else text:
            try:
                stream.write(piece)
            except UnicodeEncodeError:  # a stream prepare() could not reconfigure
                encoding = getattr(stream, "encoding", None) or "ascii"
                stream.write(piece.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        _discard_stdout()
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        _discard_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(STDOUT, f"cannot write: {reason}") from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        sys.stdout = None


# What writing to stdout or stderr can fail with: no space, a closed descriptor, an I/O error.
_STREAM_ERRORS = frozenset({errno.ENOSPC, errno.EBADF, errno.EIO, errno.EPIPE})


def guarded(command: Callable[[], object]) -> None:
    """Run the command line: its own exits pass through; Ctrl-C outside a command is 130; a
    stream that cannot be written is one line and exit 2; anything else is a bug, exit 3."""
    try:
        command()
    except SystemExit:
        raise
    except KeyboardInterrupt:  # outside a command; inside one, typer exits 130 itself
        raise SystemExit(130) from None
    except OSError as exc:
        if exc.errno not in _STREAM_ERRORS:
            internal_error(exc)
        # Click writing help or a usage error onto a full disk or a closed stream.
        stream_error(exc)
    except Exception as exc:
        internal_error(exc)


def stream_error(exc: OSError) -> NoReturn:
    """A standard stream that failed outside goalcheck's own writes: one line, exit 2."""
    if isinstance(exc, BrokenPipeError):
        _discard_stdout()
        raise SystemExit(ExitCode.USAGE)
    with contextlib.suppress(Exception):
        print(f"goalcheck: error: cannot write: {exc.strerror or exc}", file=sys.stderr, flush=True)
    _discard_stdout()
    raise SystemExit(ExitCode.USAGE)


def internal_error(exc: BaseException) -> NoReturn:
    """A bug: one line on stderr (and the traceback when asked for), then exit 3."""
    if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    detail = inert(str(exc))
    if len(detail) > 200:
        detail = detail[:200] + "…"
    line = (
        f"goalcheck: internal error: {type(exc).__name__}{': ' + detail if detail else ''}."
        f" This is a bug in goalcheck; please report it (set {DEBUG_VARIABLE}=1 for the"
        " traceback)."
    )
    with contextlib.suppress(Exception):
        print(line, file=sys.stderr, flush=True)
    raise SystemExit(ExitCode.INTERNAL)
