"""Input files as goalcheck opens them: regular files within a size limit, refused before a
byte is read when they are anything else (a FIFO would block, /dev/zero never ends)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from goalcheck.errors import InputError
from goalcheck.limits import MAX_FILE_BYTES

NamedBy = Callable[[str], InputError]
"""Makes the error for what is wrong with a file, said where another file names it."""

# Non-blocking, so opening a FIFO cannot wait for a writer; no controlling terminal taken.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bytes(
    path: Path, named_by: NamedBy | None, limit: int = MAX_FILE_BYTES
) -> tuple[bytes, tuple[int, int]]:
    """The bytes of a regular file of at most ``limit`` bytes, and its device and inode.

    Anything else is refused before a byte is read: a FIFO would block, /dev/zero never ends.
    """
    fd, status, not_a_file = _open_regular(path, named_by, limit)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _unreadable(path, exc, not_a_file) from None
    finally:
        os.close(fd)
    if left <= 0:  # it grew while it was read
        raise _too_large(path, limit)
    return b"".join(chunks), (status.st_dev, status.st_ino)


def check_regular(path: Path, named_by: NamedBy | None, limit: int) -> None:
    """Refuse, as ``read_bytes`` would, anything but a regular file of at most ``limit``
    bytes, without reading it: for a file another reader opens (a workbook)."""
    fd, _, _ = _open_regular(path, named_by, limit)
    os.close(fd)


def _open_regular(
    path: Path, named_by: NamedBy | None, limit: int
) -> tuple[int, os.stat_result, Callable[..., InputError]]:
    """An open descriptor of a regular file of at most ``limit`` bytes, its status, and how to
    say what is wrong with it; anything else is refused before it is opened, or once open."""

    def not_a_file(message: str, named: str | None = None) -> InputError:
        if named_by is None:
            return InputError(path, message)
        return named_by(named or message)

    try:
        # Looked at before it is opened: opening a device can have effects of its own.
        _check_kind(path.stat().st_mode, not_a_file)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _unreadable(path, exc, not_a_file) from None
    try:
        status = os.fstat(fd)
        _check_kind(status.st_mode, not_a_file)  # in case it was swapped since
        if status.st_size > limit:
            raise _too_large(path, limit)
    except BaseException as exc:
        os.close(fd)
        if isinstance(exc, OSError):
            raise _unreadable(path, exc, not_a_file) from None
        raise
    return fd, status, not_a_file


def _check_kind(mode: int, not_a_file: Callable[..., InputError]) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise not_a_file("is a directory, not a TOML file", "is a directory")
    kind = next((name for test, name in _KINDS if test(mode)), "something else")
    raise not_a_file(f"is {kind}, not a regular file")


def _unreadable(path: Path, exc: OSError, not_a_file: Callable[..., InputError]) -> InputError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return not_a_file("no such file", "does not exist")
    if exc.errno == errno.EISDIR:
        return not_a_file("is a directory, not a TOML file", "is a directory")
    if exc.errno == errno.ELOOP:
        return not_a_file("is a loop of symbolic links")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(path, "permission denied")
    return InputError(path, f"cannot be read: {exc.strerror or exc}")


def _too_large(path: Path, limit: int) -> InputError:
    what = "an input file" if limit == MAX_FILE_BYTES else "a table"
    return InputError(path, f"is larger than the {limit // (1024 * 1024)} MiB limit for {what}")
