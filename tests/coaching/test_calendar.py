"""Calendar import on real .ics files: recurrences, zones, all-day, cancelled, free, broken."""

from __future__ import annotations

import contextlib
import os
import threading
import time as time_module
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from focuscoach.core.planning.calendar import (
    MAX_FILE_BYTES,
    BusyInterval,
    CalendarError,
    busy_intervals,
)

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


# Hostile calendars: every one finishes quickly, accepted or refused with one line -----------


def _ics(rrule: str, dtstart: str = "DTSTART:20260302T090000Z", extra: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        f"{extra}"
        "BEGIN:VEVENT\r\nUID:x@t\r\nDTSTAMP:20260101T000000Z\r\n"
        f"{dtstart}\r\nDURATION:PT30M\r\nRRULE:{rrule}\r\nSUMMARY:Hostile\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _timed(path: Path) -> tuple[float, list[BusyInterval] | str]:
    started = time_module.monotonic()
    try:
        result: list[BusyInterval] | str = busy_intervals([path], *day_window(date(2026, 3, 2)))
    except CalendarError as exc:
        result = str(exc)
    return time_module.monotonic() - started, result


@pytest.mark.parametrize(
    ("rrule", "dtstart"),
    [
        ("FREQ=SECONDLY", "DTSTART:19000101T000000Z"),
        ("FREQ=MINUTELY", "DTSTART:19700101T000000Z"),
        ("FREQ=SECONDLY;COUNT=999999999", "DTSTART:20260301T000000Z"),
        ("FREQ=SECONDLY;COUNT=999999999", "DTSTART:19000101T000000Z"),
        ("FREQ=SECONDLY", "DTSTART:20260302T000000Z"),  # 86,400 meetings in one day
        (  # every minute of every day, spelt out
            "FREQ=DAILY;BYHOUR="
            + ",".join(map(str, range(24)))
            + ";BYMINUTE="
            + ",".join(map(str, range(60))),
            "DTSTART:19700101T000000Z",
        ),
    ],
)
def test_runaway_recurrences_are_refused_quickly(tmp_path: Path, rrule: str, dtstart: str) -> None:
    path = tmp_path / "hostile.ics"
    path.write_bytes(_ics(rrule, dtstart))
    took, result = _timed(path)
    assert took < 5, took
    assert isinstance(result, str), result
    assert result.startswith(f"{path}: calendar too complex: event 'Hostile' repeats too often")
    assert "\n" not in result


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=HOURLY;INTERVAL=-3",
        "INTERVAL=2",
    ],
)
def test_rules_that_never_advance_are_broken(tmp_path: Path, rrule: str) -> None:
    path = tmp_path / "stuck.ics"
    path.write_bytes(_ics(rrule))
    took, result = _timed(path)
    assert took < 5
    assert isinstance(result, str) and result.startswith(f"{path}: broken calendar"), result


@pytest.mark.parametrize(
    ("rrule", "dtstart"),
    [
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "DTSTART:20200101T090000Z"),  # never matches
        ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", "DTSTART:20260301T090000Z"),
        ("FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30", "DTSTART:20260302T000000Z"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "DTSTART;VALUE=DATE:20200101"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "DTSTART:20200101T090000"),  # floating
    ],
)
def test_rules_that_never_match_are_not_walked_to_the_year_9999(
    tmp_path: Path, rrule: str, dtstart: str
) -> None:
    path = tmp_path / "never.ics"
    path.write_bytes(_ics(rrule, dtstart))
    took, result = _timed(path)
    # Nothing, or only DTSTART itself (RFC 5545 counts it as the first occurrence).
    assert isinstance(result, list) and len(result) <= 1, result
    assert took < 2, took


def test_legitimate_dense_rules_still_expand(tmp_path: Path) -> None:
    # A daily event since 1900 and one every 15 minutes today: both are cheap enough.
    daily = tmp_path / "daily.ics"
    daily.write_bytes(_ics("FREQ=DAILY", "DTSTART:19000101T090000Z"))
    took, result = _timed(daily)
    assert isinstance(result, list) and [local(b) for b in result] == [
        ("10:00", "10:30", "Hostile")
    ]
    quarter = tmp_path / "quarter.ics"
    quarter.write_bytes(_ics("FREQ=MINUTELY;INTERVAL=15", "DTSTART:20260302T000000Z"))
    took, result = _timed(quarter)
    assert isinstance(result, list) and len(result) == 92  # the Berlin day from 00:00 UTC
    assert took < 5


def test_a_runaway_time_zone_rule_is_refused(tmp_path: Path) -> None:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Custom/Zone\r\n"
        "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "DTSTART:19000329T020000\r\nRRULE:FREQ=SECONDLY\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "DTSTART:19001025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n"
    )
    path = tmp_path / "zone.ics"
    path.write_bytes(_ics("FREQ=DAILY", "DTSTART;TZID=Custom/Zone:20260302T100000", zone))
    took, result = _timed(path)
    assert took < 5
    assert isinstance(result, str) and "time zone 'Custom/Zone' repeats too often" in result


def test_devices_and_huge_files_are_refused_without_reading_them(tmp_path: Path) -> None:
    if Path("/dev/zero").exists():
        took, result = _timed(Path("/dev/zero"))
        assert took < 2
        assert result == "/dev/zero: cannot read calendar: not a regular file"
    folder = tmp_path / "folder.ics"
    folder.mkdir()
    assert _timed(folder)[1] == f"{folder}: cannot read calendar: it is a folder"
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as handle:
        handle.write(_ics("FREQ=DAILY"))
        handle.truncate(MAX_FILE_BYTES + 1)
    took, result = _timed(huge)
    assert result == f"{huge}: calendar too large: larger than 10 MB"
    assert took < 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_read_with_the_same_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)

    def feed(data: bytes) -> threading.Thread:
        def write() -> None:
            with contextlib.suppress(BrokenPipeError), fifo.open("wb") as handle:
                handle.write(data)

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        return thread

    writer = feed(_ics("FREQ=WEEKLY"))
    assert [b.summary for b in busy_intervals([fifo], *day_window(date(2026, 3, 2)))] == ["Hostile"]
    writer.join(timeout=5)
    writer = feed(b"BEGIN:VCALENDAR\r\n" + b"X" * (MAX_FILE_BYTES + 10))
    with pytest.raises(CalendarError, match="calendar too large"):
        busy_intervals([fifo], *day_window(date(2026, 3, 2)))
    writer.join(timeout=5)


def test_a_large_calendar_is_read_for_the_planned_day_only(tmp_path: Path) -> None:
    # 9 MB of one-off meetings over three years: only the day's few are parsed.
    event = (
        "BEGIN:VEVENT\r\nUID:{i}@t\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:{day}T{h:02d}0000Z\r\nDTEND:{day}T{h:02d}3000Z\r\n"
        "SUMMARY:Meeting {i}\r\n"
        "DESCRIPTION:An agenda that goes on and on\r\n  and is folded over two lines\r\n"
        "END:VEVENT\r\n"
    )
    first = date(2025, 1, 1)
    body = "".join(
        event.format(i=i, day=f"{first + timedelta(days=i // 30):%Y%m%d}", h=8 + i % 10)
        for i in range(33_000)
    )
    path = tmp_path / "big.ics"
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n")
    assert MAX_FILE_BYTES / 2 < path.stat().st_size < MAX_FILE_BYTES
    took, result = _timed(path)
    assert took < 10, took
    assert isinstance(result, list)
    day = (date(2026, 3, 2) - first).days
    assert sorted(b.summary for b in result) == sorted(
        f"Meeting {i}" for i in range(day * 30, day * 30 + 30)
    )


def test_too_many_events_on_one_day_are_refused(tmp_path: Path) -> None:
    event = (
        "BEGIN:VEVENT\r\nUID:{i}@t\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260302T100000Z\r\nDURATION:PT1M\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    )
    body = "".join(event.format(i=i) for i in range(6000))
    path = tmp_path / "crowded.ics"
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n")
    took, result = _timed(path)
    assert took < 5
    assert result == f"{path}: calendar too complex: more than 5000 events around 2026-03-02"


def test_a_calendar_mostly_of_what_must_be_parsed_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "padded.ics"
    padding = "".join(f"X-PADDING-{i}:{'p' * 60}\r\n" for i in range(60_000))  # ~5 MB
    path.write_bytes(_ics("FREQ=WEEKLY", extra=padding))
    took, result = _timed(path)
    assert took < 5, took
    assert isinstance(result, str) and result.startswith(
        f"{path}: calendar too large: more than 3 MB"
    )
