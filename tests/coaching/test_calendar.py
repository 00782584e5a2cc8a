"""Calendar import on real .ics files: recurrences, zones, all-day, cancelled, free, broken."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core.planning.calendar import BusyInterval, CalendarError, busy_intervals

ICS = Path(__file__).resolve().parent.parent / "data" / "ics"
BERLIN = ZoneInfo("Europe/Berlin")


def day_window(day: date, tz: ZoneInfo = BERLIN) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def busy_on(day: date, *names: str) -> list[BusyInterval]:
    return busy_intervals([ICS / n for n in names], *day_window(day))


def local(b: BusyInterval) -> tuple[str, str, str]:
    return (
        b.start.astimezone(BERLIN).strftime("%H:%M"),
        b.end.astimezone(BERLIN).strftime("%H:%M"),
        b.summary,
    )


def test_weekly_meeting_expands_on_its_days_only() -> None:
    # Mon 2 March and Wed 4 March: the standup; Tue 3 March: nothing.
    assert [local(b) for b in busy_on(date(2026, 3, 2), "weekly_standup.ics")] == [
        ("10:00", "10:30", "Team standup")
    ]
    assert [local(b) for b in busy_on(date(2026, 3, 4), "weekly_standup.ics")] == [
        ("10:00", "10:30", "Team standup")
    ]
    assert busy_on(date(2026, 3, 3), "weekly_standup.ics") == []


def test_exdate_removes_one_occurrence() -> None:
    assert busy_on(date(2026, 3, 11), "weekly_standup.ics") == []
    assert len(busy_on(date(2026, 3, 9), "weekly_standup.ics")) == 1


def test_moved_and_cancelled_occurrences() -> None:
    assert [local(b) for b in busy_on(date(2026, 3, 16), "weekly_standup.ics")] == [
        ("11:30", "12:00", "Team standup (moved)")
    ]
    # The 18 March occurrence is overridden with STATUS:CANCELLED.
    assert busy_on(date(2026, 3, 18), "weekly_standup.ics") == []


def test_recurrence_keeps_local_time_across_berlin_dst() -> None:
    # 30 March is the first Monday of summer time: still 10:00 local, now +02:00.
    [b] = busy_on(date(2026, 3, 30), "weekly_standup.ics")
    assert local(b)[:2] == ("10:00", "10:30")
    assert b.start.utcoffset() is not None
    assert b.start.astimezone(BERLIN).utcoffset() == timedelta(hours=2)


def test_event_in_another_zone_converts_with_both_dst_rules() -> None:
    # 09:00 New York is 15:00 Berlin in winter, but 14:00 in the weeks between the US
    # (8 March) and the EU (29 March) daylight-saving changes.
    assert [local(b) for b in busy_on(date(2026, 3, 2), "new_york_sync.ics")] == [
        ("15:00", "16:00", "Sync with New York office")
    ]
    assert [local(b) for b in busy_on(date(2026, 3, 16), "new_york_sync.ics")] == [
        ("14:00", "15:00", "Sync with New York office")
    ]
    assert [local(b) for b in busy_on(date(2026, 4, 6), "new_york_sync.ics")] == [
        ("15:00", "16:00", "Sync with New York office")
    ]
    [b] = busy_on(date(2026, 3, 2), "new_york_sync.ics")
    assert b.start.tzinfo is not None


def test_all_day_event_blocks_the_whole_local_day_unless_transparent() -> None:
    [offsite] = busy_on(date(2026, 3, 4), "all_day.ics")
    assert offsite.all_day
    assert offsite.summary == "Company offsite"
    assert offsite.start == datetime(2026, 3, 4, tzinfo=BERLIN)
    assert offsite.end == datetime(2026, 3, 5, tzinfo=BERLIN)
    # The birthday on 5 March is TRANSP:TRANSPARENT: free time.
    assert busy_on(date(2026, 3, 5), "all_day.ics") == []


def test_cancelled_and_transparent_events_do_not_block() -> None:
    got = busy_on(date(2026, 3, 2), "cancelled.ics", "transparent.ics")
    assert [b.summary for b in got] == ["Lunch with Sam"]


def test_floating_time_is_read_in_the_local_zone() -> None:
    [lunch] = busy_on(date(2026, 3, 2), "cancelled.ics")
    assert local(lunch) == ("12:00", "12:45", "Lunch with Sam")
    ny = ZoneInfo("America/New_York")
    [lunch_ny] = busy_intervals([ICS / "cancelled.ics"], *day_window(date(2026, 3, 2), ny))
    assert lunch_ny.start == datetime(2026, 3, 2, 12, 0, tzinfo=ny)


def test_several_files_are_merged_and_sorted() -> None:
    got = busy_on(
        date(2026, 3, 2),
        "new_york_sync.ics",
        "weekly_standup.ics",
        "cancelled.ics",
        "transparent.ics",
        "all_day.ics",
    )
    assert [local(b) for b in got] == [
        ("10:00", "10:30", "Team standup"),
        ("12:00", "12:45", "Lunch with Sam"),
        ("15:00", "16:00", "Sync with New York office"),
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("broken.ics", "broken calendar"),
        ("not_a_calendar.ics", "not an iCalendar file"),
        ("does_not_exist.ics", "cannot read calendar"),
    ],
)
def test_bad_files_raise_one_clear_line(name: str, problem: str) -> None:
    path = ICS / name
    with pytest.raises(CalendarError) as info:
        busy_intervals([ICS / "weekly_standup.ics", path], *day_window(date(2026, 3, 2)))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {problem}")
    assert len(message) < 300


def test_broken_file_names_the_bad_property() -> None:
    with pytest.raises(CalendarError, match="DTSTART"):
        busy_on(date(2026, 3, 2), "broken.ics")


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ics"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.ics"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for path in (empty, binary):
        with pytest.raises(CalendarError, match=r"not an iCalendar file"):
            busy_intervals([path], *day_window(date(2026, 3, 2)))


def test_naive_window_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        busy_intervals([], datetime(2026, 3, 2), datetime(2026, 3, 3))
