"""Importing ActivityWatch exports, and writing our data back in the same shape.

An export is `{"buckets": {ID: {id, type, client, hostname, created, events: [...]}}}` (a plain
list of buckets is accepted too). The whole file is checked before anything is written: one bad
event refuses the file, naming its bucket and index. Window, AFK and input buckets land in the
native tables; every other bucket type is kept verbatim. Each imported row keeps its bucket and
its original data, so importing twice adds nothing and exporting gives back what came in.

What is stored is bounded (README, "Limits on imported data"), so that whatever is accepted can
always be shown, exported and forgotten, and a small file cannot make a huge database: event
starts lie in [TIME_MIN, TIME_MAX), an event longer than MAX_EVENT_SECONDS is cut to it (a long
AFK span is real data, not a broken file), every string is cut like a window title, and data
that is not plain JSON (NaN, lone surrogates, numbers beyond 64 bits, deep or huge objects) or
a bucket id that is too long refuses the file.

Checking a file is aw_parse.py, writing it into the store aw_import.py; this module writes the
store back out as an export (`export_buckets`).
"""

from __future__ import annotations

import math
import socket
from typing import Any

# Reading an export and writing it into the store live in aw_parse and aw_import; the names
# other code uses stay importable from here.
from focuscoach.core.interop.aw_import import ImportResult as ImportResult
from focuscoach.core.interop.aw_import import import_buckets as import_buckets
from focuscoach.core.interop.aw_parse import AwBucket as AwBucket
from focuscoach.core.interop.aw_parse import AwEvent as AwEvent
from focuscoach.core.interop.aw_parse import InvalidExport as InvalidExport
from focuscoach.core.interop.aw_parse import parse_bytes as parse_bytes
from focuscoach.core.interop.aw_parse import parse_export as parse_export
from focuscoach.core.interop.aw_parse import read_export as read_export
from focuscoach.core.store import imported
from focuscoach.core.store.handles import Connection
from focuscoach.core.timeutil import to_iso

WINDOW, AFK, INPUT = imported.WINDOW, imported.AFK, imported.INPUT


# Exporting -------------------------------------------------------------------------------------

NATIVE_CLIENT = "focuscoach"


def native_bucket_id(kind: str, hostname: str) -> str:
    prefix = {WINDOW: "aw-watcher-window", AFK: "aw-watcher-afk", INPUT: "aw-watcher-input"}[kind]
    return f"{prefix}_{hostname}"


def _event(start: float, stop: float, data: Any) -> dict[str, Any]:
    duration = stop - start
    if not math.isfinite(duration) or duration < 0:  # a corrupt row: still exportable
        duration = 0.0
    return {"timestamp": to_iso(start), "duration": round(duration, 6), "data": data}


def export_buckets(
    conn: Connection, since: float | None = None, until: float | None = None
) -> dict[str, Any]:
    """Everything in the store as an ActivityWatch export (imported buckets as they came)."""
    buckets: dict[str, Any] = {}
    for bucket in imported.buckets(conn):
        events = [_event(*event) for event in imported.bucket_events(conn, bucket, since, until)]
        buckets[bucket.id] = {
            **bucket.extra,
            "id": bucket.id,
            "type": bucket.type,
            "client": bucket.client,
            "hostname": bucket.hostname,
            "created": bucket.created,
            "events": events,
        }
    hostname = socket.gethostname() or "localhost"
    for kind in (WINDOW, AFK, INPUT):
        events = [_event(*event) for event in imported.native_events(conn, kind, since, until)]
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
    return {"buckets": buckets}
