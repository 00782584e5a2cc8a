"""Real, throw-away Wayland compositors for tests, in the style of tests/xsession.py.

    with SwaySession() as sway:
        sway.spawn_foot("专注 中文标题", app_id="zh")
        sway.focus("zh")
        ...  # talk to sway.display (an absolute socket path), e.g. with sway.client_env()

sway runs headless (`WLR_BACKENDS=headless`, pixman renderer, no input devices). It refuses
to run as root, so as root (CI) the compositor and its clients run as `nobody` with their
own HOME and XDG_RUNTIME_DIR (mode 0700, owned by nobody); the test process itself stays
root, which may open the sockets in there. Everything started is killed on close().
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Self

from tests.xsession import require_tools

__all__ = ["SWAY_TOOLS", "SwaySession", "SwayWindow"]

# What SwaySession runs (Debian packages: sway, foot, wtype; setpriv is in util-linux;
# dbus-run-session, for session_bus(), in dbus).
SWAY_TOOLS = ("sway", "swaymsg", "foot", "wtype", "setpriv", "dbus-run-session")

_START_TIMEOUT = 20.0
_COMMAND_TIMEOUT = 20.0
_NOBODY = 65534

_CONFIG = """\
xwayland disable
output HEADLESS-1 resolution 1280x800
default_border none
focus_on_window_activation focus
"""

# A client window for KWin and GNOME Shell (foot crashes on KWin's virtual output).
_QT_WINDOW = """\
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
app.setDesktopFileName(sys.argv[2])
window = QWidget()
window.setWindowTitle(sys.argv[1])
window.resize(320, 200)
window.show()
app.exec()
"""


class NotReady(RuntimeError):
    """A compositor started but never became ready in time."""


def _bus_then(address: Path, command: str) -> list[str]:
    """argv: a new D-Bus session bus whose address is written to `address`, then `command`."""
    return [
        "dbus-run-session",
        "--",
        "sh",
        "-c",
        f'echo "$DBUS_SESSION_BUS_ADDRESS" > {address}.tmp && mv {address}.tmp {address}'
        f" && {command}",
    ]


class _Compositor:
    """What the sessions share: a throw-away root with a private runtime folder and home,
    one log for everything started, and close() killing it all and removing the root."""

    desktop = ""  # XDG_CURRENT_DESKTOP for clients
    _stop_wait = 5.0  # seconds each process gets to end after SIGTERM
    _tail_chars = 2000

    def __init__(self, prefix: str, log_name: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=prefix))
        self.runtime_dir = self.root / "run"
        self.home = self.root / "home"
        self._make_root()
        self.log_path = self.root / log_name
        self._log: IO[bytes] | None = None
        self._processes: list[subprocess.Popen[bytes]] = []
        self.display = ""
        self.bus = ""

    def __enter__(self) -> Self:
        try:
            self._start_or_close()
        except NotReady as exc:
            # A compositor that hangs on its way up gets one fresh start (GNOME Shell did once
            # in a full run of the suite); one that exits is not retried.
            print(f"the first start failed, starting again: {exc}", file=sys.stderr)
            self._make_root()
            self._start_or_close()
        return self

    def _start_or_close(self) -> None:
        try:
            self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _make_root(self) -> None:
        """The root, its runtime folder and home, empty (again, after close())."""
        self.root.mkdir(mode=0o700, exist_ok=True)
        self.runtime_dir.mkdir(mode=0o700)
        self.home.mkdir(mode=0o700)
        self.bus = ""

    def start(self) -> None:
        raise NotImplementedError

    def base_env(self) -> dict[str, str]:
        """The environment of the compositor's own clients (no DISPLAY, no user session)."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "LANG": "C.UTF-8",
        }
        if self.bus:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        return env

    def client_env(self) -> dict[str, str]:
        """What a Wayland client of this compositor needs (e.g. `focuscoach record`)."""
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env.update(
            WAYLAND_DISPLAY=self.display,
            XDG_SESSION_TYPE="wayland",
            XDG_CURRENT_DESKTOP=self.desktop,
        )
        if self.bus:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        return env

    def _popen(self, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        assert self._log is not None
        proc = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        self._processes.append(proc)
        return proc

    def close(self) -> None:
        for proc in reversed(self._processes):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self._processes):
            try:
                proc.wait(timeout=self._stop_wait)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self._processes = []
        if self._log is not None:
            self._log.close()
            self._log = None
        shutil.rmtree(self.root, ignore_errors=True)

    def _log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-self._tail_chars :]
        return ""


class _DBusCompositor(_Compositor):
    """A compositor started inside its own D-Bus session bus, with Qt windows for clients."""

    def _start_on_bus(
        self,
        name: str,
        command: str,
        env: dict[str, str],
        ready: Callable[[], bool],
        timeout: float,
        poll: float,
    ) -> None:
        """Run `command` in a new session bus; return once the bus is known, the Wayland
        socket is there and `ready()`."""
        address = self.root / "bus"
        proc = self._popen(_bus_then(address, command), env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited ({proc.returncode}): {self._log_tail()}")
            if not self.bus and address.exists():
                self.bus = address.read_text().strip()
            if self.bus and Path(self.display).is_socket() and ready():
                return
            time.sleep(poll)
        missing = (
            "its D-Bus session bus"
            if not self.bus
            else "its Wayland socket"
            if not Path(self.display).is_socket()
            else "an answer on D-Bus"
        )
        raise NotReady(f"{name} did not start in {timeout:.0f} s, no {missing}: {self._log_tail()}")

    def _dbus_call(
        self,
        name: str,
        path: str,
        interface: str,
        method: str,
        sig: str | None,
        body: tuple[Any, ...],
    ) -> Any:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        with open_dbus_connection(self.bus) as conn:
            address = DBusAddress(path, bus_name=name, interface=interface)
            reply = conn.send_and_get_reply(
                new_method_call(address, method, sig, body), timeout=_COMMAND_TIMEOUT
            )
            return unwrap_msg(reply)

    def spawn_window(self, title: str, app_id: str) -> subprocess.Popen[bytes]:
        """A small Qt window (the compositor gives a new window focus)."""
        script = self.root / "window.py"
        script.write_text(_QT_WINDOW, encoding="utf-8")
        env = {
            **os.environ,
            **self.base_env(),
            "WAYLAND_DISPLAY": self.display,
            "QT_QPA_PLATFORM": "wayland",
        }
        env.pop("DISPLAY", None)
        return self._popen([sys.executable, str(script), title, app_id], env)


@dataclass
class SwayWindow:
    """A foot window we started."""

    app_id: str
    title: str
    process: subprocess.Popen[bytes]


class SwaySession(_Compositor):
    """A headless sway with its own runtime folder; `display` is its socket's full path."""

    desktop = "sway"

    def __init__(self) -> None:
        require_tools(*SWAY_TOOLS)
        super().__init__("fc-sway-", "sway.log")
        self.root.chmod(0o755)
        self._as_root = os.geteuid() == 0
        if self._as_root:
            for path in (self.runtime_dir, self.home):
                os.chown(path, _NOBODY, _NOBODY)
        self.config = self.root / "config"
        self.config.write_text(_CONFIG, encoding="utf-8")
        self.config.chmod(0o644)
        self.ipc_socket = ""

    # -- lifecycle -------------------------------------------------------------------------

    def base_env(self) -> dict[str, str]:
        env = super().base_env()
        if self.display:
            env["WAYLAND_DISPLAY"] = self.display
        return env

    def client_env(self) -> dict[str, str]:
        return {**super().client_env(), "SWAYSOCK": self.ipc_socket}

    def _spawn(self, argv: list[str], **extra: str) -> subprocess.Popen[bytes]:
        env = {**self.base_env(), **extra}
        if self._as_root:
            argv = [
                "setpriv",
                f"--reuid={_NOBODY}",
                f"--regid={_NOBODY}",
                "--clear-groups",
                "--",
                *argv,
            ]
        return self._popen(argv, env)

    def start(self) -> None:
        self._log = self.log_path.open("wb")
        sway = self._spawn(
            ["sway", "-c", str(self.config)],
            WLR_BACKENDS="headless",
            WLR_LIBINPUT_NO_DEVICES="1",
            WLR_RENDERER="pixman",
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if sway.poll() is not None:
                raise RuntimeError(f"sway exited ({sway.returncode}): {self._log_tail()}")
            sockets = [
                p
                for p in self.runtime_dir.glob("wayland-*")
                if not p.name.endswith(".lock") and p.is_socket()
            ]
            ipc = list(self.runtime_dir.glob("sway-ipc.*.sock"))
            if sockets and ipc:
                self.display, self.ipc_socket = str(sockets[0]), str(ipc[0])
                if self._swaymsg_ok("-t", "get_version"):
                    return
            time.sleep(0.05)
        raise NotReady(f"sway did not start in {_START_TIMEOUT:.0f} s: {self._log_tail()}")

    # -- driving it ------------------------------------------------------------------------

    def swaymsg(self, *args: str) -> Any:
        result = subprocess.run(
            ["swaymsg", "-s", self.ipc_socket, "-r", *args],
            capture_output=True,
            text=True,
            timeout=_COMMAND_TIMEOUT,
        )
        if result.returncode != 0:
            raise RuntimeError(f"swaymsg {' '.join(args)} failed: {result.stdout}{result.stderr}")
        return json.loads(result.stdout)

    def _swaymsg_ok(self, *args: str) -> bool:
        try:
            self.swaymsg(*args)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired):
            return False
        return True

    def windows(self) -> list[dict[str, Any]]:
        """Every toplevel in sway's tree: app_id, name (the title), focused."""
        found: list[dict[str, Any]] = []

        def walk(node: dict[str, Any]) -> None:
            if node.get("app_id") is not None or node.get("pid"):
                found.append(node)
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                walk(child)

        walk(self.swaymsg("-t", "get_tree"))
        return found

    def spawn_foot(self, title: str, app_id: str) -> SwayWindow:
        """A foot terminal running `sleep`, so its title stays the one given."""
        proc = self._spawn(["foot", "--title", title, "--app-id", app_id, "sleep", "100000"])
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"foot exited ({proc.returncode}): {self._log_tail()}")
            if any(w.get("app_id") == app_id and w.get("name") == title for w in self.windows()):
                return SwayWindow(app_id, title, proc)
            time.sleep(0.05)
        raise RuntimeError(f"foot window {app_id!r} did not map: {self._log_tail()}")

    def focus(self, app_id: str) -> float:
        """Focus the window with this app id; returns when sway says it has focus."""
        reply = self.swaymsg(f'[app_id="{app_id}"] focus')
        if not all(item.get("success") for item in reply):
            raise RuntimeError(f"focus {app_id!r} failed: {reply}")
        at = time.time()
        deadline = time.monotonic() + _COMMAND_TIMEOUT
        while time.monotonic() < deadline:
            if any(w.get("app_id") == app_id and w.get("focused") for w in self.windows()):
                return at
            time.sleep(0.02)
        raise RuntimeError(f"{app_id!r} never got focus")

    def session_bus(self) -> str:
        """Start a D-Bus session bus (with no StatusNotifier host on it); its address."""
        address = self.root / "bus"
        proc = self._popen(
            _bus_then(address, "exec sleep 3600"),
            {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"},
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while not (address.exists() and address.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the D-Bus session did not start: {self._log_tail()}")
            time.sleep(0.05)
        return address.read_text().strip()

    def press_key(self) -> float:
        """One Shift press and release from a virtual keyboard (resets the idle timers)."""
        at = time.time()
        proc = self._spawn(["wtype", "-k", "Shift_L"])
        if proc.wait(timeout=_COMMAND_TIMEOUT) != 0:
            raise RuntimeError(f"wtype failed: {self._log_tail()}")
        return at


# -- KWin -------------------------------------------------------------------------------------

KWIN_TOOLS = ("kwin_wayland", "dbus-run-session")

_FOCUS_SCRIPT = """\
var want = %s;
var list = workspace.windowList ? workspace.windowList() : workspace.clientList();
for (var i = 0; i < list.length; i++) {
    if (list[i].caption === want) {
        if (workspace.windowList) { workspace.activeWindow = list[i]; }
        else { workspace.activeClient = list[i]; }
    }
}
"""


_FULLSCREEN_SCRIPT = """\
var want = %s;
var list = workspace.windowList ? workspace.windowList() : workspace.clientList();
for (var i = 0; i < list.length; i++) {
    if (list[i].caption === want) {
        list[i].fullScreen = %s;
    }
}
"""


class KWinSession(_DBusCompositor):
    """A headless kwin_wayland (--virtual) inside its own D-Bus session bus.

    The installed kwin_wayland carries a file capability (cap_sys_resource) that a container
    may refuse to exec ("Operation not permitted"), so a plain copy runs, still named
    kwin_wayland. Windows are small PySide6 windows (foot crashes on KWin's virtual output);
    focus moves through a one-shot KWin script setting the active window.
    """

    desktop = "KDE"

    def __init__(self) -> None:
        require_tools(*KWIN_TOOLS)
        super().__init__("fc-kwin-", "kwin.log")
        (self.root / "bin").mkdir()
        self.binary = self.root / "bin" / "kwin_wayland"
        shutil.copyfile(str(shutil.which("kwin_wayland")), self.binary)
        self.binary.chmod(0o755)
        self.display = str(self.runtime_dir / "kwtest")

    def start(self) -> None:
        self._log = self.log_path.open("wb")
        self._start_on_bus(
            "kwin_wayland",
            f"exec {self.binary} --virtual --width 1280 --height 800 --no-lockscreen"
            " --socket kwtest",
            # fake input (move_pointer) is a restricted global; KWin's own test switch lets
            # a client without a desktop file that asks for it bind it.
            {**self.base_env(), "KWIN_WAYLAND_NO_PERMISSION_CHECKS": "1"},
            self._scripting_ready,
            timeout=_START_TIMEOUT * 2,
            poll=0.1,
        )

    def _call(
        self, path: str, interface: str, method: str, sig: str | None, body: tuple[Any, ...]
    ) -> Any:
        return self._dbus_call("org.kde.KWin", path, interface, method, sig, body)

    def _scripting_ready(self) -> bool:
        try:
            self._call("/Scripting", "org.kde.kwin.Scripting", "isScriptLoaded", "s", ("x",))
        except Exception:
            return False
        return True

    def focus(self, title: str) -> float:
        """Activate the window with this caption through a one-shot KWin script."""
        return self.run_script(_FOCUS_SCRIPT % json.dumps(title))

    def set_fullscreen(self, title: str, on: bool) -> float:
        """Make the window with this caption fullscreen (or not), as a video player does."""
        return self.run_script(_FULLSCREEN_SCRIPT % (json.dumps(title), json.dumps(on)))

    def run_script(self, source: str) -> float:
        """Load, run and unload a one-shot KWin script; returns when it ran."""
        path = self.root / f"script-{time.monotonic_ns()}.js"
        path.write_text(source, encoding="utf-8")
        name = path.stem
        (script_id,) = self._call(
            "/Scripting", "org.kde.kwin.Scripting", "loadScript", "ss", (str(path), name)
        )
        try:
            self._call(f"/Scripting/Script{script_id}", "org.kde.kwin.Script", "run", None, ())
        except Exception:  # Plasma 5.27 names the script's object /<id>
            self._call(f"/{script_id}", "org.kde.kwin.Script", "run", None, ())
        at = time.time()
        self._call("/Scripting", "org.kde.kwin.Scripting", "unloadScript", "s", (name,))
        return at

    def script_loaded(self, name: str) -> bool:
        """Whether a KWin script of this name is loaded."""
        (loaded,) = self._call(
            "/Scripting", "org.kde.kwin.Scripting", "isScriptLoaded", "s", (name,)
        )
        return bool(loaded)

    def move_pointer(self) -> float:
        """Nudge the pointer through KWin's fake-input protocol (as KDE Connect's touchpad
        does): user activity, which ends an idle spell. Returns when KWin has it."""
        from pywayland.client.display import Display

        from tests.wayland.kde_fake_input import OrgKdeKwinFakeInput

        display = Display(self.display)
        display.connect()
        try:
            found: dict[str, int] = {}
            registry = display.get_registry()
            registry.dispatcher["global"] = lambda _r, name, iface, _v: found.setdefault(
                iface, name
            )
            display.roundtrip()
            fake = registry.bind(found["org_kde_kwin_fake_input"], OrgKdeKwinFakeInput, 1)
            fake.authenticate("Focus Coach tests", "end an idle spell")
            at = time.time()
            fake.pointer_motion(4.0, 3.0)
            display.roundtrip()
            return at
        finally:
            display.disconnect()


# -- GNOME Shell ----------------------------------------------------------------------------

GNOME_TOOLS = ("gnome-shell", "dbus-run-session", "dbus-daemon", "gsettings")
TEST_EXTENSION = "focuscoach-test@focuscoach.invalid"
_EXTENSIONS = Path(__file__).resolve().parent / "gnome_extension"


class GnomeSession(_DBusCompositor):
    """A headless gnome-shell 43 (`--headless --wayland --no-x11 --virtual-monitor`) inside
    its own session bus, with a private "system" bus where /run/systemd/seats exists (the
    shell then asks logind there and gets no answer instead of crashing). Focus Coach's test
    extension (tests/wayland/gnome_extension) is enabled with gsettings before the shell
    starts: it speaks the Focused Window D-Bus extension's interface and adds Activate(title)
    to move focus. Windows are small PySide6 windows."""

    desktop = "GNOME"
    _stop_wait = 10.0
    _tail_chars = 3000

    def __init__(self, extension: bool = True) -> None:
        require_tools(*GNOME_TOOLS)
        super().__init__("fc-gnome-", "gnome-shell.log")
        self.extension = extension
        self.display = str(self.runtime_dir / "gstest")

    def base_env(self) -> dict[str, str]:
        env = {**super().base_env(), "XDG_DATA_HOME": str(self.home / ".local" / "share")}
        if Path("/run/systemd/seats").exists():
            env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={self.root / 'system-bus'}"
        return env

    def start(self) -> None:
        self._log = self.log_path.open("wb")
        env = self.base_env()
        if "DBUS_SYSTEM_BUS_ADDRESS" in env:
            self._popen(
                [
                    "dbus-daemon",
                    "--session",
                    "--nofork",
                    "--address",
                    env["DBUS_SYSTEM_BUS_ADDRESS"],
                ],
                env,
            )
        enable = ""
        if self.extension:
            target = self.home / ".local" / "share" / "gnome-shell" / "extensions"
            target.mkdir(parents=True)
            shutil.copytree(_EXTENSIONS / TEST_EXTENSION, target / TEST_EXTENSION)
            enable = (
                f"gsettings set org.gnome.shell enabled-extensions \"['{TEST_EXTENSION}']\" && "
            )
        self._start_on_bus(
            "gnome-shell",
            f"{enable}exec gnome-shell --headless --wayland --no-x11"
            " --virtual-monitor 1280x800 --wayland-display gstest",
            env,
            self._ready,
            timeout=_START_TIMEOUT * 3,
            poll=0.2,
        )

    def _ready(self) -> bool:
        try:
            if self.extension:
                self.call_extension("Get", None, ())
            else:
                self._dbus_call(
                    "org.gnome.Mutter.IdleMonitor",
                    "/org/gnome/Mutter/IdleMonitor/Core",
                    "org.gnome.Mutter.IdleMonitor",
                    "GetIdletime",
                    None,
                    (),
                )
        except Exception:
            return False
        return True

    def call_extension(self, method: str, sig: str | None, body: tuple[Any, ...]) -> Any:
        return self._dbus_call(
            "org.gnome.Shell",
            "/org/gnome/shell/extensions/FocusedWindow",
            "org.gnome.shell.extensions.FocusedWindow",
            method,
            sig,
            body,
        )

    def focus(self, title: str) -> float:
        """Activate the window with this title (through the test extension) and return when
        the shell reports it focused. The first activation after start can lose to the
        overview closing, which focuses the top window: then it is asked again."""
        deadline = time.monotonic() + _COMMAND_TIMEOUT
        while time.monotonic() < deadline:
            (found,) = self.call_extension("Activate", "s", (title,))
            if not found:
                raise RuntimeError(f"no window titled {title!r}")
            at = time.time()
            until = time.monotonic() + 1.0
            while time.monotonic() < until:
                (text,) = self.call_extension("Get", None, ())
                if json.loads(text).get("title") == title:
                    return at
                time.sleep(0.02)
        raise RuntimeError(f"{title!r} never got focus")

    def nudge(self) -> float:
        """Move the pointer through a virtual input device: user activity."""
        at = time.time()
        self.call_extension("Nudge", None, ())
        return at
