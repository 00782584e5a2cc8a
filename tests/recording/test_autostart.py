"""Launch at login: the files each platform reads, and turning it on and off."""

from __future__ import annotations

import configparser
import plistlib
from pathlib import Path

from focuscoach.core import autostart

COMMAND = ["/opt/focus coach/bin/python", "-m", "focuscoach.desktop"]


def test_xdg_entry_quotes_the_command_and_round_trips() -> None:
    text = autostart.desktop_entry(COMMAND)
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Focus Coach"
    assert autostart.split_exec(entry["Exec"]) == COMMAND


def test_launch_agent_and_run_key() -> None:
    plist = plistlib.loads(autostart.launch_agent(COMMAND))
    assert plist["ProgramArguments"] == COMMAND and plist["RunAtLoad"] is True
    assert autostart.run_value(COMMAND) == '"/opt/focus coach/bin/python" -m focuscoach.desktop'


def test_set_enabled_writes_and_removes_the_file(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    kwargs = {"platform": "linux", "env": env, "home": tmp_path}
    assert not autostart.is_enabled(**kwargs)  # type: ignore[arg-type]
    where = autostart.set_enabled(True, command=COMMAND, **kwargs)  # type: ignore[arg-type]
    assert where == str(tmp_path / "cfg" / "autostart" / "io.github.focuscoach.FocusCoach.desktop")
    assert autostart.is_enabled(**kwargs)  # type: ignore[arg-type]
    autostart.set_enabled(False, **kwargs)  # type: ignore[arg-type]
    assert not autostart.is_enabled(**kwargs)  # type: ignore[arg-type]
    mac = autostart.set_enabled(True, command=COMMAND, platform="darwin", env={}, home=tmp_path)
    assert mac.endswith("Library/LaunchAgents/io.github.focuscoach.FocusCoach.plist")
    assert plistlib.loads(Path(mac).read_bytes())["Label"] == "io.github.focuscoach.FocusCoach"
