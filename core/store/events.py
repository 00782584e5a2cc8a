"""How an imported ActivityWatch event is kept without a raw copy of its data.

The columns of a mapped table already hold most of an event's data (a window's app and title,
an AFK span's status, an input interval's key presses and clicks). A field is *carried* when
its column gives it back exactly (same type, same value); only the rest of the data is kept, as
canonical JSON in the `strings` table (`extra`, NULL when nothing is left). `shape` has one bit
per carried field that the event did not have in that form (absent, or of another type), so
that decoding gives back exactly the data that came in.

`digest` is a 48-bit hash (blake2b) of everything but `start`: a unique index on (start,
digest) is the import's duplicate check (and the range index by start). When a row is kept out
by it, the import compares the stored row field by field (store/imported.py): a different
event whose hash collided (odds of 1 in 2**48 for a pair starting in the same microsecond) is
written under the next free digest, so the check is exact without a second copy of the data
in an index.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def canonical(data: Any) -> str:
    """The one JSON spelling of a value, so that equal data is stored (and deduped) once."""
    return _CANONICAL.encode(data)


def parse_stored(text: str | None) -> Any:
    """Stored JSON back as a value; a row written by an older version may hold NaN (now null,
    so that an export is valid JSON) or, if damaged, no JSON at all (empty)."""
    try:
        return _DECODER.decode(text or "{}")
    except (ValueError, RecursionError):
        return {}


_DECODER = json.JSONDecoder(parse_constant=lambda _name: None)


@dataclass(frozen=True, slots=True)
class Field:
    """A data field that a column can give back: `key` <- column `column` via `decode`."""

    key: str
    column: str
    decode: Callable[[Any], Any]
    kind: type


def _afk_status(value: Any) -> str:
    return "afk" if value else "not-afk"


def _same(value: Any) -> Any:
    return value


#: The columns of each mapped table that hold an event's content (besides start and stop).
OWN: dict[str, tuple[str, ...]] = {
    "windows": ("app", "title"),
    "afk_spans": ("afk",),
    "input_activity": ("keys", "clicks", "moves", "scrolls"),
}

#: The carried fields of each mapped table, in bit order (bit 0 is the first field).
CARRIED: dict[str, tuple[Field, ...]] = {
    "windows": (Field("app", "app", _same, str), Field("title", "title", _same, str)),
    "afk_spans": (Field("status", "afk", _afk_status, str),),
    "input_activity": (
        Field("presses", "keys", _same, int),
        Field("clicks", "clicks", _same, int),
    ),
}


_ABSENT = object()


def split(table: str, columns: dict[str, Any], data: dict[str, Any]) -> tuple[str | None, int]:
    """(extra JSON or None, shape) of `data` stored beside `columns` (values of the row)."""
    shape = 0
    rest = data
    for bit, field in enumerate(CARRIED[table]):
        value = data.get(field.key, _ABSENT)
        if (
            value is not _ABSENT
            and type(value) is field.kind
            and value == field.decode(columns[field.column])
        ):
            if rest is data:
                rest = dict(data)
            del rest[field.key]
        else:
            shape |= 1 << bit
    return (canonical(rest) if rest else None), shape


def join(table: str, columns: dict[str, Any], extra: str | None, shape: int) -> dict[str, Any]:
    """The event's data back from its row: `split` reversed, keys in canonical order."""
    data: dict[str, Any] = {}
    for bit, field in enumerate(CARRIED[table]):
        if not shape & (1 << bit):
            data[field.key] = field.decode(columns[field.column])
    if extra is not None:
        rest = parse_stored(extra)
        if isinstance(rest, dict):
            data.update(rest)
    return dict(sorted(data.items()))


_PACKERS = {n: struct.Struct("<dq" + "q" * n) for n in range(8)}
#: How far a colliding event's digest is moved on (a collision is a 1 in 2**48 event).
DIGEST_PROBES = 64


def packer(count: int) -> struct.Struct:
    """How `digest` lays out (stop, bucket, `count` values) before hashing."""
    return _PACKERS[count]


def digest(bucket: int, stop: float, *values: object) -> int:
    """A 48-bit hash of a row's bucket, end and content ids (not its start: that is the other
    half of the index). None counts as -1 (callers on the hot path pass -1 themselves)."""
    packer = _PACKERS[len(values)]
    try:
        raw = packer.pack(stop, bucket, *values)
    except struct.error:  # None, or a damaged row's odd value
        raw = packer.pack(float(stop), _int64(bucket), *[_int64(v) for v in values])
    return int.from_bytes(hashlib.blake2b(raw, digest_size=6).digest(), "little", signed=True)


def _int64(value: object) -> int:
    if type(value) is int and -(2**63) <= value < 2**63:
        return value
    # Any stable number will do for an odd value (numbers hash stably across runs).
    return -1 if value is None else hash(value) if isinstance(value, int | float) else -2


def free_digest(
    conn: sqlite3.Connection,
    table: str,
    start: float,
    digest_: int,
    event: tuple[Any, ...],
    skip_id: int | None = None,
) -> int | None:
    """The digest an event starting at `start` is stored under: `digest_`, or the next free
    one when a different event holds it (their 48-bit digests collided); None when the same
    event is stored there already. `event` is (stop, its own fields, bucket, extra or -1,
    shape); `skip_id`: a row to pass over (the event's own, when it is re-digested)."""
    fields = f"stop, {', '.join(OWN[table])}, bucket, coalesce(extra, -1), shape"
    skip = "" if skip_id is None else " AND id != ?"
    for step in range(DIGEST_PROBES):
        params: tuple[Any, ...] = (start, digest_ + step)
        held = conn.execute(
            f"SELECT {fields} FROM {table} WHERE start = ? AND digest = ?{skip}",
            params if skip_id is None else (*params, skip_id),
        ).fetchone()
        if held is None:
            return digest_ + step
        if tuple(held) == event:
            return None
    raise RuntimeError(f"{table}: {DIGEST_PROBES} events collide at start {start}")


def refresh_digests(conn: sqlite3.Connection, table: str, ids: list[int]) -> None:
    """Recompute the digest of imported rows whose end was moved (by `forget`).

    A row cut to the very event another row holds (the same start, end and content: two
    overlapping copies of one event cut at the same place) goes, or its time would count
    twice; one whose new digest merely collides with a different event's takes the next free
    digest, as the import does (store/imported.py `_exact`)."""
    if not ids:
        return
    own = ", ".join(OWN[table])
    for row_id in ids:
        row = conn.execute(
            f"SELECT start, bucket, stop, {own}, extra, shape FROM {table} WHERE id = ?",
            (row_id,),
        ).fetchone()
        if row is None or row[1] is None:
            continue
        start, bucket, stop, *values = row
        *content, extra, shape = values
        event = (stop, *content, bucket, -1 if extra is None else extra, shape)
        free = free_digest(conn, table, start, digest(bucket, stop, *values), event, row_id)
        if free is None:  # the same event, already stored
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        else:
            conn.execute(f"UPDATE {table} SET digest = ? WHERE id = ?", (free, row_id))
