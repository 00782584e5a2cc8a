"""Quit (the tray menu, clicked as a user would) and a clean shutdown (SIGTERM) withdraw every
open notice: the real app on a real desktop (Xvfb, openbox, trayer, dunst on a private bus)
shows a break reminder with its buttons, then exits; dunst shows nothing afterwards."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.test_x11_app import launch
from tests.desktop.x11app import Desktop
from tests.xsession import XSession

pytestmark = pytest.mark.x11

CONFIG = """
[breaks]
micro_interval_s = 5.0
[nudges]
enabled = false
[checkins]
enabled = false
[detector]
interval_s = 1.0
tick_s = 1.0
"""


@pytest.fixture(scope="module")
def desktop() -> Iterator[tuple[XSession, Desktop]]:
    with XSession() as x, Desktop(x) as d:
        yield x, d


def _wait(condition: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.1)


def displayed(d: Desktop) -> int:
    return int(d.run("dunstctl", "count", "displayed").stdout.strip())


def _reminder_on_screen(x: XSession, d: Desktop, home: Path) -> subprocess.Popen[str]:
    home.mkdir()
    (home / "config.toml").write_text(CONFIG)
    x.activate(x.spawn_xterm("Focus test: writing"))
    d.run("dunstctl", "close-all")
    app = launch(d, home)
    _wait(lambda: d.docked_windows(), "the icon docking in trayer", 20)

    def reminder() -> bool:
        d.choose("no such action")  # only logs what dunst offers
        return ",start]" in d.offered() and displayed(d) >= 1

    _wait(reminder, "the break reminder in dunst", 60)  # a loaded machine starts slowly
    return app


def _exited_and_withdrawn(app: subprocess.Popen[str], d: Desktop, home: Path) -> None:
    _out, err = app.communicate(timeout=20)
    assert app.returncode == 0, err
    assert displayed(d) == 0, "a notice was left on screen after the app quit"
    log = (home / "logs" / "focuscoach.log").read_text()
    assert "withdrawn at exit" in log, log[-2000:]


def test_quit_in_the_tray_menu_withdraws_open_notices(
    desktop: tuple[XSession, Desktop], tmp_path: Path
) -> None:
    x, d = desktop
    home = tmp_path / "home"
    app = _reminder_on_screen(x, d, home)
    try:
        left, top, width, height = d.panel_geometry()
        d.run("xdotool", "mousemove", str(left + width // 2), str(top + height // 2))
        d.run("xdotool", "click", "3")  # the tray menu...
        time.sleep(1.0)
        d.run("xdotool", "key", "Up", "Return")  # ...its last item: Quit
        _wait(lambda: app.poll() is not None, "the app quitting", 20)
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
    _exited_and_withdrawn(app, d, home)


def test_sigterm_withdraws_open_notices(desktop: tuple[XSession, Desktop], tmp_path: Path) -> None:
    x, d = desktop
    home = tmp_path / "home"
    app = _reminder_on_screen(x, d, home)
    app.send_signal(signal.SIGTERM)
    _exited_and_withdrawn(app, d, home)
