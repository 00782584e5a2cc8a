"""The bulk import's fast paths (issue 11: import speed) store exactly what the careful path
stores: the same events parsed, the same rows (text, digests, shapes, extra data) and the same
refusals with the same message, over a seeded mix of plain and odd events and settings."""

from __future__ import annotations

import gc
import json
import random
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from focuscoach.core.config import ExclusionRule, RecordingSettings
from focuscoach.core.interop import aw_import, aw_parse
from focuscoach.core.interop.aw_parse import AwEvent, InvalidExport
from focuscoach.core.saferegex import compile_pattern
from focuscoach.core.store import events, imported
from focuscoach.core.store.database import open_database
from focuscoach.core.timeutil import MAX_EVENT_SECONDS

STAMPS = (
    "2026-04-14T10:00:{s:02d}.{us:06d}Z",
    "2026-04-14T10:00:{s:02d}.{us:06d}+00:00",
    "2026-04-14T12:00:{s:02d}.{us:06d}+02:00",
    "2026-04-14T10:00:{s:02d}",  # naive: read as UTC by the careful path
    "2026-04-14T10:00:{s:02d}.{us:03d}Z",
)
DURATIONS: tuple[Any, ...] = (
    12.5,
    0,
    7,
    -0.0,
    0.000001,
    MAX_EVENT_SECONDS,
    MAX_EVENT_SECONDS + 1,  # cut to 7 days
    10**30,  # cut too
    2.0**70,
)
APPS = ("code", "firefox", "微信", "a\tb", "x" * 250, "y" * 50, "", "Slack\n")
TITLES = ("main.py", "Inbox — 工作", "t" * 300, "", "line\nbreak", "zero\u200dwidth", "\x00nul")


def _window_data(rng: random.Random) -> Any:
    app, title = rng.choice(APPS), rng.choice(TITLES)
    return rng.choice(
        [
            {"app": app, "title": title},
            {"app": app, "title": title},
            {"app": app, "title": title},
            {"title": title, "app": app},
            {"app": app},
            {"app": app, "title": title, "url": "https://example.org/" + title[:5]},
            {"app": 5, "title": title},
            {"app": app, "title": None},
            {"app": app, "title": title, "meta": {"tabs": [1, 2.5, "x"], "on": True}},
            {"app": app, "title": title, "n": 2**62, "f": 1.5, "none": None},
            {},
        ]
    )


def _afk_data(rng: random.Random) -> Any:
    return rng.choice(
        [
            {"status": "afk"},
            {"status": "not-afk"},
            {"status": "not-afk"},
            {"status": "away"},
            {"status": 1},
            {"status": "afk", "extra": "x"},
            {},
        ]
    )


def _input_data(rng: random.Random) -> Any:
    return {"presses": rng.randrange(50), "clicks": rng.choice([0, 3, 2.5]), "deltaX": 4}


def _event(rng: random.Random, second: int, data: Any) -> dict[str, Any]:
    stamp = rng.choice(STAMPS).format(s=second % 60, us=rng.randrange(1000))
    event: dict[str, Any] = {"timestamp": stamp, "duration": rng.choice(DURATIONS), "data": data}
    if rng.random() < 0.05:
        del event["duration"]
    if rng.random() < 0.03:
        del event["data"]
    return event


def _export(seed: int, count: int = 400) -> dict[str, Any]:
    rng = random.Random(seed)
    kinds = {"w": "currentwindow", "a": "afkstatus", "i": "os.hid.input", "o": "other.kind"}
    makers = {"w": _window_data, "a": _afk_data, "i": _input_data, "o": _window_data}
    return {
        "buckets": {
            key: {
                "id": f"bucket-{key}",
                "type": kind,
                "events": [_event(rng, n, makers[key](rng)) for n in range(count)],
            }
            for key, kind in kinds.items()
        }
    }


def _careful_parse(bucket: str, raws: list[Any]) -> list[AwEvent]:
    return [aw_parse._parse_event(bucket, index, raw) for index, raw in enumerate(raws)]


def _careful_windows(
    events: list[AwEvent], settings: RecordingSettings
) -> tuple[list[imported.PlainWindow], list[imported.MappedRow]]:
    rows = [aw_import._window_row(event, settings) for event in events]
    return [], [row for row in rows if row is not None]


def _careful_afk(
    rows: list[imported.MappedRow], _bucket: int
) -> tuple[list[tuple[Any, ...]], list[imported.MappedRow]]:
    return [], list(rows)


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every imported row with its text looked up, in a stable order. Not the digest: it
    hashes string ids, which depend on the order texts were first met; `_check_digests`."""
    _check_digests(path)
    conn = sqlite3.connect(path)
    text = "(SELECT text FROM strings WHERE id = t.{0})"
    queries = {
        "windows": f"SELECT start, stop, {text.format('app')}, {text.format('title')}",
        "afk_spans": "SELECT start, stop, afk",
        "input_activity": "SELECT start, stop, keys, clicks, moves, scrolls",
    }
    found = {}
    try:
        for table, columns in queries.items():
            found[table] = sorted(
                conn.execute(
                    f"{columns}, {text.format('bucket')}, {text.format('extra')}, shape"
                    f" FROM {table} t"
                ).fetchall(),
                key=repr,
            )
        found["aw_events"] = sorted(
            conn.execute("SELECT bucket, start, stop, data FROM aw_events").fetchall(), key=repr
        )
    finally:
        conn.close()
    return found


def _check_digests(path: Path) -> None:
    """Every mapped row's digest is events.digest of its own ids (what a later import of the
    same event computes to find it)."""
    own = {
        "windows": "app, title",
        "afk_spans": "afk",
        "input_activity": "keys, clicks, moves, scrolls",
    }
    conn = sqlite3.connect(path)
    checked = 0
    try:
        for table, columns in own.items():
            rows = conn.execute(
                f"SELECT stop, bucket, {columns}, coalesce(extra, -1), shape, digest FROM {table}"
            ).fetchall()
            checked += len(rows)
            for stop, bucket, *values, digest in rows:
                assert events.digest(bucket, stop, *values) == digest
    finally:
        conn.close()
    assert checked


def _import(path: Path, export: dict[str, Any], settings: RecordingSettings) -> Any:
    buckets = aw_parse.parse_export(export)
    db = open_database(path)
    try:
        return aw_import.import_buckets(db.conn, buckets, settings)
    finally:
        db.close()


SETTINGS = {
    "default": RecordingSettings(),
    "short titles": RecordingSettings(max_title_length=20),
    "no titles": RecordingSettings(record_titles=False),
    "exclusions": RecordingSettings(exclusions=(ExclusionRule(app=compile_pattern("^firefox$")),)),
}


@pytest.mark.parametrize("name", SETTINGS)
@pytest.mark.parametrize("seed", [1, 2])
def test_the_fast_paths_store_what_the_careful_path_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, seed: int
) -> None:
    settings = SETTINGS[name]
    export = _export(seed)
    raws = export["buckets"]["w"]["events"]
    assert aw_parse._parse_events("w", raws) == _careful_parse("w", raws)
    fast = _import(tmp_path / "fast.db", export, settings)
    again = _import(tmp_path / "fast.db", export, settings)
    with monkeypatch.context() as patched:
        patched.setattr(aw_parse, "_parse_events", _careful_parse)
        patched.setattr(aw_import, "_window_rows", _careful_windows)
        patched.setattr(imported, "_plain_afk", _careful_afk)
        patched.setattr(imported, "_is_plain_window", lambda _row: False)
        slow = _import(tmp_path / "slow.db", export, settings)
    assert fast == slow
    assert again.added == 0 and again.duplicates == fast.added + fast.duplicates
    assert fast.clipped > 0 and fast.added > 1000
    assert _rows(tmp_path / "fast.db") == _rows(tmp_path / "slow.db")


def test_the_fast_path_still_applies_the_limits(tmp_path: Path) -> None:
    """What the fast path lets through stays within the stored limits."""
    settings = SETTINGS["short titles"]
    _import(tmp_path / "fast.db", _export(3), settings)
    for row in _rows(tmp_path / "fast.db")["windows"]:
        assert len(row[2]) <= aw_parse.MAX_APP_LENGTH
        assert len(row[3]) <= settings.max_title_length
        assert not any(unicodedata.category(ch) == "Cc" for ch in row[2] + row[3])


BAD_EVENTS: tuple[Any, ...] = (
    "not an object",
    {"timestamp": "yesterday", "duration": 1, "data": {}},
    {"timestamp": 5, "duration": 1, "data": {}},
    {"timestamp": "1969-12-31T23:59:59Z", "duration": 1, "data": {}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": True, "data": {}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": -1, "data": {}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": float("nan"), "data": {}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": float("inf"), "data": {}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 10**400, "data": {}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": []},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": {"t": "\ud800"}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": {"\udfff": 1}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": {"k" * 256: 1}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": {"n": 2**63}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": {"n": float("nan")}},
    {"timestamp": "2026-04-14T10:00:00Z", "duration": 1, "data": {str(i): i for i in range(300)}},
)


@pytest.mark.parametrize("bad", BAD_EVENTS, ids=range(len(BAD_EVENTS)))
def test_a_bad_event_is_refused_with_the_careful_message(bad: Any) -> None:
    good = {"timestamp": "2026-04-14T10:00:00Z", "duration": 1.0, "data": {"app": "a"}}
    raws = [good, good, bad, good]
    with pytest.raises(InvalidExport) as careful:
        _careful_parse("w", raws)
    with pytest.raises(InvalidExport) as fast:
        aw_parse._parse_events("w", raws)
    assert str(fast.value) == str(careful.value)
    assert "event 2" in str(fast.value)


def test_the_collector_is_paused_while_reading_and_writing_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cyclic collector is off during a bulk read and write (it walked the whole export
    again and again), and back on afterwards, after a refused file too; a program that keeps
    it off keeps it off."""
    seen: list[bool] = []
    add_mapped = imported.add_mapped

    def watched(*args: Any, **kwargs: Any) -> int:
        seen.append(gc.isenabled())
        return add_mapped(*args, **kwargs)

    monkeypatch.setattr(imported, "add_mapped", watched)
    text = json.dumps(_export(4, count=20)).encode()
    assert gc.isenabled()
    buckets = aw_parse.parse_bytes(text, "export.json")
    assert gc.isenabled()
    db = open_database(tmp_path / "focuscoach.db")
    try:
        aw_import.import_buckets(db.conn, buckets, RecordingSettings())
        assert seen == [False, False, False] and gc.isenabled()
        clash = [aw_parse.AwBucket(id="bucket-w", type="afkstatus")]
        with pytest.raises(InvalidExport, match="already stored"):
            aw_import.import_buckets(db.conn, clash, RecordingSettings())
        assert gc.isenabled()
        with pytest.raises(InvalidExport, match="not valid JSON"):
            aw_parse.parse_bytes(text[:-5], "export.json")
        assert gc.isenabled()
        gc.disable()
        try:
            aw_import.import_buckets(db.conn, buckets, RecordingSettings())
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        db.close()


def test_a_bucket_of_plain_window_events_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commonest export (every window event just an app and a title) takes the shortest
    path: the same rows as the careful path, and a second import adds nothing."""
    rng = random.Random(9)
    events = [
        _event(rng, n, {"app": rng.choice(APPS[:3]), "title": rng.choice(TITLES[:2])})
        for n in range(300)
    ]
    export = {"buckets": {"w": {"id": "w", "type": "currentwindow", "events": events}}}
    fast = _import(tmp_path / "fast.db", export, RecordingSettings())
    again = _import(tmp_path / "fast.db", export, RecordingSettings())
    with monkeypatch.context() as patched:
        patched.setattr(aw_import, "_window_rows", _careful_windows)
        patched.setattr(imported, "_is_plain_window", lambda _row: False)
        slow = _import(tmp_path / "slow.db", export, RecordingSettings())
    assert fast == slow and fast.added > 250
    assert again.added == 0 and again.duplicates == fast.added + fast.duplicates
    assert _rows(tmp_path / "fast.db")["windows"] == _rows(tmp_path / "slow.db")["windows"]
