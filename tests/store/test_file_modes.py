"""Every file Focus Coach writes is its owner's only (0600, folders 0700), whatever the umask;
an --out that is a symbolic link, FIFO, device, socket or folder is refused (exit 2, one line)
and left as it was; output goes through a temporary file and a rename."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reports import simdb

CLI = [sys.executable, "-m", "focuscoach.core.cli"]


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command, started with the most common umask (022)."""
    env = {**os.environ, "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    return subprocess.run(
        [*CLI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=lambda: os.umask(0o022),
    )


def _modes(root: Path) -> list[str]:
    """Everything under root (root included) that is not 0600 (files) or 0700 (folders)."""
    wrong = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong.append(f"{path.relative_to(root.parent)}: {mode:o}")
    return wrong


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def test_every_file_and_folder_the_commands_write_is_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    simdb.fill(other / "focuscoach.db")
    outs = tmp_path / "out"
    outs.mkdir()
    aw = outs / "aw.json"
    steps = [
        ("--home", str(home), "task", "add", "Write the report"),
        ("--home", str(home), "mood", "4"),
        ("--home", str(home), "record", "--duration", "2"),
    ]
    for args in steps:
        result = _run(*args)
        assert result.returncode == 0, (args, result.stderr)
    # Fill the home from the simulated weeks (through an export and an import, as a user would).
    assert (
        _run(
            "--home", str(other), "export", "--format", "activitywatch", "--out", str(aw)
        ).returncode
        == 0
    )
    for args in (
        ("import", "activitywatch", str(aw)),
        ("status", "--json"),
        ("export", "--format", "json", "--out", str(outs / "a.json")),
        ("export", "--format", "csv", "--out", str(outs / "a.csv")),
        ("report", "--week", str(simdb.WEEK), "--out", str(outs / "week.html")),
        ("report", "--week", str(simdb.WEEK), "--out", str(outs / "week.png")),
        ("forget", "--since", "2024-01-01", "--until", "2024-01-02", "--yes"),
    ):
        result = _run("--home", str(home), *args)
        assert result.returncode == 0, (args, result.stderr)
    assert (home / "logs" / "focuscoach.log").exists()
    assert (home / "recorder.lock").exists()
    assert _modes(home) == []
    assert [f"{p.name}: {stat.S_IMODE(p.stat().st_mode):o}" for p in outs.iterdir()
            if stat.S_IMODE(p.stat().st_mode) != 0o600] == []  # fmt: skip


def test_an_existing_lock_or_log_of_another_mode_is_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    for name in ("recorder.lock", "logs/focuscoach.log"):
        (home / name).write_text("")
        (home / name).chmod(0o644)
    home.chmod(0o755)
    assert _run("--home", str(home), "record", "--duration", "1").returncode == 0
    assert _modes(home) == []


def test_a_new_platform_folder_is_private_with_its_new_parents(tmp_path: Path) -> None:
    from focuscoach.core.paths import Paths

    base = tmp_path / "xdg"
    paths = Paths(
        base / "share" / "focuscoach", base / "config" / "fc", base / "state" / "fc" / "log"
    )
    with _umask(0o022):
        paths.ensure()
    assert _modes(base) == []


def test_the_log_stays_private_when_it_rotates(tmp_path: Path) -> None:
    import logging

    from focuscoach.core import logsetup

    with _umask(0o022):
        logsetup.configure(tmp_path)
        log = logging.getLogger("focuscoach.test")
        handler = next(
            h
            for h in logging.getLogger("focuscoach").handlers
            if isinstance(h, logging.FileHandler)
        )
        handler.maxBytes = 200  # type: ignore[attr-defined]
        for i in range(20):
            log.info("line %d %s", i, "x" * 40)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "focuscoach.log.1" in names
    assert _modes(tmp_path) == []
    for old in list(logging.getLogger("focuscoach").handlers):
        logging.getLogger("focuscoach").removeHandler(old)
        old.close()
    logging.getLogger("focuscoach")._focuscoach_log = None  # type: ignore[attr-defined]


# --out: special files ------------------------------------------------------------------------


def _device(tmp_path: Path) -> Path:
    """A character device that must survive: as root a fresh /dev/full node in tmp_path (so a
    regression cannot replace the system's), otherwise /dev/null (which nobody else can
    replace)."""
    if os.geteuid() == 0:
        node = tmp_path / "full"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        return node
    return Path("/dev/null")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("store")
    simdb.fill(home / "focuscoach.db")
    return home


KINDS = ("symlink", "dangling symlink", "fifo", "device", "socket", "folder")


def _special(kind: str, tmp_path: Path, name: str) -> tuple[Path, object]:
    """Make the special file; returns it and a snapshot to compare afterwards."""
    path = tmp_path / name
    if kind == "symlink":
        target = tmp_path / "precious.txt"
        target.write_text("keep me")
        path.symlink_to(target)
        return path, ("link", str(target), "keep me")
    if kind == "dangling symlink":
        path.symlink_to(tmp_path / "nowhere" / "x")
        return path, ("link", str(tmp_path / "nowhere" / "x"), None)
    if kind == "fifo":
        os.mkfifo(path)
        return path, ("fifo",)
    if kind == "device":
        device = _device(tmp_path)
        if device.parent == tmp_path:
            os.rename(device, path)
        else:
            path = device
        return path, ("dev", os.lstat(path).st_rdev)
    if kind == "socket":
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        server.close()
        return path, ("sock",)
    path.mkdir()
    return path, ("dir",)


def _snapshot(path: Path) -> object:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        content = Path(target).read_text() if Path(target).exists() else None
        return ("link", target, content)
    if stat.S_ISFIFO(info.st_mode):
        return ("fifo",)
    if stat.S_ISCHR(info.st_mode):
        return ("dev", info.st_rdev)
    if stat.S_ISSOCK(info.st_mode):
        return ("sock",)
    if stat.S_ISDIR(info.st_mode):
        return ("dir",)
    return ("file", info.st_mode)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["export", "report"])
def test_out_refuses_a_special_file_and_leaves_it_alone(
    store: Path, tmp_path: Path, kind: str, command: str
) -> None:
    name = "out.json" if command == "export" else "out.html"
    path, before = _special(kind, tmp_path, name)
    if command == "export":
        args = ["export", "--format", "json", "--out", str(path)]
    else:
        args = ["report", "--week", str(simdb.WEEK), "--out", str(path)]
    result = _run("--home", str(store), *args, timeout=30)  # a FIFO must not hang it
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], result.stderr
    assert _snapshot(path) == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")] == []


@pytest.mark.parametrize("command", ["export", "report"])
def test_out_replaces_a_regular_file_through_a_rename(
    store: Path, tmp_path: Path, command: str
) -> None:
    path = tmp_path / ("out.csv" if command == "export" else "out.html")
    path.write_text("old")
    path.chmod(0o644)
    inode = path.stat().st_ino
    args = (
        ["export", "--format", "csv", "--out", str(path)]
        if command == "export"
        else ["report", "--week", str(simdb.WEEK), "--out", str(path)]
    )
    result = _run("--home", str(store), *args)
    assert result.returncode == 0, result.stderr
    assert path.read_text() != "old"
    assert path.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
