"""The coaching commands end to end: task, mood and plan against a real store."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.conftest import ROOT, table_counts

ICS = ROOT / "tests" / "data" / "ics"


def test_task_lifecycle(cli) -> None:  # type: ignore[no-untyped-def]
    added = cli("task", "add", "Write report", "--priority", "1", "--estimate", "1h30m")
    assert added.code == 0 and "Added task 1" in added.out
    assert cli("task", "add", "Read paper", "--due", "2030-01-02", "--app", "evince").code == 0

    tasks = cli("task", "list", "--json").json()
    assert [(t["id"], t["title"], t["priority"], t["estimate"]) for t in tasks] == [
        (1, "Write report", 1, 90),
        (2, "Read paper", 3, None),
    ]
    assert tasks[1]["due"] == "2030-01-02" and tasks[1]["app_pattern"] == "evince"

    assert cli("task", "edit", "2", "--due", "none", "--priority", "p2").code == 0
    assert cli("task", "done", "1").code == 0
    open_tasks = cli("task", "list", "--json").json()
    assert [(t["id"], t["due"], t["priority"]) for t in open_tasks] == [(2, None, 2)]
    everything = cli("task", "list", "--all", "--json").json()
    assert {t["id"]: t["status"] for t in everything} == {1: "done", 2: "open"}

    assert cli("task", "done", "1", "--undo").code == 0
    assert cli("task", "rm", "2").code == 0
    assert [t["id"] for t in cli("task", "list", "--json").json()] == [1]
    assert "Write report" in cli("task", "list").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task", "add", "  "], "title must not be empty"),
        (["task", "add", "x", "--priority", "5"], "priority must be from 1"),
        (["task", "add", "x", "--estimate", "soon"], "invalid estimate"),
        (["task", "add", "x", "--due", "31/12"], "invalid date"),
        (["task", "add", "x", "--app", "(unclosed"], "app"),
        (["task", "done", "7"], "no task with id 7"),
        (["task", "edit", "7", "--title", "y"], "no task with id 7"),
        (["task", "rm", "0"], "task id must be a positive"),
        (["mood", "0"], "mood must be from 1"),
        (["mood", "3", "--energy", "9"], "energy must be from 1"),
        (["plan", "--date", "someday"], "invalid date"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(  # type: ignore[no-untyped-def]
    cli, home: Path, args: list[str], message: str
) -> None:
    assert cli("task", "add", "keep me").code == 0
    before = table_counts(home / "focuscoach.db")
    result = cli(*args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
    assert table_counts(home / "focuscoach.db") == before


def test_mood_is_stored_with_energy_and_note(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("mood", "2", "--energy", "1", "--note", "slept badly", "--json")
    assert result.code == 0
    entry = result.json()
    assert (entry["mood"], entry["energy"], entry["note"]) == (2, 1, "slept badly")


def test_plan_json_follows_the_contract_and_is_stored(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    day = (date.today() + timedelta(days=1)).isoformat()
    cli("task", "add", "Long task", "--priority", "1", "--estimate", "2h")
    cli("task", "add", "Short task", "--priority", "2", "--estimate", "30m")
    result = cli("plan", "--date", day, "--json")
    assert result.code == 0, result.err
    plan = result.json()
    assert plan["date"] == day and plan["unscheduled"] == []
    focus = [b for b in plan["blocks"] if b["kind"] == "focus"]
    # Priority first, the long task split into blocks, a break between consecutive blocks.
    assert [b["task_id"] for b in focus] == [1, 1, 1, 2]
    for block in plan["blocks"]:
        assert set(block) == {"start", "end", "kind", "task_id", "title"}
        assert datetime.fromisoformat(block["start"]).tzinfo is not None
    kinds = [b["kind"] for b in plan["blocks"]]
    assert "break" in kinds and kinds[0] == "focus"
    assert table_counts(home / "focuscoach.db")["plan_blocks"] == len(plan["blocks"])
    assert "focus" in cli("plan", "--date", day, "--replace").out


def _accept_plan(home: Path, day: date, blocks: int) -> None:
    """Store an accepted plan of `blocks` focus blocks for `day`, as the tray would."""
    from focuscoach.core.records import StoredBlock, StoredPlan
    from focuscoach.core.store import plans
    from focuscoach.core.store.database import open_database

    start = datetime.combine(day, time(9, 0)).astimezone().timestamp()
    stored = tuple(
        StoredBlock(start + i * 3600, start + i * 3600 + 1500, "focus", None, f"block {i}")
        for i in range(blocks)
    )
    db = open_database(home / "focuscoach.db")
    try:
        plans.save_plan(db, StoredPlan(day, start - 600, stored))
    finally:
        db.close()


@pytest.mark.parametrize("when", ["yesterday", "past-iso", "long-ago"])
def test_plan_refuses_a_past_day_and_keeps_its_accepted_plan(  # type: ignore[no-untyped-def]
    cli, home: Path, when: str
) -> None:
    past = date.today() - timedelta(days=3)
    text = {"yesterday": "yesterday", "past-iso": past.isoformat(), "long-ago": "2025-01-01"}[when]
    cli("task", "add", "Something", "--estimate", "1h")
    _accept_plan(home, date.today() - timedelta(days=1), 4)
    _accept_plan(home, past, 4)
    before = table_counts(home / "focuscoach.db")
    result = cli("plan", "--date", text)
    assert result.code == 2, result.out
    assert "in the past" in result.err and len(result.err.splitlines()) == 1
    assert result.out == ""
    assert table_counts(home / "focuscoach.db") == before and before["plan_blocks"] == 8


def test_plan_keeps_an_accepted_plan_unless_told_to_replace_it(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    day = date.today() + timedelta(days=1)
    cli("task", "add", "Something", "--estimate", "1h")
    _accept_plan(home, day, 4)
    before = table_counts(home / "focuscoach.db")
    refused = cli("plan", "--date", day.isoformat())
    assert refused.code == 2 and len(refused.err.splitlines()) == 1
    assert "already has a plan" in refused.err and "--replace" in refused.err
    assert "4 blocks" in refused.err
    assert table_counts(home / "focuscoach.db") == before
    replaced = cli("plan", "--date", day.isoformat(), "--replace")
    assert replaced.code == 0, replaced.err
    assert "Replaced the plan accepted earlier (4 blocks)" in replaced.out
    assert table_counts(home / "focuscoach.db")["plan_blocks"] != 4


def test_an_accepted_plan_without_blocks_is_replaced_and_said_so(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    day = (date.today() + timedelta(days=1)).isoformat()
    assert cli("plan", "--date", day).code == 0  # no tasks: nothing planned, stored empty
    cli("task", "add", "Something", "--estimate", "1h")
    again = cli("plan", "--date", day)
    assert again.code == 0, again.err
    assert "Replaced the plan accepted earlier (0 blocks)" in again.out
    assert table_counts(home / "focuscoach.db")["plan_blocks"] > 0


def test_plan_help_says_which_days_are_accepted(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("plan", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "past days are refused" in text and "--replace" in text


def _meeting_ics(path: Path, start: datetime, end: datetime) -> Path:
    stamp = "%Y%m%dT%H%M%SZ"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:m1@test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start.astimezone(UTC):{stamp}}\r\nDTEND:{end.astimezone(UTC):{stamp}}\r\n"
        "SUMMARY:Design review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_plan_avoids_calendar_meetings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    day = date.today() + timedelta(days=1)
    start = datetime.combine(day, time(11, 0)).astimezone()
    ics = _meeting_ics(tmp_path / "work.ics", start, start + timedelta(hours=1))
    cli("task", "add", "All day work", "--estimate", "8h")
    result = cli("plan", "--date", day.isoformat(), "--ics", str(ics), "--json")
    assert result.code == 0, result.err
    blocks = result.json()["blocks"]
    meetings = [b for b in blocks if b["kind"] == "meeting"]
    focus = [b for b in blocks if b["kind"] == "focus"]
    assert [m["title"] for m in meetings] == ["Design review"] and len(focus) >= 4
    m_start, m_end = (datetime.fromisoformat(meetings[0][k]) for k in ("start", "end"))
    assert m_start == start
    for f in focus:
        f_start, f_end = datetime.fromisoformat(f["start"]), datetime.fromisoformat(f["end"])
        assert f_end <= m_start or f_start >= m_end


@pytest.mark.parametrize("name", ["broken.ics", "not_a_calendar.ics", "missing.ics"])
def test_a_bad_calendar_is_refused_whole(cli, home: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    cli("task", "add", "Something")
    before = table_counts(home / "focuscoach.db")
    result = cli("plan", "--ics", str(ICS / name))
    assert result.code == 2
    assert name in result.err and result.err.count("\n") == 1
    assert table_counts(home / "focuscoach.db") == before


def test_calendars_from_the_settings_are_read(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "config.toml").write_text(
        f'[planning]\ncalendars = ["{ICS / "broken.ics"}"]\nday_start = "08:00"\n',
        encoding="utf-8",
    )
    result = cli("plan")
    assert result.code == 2 and "broken.ics" in result.err


def test_report_and_train_refuse_a_broken_rules_file(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "categories.json").write_text("[", encoding="utf-8")
    for args in (["report", "--out", str(tmp_path / "week.png")], ["train"]):
        result = cli(*args)
        assert result.code == 2, result
        assert "categories.json" in result.err and result.err.count("\n") == 1
    assert not (tmp_path / "week.png").exists()


def _dump(home: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(home / "focuscoach.db")
    try:
        return "\n".join(line for line in conn.iterdump() if 'INTO "meta"' not in line)
    finally:
        conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ["task", "done", str(2**63)],
        ["task", "done", str(2**64)],
        ["task", "rm", "9" * 5000],
        ["task", "edit", str(2**63), "--title", "x"],
        ["task", "done", "١"],
        ["task", "done", "1e3"],
        ["task", "done", ""],
        ["task", "add", "x", "--estimate", "9" * 400 + "h"],
        ["task", "add", "x", "--estimate", "1e400h"],
        ["task", "add", "x", "--estimate", "99999999999999999999"],
        ["task", "add", "x", "--estimate", "0.3333h"],
        ["task", "add", "x", "--estimate", "٣h"],
        ["task", "add", "x", "--due", "9999-12-31"],
        ["task", "add", "x", "--due", "0001-01-01"],
        ["task", "add", "x", "--due", "2026-02-30"],
        ["task", "add", "x", "--due", ""],
        ["task", "add", "x", "--priority", "p" + "9" * 5000],
        ["task", "add", "x", "--priority", "٣"],
        ["task", "add", "x", "--priority", ""],
        ["task", "add", "x" * 1001],
        ["task", "add", "x", "--notes", "n" * 10_001],
        ["task", "edit", "1", "--title", "x" * 1001],
        ["task", "edit", "1", "--due", "9999-12-31"],
        ["mood", "9" * 5000],
        ["mood", "3", "--energy", "9" * 5000],
        ["mood", "٣"],
        ["mood", "3.0"],
        ["mood", "nan"],
        ["mood", "--", "-0"],
        ["mood", "3", "--note", "n" * 1001],
        ["plan", "--date", "9999-12-31"],
        ["plan", "--date", "0001-01-01"],
        ["plan", "--date", "a\x00b"],
    ],
)
def test_odd_input_exits_2_with_one_line_and_changes_nothing(  # type: ignore[no-untyped-def]
    cli, home: Path, args: list[str]
) -> None:
    assert cli("task", "add", "keep me").code == 0
    before = _dump(home)
    result = cli(*args)
    assert result.code == 2, result.err
    assert len(result.err.splitlines()) == 1 and len(result.err) < 300
    assert _dump(home) == before


EVIL = "Pay \x1b]0;pwned\x07bills\x1b[2J now\x9b31m\x85\u2028!"


def _has_controls(text: str) -> bool:
    return any(
        (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029"
        for ch in text
    )


def test_task_titles_are_escaped_on_the_terminal_and_kept_as_typed(cli) -> None:  # type: ignore[no-untyped-def]
    added = cli("task", "add", EVIL, "--estimate", "2h")
    assert added.code == 0 and not _has_controls(added.out)
    assert "Pay \\x1b]0;pwned\\x07bills" in added.out
    for args in (
        ["task", "list"],
        ["task", "list", "--json"],
        ["task", "done", "1"],
        ["task", "done", "1", "--undo"],
        ["task", "edit", "1", "--priority", "1"],
        ["plan", "--date", (date.today() + timedelta(days=1)).isoformat()],
        ["plan", "--date", (date.today() + timedelta(days=1)).isoformat(), "--json", "--replace"],
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
        assert not _has_controls(result.out), args
    assert cli("task", "list", "--json").json()[0]["title"] == EVIL
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert "\\x1b" in cli("plan", "--date", tomorrow, "--replace").out
    removed = cli("task", "rm", "1")
    assert removed.code == 0 and not _has_controls(removed.out)
