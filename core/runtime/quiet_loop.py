"""The quiet signals' own thread (core.quiet: fullscreen, in a call, Do Not Disturb): read
away from the runner's lock and the UI thread, since a D-Bus call or pactl may take a moment;
a change reaches the coach at once and the tray's tooltip says it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.quiet import QuietSignals, QuietState
from focuscoach.core.recording.backends import compositor_fullscreen
from focuscoach.core.recording.window import WindowBackend

log = logging.getLogger("focuscoach.runtime")

#: Seconds between two looks at the quiet signals (each probe keeps its own, longer, pace).
QUIET_POLL_S = 2.0


def platform_signals(settings: config.Settings, backend: WindowBackend | None) -> QuietSignals:
    """The platform's probes with the user's [quiet] settings, plus the recording backend's
    own fullscreen reading where it has one (KWin on Wayland)."""
    from focuscoach.core.quiet import signals_for

    return signals_for(settings, window_fullscreen=compositor_fullscreen(backend))


def watch_quiet(
    stop: threading.Event,
    signals: QuietSignals,
    clock: Callable[[], float],
    window: Callable[[], WindowInfo | None],
    changed: Callable[[QuietState], None],
) -> None:
    """Poll `signals` until `stop`; `changed(state)` on each change."""
    last = QuietState()
    try:
        while not stop.is_set():
            try:
                state = signals.read(clock(), window())
            except Exception:
                log.exception("reading the quiet signals failed")
                state = QuietState()
            if state != last:
                log.info("quiet signals: %s", state.describe() or "none")
                last = state
                changed(state)
            stop.wait(QUIET_POLL_S)
    finally:
        signals.close()
