"""Writing the report's files: all of them or none, never onto an input, never replacing a device.

A run's outputs are checked before anything is written: none may be a file the run read, no
two may be the same file, and each must be writable where it is. Regular files are then
written to temporary files beside them, and renamed into place only once every one of them
exists; a device, a FIFO or ``/dev/stdout`` is written in place and never replaced; GitHub's
job summary is appended to. Whatever goes wrong, no temporary file is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from goalcheck.errors import OutputError
from goalcheck.inert import is_inert

# Names that stand for one of this process's own descriptors: written there, in place.
_OWN_DESCRIPTOR = re.compile(r"/dev/(std(in|out|err)|fd/\d+)|/proc/(self|thread-self)/fd/\d+")
_STANDARD = {"stdin": 0, "stdout": 1, "stderr": 2}
_MAX_DESCRIPTOR = 2**31 - 1
# POSIX flags; elsewhere (Windows) there are no FIFOs or terminals to guard against.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Output:
    """One file to write: where the user named it, what goes in, and how it was named."""

    path: Path
    text: str | bytes
    """Text, written as UTF-8; or the bytes of a binary format (a workbook)."""
    named_by: str  # "--output json" or "GITHUB_STEP_SUMMARY", for messages
    append: bool = False

    def data(self) -> bytes:
        return self.text if isinstance(self.text, bytes) else self.text.encode("utf-8")


@dataclass(frozen=True)
class _Plan:
    output: Output
    real: Path  # the path with every symlink resolved: where the bytes go
    in_place: bool
    descriptor: int | None = None  # where an in-place output is written
    owned: bool = False  # opened by the plan (a device, a FIFO), so closed by it


class Plans(tuple[_Plan, ...]):
    """Outputs checked against each other and the inputs, ready to be written."""


def check(outputs: Sequence[Output], inputs: Iterable[Path]) -> Plans:
    """Raise ``OutputError`` for any output that must not or cannot be written; write nothing.

    Run before anything else is written (stdout included), so that a run ending in exit 2
    has written nothing at all.
    """
    plans: list[_Plan] = []
    try:
        _check(outputs, inputs, plans)
    except BaseException:
        close(plans)
        raise
    return Plans(plans)


def write(plans: Plans) -> None:
    """Write every output, or none: regular files (an appended one too) through temporary
    files renamed into place once all exist; devices and FIFOs, which cannot be unwritten, in
    place after every temporary file is complete.

    Raises ``OutputError`` naming the path; no temporary file is left.
    """
    temporaries: dict[Path, Path] = {}
    try:
        for plan in plans:
            if not plan.in_place:
                temporaries[plan.real] = _write_temporary(plan)
        for plan in plans:
            if plan.in_place:
                _write_in_place(plan)
        for plan in plans:
            temporary = temporaries.get(plan.real)
            if temporary is None:
                continue
            try:
                temporary.replace(plan.real)
            except OSError as exc:
                raise _cannot(plan.output, exc) from None
            del temporaries[plan.real]
    finally:
        # Also on KeyboardInterrupt and on the SystemExit the CLI raises for SIGTERM.
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                temporary.unlink()


def _check(outputs: Sequence[Output], inputs: Iterable[Path], plans: list[_Plan]) -> None:
    read = [_identity(path) for path in inputs]
    read_paths = {real for real, _ in read}
    read_ids = {identity for _, identity in read if identity is not None}
    taken: dict[object, Output] = {}
    for output in outputs:
        path = output.path
        text = str(path)
        if not text or not is_inert(text):
            raise OutputError(path, f"{output.named_by}: the path has a control character")
        try:
            status: os.stat_result | None = path.stat()
        except FileNotFoundError:
            status = None
        except OSError as exc:  # a symlink loop, a file where a directory should be, ...
            raise _cannot(output, exc) from None
        real = Path(os.path.realpath(path))
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise OutputError(path, f"{output.named_by}: is a directory")
        if status is None and not real.parent.is_dir():
            raise OutputError(path, f"{output.named_by}: no such directory: {real.parent}")
        identity = (status.st_dev, status.st_ino) if status is not None else None
        if real in read_paths or identity in read_ids:
            raise OutputError(
                path,
                f"{output.named_by}: is a file this run reads (a goals or data file);"
                " goalcheck never writes onto its input",
            )
        key: object = identity if identity is not None else real
        if key in taken:
            first = taken[key]
            raise OutputError(
                path, f"{output.named_by}: names the same file as {first.named_by}={first.path}"
            )
        taken[key] = output
        plans.append(_plan(output, real, status))


def _plan(output: Output, real: Path, status: os.stat_result | None) -> _Plan:
    absolute = os.path.normpath(output.path.absolute())  # not resolve(): /dev/stdout is a link
    own = _OWN_DESCRIPTOR.fullmatch(absolute)
    if own is not None:
        name = absolute.rsplit("/", 1)[1]
        descriptor = _STANDARD[name] if name in _STANDARD else int(name)
        if descriptor > _MAX_DESCRIPTOR:
            raise OutputError(output.path, f"{output.named_by}: cannot write: Bad file descriptor")
        return _Plan(output, real, in_place=True, descriptor=descriptor)
    if status is None or stat.S_ISREG(status.st_mode):
        return _Plan(output, real, in_place=False)
    return _Plan(output, real, in_place=True, descriptor=_open_in_place(output, real), owned=True)


def _open_in_place(output: Output, real: Path) -> int:
    """A device's or FIFO's descriptor, opened while checking: a FIFO nobody reads is an error
    before anything is written, and the reader sees one writer from first to last."""
    append = os.O_APPEND if output.append else 0
    try:
        # Non-blocking, so a FIFO with no reader is an error rather than a hang.
        fd = os.open(real, os.O_WRONLY | append | _NONBLOCK | _NOCTTY | _CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO or socket nobody reads, a terminal not there
            raise OutputError(
                output.path, f"{output.named_by}: has no reader (a FIFO nobody reads?)"
            ) from None
        raise _cannot(output, exc) from None
    if _NONBLOCK:
        os.set_blocking(fd, True)  # a slow reader is waited for, once it is there
    return fd


def _identity(path: Path) -> tuple[Path, tuple[int, int] | None]:
    real = Path(os.path.realpath(path))
    try:
        status = real.stat()
    except OSError:
        return real, None
    return real, (status.st_dev, status.st_ino)


def _write_temporary(plan: _Plan) -> Path:
    """The text in a new file beside the target, under a short name that always fits."""
    real = plan.real
    try:
        fd, name = tempfile.mkstemp(dir=real.parent, prefix=".goalcheck-", suffix=".tmp")
    except OSError as exc:
        raise _cannot(plan.output, exc) from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if plan.output.append and real.exists():
                # The file as it is, byte for byte, then the new text: appended all at once,
                # or not at all.
                handle.write(real.read_bytes())
            handle.write(plan.output.data())
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain write would.
        temporary.chmod(_mode_for(real))
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise _cannot(plan.output, exc) from None
        raise
    return temporary


def _write_in_place(plan: _Plan) -> None:
    assert plan.descriptor is not None
    _write_descriptor(plan, plan.descriptor, plan.output.data())


def close(plans: Iterable[_Plan]) -> None:
    """Close the descriptors the plans opened (never stdout's or stderr's own)."""
    for plan in plans:
        if plan.owned and plan.descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(plan.descriptor)


def _write_descriptor(plan: _Plan, fd: int, data: bytes) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise _cannot(plan.output, exc) from None


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _cannot(output: Output, exc: OSError) -> OutputError:
    return OutputError(output.path, f"{output.named_by}: cannot write: {exc.strerror or exc}")
