"""Importing ActivityWatch exports, and writing our data back in the same shape.

An export is `{"buckets": {ID: {id, type, client, hostname, created, events: [...]}}}` (a plain
list of buckets is accepted too). The whole file is checked before anything is written: one bad
event refuses the file, naming its bucket and index. Window, AFK and input buckets land in the
native tables; every other bucket type is kept verbatim. Each imported row keeps its bucket and
its original data, so importing twice adds nothing and exporting gives back what came in.
"""

from __future__ import annotations

import json
import math
import socket
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from focuscoach.core.config import RecordingSettings
from focuscoach.core.recording.privacy import clean_text
from focuscoach.core.store.queries import overlap
from focuscoach.core.timeutil import to_iso

WINDOW, AFK, INPUT = "currentwindow", "afkstatus", "os.hid.input"
_BUCKET_FIELDS = ("id", "type", "client", "hostname", "created", "events")


class InvalidExport(ValueError):
    """The file is not a usable ActivityWatch export; the message is one line."""


class AwEvent(NamedTuple):
    """One event as plain numbers (a NamedTuple: imports build a hundred thousand of them)."""

    start: float
    stop: float
    data: dict[str, Any]


@dataclass(slots=True)
class AwBucket:
    id: str
    type: str
    client: str = ""
    hostname: str = ""
    created: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    events: list[AwEvent] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    buckets: int = 0
    events: int = 0
    added: int = 0
    duplicates: int = 0
    excluded: int = 0
    by_bucket: dict[str, dict[str, int]] = field(default_factory=dict)


# Reading ---------------------------------------------------------------------------------------


def read_export(path: Path) -> list[AwBucket]:
    """Parse and check a whole export file; raises InvalidExport with one clear line."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise InvalidExport(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        raw = json.loads(_decode(text, path))
    except json.JSONDecodeError as exc:
        raise InvalidExport(
            f"{path}: not valid JSON (truncated?): {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    try:
        return parse_export(raw)
    except InvalidExport as exc:
        raise InvalidExport(f"{path}: {exc}") from None


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            raise InvalidExport(
                f"{path}: not valid JSON (truncated?): ends mid-character"
            ) from None
        raise InvalidExport(f"{path}: not UTF-8 text, so not an ActivityWatch export") from None


def parse_export(raw: Any) -> list[AwBucket]:
    if isinstance(raw, dict) and "buckets" in raw:
        items = raw["buckets"]
        if isinstance(items, dict):
            pairs: Iterable[tuple[str | None, Any]] = items.items()
        elif isinstance(items, list):
            pairs = ((None, bucket) for bucket in items)
        else:
            raise InvalidExport("'buckets' must be an object or a list")
    elif isinstance(raw, list):
        pairs = ((None, bucket) for bucket in raw)
    else:
        raise InvalidExport('not an ActivityWatch export: expected {"buckets": {...}}')
    buckets = [_parse_bucket(key, value, index) for index, (key, value) in enumerate(pairs)]
    if not buckets:
        raise InvalidExport("the export holds no buckets")
    ids = [bucket.id for bucket in buckets]
    if len(set(ids)) != len(ids):
        raise InvalidExport("the export names a bucket twice")
    return buckets


def _parse_bucket(key: str | None, raw: Any, index: int) -> AwBucket:
    name = key if key is not None else f"#{index}"
    if not isinstance(raw, dict):
        raise InvalidExport(f"bucket {name!r} is not an object")
    bucket_id = raw.get("id", key)
    if not isinstance(bucket_id, str) or not bucket_id:
        raise InvalidExport(f"bucket {name!r} has no id")
    kind = raw.get("type")
    if not isinstance(kind, str) or not kind:
        raise InvalidExport(f"bucket {bucket_id!r} has no type")
    events = raw.get("events")
    if not isinstance(events, list):
        raise InvalidExport(f"bucket {bucket_id!r} has no events list")
    extra = {k: v for k, v in raw.items() if k not in _BUCKET_FIELDS}
    bucket = AwBucket(
        id=bucket_id,
        type=kind,
        client=str(raw.get("client") or ""),
        hostname=str(raw.get("hostname") or ""),
        created=str(raw.get("created") or ""),
        extra=extra,
    )
    bucket.events = [_parse_event(bucket_id, i, event) for i, event in enumerate(events)]
    return bucket


def _parse_event(bucket: str, index: int, raw: Any) -> AwEvent:
    # The hot path of an import: checks first, messages only when one fails.
    if not isinstance(raw, dict):
        raise InvalidExport(f"{_where(bucket, index)}: not an object")
    stamp = raw.get("timestamp")
    try:
        moment = datetime.fromisoformat(stamp)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidExport(f"{_where(bucket, index)}: bad timestamp {stamp!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    duration = raw.get("duration", 0)
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise InvalidExport(f"{_where(bucket, index)}: duration {duration!r} is not a number")
    if not math.isfinite(duration) or duration < 0:
        raise InvalidExport(
            f"{_where(bucket, index)}: duration {duration!r} is negative or not finite"
        )
    data = raw.get("data", {})
    if not isinstance(data, dict):
        raise InvalidExport(f"{_where(bucket, index)}: data is not an object")
    start = moment.timestamp()
    return AwEvent(start, start + float(duration), data)


def _where(bucket: str, index: int) -> str:
    return f"bucket {bucket!r}, event {index}"


# Writing into the store ------------------------------------------------------------------------


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(data: dict[str, Any]) -> str:
    """The one JSON spelling of an event's data, so that equal data dedupes."""
    return _CANONICAL.encode(data)


def _window_row(bucket: str, event: AwEvent, settings: RecordingSettings) -> tuple[Any, ...] | None:
    app = clean_text(str(event.data.get("app", "")), 200)
    title = clean_text(str(event.data.get("title", "")), settings.max_title_length)
    if any(rule.matches(app, title) for rule in settings.exclusions):
        return None
    data = event.data
    if not settings.record_titles:
        title = ""
        data = {k: v for k, v in data.items() if k != "title"}
    return (event.start, event.stop, app, title, bucket, canonical(data))


def _afk_row(bucket: str, event: AwEvent) -> tuple[Any, ...]:
    afk = int(event.data.get("status") == "afk")
    return (event.start, event.stop, afk, bucket, canonical(event.data))


def _count(data: dict[str, Any], *keys: str) -> int:
    total = 0
    for key in keys:
        value = data.get(key, 0)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            total += abs(int(value))
    return total


def _input_row(bucket: str, event: AwEvent) -> tuple[Any, ...]:
    # aw-watcher-input counts key presses and clicks, and measures movement and scrolling in
    # pixels; the pixel sums land in `moves` and `scrolls`.
    d = event.data
    return (
        event.start,
        event.stop,
        _count(d, "presses"),
        _count(d, "clicks"),
        _count(d, "deltaX", "deltaY"),
        _count(d, "scrollX", "scrollY"),
        bucket,
        canonical(d),
    )


_INSERTS = {
    WINDOW: "INSERT OR IGNORE INTO window_spans (start, stop, app, title, bucket, data)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    AFK: "INSERT OR IGNORE INTO afk_spans (start, stop, afk, bucket, data) VALUES (?, ?, ?, ?, ?)",
    INPUT: "INSERT OR IGNORE INTO input_activity"
    " (start, stop, keys, clicks, moves, scrolls, bucket, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}
_OTHER_INSERT = "INSERT OR IGNORE INTO aw_events (bucket, start, stop, data) VALUES (?, ?, ?, ?)"


def import_buckets(
    conn: sqlite3.Connection, buckets: list[AwBucket], settings: RecordingSettings
) -> ImportResult:
    """Write checked buckets in one transaction: all of it lands, or none of it."""
    result = ImportResult(buckets=len(buckets))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for bucket in buckets:
            _check_bucket_type(conn, bucket)
            conn.execute(
                "INSERT OR IGNORE INTO aw_buckets (id, type, client, hostname, created, extra)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    bucket.id,
                    bucket.type,
                    bucket.client,
                    bucket.hostname,
                    bucket.created,
                    canonical(bucket.extra),
                ),
            )
            rows: list[tuple[Any, ...]]
            if bucket.type == WINDOW:
                maybe = [_window_row(bucket.id, e, settings) for e in bucket.events]
                rows = [row for row in maybe if row is not None]
                excluded = len(maybe) - len(rows)
            elif bucket.type == AFK:
                rows, excluded = [_afk_row(bucket.id, e) for e in bucket.events], 0
            elif bucket.type == INPUT:
                rows, excluded = [_input_row(bucket.id, e) for e in bucket.events], 0
            else:
                rows = [(bucket.id, e.start, e.stop, canonical(e.data)) for e in bucket.events]
                excluded = 0
            before = conn.total_changes
            conn.executemany(_INSERTS.get(bucket.type, _OTHER_INSERT), rows)
            added = conn.total_changes - before
            result.events += len(bucket.events)
            result.added += added
            result.excluded += excluded
            result.duplicates += len(rows) - added
            result.by_bucket[bucket.id] = {
                "events": len(bucket.events),
                "added": added,
                "duplicates": len(rows) - added,
                "excluded": excluded,
            }
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result


def _check_bucket_type(conn: sqlite3.Connection, bucket: AwBucket) -> None:
    row = conn.execute("SELECT type FROM aw_buckets WHERE id = ?", (bucket.id,)).fetchone()
    if row is not None and row[0] != bucket.type:
        raise InvalidExport(
            f"bucket {bucket.id!r} is already stored with type {row[0]!r}, not {bucket.type!r}"
        )


# Exporting -------------------------------------------------------------------------------------

NATIVE_CLIENT = "focuscoach"


def native_bucket_id(kind: str, hostname: str) -> str:
    prefix = {WINDOW: "aw-watcher-window", AFK: "aw-watcher-afk", INPUT: "aw-watcher-input"}[kind]
    return f"{prefix}_{hostname}"


def _event(start: float, stop: float, data: dict[str, Any]) -> dict[str, Any]:
    return {"timestamp": to_iso(start), "duration": round(stop - start, 6), "data": data}


def _native_data(kind: str, row: sqlite3.Row) -> dict[str, Any]:
    if kind == WINDOW:
        return {"app": row["app"], "title": row["title"]}
    if kind == AFK:
        return {"status": "afk" if row["afk"] else "not-afk"}
    return {
        "presses": row["keys"],
        "clicks": row["clicks"],
        "moves": row["moves"],
        "scrolls": row["scrolls"],
    }


def export_buckets(
    conn: sqlite3.Connection, since: float | None = None, until: float | None = None
) -> dict[str, Any]:
    """Everything in the store as an ActivityWatch export (imported buckets as they came)."""
    conn.row_factory = sqlite3.Row
    where, params = overlap(since, until)
    buckets: dict[str, Any] = {}
    stored = conn.execute("SELECT * FROM aw_buckets ORDER BY id").fetchall()
    tables = {WINDOW: "window_spans", AFK: "afk_spans", INPUT: "input_activity"}
    for bucket in stored:
        table = tables.get(bucket["type"], "aw_events")
        events = [
            _event(row["start"], row["stop"], json.loads(row["data"]))
            for row in conn.execute(
                f"SELECT start, stop, data FROM {table} WHERE bucket = ? AND {where} ORDER BY start",
                [bucket["id"], *params],
            )
        ]
        buckets[bucket["id"]] = {
            **json.loads(bucket["extra"]),
            "id": bucket["id"],
            "type": bucket["type"],
            "client": bucket["client"],
            "hostname": bucket["hostname"],
            "created": bucket["created"],
            "events": events,
        }
    hostname = socket.gethostname() or "localhost"
    for kind, table in tables.items():
        events = [
            _event(row["start"], row["stop"], _native_data(kind, row))
            for row in conn.execute(
                f"SELECT * FROM {table} WHERE bucket IS NULL AND {where} ORDER BY start", params
            )
        ]
        if events:
            bucket_id = native_bucket_id(kind, hostname)
            buckets[bucket_id] = {
                "id": bucket_id,
                "type": kind,
                "client": NATIVE_CLIENT,
                "hostname": hostname,
                "created": events[0]["timestamp"],
                "events": events,
            }
    conn.row_factory = None
    return {"buckets": buckets}
