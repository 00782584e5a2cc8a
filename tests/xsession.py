"""A real, throw-away X session for tests: Xvfb, openbox, xterm windows, xdotool, xprop.

Tests that need windows, focus changes or a tray host use this instead of mocks, so they
exercise the same X protocol traffic a user's desktop produces. Everything it starts is
killed on close(); its children get a temporary HOME and XDG directories, so no test
touches the real home.

    with XSession() as x:
        term = x.spawn_xterm("专注 中文标题")
        x.activate(term)
        ...  # talk to x.display_name
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

__all__ = ["X_TOOLS", "XSession", "XWindow", "require_tools"]

# What XSession itself runs.
X_TOOLS = ("Xvfb", "openbox", "xterm", "xdotool", "xprop")

_SOCKET_DIR = Path("/tmp/.X11-unix")
_START_TIMEOUT = 20.0
_COMMAND_TIMEOUT = 20.0


def require_tools(*names: str) -> None:
    """Fail, never skip, when a tool the real desktop needs is missing: these tests use real
    parts, and a machine without them is set up wrong (CI installs them with .ci/run)."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        pytest.fail(
            f"missing tool(s) {', '.join(missing)}: install the packages in"
            " .ci/apt-packages.txt (`sudo .ci/run` does it, then runs the tests)",
            pytrace=False,
        )


@dataclass
class XWindow:
    """A top-level window we started: its X id and the process that owns it."""

    id: int
    process: subprocess.Popen[bytes]
    title: str

    @property
    def hex_id(self) -> str:
        return f"0x{self.id:x}"

    def kill(self) -> None:
        """SIGKILL the owning process and reap it (the window disappears with it)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=_COMMAND_TIMEOUT)


@dataclass
class _Proc:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    log_file: IO[bytes] = field(repr=False)

    def tail(self, limit: int = 2000) -> str:
        self.log_file.flush()
        try:
            return self.log.read_text(errors="replace")[-limit:]
        except OSError:
            return ""


class XSession:
    """Xvfb on a free display number, optionally with openbox, plus helpers to drive it."""

    def __init__(self, *, window_manager: bool = True, size: str = "1280x800x24") -> None:
        self.window_manager = window_manager
        self.size = size
        self.number: int | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="focuscoach-x-"))
        self._server: _Proc | None = None
        self._wm: _Proc | None = None
        self._clients: list[_Proc] = []
        self._counter = 0
        self.env: dict[str, str] = {}

    # -- lifecycle ----------------------------------------------------------------------

    def __enter__(self) -> XSession:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def display_name(self) -> str:
        if self.number is None:
            raise RuntimeError("XSession is not started")
        return f":{self.number}"

    def start(self) -> XSession:
        """Start Xvfb on the first free display number (and openbox), waiting until ready."""
        require_tools(*X_TOOLS)
        first = 100 + os.getpid() % 400
        errors: list[str] = []
        for number in range(first, first + 40):
            if self._display_in_use(number):
                continue
            ok, why = self._start_server(number)
            if ok:
                break
            errors.append(f":{number}: {why}")
        else:
            raise RuntimeError("could not start Xvfb:\n" + "\n".join(errors[-5:]))
        if self.window_manager:
            self._start_window_manager()
        return self

    def kill_server(self) -> None:
        """SIGKILL the X server, as a crash would, and reap everything that depended on it."""
        if self._server is not None:
            self._stop(self._server, sig=signal.SIGKILL)
            self._server = None
        for proc in [*self._clients, *([self._wm] if self._wm else [])]:
            self._stop(proc)
        self._clients.clear()
        self._wm = None

    def restart_server(self) -> None:
        """Start a new X server on the same display number (and the window manager again)."""
        if self.number is None:
            raise RuntimeError("XSession was never started")
        self.kill_server()
        deadline = time.monotonic() + _START_TIMEOUT
        why = ""
        while time.monotonic() < deadline:
            ok, why = self._start_server(self.number)
            if ok:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"could not restart Xvfb on :{self.number}: {why}")
        if self.window_manager:
            self._start_window_manager()

    def close(self) -> None:
        """Kill every process this session started and remove its temporary files."""
        for proc in self._clients:
            self._stop(proc)
        self._clients.clear()
        if self._wm is not None:
            self._stop(self._wm)
            self._wm = None
        if self._server is not None:
            self._stop(self._server)
            self._server = None
        shutil.rmtree(self._tmp, ignore_errors=True)

    # -- windows and input --------------------------------------------------------------

    def spawn_xterm(
        self,
        title: str,
        *,
        command: Sequence[str] = ("sleep", "600"),
        extra_args: Sequence[str] = (),
    ) -> XWindow:
        """Start `xterm -T TITLE -e COMMAND...` and wait until its window is mapped."""
        proc = self._spawn("xterm", ["xterm", *extra_args, "-T", title, "-e", *command])
        try:
            out = self._run(
                ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(proc.process.pid)]
            )
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\nxterm log:\n{proc.tail()}") from None
        ids = [int(line) for line in out.split()]
        return XWindow(id=ids[0], process=proc.process, title=title)

    def activate(self, window: XWindow | int) -> None:
        """Give the window focus through the window manager and wait until it has it."""
        self._run(["xdotool", "windowactivate", "--sync", str(_wid(window))])

    def type_text(self, text: str, *, delay_ms: int = 12) -> None:
        """Type into the focused window through XTEST, as a keyboard would."""
        self._run(["xdotool", "type", "--delay", str(delay_ms), "--", text])

    def set_compound_text_title(self, window: XWindow | int, text: str) -> None:
        """Leave only a legacy WM_NAME of type COMPOUND_TEXT holding `text` on the window.

        xprop's `8t` format converts through Xlib's locale machinery, so the bytes are what
        Xlib itself produces (for Chinese: GB 2312 and JIS X 0208 segments mixed).
        """
        wid = hex(_wid(window))
        self._run(["xprop", "-id", wid, "-f", "WM_NAME", "8t", "-set", "WM_NAME", text])
        self._run(["xprop", "-id", wid, "-remove", "_NET_WM_NAME"])
        kind = self.property_type(window, "WM_NAME")
        if kind != "COMPOUND_TEXT" or self.property_type(window, "_NET_WM_NAME") is not None:
            raise RuntimeError(
                f"could not leave a COMPOUND_TEXT-only title on {wid}: WM_NAME is {kind}"
            )

    def property_type(self, window: XWindow | int | None, name: str) -> str | None:
        """The type of a window (or, with None, the root window) property, None if unset."""
        target = ["-root"] if window is None else ["-id", hex(_wid(window))]
        out = self._run(["xprop", *target, name])
        match = re.match(rf"{re.escape(name)}\((\w+)\)", out)
        return match.group(1) if match else None

    def window_exists(self, window: XWindow | int) -> bool:
        """Whether the X server still knows the window id."""
        result = subprocess.run(
            ["xprop", "-id", hex(_wid(window)), "WM_NAME"],
            env=self.env,
            capture_output=True,
            timeout=_COMMAND_TIMEOUT,
            check=False,
        )
        return result.returncode == 0

    def wait_until_gone(self, window: XWindow | int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.window_exists(window):
            if time.monotonic() > deadline:
                raise RuntimeError(f"window {hex(_wid(window))} still exists after {timeout}s")
            time.sleep(0.05)

    # -- internals ----------------------------------------------------------------------

    @staticmethod
    def _display_in_use(number: int) -> bool:
        return (_SOCKET_DIR / f"X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists()

    def _child_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "XAUTHORITY")}
        home = self._tmp / "home"
        for sub in ("config", "cache", "data", "state"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        env.update(
            DISPLAY=self.display_name,
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_SESSION_TYPE="x11",
        )
        return env

    def _start_server(self, number: int) -> tuple[bool, str]:
        self.number = number
        self.env = self._child_env()
        proc = self._spawn(
            "xvfb",
            # -noreset: without it the server resets whenever its last client disconnects
            # (our readiness probe, a killed xterm), dropping clients that are connecting.
            ["Xvfb", f":{number}", "-screen", "0", self.size, "-nolisten", "tcp", "-noreset"],
            client=False,
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.process.poll() is not None:
                self._stop(proc)
                return False, f"Xvfb exited with {proc.process.returncode}: {proc.tail(500)}"
            if _accepts_connections(number):
                self._server = proc
                return True, ""
            time.sleep(0.05)
        self._stop(proc)
        return False, f"Xvfb did not accept connections within {_START_TIMEOUT}s"

    def _start_window_manager(self) -> None:
        self._wm = self._spawn("openbox", ["openbox", "--sm-disable"], client=False)
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._wm.process.poll() is not None:
                raise RuntimeError(
                    f"openbox exited early on {self.display_name}:\n{self._wm.tail()}\n"
                    f"Xvfb log:\n{self._server.tail() if self._server else '(no server)'}"
                )
            out = self._run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"])
            match = re.search(r"window id # (0x[0-9a-f]+)", out)
            if match and "_NET_WM_NAME(" in self._run(
                ["xprop", "-id", match.group(1), "_NET_WM_NAME"]
            ):
                return
            time.sleep(0.1)
        raise RuntimeError(
            f"openbox did not take over within {_START_TIMEOUT}s:\n{self._wm.tail()}"
        )

    def _spawn(self, name: str, argv: list[str], *, client: bool = True) -> _Proc:
        self._counter += 1
        log = self._tmp / f"{self._counter:03d}-{name}.log"
        log_file = log.open("wb")
        process = subprocess.Popen(
            argv,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc = _Proc(name=name, process=process, log=log, log_file=log_file)
        if client:
            self._clients.append(proc)
        return proc

    def _run(self, argv: list[str]) -> str:
        try:
            result = subprocess.run(
                argv,
                env=self.env,
                capture_output=True,
                timeout=_COMMAND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{argv[0]} timed out after {_COMMAND_TIMEOUT}s: {argv}") from None
        if result.returncode != 0:
            raise RuntimeError(
                f"{argv} failed with {result.returncode}: "
                f"{result.stderr.decode(errors='replace').strip()}"
            )
        return result.stdout.decode(errors="replace")

    @staticmethod
    def _stop(proc: _Proc, sig: signal.Signals = signal.SIGTERM) -> None:
        process = proc.process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)  # its own group (start_new_session)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        proc.log_file.close()


def _wid(window: XWindow | int) -> int:
    return window.id if isinstance(window, XWindow) else window


def _accepts_connections(number: int) -> bool:
    """Whether an X server listens on display `number` (Unix socket, as Xvfb -nolisten tcp)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(_SOCKET_DIR / f"X{number}"))
        except OSError:
            return False
    return True
