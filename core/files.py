"""Writing the user's files: owner-only modes, never through a special file, never half-written.

Everything Focus Coach writes says where someone's attention went, so every file it creates is
0600 and every folder 0700, set explicitly rather than through the process umask (a umask
would leak into the programs the app starts: a browser opening a report, notify-send). An
output file is written to a temporary file in the same folder and renamed over the target, so
a failed write leaves the old file or none; a symbolic link, FIFO, device or socket at the
target is refused instead of being replaced (as root, `--out /dev/full` replaced the device).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


class UnsafeTarget(ValueError):
    """The output path is not something we may replace (one line, for the user)."""


def check_target(path: Path) -> None:
    """Refuse an output path that is not a regular file or a new name in an existing folder."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UnsafeTarget(f"cannot write {path}: {exc.strerror}") from None
    if info is not None:
        mode = info.st_mode
        what = (
            "a symbolic link"
            if stat.S_ISLNK(mode)
            else "a folder"
            if stat.S_ISDIR(mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else None
            if stat.S_ISREG(mode)
            else "not a regular file"
        )
        if what is not None:
            raise UnsafeTarget(f"cannot write {path}: it is {what}; give a regular file")
    if not path.parent.is_dir():
        raise UnsafeTarget(f"cannot write {path}: folder {path.parent} does not exist")


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) through a temporary file and a rename."""
    check_target(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, PRIVATE_FILE)  # mkstemp's mode already; say so where it matters
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def make_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700, and make ``path`` itself 0700."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
        os.chmod(folder, PRIVATE_DIR)
    os.chmod(path, PRIVATE_DIR)


def open_private(path: Path, flags: int) -> int:
    """``os.open`` for a file of ours: created 0600, an older file of another mode tightened,
    and a symbolic link in its place refused."""
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
    try:
        if hasattr(os, "fchmod") and stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_FILE:
            os.fchmod(fd, PRIVATE_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def make_private(root: Path) -> None:
    """Tighten a tree we wrote with a library that does not take a mode (numpy, onnx)."""
    for folder, dirs, names in os.walk(root):
        os.chmod(folder, PRIVATE_DIR)
        for name in names:
            os.chmod(os.path.join(folder, name), PRIVATE_FILE)
        del dirs  # os.walk descends into them itself
