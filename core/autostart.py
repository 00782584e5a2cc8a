"""Launch at login: an XDG autostart entry on Linux, a LaunchAgent on macOS, the Run key on
Windows. The file contents are pure functions; `set_enabled` writes or removes them."""

from __future__ import annotations

import contextlib
import importlib
import os
import plistlib
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from focuscoach.core.appinfo import APP_ID

LABEL = APP_ID  # the macOS LaunchAgent's label
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "FocusCoach"


def app_command() -> list[str]:
    """How to start the tray app: the frozen bundle itself, else this Python with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "focuscoach.desktop"]


def desktop_entry(command: Sequence[str]) -> str:
    """An XDG autostart .desktop file (Exec quoted per the Desktop Entry spec)."""
    exec_line = " ".join(_desktop_quote(arg) for arg in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Focus Coach\n"
        "Name[zh_CN]=专注教练\n"
        "Comment=Records where your attention goes and nudges you back\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _desktop_quote(arg: str) -> str:
    if arg and not any(ch in arg for ch in " \t\n\"'\\><~|&;$*?#()`%"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped.replace("%", "%%")}"'


def launch_agent(command: Sequence[str]) -> bytes:
    """A macOS LaunchAgent that starts the app at login (and does not restart it on Quit)."""
    return plistlib.dumps(
        {
            "Label": LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": False,
            "ProcessType": "Interactive",
        }
    )


def run_value(command: Sequence[str]) -> str:
    """The Windows Run key's value: one command line, quoted for CreateProcess."""
    return subprocess.list2cmdline(list(command))


def location(platform: str, env: Mapping[str, str], home: Path) -> Path | None:
    """Where the autostart file goes (None on Windows: the registry holds it)."""
    if platform == "win32":
        return None
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
    config_home = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Path(config_home) / "autostart" / f"{APP_ID}.desktop"


def _target(
    platform: str | None, env: Mapping[str, str] | None, home: Path | None
) -> tuple[str, Path | None]:
    platform = platform or sys.platform
    return platform, location(platform, env if env is not None else os.environ, home or Path.home())


def set_enabled(
    enabled: bool,
    *,
    command: Sequence[str] | None = None,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> str:
    """Turn launch at login on or off; returns where it was written (for the user)."""
    platform, path = _target(platform, env, home)
    command = list(command or app_command())
    if path is None:
        return _set_run_key(enabled, run_value(command))
    if not enabled:
        path.unlink(missing_ok=True)
        return str(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if platform == "darwin":
        path.write_bytes(launch_agent(command))
    else:
        path.write_text(desktop_entry(command), encoding="utf-8")
    return str(path)


def is_enabled(
    *, platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None
) -> bool:
    platform, path = _target(platform, env, home)
    if path is None:
        return _run_key_value() is not None
    return path.exists()


def _set_run_key(enabled: bool, value: str) -> str:  # pragma: no cover - Windows only
    winreg: Any = importlib.import_module("winreg")
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if enabled:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, value)
        else:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, RUN_VALUE)
    return rf"HKEY_CURRENT_USER\{RUN_KEY}\{RUN_VALUE}"


def _run_key_value() -> str | None:  # pragma: no cover - Windows only
    try:
        winreg: Any = importlib.import_module("winreg")
    except ImportError:
        return None
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _kind = winreg.QueryValueEx(key, RUN_VALUE)
            return str(value)
    except OSError:
        return None


def split_exec(line: str) -> list[str]:
    """Read an Exec= value back (for tests and for repairing a moved install)."""
    return [part.replace("%%", "%") for part in shlex.split(line)]
