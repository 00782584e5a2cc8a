"""What the tray does when the coach speaks, and with the user's answers (a part of
TrayController, kept apart so the tray's menu and its prompts each stay readable).

Every notice follows the coach's state: a break reminder is withdrawn once the break starts,
is skipped or was taken away from the keyboard; the countdown (the small window, or the break
screen over every monitor with `[breaks] screen`) closes when the break ends, whether its time
ran out, the user said "Back to work", or skipped or postponed it on the break screen (then no
"Break over" follows).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from focuscoach.core.coaching.daily_summary import DailySummaryDue
from focuscoach.core.coaching.drift import DriftNudgeDue
from focuscoach.core.coaching.events import (
    BreakDue,
    BreakEnded,
    BreakKind,
    BreakSkipped,
    BreakStarted,
    BreakTakenAway,
    CheckInDue,
    CoachEvent,
    NudgeDue,
)
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.coaching.review_prompt import ReviewDue
from focuscoach.core.records import StripSegment
from focuscoach.core.reports.week import Week
from focuscoach.core.runtime import App
from focuscoach.core.runtime.attention import NUDGE_STRIP_S
from focuscoach.desktop import notices
from focuscoach.desktop.notify import (
    Answer,
    BreakAction,
    NoticeKind,
    Notifier,
    ReviewAction,
    SummaryAction,
)
from focuscoach.desktop.ops import Future, command
from focuscoach.desktop.tray_windows import warm_review

log = logging.getLogger("focuscoach.desktop")
T = TypeVar("T")


class CoachPrompts:
    """Mixed into TrayController (which provides the attributes declared here)."""

    app: App
    notifier: Notifier
    windows: dict[str, QWidget]
    _review_week: Week | None

    def refresh(self) -> None:
        raise NotImplementedError

    def _do(
        self, start: Callable[[], Future[T]], then: Callable[[T], object] = lambda _r: None
    ) -> Future[T]:
        raise NotImplementedError

    def _review_window(self, week: Week | None = None) -> QWidget:
        raise NotImplementedError

    def open_window(self, name: str) -> QWidget | None:
        raise NotImplementedError

    def _close(self, name: str) -> None:
        window = self.windows.pop(name, None)
        if window is not None:
            window.close()

    # --- the coach speaks ----------------------------------------------------------------

    def on_event(self, event: CoachEvent) -> None:
        if isinstance(event, BreakDue):
            coaching = self.app.settings.coaching
            self.notifier.show(notices.break_notice(event, coaching.postpone_s))
        elif isinstance(event, NudgeDue):
            self.show_nudge(event)
        elif isinstance(event, CheckInDue):
            self.show_mood(event.reason)
        elif isinstance(event, ReviewDue):
            self.notify_review(event)
        elif isinstance(event, DailySummaryDue):
            self.notifier.show(notices.daily_summary_notice(event, self.app.tz))
        elif isinstance(event, BreakStarted):
            self.notifier.withdraw(NoticeKind.BREAK)  # started from the menu: it is answered
            self.show_break(event)
        elif isinstance(event, BreakSkipped | BreakTakenAway):
            self.notifier.withdraw(NoticeKind.BREAK)  # no longer applies
        elif isinstance(event, BreakEnded):
            self._close("break")
            self.notifier.withdraw(NoticeKind.BREAK)
            if not event.early:  # "Back to work" needs no "Break over"
                self._info(event)
        else:
            self._info(event)
        self.refresh()

    def show_nudge(self, event: NudgeDue) -> None:
        """A forecast nudge shows what the model looked at (its attention strip), computed off
        this thread once it is due (a few ms); a drift nudge, or an app without a model, at once."""
        snooze_s = self.app.settings.coaching.snooze_s
        if isinstance(event, DriftNudgeDue) or not self.app.attention.available:
            self.notifier.show(notices.nudge_notice(event, snooze_s))
            return
        from focuscoach.desktop.attention_strip import strip_of  # painted only for a nudge

        start = event.at - NUDGE_STRIP_S

        def shown(segments: list[StripSegment] | None) -> None:
            strip = strip_of(segments, start, event.at)
            self.notifier.show(notices.nudge_notice(event, snooze_s, strip))

        def failed(exc: BaseException) -> None:
            log.warning("attention strip failed: %s", exc)
            self.notifier.show(notices.nudge_notice(event, snooze_s))

        compute = lambda: self.app.attention_strip(event.at, NUDGE_STRIP_S)  # noqa: E731
        command(cast(QObject, self), compute).success(shown).failure(failed).run()

    def _info(self, event: CoachEvent) -> None:
        notice = notices.info_notice(event)
        if notice is not None:
            self.notifier.show(notice)

    def on_answer(self, tag: NoticeKind, answer: Answer | None) -> None:
        log.info("answer to %s: %r", tag, answer)
        if answer is None:
            return
        if isinstance(answer, NudgeAnswer):
            self._do(
                lambda: self.app.answer_nudge(answer),
                lambda label: log.info("nudge label stored: %s", label),
            )
        elif answer is ReviewAction.OPEN:
            self._open_prompted_review()
        elif answer is SummaryAction.OPEN_TODAY:
            self.open_window("today")
        elif answer is BreakAction.START:
            self._do(self.app.take_break)
        elif answer is BreakAction.POSTPONE:
            self._do(self.app.postpone_break)
        elif answer is BreakAction.SKIP:
            self._do(self.app.skip_break)
        self.refresh()

    # --- breaks --------------------------------------------------------------------------

    def show_break(self, event: BreakStarted) -> None:
        """The break screen over every monitor when `[breaks] screen` is on, else (and after
        Esc on the screen) the small countdown window."""
        self._close("break")
        if self.app.settings.coaching.break_screen:
            self._show_break_screen(event)
        else:
            self._show_break_window(event)

    def _show_break_window(self, event: BreakStarted) -> None:
        from focuscoach.desktop.breaks import BreakWindow

        window = BreakWindow(event.until, event.break_kind is BreakKind.LONG)
        window.ended_early.connect(self.end_break)
        self.windows["break"] = window
        window.show()

    def _show_break_screen(self, event: BreakStarted) -> None:
        from focuscoach.desktop.break_screen import BreakScreen

        screen = BreakScreen(
            event.until,
            event.break_kind is BreakKind.LONG,
            self.app.running_break(),
            self.app.settings.coaching.postpone_s,
        )
        screen.postpone_requested.connect(lambda: self._do(self.app.postpone_running_break))
        screen.skip_requested.connect(lambda: self._do(self.app.skip_running_break))
        screen.escaped.connect(lambda: self._break_screen_left(screen, event))
        self.windows["break"] = screen
        screen.open()

    def _break_screen_left(self, screen: QWidget, event: BreakStarted) -> None:
        """Esc on the break screen: the break goes on in the small countdown window."""
        if self.windows.get("break") is screen:
            self.windows.pop("break")
            self._show_break_window(event)

    def end_break(self) -> Future[bool]:
        """ "Back to work" in the countdown, or "End break" in the menu: the coach ends the
        break (its state, timers and the tray follow; no "Break over" comes later)."""
        return self._do(self.app.end_break)

    # --- the mood check-in ---------------------------------------------------------------

    def show_mood(self, reason: str) -> QWidget:
        from focuscoach.desktop.mood import MoodDialog

        old = self.windows.get("mood")
        if old is not None and old.isVisible():
            return old
        dialog = MoodDialog(reason)
        dialog.submitted.connect(
            lambda mood, energy, note: self._do(
                lambda: self.app.log_mood(mood, energy or None, note)
            )
        )
        if reason:  # asked by the coach: skipping is an answer too
            dialog.skipped.connect(lambda: self._do(self.app.skip_checkin))
        # While it is open nothing else interrupts (core.coaching.quiet).
        self._do(lambda: self.app.coach_window(True))
        dialog.finished.connect(lambda _result: self._do(lambda: self.app.coach_window(False)))
        self.windows["mood"] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    # --- the end-of-week prompt (a coach policy: coaching/review_prompt.py) ---------------

    def notify_review(self, event: ReviewDue) -> None:
        self._review_week = Week.parse(event.week)
        self.notifier.show(notices.review_notice(event))
        warm_review(self.app)  # the review is likely opened from the notice: load its charts

    def _open_prompted_review(self) -> None:
        self._close("review")
        window = self._review_window(self._review_week)
        self.windows["review"] = window
        window.show()
        window.raise_()
        window.activateWindow()
