"""ActivityWatch buckets in the store: writing checked events, reading them back for export.

Window, AFK and input events land in the app's own tables with only the part of their data the
columns do not give back (store/events.py); events of every other bucket type are kept verbatim
in `aw_events`. Importing twice adds nothing, and nothing is lost to a hash collision: a row
is written unless the same event is stored (same start and digest, store/events.py, and then
every field compared) or, in `aw_events`, the same bucket, start, end and data.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from focuscoach.core.store import events
from focuscoach.core.store.queries import overlap
from focuscoach.core.store.strings import Interner

WINDOW, AFK, INPUT = "currentwindow", "afkstatus", "os.hid.input"
#: The table each mapped bucket type lands in, and its columns besides start/stop.
TABLES = {WINDOW: "windows", AFK: "afk_spans", INPUT: "input_activity"}
_OWN = events.OWN


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: all of an import lands, or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def bucket_type(conn: sqlite3.Connection, bucket_id: str) -> str | None:
    row = conn.execute("SELECT type FROM aw_buckets WHERE id = ?", (bucket_id,)).fetchone()
    return None if row is None else str(row[0])


def add_bucket(
    conn: sqlite3.Connection,
    bucket_id: str,
    kind: str,
    client: str,
    hostname: str,
    created: str,
    extra: dict[str, Any],
) -> None:
    """Keep the bucket's own fields (the first import of a bucket wins)."""
    conn.execute(
        "INSERT OR IGNORE INTO aw_buckets (id, type, client, hostname, created, extra)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (bucket_id, kind, client, hostname, created, events.canonical(extra)),
    )


#: (start, stop, the table's own column values in _OWN order, the event's data as stored).
MappedRow = tuple[float, float, tuple[Any, ...], dict[str, Any]]
#: A window event whose data is exactly {"app": app, "title": title} with the columns' text:
#: (start, stop, app, title). Nearly every imported window event; the caller sorts them out.
PlainWindow = tuple[float, float, str, str]


def add_mapped(
    conn: sqlite3.Connection,
    kind: str,
    bucket_id: str,
    rows: Sequence[MappedRow],
    plain: Sequence[PlainWindow] = (),
) -> int:
    """Write events of a mapped bucket type that are not stored yet; returns how many.
    `plain` (windows only) are window events already known to be plain, given without data."""
    table = TABLES[kind]
    own = _OWN[table]
    strings = Interner(conn)
    bucket = strings(bucket_id)
    rest: Sequence[MappedRow] = rows
    values: list[tuple[Any, ...]]
    if table == "windows":
        if rows:
            plain = [*plain]
            rest = []
            for row in rows:
                if _is_plain_window(row):
                    start, stop, (app, title), _data = row
                    plain.append((start, stop, app, title))
                else:
                    rest.append(row)
        quick = _plain_windows(plain, bucket, strings)
        if not rest:  # nearly every import: only plain window events
            return _add_plain_windows(conn, bucket, quick)
        values = [(s, e, a, t, bucket, None, 0, d) for s, e, a, t, d in quick]
    elif table == "afk_spans":
        values, rest = _plain_afk(rows, bucket)
    else:
        values = []
    for start, stop, columns, data in rest:
        ids = tuple(strings(c) for c in columns) if table == "windows" else columns
        extra, shape = events.split(table, dict(zip(own, columns, strict=True)), data)
        extra_id = -1 if extra is None else strings(extra)
        values.append(
            (
                start,
                stop,
                *ids,
                bucket,
                None if extra is None else extra_id,
                shape,
                events.digest(bucket, stop, *ids, extra_id, shape),
            )
        )
    values.sort(key=itemgetter(0))  # by start: index pages fill up in order
    insert = _insert(table, ", ".join("?" for _ in range(len(own) + 6)))
    before = conn.total_changes
    conn.executemany(insert, values)
    added = conn.total_changes - before
    if added < len(values):  # some met a row of the same start and digest: same event?
        added += _exact(conn, table, insert, values)
    return added


def _insert(table: str, marks: str) -> str:
    names = ", ".join(_OWN[table])
    return (
        f"INSERT OR IGNORE INTO {table} (start, stop, {names}, bucket, extra, shape, digest)"
        f" VALUES ({marks})"
    )


def _add_plain_windows(
    conn: sqlite3.Connection, bucket: int, quick: list[tuple[float, float, int, int, int]]
) -> int:
    """add_mapped for plain window events only, as (start, stop, app, title, digest): the
    bucket, no extra data and shape 0 are written into the statement, so five values are
    bound per row instead of eight (binding is a good part of the insert's time)."""
    quick.sort(key=itemgetter(0))  # by start: index pages fill up in order
    before = conn.total_changes
    conn.executemany(_insert("windows", f"?, ?, ?, ?, {int(bucket)}, NULL, 0, ?"), quick)
    added = conn.total_changes - before
    if added < len(quick):  # some met a row of the same start and digest: same event?
        full = [(s, e, a, t, bucket, None, 0, d) for s, e, a, t, d in quick]
        added += _exact(conn, "windows", _insert("windows", _EIGHT), full)
    return added


_EIGHT = ", ".join("?" * 8)


def _exact(
    conn: sqlite3.Connection,
    table: str,
    insert: str,
    values: Sequence[tuple[Any, ...]],
) -> int:
    """Make the duplicate check exact: a row kept out by the unique (start, digest) index is
    compared with the row that holds the place, field by field; a different event (their
    48-bit digests collided) is written under the next free digest, where a later import of
    it finds it the same way (events.free_digest). Returns how many were written. Runs only
    when an import met rows it already had (a second import), so a first import keeps its
    speed."""
    added = 0
    for row in values:
        start, digest = row[0], row[-1]
        incoming = (*row[1:-4], row[-4], -1 if row[-3] is None else row[-3], row[-2])
        free = events.free_digest(conn, table, start, digest, incoming)
        if free is not None:
            conn.execute(insert, (*row[:-1], free))
            added += 1
    return added


def _is_plain_window(row: MappedRow) -> bool:
    _start, _stop, (app, title), data = row
    # Equal to a column's text means a str: no other JSON value equals a str.
    return len(data) == 2 and data.get("app") == app and data.get("title") == title


def _plain_windows(
    plain: Sequence[PlainWindow], bucket: int, strings: Interner
) -> list[tuple[float, float, int, int, int]]:
    """(start, stop, app id, title id, digest) for window events whose data is their app and
    title and nothing else: one tight loop, the hot path of a bulk import. The digest is
    events.digest(bucket, stop, app, title, -1, 0), inlined."""
    get = strings.ids.get
    pack = events.packer(4).pack
    blake2b = hashlib.blake2b
    from_bytes = int.from_bytes
    values: list[tuple[float, float, int, int, int]] = []
    append = values.append
    for start, stop, app, title in plain:
        a = get(app) or strings(app)
        t = get(title) or strings(title)
        raw = blake2b(pack(stop, bucket, a, t, -1, 0), digest_size=6).digest()
        append((start, stop, a, t, from_bytes(raw, "little", signed=True)))
    return values


def _plain_afk(
    rows: Sequence[MappedRow], bucket: int
) -> tuple[list[tuple[Any, ...]], list[MappedRow]]:
    """(rows of `afk_spans`, the events left) for AFK events whose data is their status and
    nothing else. The digest is events.digest(bucket, stop, afk, -1, 0), inlined."""
    pack = events.packer(3).pack
    blake2b = hashlib.blake2b
    from_bytes = int.from_bytes
    values: list[tuple[Any, ...]] = []
    rest: list[MappedRow] = []
    for row in rows:
        start, stop, (afk,), data = row
        if len(data) == 1 and data.get("status") == ("afk" if afk else "not-afk"):
            raw = blake2b(pack(stop, bucket, afk, -1, 0), digest_size=6).digest()
            values.append(
                (start, stop, afk, bucket, None, 0, from_bytes(raw, "little", signed=True))
            )
        else:
            rest.append(row)
    return values, rest


def add_other(
    conn: sqlite3.Connection, bucket_id: str, rows: Sequence[tuple[float, float, dict[str, Any]]]
) -> int:
    """Events of a bucket type the app does not model, kept verbatim; returns how many new."""
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO aw_events (bucket, start, stop, data) VALUES (?, ?, ?, ?)",
        [(bucket_id, start, stop, events.canonical(data)) for start, stop, data in rows],
    )
    return conn.total_changes - before


# Reading back -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredBucket:
    id: str
    type: str
    client: str | None
    hostname: str | None
    created: str | None
    extra: dict[str, Any]


def buckets(conn: sqlite3.Connection) -> list[StoredBucket]:
    rows = conn.execute(
        "SELECT id, type, client, hostname, created, extra FROM aw_buckets ORDER BY id"
    )
    found = []
    for bucket_id, kind, client, hostname, created, extra in rows:
        fields = events.parse_stored(extra)
        found.append(
            StoredBucket(
                bucket_id,
                kind,
                client,
                hostname,
                created,
                fields if isinstance(fields, dict) else {},
            )
        )
    return found


#: (start, stop, data); data is what came in (any JSON value for a damaged old row).
Event = tuple[float, float, Any]


def bucket_events(
    conn: sqlite3.Connection, bucket: StoredBucket, since: float | None, until: float | None
) -> list[Event]:
    """The bucket's events overlapping [since, until), each with its data as imported."""
    table = TABLES.get(bucket.type)
    if table is None:
        where, params = overlap(since, until)
        rows = conn.execute(
            f"SELECT start, stop, data FROM aw_events WHERE bucket = ? AND {where} ORDER BY start",
            [bucket.id, *params],
        )
        return [(start, stop, events.parse_stored(data)) for start, stop, data in rows]
    where, params = overlap(since, until, "t")
    own = _OWN[table]
    found = conn.execute("SELECT id FROM strings WHERE text = ?", (bucket.id,)).fetchone()
    if found is None:
        return []
    columns = _text_columns(table, own)
    rows = conn.execute(
        f"SELECT t.start, t.stop, {columns}, t.shape, (SELECT text FROM strings"
        f" WHERE id = t.extra) FROM {table} t WHERE t.bucket = ? AND {where}"
        " ORDER BY t.start",
        [found[0], *params],
    )
    result = []
    for start, stop, *values, shape, extra in rows:
        data = events.join(table, dict(zip(own, values, strict=True)), extra, shape or 0)
        result.append((start, stop, data))
    return result


def native_events(
    conn: sqlite3.Connection, kind: str, since: float | None, until: float | None
) -> list[Event]:
    """Events recorded here (no bucket) of a mapped type, in ActivityWatch's shape."""
    table = TABLES[kind]
    own = _OWN[table]
    where, params = overlap(since, until, "t")
    rows = conn.execute(
        f"SELECT t.start, t.stop, {_text_columns(table, own)} FROM {table} t"
        f" WHERE t.bucket IS NULL AND {where} ORDER BY t.start",
        params,
    )
    result = []
    for start, stop, *values in rows:
        if table == "windows":
            data: dict[str, Any] = {"app": values[0], "title": values[1]}
        elif table == "afk_spans":
            data = {"status": "afk" if values[0] else "not-afk"}
        else:
            data = dict(zip(("presses", "clicks", "moves", "scrolls"), values, strict=True))
        result.append((start, stop, data))
    return result


def _text_columns(table: str, own: tuple[str, ...]) -> str:
    if table != "windows":
        return ", ".join(f"t.{name}" for name in own)
    return ", ".join(f"(SELECT text FROM strings WHERE id = t.{name})" for name in own)
