"""The attention strip on the desktop (issue 13): the painted segments (category colour, the
model's attention as intensity, distracting windows edged), their tooltips and the empty state;
the strip in the forecast nudge's window (computed from the store with the active model when
the nudge is shown) and in the Today window for the last hour."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from focuscoach.core import config
from focuscoach.core.coaching.drift import DriftNudgeDue
from focuscoach.core.coaching.events import NudgeDue
from focuscoach.core.paths import Paths
from focuscoach.core.records import StripSegment
from focuscoach.core.runtime import App, Runtime
from focuscoach.core.runtime.attention import NUDGE_STRIP_S, TODAY_STRIP_S
from focuscoach.core.store.history import insert_windows
from focuscoach.desktop import notices
from focuscoach.desktop.attention_strip import (
    DISTRACTING_EDGE,
    AttentionPanel,
    AttentionStrip,
    Strip,
)
from focuscoach.desktop.notify import ActionWindow, NoticeKind, TrayNotifier
from focuscoach.desktop.timeline import category_color
from focuscoach.desktop.today import AttentionLoad, TodayWindow
from tests.desktop.conftest import delete_now, settle
from tests.desktop.test_today import FakeApp, _now_submit
from tests.fakes import ScriptedBackend
from tests.reports.test_today import TZ, at

T = 1_700_000_000.0


def _segments(end: float = T) -> tuple[StripSegment, ...]:
    """Code for 15 min (little attention), YouTube for 10 (the most), code again for 5."""
    return (
        StripSegment(end - 1800, end - 900, "code", "Work › Programming", False, 0.0, 0.1),
        StripSegment(end - 900, end - 300, "YouTube", "Distracting › Video", True, 1.0, 0.4),
        StripSegment(end - 300, end, "code", "Work › Programming", False, 0.5, 0.2),
    )


def _render(strip: AttentionStrip) -> QImage:
    strip.resize(600, strip.minimumHeight())
    image = QImage(strip.size(), QImage.Format.Format_RGB32)
    strip.render(image)
    return image


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_segments_are_painted_in_their_category_colour_as_strong_as_the_attention(
    qtbot: QtBot,
) -> None:
    strip = AttentionStrip(Strip(_segments(), T - 1800, T))
    qtbot.addWidget(strip)
    image = _render(strip)
    base = strip.palette().base().color()
    middle = strip.BAR_H // 2
    x_youtube = round(strip._x(T - 600))
    x_first = round(strip._x(T - 1350))
    x_last = round(strip._x(T - 150))
    # Full attention: the category's own colour; none: faint, near the background.
    assert image.pixelColor(x_youtube, middle) == category_color("Distracting › Video")
    work = category_color("Work › Programming")
    faint, half = image.pixelColor(x_first, middle), image.pixelColor(x_last, middle)
    assert _distance(faint, base) < _distance(half, base) < _distance(work, base)
    assert _distance(half, work) < _distance(faint, work)
    # The distracting window is edged below; the others are not.
    edge_y = strip.BAR_H - 3
    assert image.pixelColor(x_youtube, edge_y) == QColor(DISTRACTING_EDGE)
    assert image.pixelColor(x_last, edge_y) != QColor(DISTRACTING_EDGE)
    assert [segment.name for _r, _c, segment in strip.rects()] == ["code", "YouTube", "code"]
    assert strip.ago_text() == "30 min ago"


def test_each_segment_has_a_tooltip_and_the_axis_none(qtbot: QtBot) -> None:
    strip = AttentionStrip(Strip(_segments(), T - 1800, T))
    qtbot.addWidget(strip)
    strip.resize(600, strip.minimumHeight())
    assert strip.describe_at(strip._x(T - 600)) == (
        "YouTube (Distracting › Video)\n10 min, 40% of the attention"
    )
    assert strip.describe_at(strip._x(T - 150)) == (
        "code (Work › Programming)\n5 min, 20% of the attention"
    )
    short = StripSegment(T - 20, T, "xterm", "Work › Programming", False, 1.0, 0.05)
    strip.set_strip(Strip((short,), T - 1800, T))
    assert strip.describe_at(strip._x(T - 10)) == (
        "xterm (Work › Programming)\n20 s, 5% of the attention"
    )
    assert strip.describe_at(strip._x(T - 900)) == ""


def test_an_empty_strip_says_so(qtbot: QtBot) -> None:
    strip = AttentionStrip(Strip((), T - 3600, T))
    qtbot.addWidget(strip)
    image = _render(strip)
    base = strip.palette().base().color()
    bar = [image.pixelColor(x, y) for x in range(600) for y in range(2, strip.BAR_H - 2)]
    assert any(c != base for c in bar)  # the text is drawn
    assert strip.rects() == [] and strip.describe_at(300) == ""
    assert strip.empty_text() == "Nothing recorded in this time"
    assert strip.ago_text() == "60 min ago"


def _panels(window: ActionWindow) -> list[AttentionPanel]:
    return window.findChildren(AttentionPanel)


def test_the_forecast_nudge_window_shows_the_strip_under_its_text(qtbot: QtBot) -> None:
    notifier = TrayNotifier(None)
    try:
        event = NudgeDue(T, 0.9, "after 10 min in YouTube", None, "")
        notifier.show(notices.nudge_notice(event, 600, Strip(_segments(), T - 1800, T)))
        window = notifier.windows[NoticeKind.NUDGE]
        (panel,) = _panels(window)
        assert panel.strip.segments == _segments()
        assert panel.caption.text() == "What the model looked at:"
        # Without a strip (no model, a drift nudge) the window has none.
        notifier.show(notices.nudge_notice(event, 600))
        assert _panels(notifier.windows[NoticeKind.NUDGE]) == []
        drift = DriftNudgeDue(T, 1.0, "", None, "", 300.0, "YouTube")
        assert notices.nudge_notice(drift, 600).strip is None
    finally:
        notifier.close_all()
        delete_now()


def _store_last_half_hour(app: App, now: float) -> None:
    rows = [
        (now - 1700.0 + 60.0 * k, now - 1640.0 + 60.0 * k, *pair)
        for k, pair in enumerate(
            [("code", "main.py - VS Code"), ("firefox", "Cats - YouTube — Mozilla Firefox")] * 14
        )
    ]

    def write(db: sqlite_utils.Database) -> None:
        insert_windows(db.conn, rows)

    app.write(write).result(10)


@pytest.fixture
def live_app(paths: Paths) -> Iterator[App]:
    """An app scoring with the live detector (the shipped prior in a fresh home)."""
    settings = config.parse(
        {
            "recording": {"poll_interval": 0.1},
            "breaks": {"enabled": False},
            "checkins": {"enabled": False},
        }
    )
    backend = ScriptedBackend()
    running = App(
        Runtime(paths, settings, backend_factory=lambda: (backend, None), input_monitor=False)
    ).start()
    yield running
    running.close()


def test_the_tray_shows_a_forecast_nudge_with_what_the_model_looked_at(
    live_app: App, qtbot: QtBot
) -> None:
    from focuscoach.desktop.tray import TrayController

    now = time.time()
    _store_last_half_hour(live_app, now)
    controller = TrayController(live_app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        notifier = controller.notifier
        assert isinstance(notifier, TrayNotifier)
        controller.on_event(NudgeDue(now, 0.9, "switched 14 times in 5 min", None, ""))
        qtbot.waitUntil(lambda: NoticeKind.NUDGE in notifier.windows, timeout=30_000)
        window = notifier.windows[NoticeKind.NUDGE]
        assert window.windowTitle() == "Drifting off?"
        (panel,) = _panels(window)
        strip = panel.strip.strip
        assert (strip.start, strip.end) == (now - NUDGE_STRIP_S, now)
        stored = [s for s in strip.segments if s.name in ("code", "YouTube")]
        assert len(stored) == 28
        # Besides them only the scripted backend's live window, recorded since the start.
        assert all(s.start > now - 60 for s in strip.segments if s not in stored)
        assert {s.distracting for s in stored if s.name == "YouTube"} == {True}
        assert max(s.weight for s in strip.segments) == 1.0
    finally:
        controller.shutdown()
        settle(qtbot)
        delete_now()


def _attention(
    segments: list[StripSegment] | None,
) -> tuple[list[float], AttentionLoad]:
    asked: list[float] = []

    def load(now: float) -> concurrent.futures.Future[list[StripSegment] | None]:
        asked.append(now)
        return _now_submit(lambda: segments)

    return asked, load


def test_the_today_window_shows_the_last_hour_s_strip_when_a_model_scores(qtbot: QtBot) -> None:
    fake = FakeApp()
    segments = list(_segments(at(10, 55)))
    asked, load = _attention(segments)
    window = TodayWindow(
        fake.load, _now_submit, fake.start_block, TZ, clock=lambda: at(10, 55), attention=load
    )
    qtbot.addWidget(window)
    window.show()
    settle(qtbot)
    try:
        assert asked == [at(10, 55)]
        assert window.attention_heading.isVisible() and window.attention_strip.isVisible()
        assert window.attention_heading.text() == "What the model looked at in the last hour"
        strip = window.attention_strip.strip
        assert strip == Strip(tuple(segments), at(10, 55) - TODAY_STRIP_S, at(10, 55))
        # No model (an injected scorer): no strip, and none without the App's attention.
        window.show_attention(None, at(10, 56))
        assert not window.attention_heading.isVisible()
        assert not window.attention_strip.isVisible()
    finally:
        window.close()
    plain = TodayWindow(fake.load, _now_submit, fake.start_block, TZ, clock=lambda: at(10, 55))
    qtbot.addWidget(plain)
    plain.show()
    settle(qtbot)
    try:
        assert not plain.attention_strip.isVisible()
    finally:
        plain.close()


def test_today_from_the_tray_shows_the_live_model_s_strip(live_app: App, qtbot: QtBot) -> None:
    from focuscoach.desktop.tray import TrayController

    now = time.time()
    _store_last_half_hour(live_app, now)
    controller = TrayController(live_app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.today_action.trigger()
        window = controller.windows["today"]
        assert isinstance(window, TodayWindow)
        qtbot.waitUntil(lambda: window.attention_strip.isVisible(), timeout=30_000)
        strip = window.attention_strip.strip
        assert strip.end - strip.start == TODAY_STRIP_S and strip.end >= now
        assert {"code", "YouTube"} <= {s.name for s in strip.segments}
        assert max(s.weight for s in strip.segments) == 1.0
    finally:
        controller.shutdown()
        settle(qtbot)
        delete_now()


def test_no_strip_in_the_nudge_when_no_model_scores(app: App, qtbot: QtBot) -> None:
    """The conftest's app scores with an injected scorer: the nudge comes at once, plain."""
    from focuscoach.desktop.tray import TrayController

    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        notifier = controller.notifier
        assert isinstance(notifier, TrayNotifier)
        controller.on_event(NudgeDue(time.time(), 0.9, "drifting", None, ""))
        window = notifier.windows[NoticeKind.NUDGE]  # shown at once, no strip to wait for
        assert _panels(window) == []
    finally:
        controller.shutdown()
        settle(qtbot)
        delete_now()


def test_a_tooltip_event_shows_the_segment(qtbot: QtBot) -> None:
    strip = AttentionStrip(Strip(_segments(), T - 1800, T))
    qtbot.addWidget(strip)
    strip.resize(600, strip.minimumHeight())
    strip.show()
    pos = QPoint(round(strip._x(T - 600)), strip.BAR_H // 2)
    QApplication.sendEvent(strip, QHelpEvent(QEvent.Type.ToolTip, pos, strip.mapToGlobal(pos)))
    assert QToolTip.text() == "YouTube (Distracting › Video)\n10 min, 40% of the attention"
    QToolTip.hideText()
    strip.close()
