"""Nothing leaves the machine: no Focus Coach process opens a network socket, at the level of
system calls.

Every command runs under ``strace -f`` (every thread and child process), so native code is
watched too: onnxruntime 1.29+ (which the app once used to score) resolves Microsoft's
telemetry host from C++ threads that a Python audit hook never sees; no process may load it. ``record`` (detector on, 40 s) and the tray app (30 s, in a real
X session with a tray and a notification server, scoring every second) run side by side while
``train``, ``evaluate``, ``report`` and the data commands run one after the other, so the whole
module takes about as long as its longest run.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import db_rows
from tests.desktop.x11app import Desktop
from tests.support.netwatch import (
    Watched,
    WatchedProcess,
    require_strace,
    run_watched,
    violations,
)
from tests.xsession import XSession

pytestmark = pytest.mark.x11

RECORD_S = 40  # the recorder's detector scores every 30 s: at least one model call
TRAY_S = 30
TRAY_CONFIG = """
[detector]
interval_s = 1.0
tick_s = 1.0
"""
CLI = [sys.executable, "-m", "focuscoach.core.cli"]


def _simulated_home(home: Path, days: int) -> None:
    from focuscoach.core.model.simulator import SimConfig, simulate
    from focuscoach.core.store.database import open_database
    from tests.reports.simdb import write_activity

    history = simulate(SimConfig(seed=4, users=1, days=days, weekend=False))[0]
    db = open_database(home / "focuscoach.db")
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.execute("COMMIT")
    db.close()


class Runs:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.watched: dict[str, Watched] = {}
        self.homes: dict[str, Path] = {}
        self.telemetry_files: list[str] = []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    require_strace()
    umask = os.umask(0o022)  # the usual one: the files' modes must not depend on it
    base = tmp_path_factory.mktemp("nonet")
    out = Runs(base)
    history = base / "history"
    history.mkdir()
    _simulated_home(history, days=3)
    aw_file = base / "history.aw.json"
    with XSession() as x, Desktop(x) as d:
        env = dict(d.env)
        # A test process that already built a Detector has this set; the children must
        # show what the app does on its own.
        env.pop("ORT_DISABLE_TELEMETRY", None)
        env.pop("FOCUSCOACH_HOME", None)
        cache = Path(env["XDG_CACHE_HOME"])
        term = x.spawn_xterm("Focus test: nothing leaves this machine")
        x.activate(term)
        record_home, tray_home, data_home = base / "record", base / "tray", base / "data"
        for folder in (record_home, tray_home, data_home):
            folder.mkdir()
        (tray_home / "config.toml").write_text(TRAY_CONFIG)
        (tray_home / "config.toml").chmod(0o600)  # as the app's settings window writes it
        out.homes = {"record": record_home, "tray": tray_home}
        started = time.monotonic()
        record = WatchedProcess(
            "record",
            [*CLI, "--home", str(record_home), "record", "--duration", str(RECORD_S)],
            base / "record.strace",
            env,
        )
        tray = WatchedProcess(
            "tray",
            [sys.executable, "-m", "focuscoach.desktop", "--home", str(tray_home)],
            base / "tray.strace",
            env,
        )
        try:
            one_shots: list[tuple[str, list[str]]] = [
                ("--version", ["--version"]),
                ("task add", ["--home", str(data_home), "task", "add", "Write the report"]),
                ("export", ["--home", str(history), "export", "--format", "activitywatch"]),
                ("import", ["--home", str(data_home), "import", "activitywatch", str(aw_file)]),
                ("status", ["--home", str(data_home), "status", "--json"]),
                ("forget", ["--home", str(data_home), "forget", "--since", "2024-01-02"]),
                ("report", ["--home", str(history), "report", "--week", "2024-W01"]),
                ("train", ["--home", str(history), "train", "--device", "cpu"]),
                ("evaluate", ["--home", str(data_home), "evaluate", "--device", "cpu"]),
            ]
            for name, args in one_shots:
                if name == "export":
                    args = [*args, "--out", str(aw_file)]
                elif name == "forget":
                    args = [*args, "--until", "2024-01-03", "--yes"]
                elif name == "report":
                    args = [*args, "--out", str(base / "week.html")]
                elif name == "train":
                    args = [*args, "--holdout-days", "1"]
                elif name == "evaluate":
                    args = [*args, "--activitywatch", str(aw_file)]
                log = base / f"{name.replace(' ', '-').strip('-')}.strace"
                out.watched[name] = run_watched(name, [*CLI, *args], log, env)
            # The PNG report loads matplotlib's raster backend as well.
            out.watched["report png"] = run_watched(
                "report png",
                [
                    *CLI,
                    "--home",
                    str(history),
                    "report",
                    "--week",
                    "2024-W01",
                    "--out",
                    str(base / "w.png"),
                ],
                base / "report-png.strace",
                env,
            )
            time.sleep(max(0.0, TRAY_S - (time.monotonic() - started)))
            out.watched["tray"] = tray.stop()
            out.watched["record"] = record.wait(RECORD_S + 120)
            # Before the X session (and the HOME it made) is removed.
            out.telemetry_files = sorted(
                str(p) for p in cache.rglob("*") if {"Microsoft", ".onnxruntime"} & set(p.parts)
            )
        finally:
            for proc in (tray, record):
                if proc.process.poll() is None:
                    proc.stop(timeout=10)
            os.umask(umask)
    print("\n" + ", ".join(f"{w.name} {w.seconds:.0f} s" for w in out.watched.values()))
    yield out


NAMES = [
    "record",
    "tray",
    "train",
    "evaluate",
    "report",
    "report png",
    "export",
    "import",
    "status",
    "forget",
    "task add",
    "--version",
]


@pytest.mark.parametrize("name", NAMES)
def test_opens_no_network_socket(runs: Runs, name: str) -> None:
    watched = runs.watched[name]
    assert watched.returncode == 0, f"{watched.describe()}\n{watched.stderr[-2000:]}"
    assert "execve(" in watched.log.read_text(), "strace logged no start: the watcher is broken"
    assert watched.network == [], watched.describe()


def test_the_detector_really_ran(runs: Runs) -> None:
    """The runs above prove something only if the model was loaded and called in them."""
    for name, home in runs.homes.items():
        calls = db_rows(home / "focuscoach.db", "SELECT count(*) FROM predictions")[0][0]
        assert isinstance(calls, int) and calls > 0, f"{name}: no detector call was stored"
        models = {r[0] for r in db_rows(home / "focuscoach.db", "SELECT model FROM predictions")}
        assert models, name


def test_the_recorder_and_the_tray_write_only_private_files(runs: Runs) -> None:
    """Database, log, lock files: 0600, folders 0700 (the umask was the usual 022)."""
    wrong = []
    for home in runs.homes.values():
        for path in [home, *home.rglob("*")]:
            mode = path.lstat().st_mode & 0o777
            if mode != (0o700 if path.is_dir() else 0o600):
                wrong.append(f"{path}: {mode:o}")
    assert wrong == []


def test_no_telemetry_identity_is_left_behind(runs: Runs) -> None:
    """onnxruntime's telemetry keeps a device id under ~/.cache/Microsoft: none may appear."""
    assert runs.telemetry_files == []


def test_the_watcher_catches_native_and_python_sockets(tmp_path: Path) -> None:
    """A socket made in C (as onnxruntime's telemetry does: no Python audit hook sees it), an
    IPv6 one, and a DNS-shaped packet sent from Python: all three are caught."""
    code = (
        "import ctypes, socket\n"
        "libc = ctypes.CDLL(None)\n"
        "fd = libc.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)\n"
        "libc.close(fd)\n"
        "s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)\n"
        "s.close()\n"
        "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "u.sendto(b'\\x00' * 12, ('127.0.0.1', 53))\n"
        "u.close()\n"
    )
    watched = run_watched("probe", [sys.executable, "-c", code], tmp_path / "probe.strace", {})
    assert watched.returncode == 0, watched.stderr
    found = watched.network
    assert any("socket(AF_INET," in line for line in found), found
    assert any("socket(AF_INET6," in line for line in found), found
    assert any("htons(53)" in line for line in found), found
    # ...and a process that uses only local sockets passes.
    quiet = run_watched(
        "local",
        [sys.executable, "-c", "import socket; socket.socketpair()[0].close()"],
        tmp_path / "local.strace",
        {},
    )
    assert quiet.returncode == 0 and violations(quiet.log) == [], quiet.describe()


@pytest.mark.parametrize("name", NAMES)
def test_no_process_loads_onnxruntime(runs: Runs, name: str) -> None:
    """The app scores with numpy (core/model/forward.py); onnxruntime, whose Linux wheels
    phone home unless told not to before they load, is never opened by any of its processes."""
    opened = [
        line
        for line in runs.watched[name].log.read_text(errors="replace").splitlines()
        if "open" in line and "onnxruntime" in line and "ENOENT" not in line
    ]
    assert opened == [], opened[:3]
