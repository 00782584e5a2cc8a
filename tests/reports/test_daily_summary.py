"""The end-of-day summary's figures and text (core/reports/daily_summary.py), read from a real
store: time focused as Today counts it, the longest focused stretch as the weekly review counts
it, tomorrow's first planned block; the text in English and in Chinese, units in each form."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core import i18n
from focuscoach.core.categories import default_categorizer
from focuscoach.core.records import StoredBlock, StoredPlan
from focuscoach.core.reports.daily_summary import (
    ZH_CN,
    DaySummary,
    load_day_summary,
    summary_text,
)
from focuscoach.core.store import history, plans
from focuscoach.core.store.database import open_database

TZ = ZoneInfo("Europe/Berlin")
WEDNESDAY = date(2026, 3, 4)
THURSDAY = date(2026, 3, 5)


def at(day: date, hour: int, minute: int = 0) -> float:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ).timestamp()


def w(hour: int, minute: int = 0) -> float:
    return at(WEDNESDAY, hour, minute)


def _seed(path: Path, *, tomorrow: bool = True) -> None:
    db = open_database(path)
    try:
        with db.conn:
            history.insert_windows(
                db.conn,
                [
                    (w(9), w(9, 50), "code", "report.tex"),  # 50 min focused: the longest
                    (w(9, 50), w(10), "firefox", "YouTube - cats"),  # distracting
                    (w(10), w(10, 30), "code", "report.tex"),  # 30 min
                    (w(13), w(14), "vim", "notes"),  # 60 min, 5 of them away
                    (w(17, 40), w(18), "code", "report.tex"),  # after `now`: not counted
                ],
            )
            db.conn.execute(
                "INSERT INTO afk_spans (start, stop, afk) VALUES (?, ?, 1)", [w(13, 20), w(13, 25)]
            )
        plans.save_plan(
            db,
            StoredPlan(
                WEDNESDAY,
                w(8),
                (
                    StoredBlock(w(9), w(10), "focus", None, "Write report"),
                    StoredBlock(w(13), w(14), "focus", None, "Notes"),
                ),
            ),
        )
        if tomorrow:
            plans.save_plan(
                db,
                StoredPlan(
                    THURSDAY,
                    w(17),
                    (
                        StoredBlock(at(THURSDAY, 9, 30), at(THURSDAY, 10), "break", None, ""),
                        StoredBlock(at(THURSDAY, 10), at(THURSDAY, 11), "focus", 1, "Write"),
                        StoredBlock(
                            at(THURSDAY, 9, 45), at(THURSDAY, 10), "meeting", None, "Standup"
                        ),
                    ),
                ),
            )
    finally:
        db.close()


def _load(path: Path, now: float) -> DaySummary:
    db = open_database(path, readonly=True)
    try:
        return load_day_summary(db, WEDNESDAY, now, TZ, default_categorizer())
    finally:
        db.close()


def test_the_figures_come_from_the_store(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    _seed(path)
    summary = _load(path, w(17, 30))
    assert summary.focused_s == (50 + 30 + 55) * 60
    assert summary.planned_focus_s == 2 * 3600
    assert summary.active_s == (50 + 10 + 30 + 55) * 60
    # A run of focused windows ends at a distraction longer than a minute or at time away.
    assert (summary.longest_s, summary.longest_start) == (50 * 60, w(9))
    # Tomorrow's first focus block or meeting (a planned break does not open a day).
    assert (summary.next_start, summary.next_kind, summary.next_title) == (
        at(THURSDAY, 9, 45),
        "meeting",
        "Standup",
    )
    assert not summary.empty


def test_the_text_in_english_and_chinese(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    _seed(path)
    summary = _load(path, w(17, 30))
    title, body = summary_text(summary, TZ)
    assert title == "Your day"
    assert body.splitlines() == [
        "Focused 2 h 15 min of 2 h 00 min planned.",
        "Longest focused stretch: 50 min, from 09:00.",
        "Tomorrow: Standup at 09:45.",
    ]
    with i18n.language("zh_CN"):
        title, body = summary_text(summary, TZ)
    assert title == "今日小结"
    assert body.splitlines() == [
        "专注 2小时15分钟，计划 2小时00分钟。",
        "最长连续专注：50分钟，从 09:00 开始。",
        "明天：09:45 Standup。",
    ]
    assert not set(ZH_CN) & i18n.missing("zh_CN")


def test_nothing_planned_for_tomorrow_and_no_plan_today(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    _seed(path, tomorrow=False)
    summary = _load(path, w(17, 30))
    assert summary.next_start is None
    assert summary_text(summary, TZ)[1].splitlines()[-1] == "Nothing planned yet for tomorrow."
    with i18n.language("zh_CN"):
        assert summary_text(summary, TZ)[1].splitlines()[-1] == "明天还没有计划。"
    unplanned = DaySummary(WEDNESDAY, 20 * 60, 0.0, 30 * 60, 30.0, w(9))
    lines = summary_text(unplanned, TZ)[1].splitlines()
    # No plan: no "of ... planned"; a stretch under a minute is not worth a line.
    assert lines == ["Focused 20 min.", "Nothing planned yet for tomorrow."]


@pytest.mark.parametrize("kind", ["focus", "meeting"])
def test_an_untitled_block_is_named_by_its_kind(kind: str) -> None:
    summary = DaySummary(WEDNESDAY, 0.0, 0.0, 60.0, 0.0, None, at(THURSDAY, 9), kind, "")
    expected = {"focus": "focus block", "meeting": "meeting"}[kind]
    assert summary_text(summary, TZ)[1].splitlines()[-1] == f"Tomorrow: {expected} at 09:00."


def test_an_empty_day_has_nothing_to_sum_up(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    open_database(path).close()
    summary = _load(path, w(17, 30))
    assert summary.empty and summary.focused_s == 0 and summary.longest_start is None
