"""Import and export of ActivityWatch data, on a simulated Android export (in the real
export's format and quirks: tests/support/aw_export.py) and on broken files."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AW_EXPORT, Cli, table_counts
from tests.support.aw_export import APP_BUCKET, UNLOCK_BUCKET


def _events(bucket: dict[str, Any]) -> list[tuple[float, float, str]]:
    return sorted(
        {
            (
                round(datetime.fromisoformat(e["timestamp"]).timestamp(), 6),
                round(e["duration"], 6),
                json.dumps(e["data"], sort_keys=True, ensure_ascii=False),
            )
            for e in bucket["events"]
        }
    )


@pytest.fixture(scope="module")
def original() -> dict[str, Any]:
    buckets: dict[str, Any] = json.loads(AW_EXPORT.read_text(encoding="utf-8"))["buckets"]
    return buckets


def test_an_android_export_imports_into_native_and_verbatim_tables(
    cli: Cli, home: Path, original: dict[str, Any]
) -> None:
    result = cli("import", "activitywatch", str(AW_EXPORT), "--json")
    assert result.code == 0, result.err
    summary = result.json()
    apps, unlocks = (len(original[b]["events"]) for b in (APP_BUCKET, UNLOCK_BUCKET))
    assert summary["events"] == apps + unlocks
    # The watcher's repeated events are one span each.
    assert len(_events(original[APP_BUCKET])) < apps
    unique_app_events = len(_events(original[APP_BUCKET]))
    assert summary["by_bucket"][APP_BUCKET]["added"] == unique_app_events
    assert summary["by_bucket"][UNLOCK_BUCKET]["added"] == unlocks
    counts = table_counts(home / "focuscoach.db")
    assert counts["window_spans"] == unique_app_events
    assert counts["aw_events"] == unlocks
    status = cli("status", "--json").json()
    assert status["window_spans"] == unique_app_events
    assert status["first"].startswith("2026-04-14")
    assert status["last"].startswith("2026-04-23")


def _data_counts(db: Path) -> dict[str, int]:
    """Row counts of the user's data (`meta` is the store's own bookkeeping)."""
    return {k: v for k, v in table_counts(db).items() if k != "meta"}


def test_importing_twice_adds_nothing(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", "activitywatch", str(AW_EXPORT)).code == 0
    before = _data_counts(home / "focuscoach.db")
    again = cli("import", "activitywatch", str(AW_EXPORT), "--json")
    assert again.code == 0
    assert again.json()["added"] == 0
    assert _data_counts(home / "focuscoach.db") == before


def test_export_gives_back_the_imported_buckets(cli, home: Path, tmp_path: Path, original) -> None:  # type: ignore[no-untyped-def]
    cli("import", "activitywatch", str(AW_EXPORT))
    out = tmp_path / "back.json"
    assert cli("export", "--format", "activitywatch", "--out", str(out)).code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))["buckets"]
    assert exported.keys() == original.keys()
    for bucket_id, bucket in original.items():
        meta = {k: v for k, v in bucket.items() if k != "events"}
        assert {k: v for k, v in exported[bucket_id].items() if k != "events"} == meta
        assert _events(exported[bucket_id]) == _events(bucket)

    # ...and that file imports into a fresh home as the same data.
    other = tmp_path / "other-home"
    from focuscoach.core.cli import main

    assert main(["--home", str(other), "import", "activitywatch", str(out)]) == 0
    assert table_counts(other / "focuscoach.db") == table_counts(home / "focuscoach.db")


def _export(events: list[Any], kind: str = "currentwindow") -> dict[str, Any]:
    return {
        "buckets": {
            "good": {
                "id": "good",
                "type": "afkstatus",
                "client": "t",
                "hostname": "h",
                "created": "2026-01-01T00:00:00Z",
                "events": [
                    {"timestamp": "2026-01-01T00:00:00Z", "duration": 5, "data": {"status": "afk"}}
                ],
            },
            "win": {"id": "win", "type": kind, "client": "t", "hostname": "h", "events": events},
        }
    }


GOOD = {
    "timestamp": "2026-01-01T10:00:00.5+00:00",
    "duration": 1.5,
    "data": {"app": "a", "title": "t"},
}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({**GOOD, "timestamp": "yesterday-ish"}, "bucket 'win', event 1: bad timestamp"),
        ({**GOOD, "timestamp": None}, "bucket 'win', event 1: bad timestamp"),
        ({**GOOD, "duration": "12"}, "bucket 'win', event 1: duration '12' is not a number"),
        ({**GOOD, "duration": -3}, "bucket 'win', event 1: duration -3 is negative"),
        ({**GOOD, "data": "x"}, "bucket 'win', event 1: data is not an object"),
        ("not an event", "bucket 'win', event 1: not an object"),
    ],
)
def test_an_invalid_event_refuses_the_whole_file(
    cli: Cli, home: Path, tmp_path: Path, event: object, message: str
) -> None:
    assert cli("import", "activitywatch", str(AW_EXPORT)).code == 0
    before = table_counts(home / "focuscoach.db")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_export([GOOD, event])), encoding="utf-8")
    result = cli("import", "activitywatch", str(path))
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert table_counts(home / "focuscoach.db") == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (AW_EXPORT.read_bytes()[:100_000], "not valid JSON (truncated?)"),
        (b'{"hello": "world"}', "not an ActivityWatch export"),
        (b"[1, 2]", "bucket '#0' is not an object"),
        (b'{"buckets": {}}', "holds no buckets"),
        (b"\xff\xfe garbage", "not UTF-8"),
    ],
)
def test_files_that_are_not_exports_are_refused(
    cli: Cli, home: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = cli("import", "activitywatch", str(path))
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (home / "focuscoach.db").exists()


def test_missing_file_is_a_clear_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", "activitywatch", str(tmp_path / "nope.json"))
    assert result.code == 2
    assert "cannot read" in result.err


def test_a_list_of_buckets_and_all_mapped_types(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    buckets = [
        {"id": "w", "type": "currentwindow", "events": [GOOD]},
        {
            "id": "i",
            "type": "os.hid.input",
            "events": [
                {
                    "timestamp": "2026-01-01T10:00:00Z",
                    "duration": 5,
                    "data": {
                        "presses": 7,
                        "clicks": 2,
                        "deltaX": 10,
                        "deltaY": -5,
                        "scrollX": 0,
                        "scrollY": 3,
                    },
                }
            ],
        },
        {"id": "s", "type": "app.editor.activity", "events": [{**GOOD, "data": {"file": "x.py"}}]},
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(buckets), encoding="utf-8")
    assert cli("import", "activitywatch", str(path)).code == 0
    data = cli("export", "--format", "json", "--out", "-").json()
    assert data["window"] == [
        {
            "start": "2026-01-01T10:00:00.500000Z",
            "end": "2026-01-01T10:00:02.000000Z",
            "app": "a",
            "title": "t",
        }
    ]
    assert data["input"][0]["keys"] == 7
    assert data["input"][0]["clicks"] == 2
    counts = table_counts(home / "focuscoach.db")
    assert counts["aw_events"] == 1


def test_a_bucket_id_reused_with_another_type_is_refused(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "a.json"
    first.write_text(json.dumps([{"id": "x", "type": "currentwindow", "events": [GOOD]}]))
    second = tmp_path / "b.json"
    second.write_text(json.dumps([{"id": "x", "type": "afkstatus", "events": []}]))
    assert cli("import", "activitywatch", str(first)).code == 0
    result = cli("import", "activitywatch", str(second))
    assert result.code == 2
    assert "already stored with type 'currentwindow'" in result.err


# Hostile files: exit 2 with one line naming the place, nothing stored; never exit 1 -----------


def _dump(db: Path) -> str | None:
    """Everything in the database as SQL text: equal dumps, equal data (`meta`, the store's
    own bookkeeping such as when it last checked the file, left out)."""
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    try:
        return "\n".join(line for line in conn.iterdump() if 'INTO "meta"' not in line)
    finally:
        conn.close()


def _one_bucket(events: list[Any], kind: str = "currentwindow", **bucket: Any) -> str:
    return json.dumps(
        {"buckets": {"b": {"id": "b", "type": kind, "events": events, **bucket}}},
        ensure_ascii=True,
    )


def _with(text: str, placeholder: str, raw: str) -> str:
    """Put raw JSON text (not expressible with json.dumps) where the placeholder string is."""
    assert f'"{placeholder}"' in text
    return text.replace(f'"{placeholder}"', raw)


_EVENT = {"timestamp": "2026-01-01T10:00:00Z", "duration": 5, "data": {"app": "a", "title": "t"}}
_DATA = {"app": "a", "title": "t", "x": "HOLE"}

HOSTILE = {
    "nested 5000 deep": (
        '{"buckets": ' + "[" * 5000 + "]" * 5000 + "}",
        "nested too deeply",
    ),
    "nested 100 deep in data": (
        _with(_one_bucket([{**_EVENT, "data": _DATA}]), "HOLE", "[" * 100 + "]" * 100),
        "bucket 'b', event 0: data is nested more than 16 levels deep",
    ),
    "lone surrogate in a title": (
        _one_bucket([{**_EVENT, "data": {"app": "a", "title": "x\ud800y"}}]),
        "bucket 'b', event 0: data holds text that is not valid Unicode",
    ),
    "lone surrogate in a key": (
        _one_bucket([{**_EVENT, "data": {"\udfff": 1}}]),
        "bucket 'b', event 0: data has a key that is not valid Unicode",
    ),
    "lone surrogate in the bucket id": (
        json.dumps([{"id": "b\ud800", "type": "x", "events": []}]),
        "its id is not valid Unicode",
    ),
    "lone surrogate in the hostname": (
        _one_bucket([_EVENT], hostname="h\udc00"),
        "bucket 'b': its hostname is not valid Unicode",
    ),
    "an integer of 5000 digits": (
        _with(_one_bucket([{**_EVENT, "data": _DATA}]), "HOLE", "9" * 5000),
        "a number at line 1 column",
    ),
    "an integer beyond 64 bits": (
        _with(_one_bucket([{**_EVENT, "data": _DATA}]), "HOLE", str(2**64)),
        "bucket 'b', event 0: data holds an integer beyond 64 bits",
    ),
    "input counts beyond 64 bits": (
        _with(
            _one_bucket([{**_EVENT, "data": {"presses": "HOLE"}}], "os.hid.input"),
            "HOLE",
            "1" + "0" * 30,
        ),
        "bucket 'b', event 0: data holds an integer beyond 64 bits",
    ),
    "NaN in data": (
        _with(_one_bucket([{**_EVENT, "data": _DATA}]), "HOLE", "NaN"),
        "bucket 'b', event 0: data holds a number that is not finite",
    ),
    "Infinity in data": (
        _with(_one_bucket([{**_EVENT, "data": _DATA}]), "HOLE", "-Infinity"),
        "bucket 'b', event 0: data holds a number that is not finite",
    ),
    "1e400 in data": (
        _with(_one_bucket([{**_EVENT, "data": _DATA}]), "HOLE", "1e400"),
        "bucket 'b', event 0: data holds a number that is not finite",
    ),
    "NaN in the bucket's extra fields": (
        _with(_one_bucket([_EVENT], metadata="HOLE"), "HOLE", "NaN"),
        "bucket 'b': data holds a number that is not finite",
    ),
    "NaN duration": (
        _with(_one_bucket([{**_EVENT, "duration": "HOLE"}]), "HOLE", "NaN"),
        "bucket 'b', event 0: duration nan is negative or not finite",
    ),
    "1e400 duration": (
        _with(_one_bucket([{**_EVENT, "duration": "HOLE"}]), "HOLE", "1e400"),
        "bucket 'b', event 0: duration inf is negative or not finite",
    ),
    "a duration of 400 digits": (
        _with(_one_bucket([{**_EVENT, "duration": "HOLE"}]), "HOLE", "9" * 400),
        "bucket 'b', event 0: duration",
    ),
    "a timestamp in year 9999": (
        _one_bucket([{**_EVENT, "timestamp": "9999-12-31T23:59:59-14:00"}]),
        "bucket 'b', event 0: timestamp '9999-12-31T23:59:59-14:00' is outside the supported"
        " range 1970-01-01 to 2200-01-01",
    ),
    "a timestamp in year 1": (
        _one_bucket([{**_EVENT, "timestamp": "0001-01-01T00:00:00+14:00"}]),
        "bucket 'b', event 0: timestamp '0001-01-01T00:00:00+14:00' is outside",
    ),
    "a timestamp before 1970": (
        _one_bucket([{**_EVENT, "timestamp": "1969-12-31T23:59:59Z"}]),
        "bucket 'b', event 0: timestamp '1969-12-31T23:59:59Z' is outside",
    ),
    "a timestamp in 2200": (
        _one_bucket([{**_EVENT, "timestamp": "2200-01-01T00:00:00Z"}]),
        "is outside",
    ),
    "a timestamp of a megabyte": (
        _one_bucket([{**_EVENT, "timestamp": "2026" * 250_000}]),
        "bucket 'b', event 0: bad timestamp '20262026",
    ),
    "a timestamp that is a number": (
        _one_bucket([{**_EVENT, "timestamp": 1_700_000_000}]),
        "bucket 'b', event 0: bad timestamp 1700000000",
    ),
    "a bucket id of a megabyte": (
        json.dumps([{"id": "b" * 1_000_000, "type": "x", "events": [_EVENT]}]),
        "its id is longer than 255 characters",
    ),
    "a bucket type of 300 characters": (
        json.dumps([{"id": "b", "type": "t" * 300, "events": []}]),
        "bucket 'b': its type is longer than 255 characters",
    ),
    "a key of 300 characters": (
        _one_bucket([{**_EVENT, "data": {"k" * 300: 1}}]),
        "bucket 'b', event 0: data has a key longer than 255 characters",
    ),
    "data with 1000 values": (
        _one_bucket([{**_EVENT, "data": {"tags": list(range(1000))}}]),
        "bucket 'b', event 0: data holds more than 256 values",
    ),
    "wrong types for the bucket": (
        json.dumps({"buckets": {"b": {"id": ["b"], "type": "x", "events": []}}}),
        "bucket 'b' has no id",
    ),
    "a hostname that is a list": (
        _one_bucket([_EVENT], hostname=[[["h"]]]),
        "bucket 'b': its hostname is not text",
    ),
    "a timestamp that is a deep list": (
        _with(_one_bucket([{**_EVENT, "timestamp": "HOLE"}]), "HOLE", "[" * 900 + "]" * 900),
        "bucket 'b', event 0: bad timestamp (a list)",
    ),
    "events that is an object": (
        json.dumps({"buckets": {"b": {"id": "b", "type": "x", "events": {"0": _EVENT}}}}),
        "bucket 'b' has no events list",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_exits_2_with_one_line_and_changes_nothing(
    cli: Cli, home: Path, tmp_path: Path, name: str
) -> None:
    text, message = HOSTILE[name]
    good = tmp_path / "good.json"
    good.write_text(_one_bucket([_EVENT]), encoding="utf-8")
    assert cli("import", "activitywatch", str(good)).code == 0
    before = _dump(home / "focuscoach.db")
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = cli("import", "activitywatch", str(path))
    assert result.code == 2, result.err
    assert message in result.err
    assert len(result.err.splitlines()) == 1 and len(result.err) < 400
    assert _dump(home / "focuscoach.db") == before


@pytest.mark.parametrize("duration", ["1e15", "1e308", "1" + "0" * 29, "604801"])
def test_an_event_longer_than_7_days_is_cut_to_7_days(
    cli: Cli, home: Path, tmp_path: Path, duration: str
) -> None:
    path = tmp_path / "long.json"
    events = [{**_EVENT, "duration": "HOLE"}, {**_EVENT, "timestamp": "2026-02-01T00:00:00Z"}]
    path.write_text(_with(_one_bucket(events, "afkstatus"), "HOLE", duration), encoding="utf-8")
    result = cli("import", "activitywatch", str(path), "--json")
    assert result.code == 0, result.err
    assert result.json()["clipped"] == 1 and result.json()["added"] == 2
    assert (
        "1 longer than 7 days were cut to 7 days" in cli("import", "activitywatch", str(path)).out
    )
    exported = cli("export", "--format", "activitywatch", "--out", "-")
    assert exported.code == 0, exported.err
    first = exported.json()["buckets"]["b"]["events"][0]
    assert first["duration"] == 7 * 86400
    assert cli("status", "--json").json()["last"] == "2026-02-01T00:00:05.000000Z"
    for fmt in ("json", "csv"):
        assert cli("export", "--format", fmt, "--out", "-").code == 0
    # Importing the same file again adds nothing: the cut is the same each time.
    assert cli("import", "activitywatch", str(path), "--json").json()["added"] == 0
    forget = cli("forget", "--since", "2026-01-01", "--until", "2026-01-09", "--yes")
    assert forget.code == 0, forget.err
    assert table_counts(home / "focuscoach.db")["afk_spans"] == 1


def test_everything_stored_is_cut_like_a_title(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = "x" * 1_000_000
    buckets = [
        {
            "id": "w",
            "type": "currentwindow",
            "client": big,
            "hostname": big,
            "created": big,
            "extra": {"note": big},
            "events": [
                {
                    **_EVENT,
                    "data": {"app": big, "title": big, "url": big, "more": [big, {"k": big}]},
                }
            ],
        },
        {"id": "o", "type": "app.other", "events": [{**_EVENT, "data": {"file": big}}]},
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(buckets), encoding="utf-8")
    result = cli("import", "activitywatch", str(path))
    assert result.code == 0, result.err
    db = home / "focuscoach.db"
    assert db.stat().st_size < 1_000_000
    conn = sqlite3.connect(db)
    app, title, data = conn.execute("SELECT app, title, data FROM window_spans").fetchone()
    assert len(app) == 200 and len(title) == 1000 and title.endswith("…")
    stored = json.loads(data)
    assert stored["title"] == title and stored["app"] == app
    assert len(stored["url"]) == 1000 and len(stored["more"][1]["k"]) == 1000
    client, hostname, created, extra = conn.execute(
        "SELECT client, hostname, created, extra FROM aw_buckets WHERE id = 'w'"
    ).fetchone()
    assert {len(client), len(hostname), len(created)} == {255}
    assert len(json.loads(extra)["extra"]["note"]) == 1000
    (other,) = conn.execute("SELECT data FROM aw_events").fetchone()
    assert len(json.loads(other)["file"]) == 1000
    conn.close()


def test_rows_outside_the_range_still_show_export_and_forget(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    """Rows an older version let in (year 1, year 31 million, NaN in the data) never make
    status or an export fail, and a range reaching the end of the supported range forgets
    them."""
    from focuscoach.core.store.database import open_database

    db = open_database(home / "focuscoach.db")
    db.conn.execute(
        "INSERT INTO aw_buckets (id, type, client, hostname, created, extra)"
        " VALUES ('b', 'currentwindow', '', '', '', '{\"x\":NaN}')"
    )
    db.conn.executemany(
        "INSERT INTO window_spans (start, stop, app, title, bucket, data) VALUES (?,?,?,?,?,?)",
        [
            (1_776_000_000.0, 1e15, "a", "t", "b", '{"app":"a","v":Infinity}'),
            (-1e300, 1e300, "a", "t", "b", "not json"),
            (-62_135_596_800.0 - 1e6, 1_776_000_000.0, "old", "t", None, None),
        ],
    )
    db.conn.execute(
        "INSERT INTO aw_events (bucket, start, stop, data) VALUES ('b', 1e18, 1e19, '{}')"
    )
    db.conn.commit()
    db.close()
    status = cli("status", "--json")
    assert status.code == 0, status.err
    assert status.json()["first"] == "0001-01-01T00:00:00.000000Z"
    assert cli("status").code == 0
    for fmt in ("json", "csv", "activitywatch"):
        result = cli("export", "--format", fmt, "--out", "-")
        assert result.code == 0, result.err
    exported = cli("export", "--format", "activitywatch", "--out", "-").json()
    assert exported["buckets"]["b"]["events"][-1]["data"] == {"app": "a", "v": None}
    assert cli("export", "--format", "json", "--since", "2026-01-01", "--out", "-").code == 0
    forget = cli("forget", "--since", "1900-01-01", "--until", "3000-01-01", "--yes")
    assert forget.code == 0, forget.err
    counts = table_counts(home / "focuscoach.db")
    assert counts["window_spans"] == 0 and counts["aw_events"] == 0


def test_the_stored_data_holds_app_and_title_as_the_columns_do(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    events = [
        {**_EVENT, "data": {"app": "a\x1bb", "title": "tab\there", "n": 1}},
        {**_EVENT, "timestamp": "2026-01-01T11:00:00Z", "data": {"app": "a", "title": ["x"]}},
    ]
    path = tmp_path / "e.json"
    path.write_text(_one_bucket(events), encoding="utf-8")
    assert cli("import", "activitywatch", str(path)).code == 0
    conn = sqlite3.connect(home / "focuscoach.db")
    rows = conn.execute("SELECT app, title, data FROM window_spans ORDER BY start").fetchall()
    conn.close()
    assert rows[0][:2] == ("ab", "tab here")
    assert json.loads(rows[0][2]) == {"app": "ab", "title": "tab here", "n": 1}
    assert rows[1][1] == "['x']" and json.loads(rows[1][2]) == {"app": "a", "title": ["x"]}
    # Importing the same file again adds nothing.
    assert cli("import", "activitywatch", str(path), "--json").json()["added"] == 0


@pytest.mark.parametrize("content", [None, b"[", b"\xff"])
def test_a_file_name_with_a_newline_or_escape_stays_one_line(cli, tmp_path: Path, content) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad\nname\x1b[2J.json"
    if content is not None:
        path.write_bytes(content)
    result = cli("import", "activitywatch", str(path))
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and "\x1b" not in result.err
    assert "bad\\x0aname\\x1b[2J.json" in result.err


def test_an_exclusion_rule_sees_the_whole_title_on_import(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "config.toml").write_text(
        '[privacy]\nexclude = [{ title = "secret$" }]\n', encoding="utf-8"
    )
    long_title = "x" * 5000 + " secret"  # the match lies past the 1,000-character cut
    path = tmp_path / "e.json"
    path.write_text(_one_bucket([{**_EVENT, "data": {"app": "a", "title": long_title}}]))
    result = cli("import", "activitywatch", str(path), "--json")
    assert result.code == 0, result.err
    assert result.json()["excluded"] == 1 and result.json()["added"] == 0
