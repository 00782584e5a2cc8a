"""What the quiet signals report, and the composite that polls them.

Every probe answers True (the condition holds), False (it does not) or None (unknown: the
API is missing, a tool is not installed, a call failed or timed out). Unknown is never
quiet: a broken probe must not silence the coach for good. Each probe is polled at most
once per `interval_s` (10 s by default); between polls the last answer is reused, so
`QuietSignals.read(now)` is cheap enough to call on every coach tick.

Probes may block briefly (a D-Bus round trip, a subprocess with a 2 s timeout): call
`read()` from a worker thread (the coach's scheduler thread), never from the Qt thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from focuscoach.core import i18n
from focuscoach.core.activity import WindowInfo

log = logging.getLogger("focuscoach.quiet")

#: Seconds between two polls of one probe.
DEFAULT_INTERVAL_S = 10.0


class Signal(StrEnum):
    FULLSCREEN = "fullscreen"
    IN_CALL = "in_call"
    DND = "dnd"


#: A probe reads one condition; it gets the active window (None when unknown) and
#: returns True, False, or None for unknown.
ProbeFn = Callable[[WindowInfo | None], bool | None]


@dataclass(frozen=True, slots=True)
class QuietState:
    """What the signals say now. `reasons` are short, user-facing ("in a call: camera")."""

    fullscreen: bool = False
    in_call: bool = False
    dnd: bool = False
    reasons: tuple[str, ...] = ()

    @property
    def quiet(self) -> bool:
        return self.fullscreen or self.in_call or self.dnd

    def describe(self) -> str:
        """One line for a tooltip: "Quiet: in a call (camera)", or "" when not quiet."""
        return f"Quiet: {', '.join(self.reasons)}" if self.reasons else ""


#: The probes' reasons (core/quiet/__init__.py) as the user reads them. The state and the log
#: keep the English words; what is shown goes through `shown_reason`.
ZH_CN = {
    "fullscreen": "全屏",
    "in a meeting": "会议中",
    "in a call (camera)": "通话中（摄像头）",
    "in a call (microphone)": "通话中（麦克风）",
    "Do Not Disturb": "勿扰模式",
}
i18n.add("zh_CN", ZH_CN)


def shown_reason(reason: str) -> str:
    """A probe's reason in the app's language (core.i18n); an unknown one as it is."""
    return i18n.gettext(reason)


@dataclass(slots=True)
class Probe:
    """One named condition feeding one signal, with its own polling interval."""

    signal: Signal
    reason: str
    read: ProbeFn
    interval_s: float = DEFAULT_INTERVAL_S
    #: Whether the answer depends on the active window (re-read when it changes).
    window_dependent: bool = False
    _last_at: float | None = field(default=None, init=False)
    _last: bool | None = field(default=None, init=False)
    _last_window: WindowInfo | None = field(default=None, init=False)
    _failed: bool = field(default=False, init=False)

    def poll(self, now: float, window: WindowInfo | None) -> bool | None:
        fresh = self._last_at is not None and 0 <= now - self._last_at < self.interval_s
        if fresh and not (self.window_dependent and window != self._last_window):
            return self._last
        try:
            value = self.read(window)
        except Exception as exc:  # fail safe: unknown, never quiet
            if not self._failed:
                log.warning("quiet signal %r failed, treated as unknown: %s", self.reason, exc)
            self._failed = True
            value = None
        else:
            self._failed = False
        self._last_at, self._last, self._last_window = now, value, window
        return value


class QuietSignals:
    """The probes of one platform behind one call: `read(now, window) -> QuietState`."""

    def __init__(self, probes: Sequence[Probe]) -> None:
        self.probes = list(probes)

    def read(self, now: float, window: WindowInfo | None = None) -> QuietState:
        held: dict[Signal, bool] = {s: False for s in Signal}
        reasons: list[str] = []
        for probe in self.probes:
            if probe.poll(now, window) is True:
                held[probe.signal] = True
                reasons.append(probe.reason)
        return QuietState(
            fullscreen=held[Signal.FULLSCREEN],
            in_call=held[Signal.IN_CALL],
            dnd=held[Signal.DND],
            reasons=tuple(reasons),
        )

    def close(self) -> None:
        """Close what the probes hold open (an X connection, a D-Bus connection)."""
        for probe in self.probes:
            close = getattr(probe.read, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:
                    log.debug("closing quiet probe %r failed", probe.reason, exc_info=True)
