from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from focuscoach.core.cli import version
from tests.conftest import Cli, run_focuscoach, table_counts

T0 = 1_776_000_000.0  # 2026-04-12T13:20:00Z


def seed(home: Path) -> None:
    """A small recorded history written the way the recorder writes it."""
    from focuscoach.core.store.database import open_database

    db = open_database(home / "focuscoach.db")
    conn = db.conn
    conn.executemany(
        "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, ?, ?)",
        [
            (T0, T0 + 600, "code", "main.py — 专注"),
            (T0 + 600, T0 + 900, "firefox", "YouTube 🎬"),
            (T0 + 900, T0 + 3600, "code", "main.py — 专注"),
        ],
    )
    conn.executemany(
        "INSERT INTO afk_spans (start, stop, afk) VALUES (?, ?, ?)",
        [(T0, T0 + 1800, 0), (T0 + 1800, T0 + 2400, 1), (T0 + 2400, T0 + 3600, 0)],
    )
    conn.execute(
        "INSERT INTO input_activity (start, stop, keys, clicks, moves, scrolls) VALUES (?,?,?,?,?,?)",
        (T0 + 5, T0 + 10, 12, 1, 30, 2),
    )
    db.close()


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"focuscoach {version()}"
    assert version() != "unknown"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "xml", "--out", "-"],
        ["export", "--format", "json"],
        ["nonsense"],
        ["record", "--duration", "-1"],
        ["import", "activitywatch"],
    ],
)
def test_bad_usage_is_one_line_and_exit_2(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("focuscoach")


def test_export_json_matches_the_contract(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    data = cli("export", "--format", "json", "--out", "-").json()
    assert data["window"][1] == {
        "start": "2026-04-12T13:30:00.000000Z",
        "end": "2026-04-12T13:35:00.000000Z",
        "app": "firefox",
        "title": "YouTube 🎬",
    }
    assert [a["afk"] for a in data["afk"]] == [False, True, False]
    assert data["input"] == [
        {
            "start": "2026-04-12T13:20:05.000000Z",
            "end": "2026-04-12T13:20:10.000000Z",
            "keys": 12,
            "clicks": 1,
            "moves": 30,
            "scrolls": 2,
        }
    ]


def test_export_range_selects_overlapping_spans(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    data = cli(
        "export",
        "--format",
        "json",
        "--since",
        "2026-04-12T13:31:00Z",
        "--until",
        "2026-04-12T13:34:00Z",
        "--out",
        "-",
    ).json()
    assert [w["app"] for w in data["window"]] == ["firefox"]


def test_export_csv_to_a_file(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    out = tmp_path / "out.csv"
    assert cli("export", "--format", "csv", "--out", str(out)).code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["kind"] for r in rows].count("window") == 3
    assert any(r["title"] == "main.py — 专注" for r in rows)


def test_export_into_a_missing_folder_fails_cleanly(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    result = cli("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"))
    assert result.code == 2
    assert "does not exist" in result.err


def test_bad_time_is_refused(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    result = cli("export", "--format", "json", "--since", "last tuesday", "--out", "-")
    assert result.code == 2
    assert "cannot read the time 'last tuesday'" in result.err
    result = cli(
        "export", "--format", "json", "--since", "2026-04-13", "--until", "2026-04-12", "--out", "-"
    )
    assert result.code == 2


def test_forget_cuts_spans_at_the_range_edges(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    result = cli(
        "forget", "--since", "2026-04-12T13:25:00Z", "--until", "2026-04-12T13:40:00Z", "--yes"
    )
    assert result.code == 0, result.err
    conn = sqlite3.connect(home / "focuscoach.db")
    spans = conn.execute(
        "SELECT start - ?, stop - ?, app FROM window_spans ORDER BY start", (T0, T0)
    )
    assert spans.fetchall() == [(0.0, 300.0, "code"), (1200.0, 3600.0, "code")]
    afk = conn.execute("SELECT start - ?, stop - ?, afk FROM afk_spans ORDER BY start", (T0, T0))
    assert afk.fetchall() == [
        (0.0, 300.0, 0),
        (1200.0, 1800.0, 0),
        (1800.0, 2400.0, 1),
        (2400.0, 3600.0, 0),
    ]
    assert b"YouTube" not in (home / "focuscoach.db").read_bytes()


def test_forget_splits_a_span_covering_the_range(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    result = cli(
        "forget", "--since", "2026-04-12T14:10:00Z", "--until", "2026-04-12T14:15:00Z", "--yes"
    )
    assert result.code == 0, result.err
    conn = sqlite3.connect(home / "focuscoach.db")
    spans = conn.execute("SELECT start - ?, stop - ? FROM window_spans ORDER BY start", (T0, T0))
    assert spans.fetchall() == [(0.0, 600.0), (600.0, 900.0), (900.0, 3000.0), (3300.0, 3600.0)]
    afk = conn.execute("SELECT start - ?, stop - ?, afk FROM afk_spans ORDER BY start", (T0, T0))
    assert afk.fetchall()[-2:] == [(2400.0, 3000.0, 0), (3300.0, 3600.0, 0)]


def test_forget_needs_confirmation_when_not_interactive(home: Path) -> None:
    seed(home)
    before = table_counts(home / "focuscoach.db")
    result = run_focuscoach(
        "--home",
        str(home),
        "forget",
        "--since",
        "2026-04-01",
        "--until",
        "2026-05-01",
        stdin=None,
        input="",
    )
    assert result.returncode == 2
    assert "--yes" in result.stderr
    assert table_counts(home / "focuscoach.db") == before


def test_status_before_and_after_recording(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    empty = cli("status", "--json").json()
    assert empty["exists"] is False
    assert empty["recording"] is False
    seed(home)
    status = cli("status", "--json").json()
    assert status["window_spans"] == 3
    assert status["latest_window"]["app"] == "code"
    text = cli("status")
    assert text.code == 0
    assert "Window spans: 3" in text.out


def test_status_prints_local_times_to_the_second(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    seed(home)
    out = cli("status").out
    start = datetime.fromtimestamp(T0).astimezone()
    assert f"From {start:%Y-%m-%d %H:%M:%S}" in out and "(local time)" in out
    assert "+00:00" not in out and "." not in out.split("From ", 1)[1].splitlines()[0]


@pytest.mark.parametrize(
    ("args", "hints"),
    [
        (["export"], ["--since T", "YYYY-MM-DD", "2h"]),
        (["forget"], ["--until T", "YYYY-MM-DD", "yesterday"]),
        (["status"], ["--json", "JSON"]),
        (["mood"], ["--note TEXT", "1,000 characters"]),
        (["task", "add"], ["--due DATE", "past"]),
    ],
)
def test_help_explains_every_option(cli, args: list[str], hints: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    for hint in hints:
        assert hint in text, hint


def test_a_past_due_date_is_stored_with_a_warning(cli) -> None:  # type: ignore[no-untyped-def]
    added = cli("task", "add", "Old bill", "--due", "2020-01-01")
    assert added.code == 0 and "Added task 1" in added.out
    assert added.err == (
        "focuscoach: warning: the due date 2020-01-01 is in the past; the task counts as overdue\n"
    )
    assert cli("task", "list", "--json").json()[0]["due"] == "2020-01-01"
    edited = cli("task", "edit", "1", "--due", "2019-06-30")
    assert edited.code == 0 and "2019-06-30 is in the past" in edited.err
    assert cli("task", "add", "Later", "--due", "2030-01-02").err == ""


def test_unexpected_errors_exit_1_and_are_logged(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from focuscoach.core.store import queries  # what `focuscoach status` counts with

    def boom(*_args: object) -> int:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(queries, "count_in_range", boom)
    seed(home)
    result = cli("status")
    assert result.code == 1
    assert "internal error" in result.err
    assert "ZeroDivisionError" in (home / "logs" / "focuscoach.log").read_text()


def test_home_from_the_environment(tmp_path: Path) -> None:
    target = tmp_path / "env-home"
    result = run_focuscoach("status", "--json", env={"FOCUSCOACH_HOME": str(target)})
    assert result.returncode == 0
    assert json.loads(result.stdout)["database"] == str(target / "focuscoach.db")


# Odd times: exit 2 with one line and nothing changed; times past the stored range are clamped.


def _dump(home: Path) -> str:
    conn = sqlite3.connect(home / "focuscoach.db")
    try:
        return "\n".join(line for line in conn.iterdump() if 'INTO "meta"' not in line)
    finally:
        conn.close()


@pytest.mark.parametrize(
    "when",
    [
        "",
        "  ",
        "99999-01-01",
        "1e400h",
        "-5d",
        "2026-02-30",
        "2026-04-12T25:00",
        "a\x00b",
        "x" * 10_000,
    ],
)
@pytest.mark.parametrize("command", ["forget", "export"])
def test_odd_times_exit_2_with_one_line(cli, home: Path, command: str, when: str) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    before = _dump(home)
    args = ["--since=" + when, "--until", "now"]
    extra = ["--yes"] if command == "forget" else ["--format", "json", "--out", "-"]
    result = cli(command, *args, *extra)
    assert result.code == 2, result.err
    assert len(result.err.splitlines()) == 1 and len(result.err) < 300
    assert _dump(home) == before


def test_times_beyond_the_stored_range_are_clamped(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed(home)
    everything = cli(
        "export",
        "--format",
        "json",
        "--since",
        "0001-01-01",
        "--until",
        "9999-12-31T23:59:59-14:00",
        "--out",
        "-",
    )
    assert everything.code == 0, everything.err
    assert len(everything.json()["window"]) == 3
    long_ago = cli("export", "--format", "json", "--since", "9" * 400 + "d", "--out", "-")
    assert long_ago.code == 0 and len(long_ago.json()["window"]) == 3
    before = _dump(home)
    outside = cli("forget", "--since", "1900-01-01", "--until", "1960-01-01", "--yes")
    assert outside.code == 2 and "outside 1970-01-01 to 2200-01-01" in outside.err
    assert _dump(home) == before
    assert cli("forget", "--since", "99999999999d", "--until", "3000-01-01", "--yes").code == 0
    assert table_counts(home / "focuscoach.db")["window_spans"] == 0


# What reaches a terminal: stored text intact, control characters escaped visibly.

EVIL = "a\x1b]0;pwned\x07b\x1b[2Jc\x9b31md\x85e\u2028f"


def _seed_evil(home: Path) -> None:
    """Rows holding control characters (the recorder cleans titles; an older version or
    another tool may not have)."""
    from focuscoach.core.store.database import open_database

    db = open_database(home / "focuscoach.db")
    db.conn.execute(
        "INSERT INTO aw_buckets (id, type, client, hostname, created, extra)"
        " VALUES ('o', 'app.other', ?, '', '', '{}')",
        (EVIL,),
    )
    db.conn.execute(
        "INSERT INTO aw_events (bucket, start, stop, data) VALUES ('o', ?, ?, ?)",
        (T0, T0 + 5, json.dumps({"file": EVIL})),
    )
    db.conn.execute(
        "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, ?, ?)",
        (T0, T0 + 5, EVIL, EVIL),
    )
    db.conn.commit()
    db.close()


def _has_controls(text: str) -> bool:
    return any(
        (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029"
        for ch in text
    )


def test_exports_to_stdout_escape_every_control_character(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_evil(home)
    for fmt in ("activitywatch", "json"):
        result = cli("export", "--format", fmt, "--out", "-")
        assert result.code == 0, result.err
        assert not _has_controls(result.out)
    back = cli("export", "--format", "activitywatch", "--out", "-").json()
    assert back["buckets"]["o"]["events"][0]["data"] == {"file": EVIL}
    assert back["buckets"]["o"]["client"] == EVIL
    csv_out = cli("export", "--format", "csv", "--out", "-")
    assert csv_out.code == 0 and not _has_controls(csv_out.out)
    assert "\\x1b]0;pwned\\x07" in csv_out.out
    # A file keeps the text as stored.
    path = tmp_path / "out.csv"
    assert cli("export", "--format", "csv", "--out", str(path)).code == 0
    assert EVIL in path.read_text(encoding="utf-8")


def test_status_escapes_the_latest_window(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_evil(home)
    text = cli("status")
    assert text.code == 0 and not _has_controls(text.out)
    assert "a\\x1b]0;pwned\\x07b" in text.out
    as_json = cli("status", "--json")
    assert not _has_controls(as_json.out)
    assert as_json.json()["latest_window"]["title"] == EVIL


def test_terminal_escapes_are_visible_and_json_stays_the_same_value() -> None:
    from focuscoach.core import terminal
    from focuscoach.core.timeutil import to_iso

    assert terminal.safe("plain — 专注 🎬") == "plain — 专注 🎬"
    assert terminal.safe("a\x1b[2Jb\x9bc\u2028d\udcff") == "a\\x1b[2Jb\\x9bc\\u2028d\\udcff"
    value = {"t": "a\x1b\x7f\x85\u2028\u2029\ud800专"}
    text = terminal.dumps(value)
    assert text.isascii() is False and not _has_controls(text)
    assert json.loads(text) == value
    # Times no datetime can hold are shown at the nearest one that can, never an error.
    assert to_iso(1e300) == "9999-12-31T23:59:59.000000Z"
    assert to_iso(-1e300) == to_iso(float("nan")) == "0001-01-01T00:00:00.000000Z"
    assert to_iso(-5.5) == "1969-12-31T23:59:54.500000Z"


def test_the_readme_documents_every_setting_with_its_default() -> None:
    """The settings example in the README is a valid config.toml holding every option of
    core/options.py's table (bar [privacy]'s lists and the calendars, shown as examples)."""
    import re
    import tomllib

    from focuscoach.core import config
    from focuscoach.core.options import OPTIONS
    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```toml\n(.*?)```", text, re.S) if "[breaks]" in b]
    table = tomllib.loads(block)
    parsed = config.parse(table)  # valid as it stands
    examples = {"privacy.exclude", "planning.calendars", "quiet.meetings"}
    for option in OPTIONS:
        if option.name in examples:
            continue
        assert option.key in table.get(option.section, {}), f"{option.name} is not documented"
        documented = option.get(parsed)  # as the app reads it (a path list becomes Paths)
        assert documented == option.default, (option.name, documented, option.default)
