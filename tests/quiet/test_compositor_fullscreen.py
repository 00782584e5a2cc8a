"""Fullscreen on Plasma's Wayland session: no platform probe sees native Wayland windows
there, but the KWin script that records the focused window reports its fullscreen state too;
the quiet signals read it from the recording backend (core.runtime.quiet_loop)."""

from __future__ import annotations

import time
from pathlib import Path

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.paths import resolve
from focuscoach.core.quiet import QuietSignals
from focuscoach.core.recording.backends import compositor_fullscreen
from focuscoach.core.recording.wayland.kwin import KWinBackend
from focuscoach.core.runtime import App, Runtime
from focuscoach.core.runtime.quiet_loop import platform_signals
from tests.fakes import FixedScorer, ScriptedBackend


class ScriptedKWin(ScriptedBackend):
    """Stands in for KWinBackend (its script's answers, without a compositor)."""

    reports_fullscreen = True

    def __init__(self) -> None:
        super().__init__()
        self.is_fullscreen = False

    def fullscreen(self) -> bool:
        return self.is_fullscreen


class WithIdle:
    """The shape of backends._WithCompositorIdle: a window backend inside."""

    def __init__(self, windows: object) -> None:
        self.windows = windows


def test_only_a_backend_that_reports_fullscreen_gives_a_reading() -> None:
    assert KWinBackend.reports_fullscreen is True
    kwin = ScriptedKWin()
    assert compositor_fullscreen(kwin) == kwin.fullscreen
    assert compositor_fullscreen(WithIdle(kwin)) == kwin.fullscreen  # type: ignore[arg-type]
    assert compositor_fullscreen(ScriptedBackend()) is None
    assert compositor_fullscreen(None) is None


def test_the_platform_signals_read_the_backends_fullscreen(tmp_path: Path) -> None:
    kwin = ScriptedKWin()
    signals: QuietSignals = platform_signals(config.Settings(), kwin)
    try:
        window = WindowInfo("mpv", "film.mkv")
        assert not signals.read(time.time(), window).fullscreen
        kwin.is_fullscreen = True
        # A change of window re-reads a window-dependent probe at once.
        assert signals.read(time.time(), WindowInfo("mpv", "film.mkv — fullscreen")).fullscreen
    finally:
        signals.close()


def test_the_running_app_holds_prompts_while_kwin_says_fullscreen(tmp_path: Path) -> None:
    paths = resolve(tmp_path / "home")
    paths.ensure()
    kwin = ScriptedKWin()
    settings = config.parse({"recording": {"poll_interval": 0.1}, "detector": {"tick_s": 1.0}})
    app = App(
        Runtime(
            paths,
            settings,
            backend_factory=lambda: (kwin, None),
            input_monitor=False,
            scorer=FixedScorer(0.1),
        )
    ).start()
    try:
        kwin.is_fullscreen = True
        kwin.window = WindowInfo("mpv", "film.mkv")
        deadline = time.monotonic() + 15
        while "fullscreen" not in app.status().quiet:
            assert time.monotonic() < deadline, app.status()
            time.sleep(0.1)
        assert app.runtime.observation().fullscreen
    finally:
        app.close()
