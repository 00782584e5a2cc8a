"""Writing checked ActivityWatch buckets into the store, in one transaction.

Window, AFK and input buckets land in the native tables (with the recorder's privacy rules and
cuts applied); every other bucket type is kept verbatim. Each imported row keeps its bucket and
its original data, so importing twice adds nothing (core/store/imported.py dedupes exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from focuscoach.core.config import RecordingSettings
from focuscoach.core.interop.aw_parse import (
    MAX_APP_LENGTH,
    AwBucket,
    AwEvent,
    InvalidExport,
    bounded,
    collector_paused,
)
from focuscoach.core.ranges import cut
from focuscoach.core.recording.privacy import clean_text, is_excluded
from focuscoach.core.store import imported, queries
from focuscoach.core.store.handles import Connection

WINDOW, AFK, INPUT = imported.WINDOW, imported.AFK, imported.INPUT


@dataclass(slots=True)
class ImportResult:
    buckets: int = 0
    events: int = 0
    added: int = 0
    duplicates: int = 0
    excluded: int = 0
    clipped: int = 0
    forgotten: int = 0  # events left out, or cut, because they lie in a range `forget` deleted
    by_bucket: dict[str, dict[str, int]] = field(default_factory=dict)


def _window_row(event: AwEvent, settings: RecordingSettings) -> imported.MappedRow | None:
    raw_app, raw_title = event.data.get("app", ""), event.data.get("title", "")
    app_text = raw_app if isinstance(raw_app, str) else str(raw_app)
    title_text = raw_title if isinstance(raw_title, str) else str(raw_title)
    # Rules see the whole (cleaned) app and title, as when recording: a match past the cut
    # still keeps the window out.
    if is_excluded(app_text, title_text, settings):
        return None
    app = clean_text(app_text, MAX_APP_LENGTH)
    title = clean_text(title_text, settings.max_title_length)
    data = bounded(event.data, settings.max_title_length)
    # The stored data holds the app and title as the columns hold them: cut and clean.
    if app is not raw_app or title is not raw_title:
        changed = {
            key: clean
            for key, raw, clean in (("app", raw_app, app), ("title", raw_title, title))
            if isinstance(raw, str) and raw != clean and key in data
        }
        if changed:
            data = {**data, **changed}
    if not settings.record_titles:
        title = ""
        data = {k: v for k, v in data.items() if k != "title"}
    return (event.start, event.stop, (app, title), data)


def _afk_row(event: AwEvent, limit: int) -> imported.MappedRow:
    afk = int(event.data.get("status") == "afk")
    return (event.start, event.stop, (afk,), bounded(event.data, limit))


# A sum of two 64-bit counts could overflow SQLite's INTEGER.
_MAX_COUNT = 2**63 - 1


def _count(data: dict[str, Any], *keys: str) -> int:
    total = 0
    for key in keys:
        value = data.get(key, 0)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            total += abs(int(value))
    return min(total, _MAX_COUNT)


def _input_row(event: AwEvent, limit: int) -> imported.MappedRow:
    # aw-watcher-input counts key presses and clicks, and measures movement and scrolling in
    # pixels; the pixel sums land in `moves` and `scrolls`.
    d = event.data
    counts = (
        _count(d, "presses"),
        _count(d, "clicks"),
        _count(d, "deltaX", "deltaY"),
        _count(d, "scrollX", "scrollY"),
    )
    return (event.start, event.stop, counts, bounded(d, limit))


def import_buckets(
    conn: Connection, buckets: list[AwBucket], settings: RecordingSettings
) -> ImportResult:
    """Write checked buckets in one transaction: all of it lands, or none of it."""
    result = ImportResult(buckets=len(buckets))
    limit = settings.max_title_length  # every string is cut like a title
    with collector_paused(), imported.transaction(conn):
        forgotten = queries.forgotten_ranges(conn)
        for bucket in buckets:
            _check_bucket_type(conn, bucket)
            original = bucket.events
            events, touched = outside(original, forgotten, split=bucket.type != INPUT)
            bucket = replace(bucket, events=events)
            imported.add_bucket(
                conn,
                bucket.id,
                bucket.type,
                bucket.client,
                bucket.hostname,
                bucket.created,
                bounded(bucket.extra, limit),
            )
            added, kept = _write_events(conn, bucket, settings)
            excluded = len(bucket.events) - kept
            clipped = sum(1 for e in original if e.clipped)
            result.events += len(original)
            result.added += added
            result.excluded += excluded
            result.duplicates += kept - added
            result.clipped += clipped
            result.forgotten += touched
            result.by_bucket[bucket.id] = {
                "events": len(original),
                "added": added,
                "duplicates": kept - added,
                "excluded": excluded,
                "clipped": clipped,
                "forgotten": touched,
            }
    return result


def outside(
    events: list[AwEvent], ranges: list[tuple[float, float]], split: bool = True
) -> tuple[list[AwEvent], int]:
    """(the events with what lies in `ranges` taken out, how many were touched): the ranges are
    those `forget` deleted (merged, in time order), and the import takes out what `forget`
    took out. An event reaching into a range keeps its parts outside it (two, for one that
    spans a range), as `forget` cuts a stored one; one that cannot be split (`split` false:
    input counts, which `forget` deletes whole) goes whole."""
    if not ranges:
        return events, 0
    starts = [lo for lo, _ in ranges]
    kept: list[AwEvent] = []
    touched = 0
    for event in events:
        parts = cut(event.start, event.stop, ranges, starts)
        if not any(inside for _a, _b, inside in parts):
            kept.append(event)  # outside every range
            continue
        touched += 1
        if split:
            kept.extend(
                event._replace(start=a, stop=b) for a, b, inside in parts if not inside and b > a
            )
    return kept, touched


def _write_events(
    conn: Connection, bucket: AwBucket, settings: RecordingSettings
) -> tuple[int, int]:
    """(events added, events not excluded) for one bucket."""
    limit = settings.max_title_length
    if bucket.type not in (WINDOW, AFK, INPUT):
        other = [(e.start, e.stop, bounded(e.data, limit)) for e in bucket.events]
        return imported.add_other(conn, bucket.id, other), len(other)
    rows: list[imported.MappedRow]
    if bucket.type == WINDOW:
        plain, rows = _window_rows(bucket.events, settings)
        added = imported.add_mapped(conn, WINDOW, bucket.id, rows, plain)
        return added, len(plain) + len(rows)
    if bucket.type == AFK:
        rows = [_afk_row(e, limit) for e in bucket.events]
    else:
        rows = [_input_row(e, limit) for e in bucket.events]
    return imported.add_mapped(conn, bucket.type, bucket.id, rows), len(rows)


def _window_rows(
    events: list[AwEvent], settings: RecordingSettings
) -> tuple[list[imported.PlainWindow], list[imported.MappedRow]]:
    """(plain window events, the other rows kept): the hot path of a bulk import. An event
    whose data is a short, printable app and title and nothing else is stored as it came
    (`_window_row` would return it unchanged), so it skips the cleaning and cutting."""
    plain: list[imported.PlainWindow] = []
    rows: list[imported.MappedRow] = []
    limit = settings.max_title_length
    # `bounded` cuts every string of the data to `limit`, the app included.
    app_limit = min(MAX_APP_LENGTH, limit)
    fast = settings.record_titles and not settings.exclusions
    append = plain.append
    for event in events:
        data = event.data
        if fast and len(data) == 2:
            app = data.get("app")
            title = data.get("title")
            if (
                type(app) is str
                and type(title) is str
                and len(app) <= app_limit
                and len(title) <= limit
                and app.isprintable()
                and title.isprintable()
            ):
                append((event.start, event.stop, app, title))
                continue
        row = _window_row(event, settings)
        if row is not None:
            rows.append(row)
    return plain, rows


def _check_bucket_type(conn: Connection, bucket: AwBucket) -> None:
    stored = imported.bucket_type(conn, bucket.id)
    if stored is not None and stored != bucket.type:
        raise InvalidExport(
            f"bucket {bucket.id!r} is already stored with type {stored!r}, not {bucket.type!r}"
        )
