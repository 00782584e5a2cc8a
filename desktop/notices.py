"""What the tray shows for each coach event and state: pure functions from events to Notices
and text (no widgets), so the controller only routes. Strings stay in the tray's translation
context ("TrayController"), spelled out so pyside6-lupdate finds them."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from focuscoach.core import i18n
from focuscoach.core.coaching.daily_summary import DailySummaryDue
from focuscoach.core.coaching.drift import DriftNudgeDue
from focuscoach.core.coaching.events import (
    BlockEnded,
    BlockStarted,
    BreakDue,
    BreakEnded,
    BreakKind,
    CoachEvent,
    NudgeDue,
)
from focuscoach.core.coaching.nudges import NudgeAnswer
from focuscoach.core.coaching.review_prompt import ReviewDue
from focuscoach.core.quiet.state import shown_reason
from focuscoach.core.reports.daily_summary import summary_text
from focuscoach.core.runtime import AppState, Status
from focuscoach.desktop.notify import (
    Answer,
    BreakAction,
    Notice,
    NoticeKind,
    ReviewAction,
    SummaryAction,
)

if TYPE_CHECKING:
    from focuscoach.desktop.attention_strip import Strip

_tr = QCoreApplication.translate


def clock(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%H:%M")


def duration(seconds: float) -> str:
    """Whole minutes in the app's language (core's catalogue): "1 h 05 min", "1小时05分钟"."""
    return i18n.duration(int(seconds // 60))


def span(seconds: float) -> str:
    """A setting's length on a button, exactly: "30 s", "1 min", "1 min 30 s", "2 h 5 min"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(_tr("TrayController", "{n} h").format(n=hours))
    if minutes:
        parts.append(_tr("TrayController", "{n} min").format(n=minutes))
    if secs or not parts:
        parts.append(_tr("TrayController", "{n} s").format(n=secs))
    return " ".join(parts)


def describe(status: Status) -> str:
    """The menu's first line: what the app is doing."""
    if status.state is AppState.PAUSED:
        return _tr("TrayController", "Recording paused until {time}").format(
            time=clock(status.paused_until or 0)
        )
    if status.state is AppState.BREAK:
        return _tr("TrayController", "On a break until {time}").format(
            time=clock(status.break_end or 0)
        )
    if status.state is AppState.FOCUS:
        what = status.block_title or _tr("TrayController", "focus block")
        return _tr("TrayController", "Focus: {what} until {time}").format(
            what=what, time=clock(status.block_end or 0)
        )
    return _tr("TrayController", "Recording")


def tooltip(status: Status) -> str:
    """The tray icon's tooltip, all of it in the app's language: the quiet reasons (core's
    English words, kept so for the log) through core's catalogue."""
    name = _tr("TrayController", "Focus Coach")
    focused = _tr("TrayController", "Focused today: {time}").format(
        time=duration(status.focused_today_s)
    )
    lines = [f"{name} — {describe(status)}", focused]
    if status.model_warning:  # a broken trained model: say so; the details (paths) are logged
        lines.append(
            "⚠ "
            + _tr(
                "TrayController",
                "The trained model could not be read; the shipped model is used (see the log).",
            )
        )
    if status.quiet:  # fullscreen, a call, Do Not Disturb: nothing will interrupt
        reasons = _tr("TrayController", ", ").join(shown_reason(r) for r in status.quiet)
        lines.append(_tr("TrayController", "Quiet: {reasons}").format(reasons=reasons))
    return "\n".join(lines)


def break_notice(event: BreakDue, postpone_s: float) -> Notice:
    """The reminder; `postpone_s` is the Postpone setting, named on its button."""
    body = (
        _tr("TrayController", "Time for a {n}-minute break.").format(n=round(event.duration_s / 60))
        if event.break_kind is BreakKind.LONG
        else _tr("TrayController", "Time for a {n}-second eye break.").format(
            n=round(event.duration_s)
        )
    )
    actions: list[tuple[Answer, str]] = [(BreakAction.START, _tr("TrayController", "Start break"))]
    if event.postpones_left > 0:
        postpone = _tr("TrayController", "Postpone {time}").format(time=span(postpone_s))
        actions.append((BreakAction.POSTPONE, postpone))
    actions.append((BreakAction.SKIP, _tr("TrayController", "Skip")))
    title = _tr("TrayController", "Break")
    return Notice(NoticeKind.BREAK, title, body, tuple(actions), 120_000)


def nudge_notice(event: NudgeDue, snooze_s: float, strip: Strip | None = None) -> Notice:
    """The nudge; `snooze_s` is the Snooze setting, named on its button; `strip`: what the
    model looked at (a forecast's attention strip). A drift nudge has its own message and
    answers (`drift_notice`)."""
    if isinstance(event, DriftNudgeDue):
        return drift_notice(event, snooze_s)
    body = event.explanation
    if event.task_title:
        back = _tr("TrayController", "Back to “{task}”?").format(task=event.task_title)
        body = back + "\n" + body
    actions: tuple[tuple[Answer, str], ...] = (
        (NudgeAnswer.BACK_TO_TASK, _tr("TrayController", "Back to task")),
        (
            NudgeAnswer.SNOOZE,
            _tr("TrayController", "Snooze {time}").format(time=span(snooze_s)),
        ),
        (NudgeAnswer.NOT_DISTRACTED, _tr("TrayController", "I wasn't distracted")),
    )
    title = _tr("TrayController", "Drifting off?")
    return Notice(NoticeKind.NUDGE, title, body, actions, 60_000, strip)


def drift_notice(event: DriftNudgeDue, snooze_s: float) -> Notice:
    """The drift rule's nudge (core.coaching.drift) says what happened, with the facts: "12 min
    on YouTube during “Write report”". Its answers are the nudge answers, labelled for what
    happened: back to work (I was distracted), it's work (I was not), not now (snooze)."""
    minutes = int(event.distracted_s // 60)
    spent = span(minutes * 60 if minutes else event.distracted_s)
    if event.task_title:
        body = _tr("TrayController", "{time} on {what} during “{task}”.").format(
            time=spent, what=event.what, task=event.task_title
        )
    elif event.in_block:
        body = _tr("TrayController", "{time} on {what} during this focus block.").format(
            time=spent, what=event.what
        )
    else:
        body = _tr("TrayController", "{time} on {what}.").format(time=spent, what=event.what)
    actions: tuple[tuple[Answer, str], ...] = (
        (NudgeAnswer.BACK_TO_TASK, _tr("TrayController", "Back to work")),
        (NudgeAnswer.NOT_DISTRACTED, _tr("TrayController", "It's work")),
        (
            NudgeAnswer.SNOOZE,
            _tr("TrayController", "Not now ({time})").format(time=span(snooze_s)),
        ),
    )
    title = _tr("TrayController", "Time to refocus?")
    return Notice(NoticeKind.NUDGE, title, body, actions, 60_000)


def review_notice(event: ReviewDue) -> Notice:
    body = _tr("TrayController", "Your week {week} is done. See where your focus went?").format(
        week=event.week
    )
    actions = ((ReviewAction.OPEN, _tr("TrayController", "Open weekly review")),)
    title = _tr("TrayController", "Weekly review")
    return Notice(NoticeKind.REVIEW, title, body, actions, 300_000)


def daily_summary_notice(event: DailySummaryDue, tz: tzinfo | None = None) -> Notice:
    """The end-of-day summary: its text is composed in core in the app's language
    (core/reports/daily_summary.py, clock times in `tz`); one button opens Today."""
    title, body = summary_text(event.summary(), tz)
    actions = ((SummaryAction.OPEN_TODAY, _tr("TrayController", "Open Today")),)
    return Notice(NoticeKind.SUMMARY, title, body, actions, 300_000)


def info_notice(event: CoachEvent) -> Notice | None:
    """The short notices without buttons (block and break edges)."""
    if isinstance(event, BreakEnded):
        title = _tr("TrayController", "Break over")
        return Notice(
            NoticeKind.BREAK_OVER, title, _tr("TrayController", "Welcome back."), timeout_ms=8000
        )
    if isinstance(event, BlockStarted):
        what = event.title or _tr("TrayController", "focus block")
        body = _tr("TrayController", "{what} until {time}").format(what=what, time=clock(event.end))
        title = _tr("TrayController", "Focus block started")
        return Notice(NoticeKind.BLOCK, title, body, timeout_ms=8000)
    if isinstance(event, BlockEnded):
        title = _tr("TrayController", "Focus block done")
        return Notice(NoticeKind.BLOCK, title, _tr("TrayController", "Nice work."), timeout_ms=8000)
    return None
