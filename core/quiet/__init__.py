"""Quiet signals: when the coach must not interrupt (fullscreen, a call, Do Not Disturb).

`default_signals()` builds the probes this platform can read; `QuietSignals.read(now,
window)` returns a `QuietState`. Which signal is read how, per platform:

| Signal | Linux | Windows | macOS |
|---|---|---|---|
| Fullscreen | X11 `_NET_WM_STATE_FULLSCREEN` of the active window; wlroots compositors: the focused toplevel's `fullscreen` state; KWin: its script's report | `SHQueryUserNotificationState` | not available |
| In a call | camera held open (/proc; `[quiet] camera_devices`), microphone recording (pactl), meeting rules (`[quiet] meetings`) | meeting rules | meeting rules |
| Do Not Disturb | `Inhibited` / dunst `paused` (D-Bus), GNOME show-banners, XFCE xfconf | not readable | not readable |

Calendar meetings are the coach's own input (core.coaching.coach), not a probe here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .state import DEFAULT_INTERVAL_S, Probe, QuietSignals, QuietState, Signal

if TYPE_CHECKING:
    from focuscoach.core.config import Settings

    from .calls import WindowRule

__all__ = [
    "DEFAULT_INTERVAL_S",
    "Probe",
    "QuietSignals",
    "QuietState",
    "Signal",
    "default_signals",
    "signals_for",
]


def signals_for(settings: Settings, **options: Any) -> QuietSignals:
    """The platform's probes with the user's `[quiet]` settings (config.toml): the windows
    that are meetings and the camera devices. `options` go to `default_signals`."""
    coaching = settings.coaching
    return default_signals(
        meeting_patterns=coaching.meeting_rules,
        camera_glob=[str(p) for p in coaching.camera_devices],
        **options,
    )


def default_signals(
    *,
    meeting_patterns: Iterable[str | WindowRule] = (),
    camera_glob: str | Iterable[str] | None = None,
    display_name: str | None = None,
    interval_s: float = DEFAULT_INTERVAL_S,
    platform: str = sys.platform,
    window_fullscreen: Callable[[], bool] | None = None,
) -> QuietSignals:
    """The probes for `platform`. Patterns must already be valid (core.saferegex); meeting
    rules may also be config.ExclusionRule's ({app, title} regexes). `window_fullscreen` is
    the recording backend's own answer where it has one the platform probes lack (KWin's
    script reports the focused window's fullscreen state on Plasma's Wayland session)."""
    from .calls import DEFAULT_CAMERA_GLOB, CameraInUse, MeetingRules, MicrophoneInUse
    from .dnd import FreedesktopDnd, GnomeDnd, XfceDnd, desktop_names
    from .fullscreen import WindowsNotificationState, X11Fullscreen

    probes: list[Probe] = []
    if window_fullscreen is not None:
        reads = window_fullscreen
        probes.append(
            Probe(Signal.FULLSCREEN, "fullscreen", lambda _w: reads(), window_dependent=True)
        )
    patterns = list(meeting_patterns)
    if patterns:
        probes.append(
            Probe(
                Signal.IN_CALL,
                "in a meeting",
                MeetingRules(patterns),
                interval_s,
                window_dependent=True,
            )
        )
    if platform.startswith("linux"):
        if display_name or os.environ.get("DISPLAY"):
            probes.append(
                Probe(Signal.FULLSCREEN, "fullscreen", X11Fullscreen(display_name), interval_s)
            )
        if os.environ.get("WAYLAND_DISPLAY"):
            from focuscoach.core.recording.wayland.wlroots import WlrootsFullscreen

            probes.append(Probe(Signal.FULLSCREEN, "fullscreen", WlrootsFullscreen()))
        glob = camera_glob or DEFAULT_CAMERA_GLOB  # none configured: the default
        probes.append(Probe(Signal.IN_CALL, "in a call (camera)", CameraInUse(glob), interval_s))
        probes.append(
            Probe(Signal.IN_CALL, "in a call (microphone)", MicrophoneInUse(), interval_s)
        )
        probes.append(Probe(Signal.DND, "Do Not Disturb", FreedesktopDnd(), interval_s))
        desktops = desktop_names()
        if desktops & {"gnome", "unity", "budgie"}:
            probes.append(Probe(Signal.DND, "Do Not Disturb", GnomeDnd(), interval_s))
        if "xfce" in desktops:
            probes.append(Probe(Signal.DND, "Do Not Disturb", XfceDnd(), interval_s))
    elif platform == "win32":
        probes.append(
            Probe(Signal.FULLSCREEN, "fullscreen", WindowsNotificationState(), interval_s)
        )
    return QuietSignals(probes)
