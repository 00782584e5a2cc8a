"""The tray app's real desktop for end-to-end tests: an X session (Xvfb + openbox), a D-Bus
session bus from dbus-run-session, trayer as the system tray and dunst as the notification
server, whose context menu is scripted to pick an action (as a user clicking it would)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.xsession import XSession, require_tools

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("dbus-run-session", "trayer", "dunst", "dunstctl", "xwininfo")

DMENU = """#!/bin/sh
# dunst's context menu: log what it offers, pick the first line matching the wanted action.
cat > "{dir}/current.txt"
cat "{dir}/current.txt" >> "{dir}/offered.txt"
pattern=$(cat "{dir}/choose" 2>/dev/null)
[ -n "$pattern" ] && grep -m1 -- "$pattern" "{dir}/current.txt"
exit 0
"""


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("FOCUSCOACH_ARTIFACTS", ROOT / "build" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Desktop:
    """Start with `with Desktop(xsession) as d:`; `d.env` runs programs inside it."""

    def __init__(self, x: XSession, *, tray: bool = True, notifications: bool = True) -> None:
        require_tools(*TOOLS)
        self.x = x
        self.tray = tray
        self.notifications = notifications
        self.dir = Path(tempfile.mkdtemp(prefix="focuscoach-desktop-"))
        self.procs: list[subprocess.Popen[bytes]] = []
        self.env: dict[str, str] = {}

    def __enter__(self) -> Desktop:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self, argv: list[str], log: str) -> subprocess.Popen[bytes]:
        out = (self.dir / log).open("wb")
        try:
            proc = subprocess.Popen(
                argv,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            out.close()
        self.procs.append(proc)
        return proc

    def start(self) -> None:
        self.env = {**os.environ, **self.x.env, "QT_QPA_PLATFORM": "xcb"}
        address = self.dir / "bus"
        self.env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        self._spawn(
            [
                "dbus-run-session",
                "--",
                "sh",
                "-c",
                f'echo "$DBUS_SESSION_BUS_ADDRESS" > {address}.tmp && mv {address}.tmp {address}'
                " && exec sleep 3600",
            ],
            "dbus.log",
        )
        self._wait(lambda: address.exists() and address.read_text().strip(), "the D-Bus session")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address.read_text().strip()
        if self.notifications:
            script = self.dir / "dmenu.sh"
            script.write_text(DMENU.format(dir=self.dir))
            script.chmod(0o755)
            rc = self.dir / "dunstrc"
            rc.write_text(f'[global]\ndmenu = "{script}"\nfont = "Noto Sans CJK SC 10"\n')
            self._spawn(["dunst", "-config", str(rc)], "dunst.log")
            self._wait(
                lambda: self.run("dunstctl", "is-paused", check=False).returncode == 0,
                "dunst on the bus",
            )
        if self.tray:
            self._spawn(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "32",
                    "--SetDockType",
                    "true",
                ],
                "trayer.log",
            )
            self._wait(lambda: self.trayer_window() is not None, "trayer")

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv), env=self.env, capture_output=True, text=True, timeout=20, check=check
        )

    @staticmethod
    def _wait(condition: object, what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():  # type: ignore[operator]
                return
            time.sleep(0.1)
        raise AssertionError(f"{what} did not come up within {timeout}s")

    def trayer_window(self) -> str | None:
        tree = self.run("xwininfo", "-root", "-tree", check=False).stdout
        match = re.search(r'(0x[0-9a-f]+) "panel": \("panel" "trayer"\)', tree)
        return match.group(1) if match else None

    def docked_windows(self) -> list[str]:
        """Names of the client windows embedded in trayer's panel (the docked icons)."""
        panel = self.trayer_window()
        if panel is None:
            return []
        tree = self.run("xwininfo", "-tree", "-id", panel, check=False).stdout
        return re.findall(r'0x[0-9a-f]+ "([^"]*)": \(', tree.split("children:", 1)[-1])

    def panel_geometry(self) -> tuple[int, int, int, int]:
        panel = self.trayer_window()
        assert panel is not None
        info = self.run("xwininfo", "-id", panel).stdout
        values = {
            key: int(re.search(rf"{key}:\s+(-?\d+)", info).group(1))  # type: ignore[union-attr]
            for key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
        }
        return (
            values["Absolute upper-left X"],
            values["Absolute upper-left Y"],
            values["Width"],
            values["Height"],
        )

    def offered(self) -> str:
        path = self.dir / "offered.txt"
        return path.read_text() if path.exists() else ""

    def choose(self, pattern: str) -> None:
        """Open dunst's context menu and pick the first action matching `pattern`."""
        (self.dir / "choose").write_text(pattern)
        self.run("dunstctl", "context")

    def screenshot(self, path: Path) -> None:
        """The whole screen as PNG, grabbed through Qt on this display."""
        code = (
            "import sys\n"
            "from PySide6.QtGui import QGuiApplication\n"
            "app = QGuiApplication(sys.argv[:1])\n"
            "ok = app.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
            "sys.exit(0 if ok else 1)\n"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(path)],
            env=self.env,
            capture_output=True,
            timeout=30,
            check=True,
        )

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=5)
        self.procs.clear()


def tcp_udp_sockets(pid: int) -> list[str]:
    """The internet sockets a process holds open (its fds matched against /proc/net/*)."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) > 9 and fields[9] in inodes:
                found.append(f"{table}: {line.strip()}")
    return found


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes together, in MB."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def memory_breakdown(pid: int, top: int = 8) -> str:
    """Where a process's resident memory is: anonymous versus file-backed, and the largest
    mappings (so a missed budget says what to look at)."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    per_mapping: dict[str, int] = {}
    name = ""
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split(None, 5)
        if fields and "-" in fields[0] and ":" not in fields[0]:
            name = fields[5].strip() if len(fields) > 5 else "[anonymous]"
            name = name.rsplit("/", 1)[-1]
        elif fields and fields[0] == "Rss:":
            per_mapping[name] = per_mapping.get(name, 0) + int(fields[1])
    largest = sorted(per_mapping.items(), key=lambda item: -item[1])[:top]
    return (
        f"anonymous {status['RssAnon'].strip()}, file-backed {status['RssFile'].strip()},"
        f" {status['Threads'].strip()} threads; largest: "
        + ", ".join(f"{mapping} {kb / 1024:.1f} MB" for mapping, kb in largest)
    )


def descendants(pid: int) -> list[int]:
    """pid and all its children, grandchildren..."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks
