"""When the coach must hold its tongue: one interruption at a time, calm after each.

The coach's policies already wait while the user is away, fullscreen or in a meeting (and,
through `Observation.dnd`, under Do Not Disturb). This gate adds what spans policies:

- One interruption at a time: nothing new while a break reminder, nudge or check-in waits
  for an answer (for at most `notice_timeout_s`: a notice nobody answers has expired or
  been dismissed), while a Focus Coach window is open (`window_opened`/`window_closed`),
  or while a break runs.
- Calm: nothing new within `calm_gap_s` (2 min) after the last interruption ended (a notice
  shown or answered, a window closed, a break ended).
- A check-in never during a break, nor within `checkin_after_break_s` (5 min) after one
  ended (a break taken, or time away counted as one).

What is held is not lost or burst out later: a due break stays pending in the break policy
and is shown once the gate opens (deferred); a check-in likewise waits; a nudge's
breakpoint passes unscored (dropped), so no stale nudge comes afterwards.

Pure: every call takes `now`; the coach feeds it every event it emits (`note`), and calls
`hold()` before each policy step. Not thread-safe: CoachRunner serialises calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .events import (
    BreakDue,
    BreakEnded,
    BreakPostponed,
    BreakSkipped,
    BreakStarted,
    BreakTakenAway,
    CheckInAnswered,
    CheckInDue,
    CheckInSkipped,
    CoachEvent,
    NudgeAnswered,
    NudgeDue,
)


class Interruption(StrEnum):
    BREAK = "break"
    NUDGE = "nudge"
    CHECKIN = "checkin"


@dataclass(frozen=True, slots=True)
class QuietSettings:
    calm_gap_s: float = 2 * 60
    checkin_after_break_s: float = 5 * 60
    notice_timeout_s: float = 4 * 60
    #: A window reported open and never reported closed (a crash in the UI) stops holding
    #: anything after this long: a lost message must not silence the coach for good.
    window_timeout_s: float = 15 * 60


@dataclass(slots=True)
class QuietGate:
    settings: QuietSettings = field(default_factory=QuietSettings)
    #: Notices shown and not yet answered: kind -> when shown.
    waiting: dict[Interruption, float] = field(default_factory=dict)
    windows_open: int = 0
    windows_since: float | None = None
    #: When the last interruption ended; the calm gap counts from here.
    calm_from: float | None = None
    last_break_end: float | None = None

    # --- what happened -----------------------------------------------------------------

    def _calm(self, at: float) -> None:
        self.calm_from = at if self.calm_from is None else max(self.calm_from, at)

    def _answered(self, kind: Interruption, at: float) -> None:
        self.waiting.pop(kind, None)
        self._calm(at)

    def note(self, event: CoachEvent) -> None:
        """Follow one event the coach emitted (noting the same event twice changes nothing)."""
        at = event.at
        if isinstance(event, BreakDue):
            self.waiting[Interruption.BREAK] = at
            self._calm(at)
        elif isinstance(event, NudgeDue):
            self.waiting[Interruption.NUDGE] = at
            self._calm(at)
        elif isinstance(event, CheckInDue):
            self.waiting[Interruption.CHECKIN] = at
            self._calm(at)
        elif isinstance(event, BreakStarted | BreakPostponed | BreakSkipped):
            self._answered(Interruption.BREAK, at)
        elif isinstance(event, BreakEnded):
            self._calm(at)
            self.last_break_end = (
                at if self.last_break_end is None else max(self.last_break_end, at)
            )
        elif isinstance(event, BreakTakenAway):
            self.waiting.pop(Interruption.BREAK, None)
            self.last_break_end = (
                at if self.last_break_end is None else max(self.last_break_end, at)
            )
        elif isinstance(event, NudgeAnswered):
            self._answered(Interruption.NUDGE, at)
        elif isinstance(event, CheckInAnswered | CheckInSkipped):
            self._answered(Interruption.CHECKIN, at)

    def note_all(self, events: Iterable[CoachEvent]) -> None:
        for event in events:
            self.note(event)

    def window_opened(self, now: float) -> None:
        """A Focus Coach window waiting for the user opened (mood, break countdown...)."""
        self.windows_open += 1
        self.windows_since = now
        self._calm(now)

    def window_closed(self, now: float) -> None:
        self.windows_open = max(0, self.windows_open - 1)
        self._calm(now)

    def withdrawn(self, kind: Interruption, now: float) -> None:
        """A notice was closed without an answer (dismissed, or withdrawn by the app)."""
        self._answered(kind, now)

    # --- the decision ------------------------------------------------------------------

    def _expire(self, now: float) -> None:
        timeout = self.settings.notice_timeout_s
        for kind, shown in list(self.waiting.items()):
            if now - shown >= timeout:  # ignored: calm counts from when it was shown
                del self.waiting[kind]
        since = self.windows_since
        if (
            self.windows_open
            and since is not None
            and now - since >= self.settings.window_timeout_s
        ):
            self.windows_open = 0

    def hold(self, kind: Interruption, now: float, *, on_break: bool = False) -> str | None:
        """Why `kind` must not interrupt now, or None when it may. `on_break`: a break
        runs (the break policy's state, which knows when it ends)."""
        self._expire(now)
        s = self.settings
        if on_break:
            return "on a break"
        # A notice of the same kind is replaced by the new one (a long break reminder
        # supersedes an unanswered micro one), so only the others hold it back.
        others = [k for k in self.waiting if k is not kind]
        if others:
            return f"a {others[0].value} notice is waiting for an answer"
        if self.windows_open:
            return "a Focus Coach window is open"
        if self.calm_from is not None and now - self.calm_from < s.calm_gap_s:
            return "calm after the last interruption"
        if (
            kind is Interruption.CHECKIN
            and self.last_break_end is not None
            and now - self.last_break_end < s.checkin_after_break_s
        ):
            return "just back from a break"
        return None


#: The gate switched off (every rule at zero): only a running break holds anything.
QUIET_OFF = QuietSettings(
    calm_gap_s=0.0, checkin_after_break_s=0.0, notice_timeout_s=0.0, window_timeout_s=0.0
)
