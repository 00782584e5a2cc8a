"""Reading and checking an ActivityWatch export: its buckets and events, or InvalidExport
with one line that names the bucket and the event.

An export is `{"buckets": {ID: {id, type, client, hostname, created, events: [...]}}}` (a plain
list of buckets is accepted too). The whole file is checked before anything is written, and
what is accepted is bounded (README, "Limits on imported data"): event starts lie in
[TIME_MIN, TIME_MAX), an event longer than MAX_EVENT_SECONDS is cut to it, and data that is not
plain JSON (NaN, lone surrogates, numbers beyond 64 bits, deep or huge objects) or a bucket id
that is too long refuses the file. `bounded` cuts every string of checked data like a title.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from focuscoach.core.recording.privacy import ELLIPSIS
from focuscoach.core.terminal import safe
from focuscoach.core.timeutil import MAX_EVENT_SECONDS, TIME_MAX, TIME_MIN, in_range, shown, to_iso

_BUCKET_FIELDS = ("id", "type", "client", "hostname", "created", "events")

#: Bucket ids and types are identities: a longer one refuses the file (cutting could merge two).
MAX_ID_LENGTH = 255
#: A bucket's client, hostname and creation time are cut to this many characters.
MAX_META_LENGTH = 255
#: Application names are cut to this, as the recorder cuts them.
MAX_APP_LENGTH = 200
#: Keys in event data: a longer one refuses the file (cutting could merge two).
MAX_KEY_LENGTH = 255
#: Event data (and a bucket's extra fields): at most this deep and this many values in all.
MAX_DEPTH = 16
MAX_VALUES = 256
#: Integers must fit in 64 bits, as in SQLite and ActivityWatch itself.
_INT_LIMIT = 2**63
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_NUMBER = re.compile(r"[0-9]{4300,}")


class InvalidExport(ValueError):
    """The file is not a usable ActivityWatch export; the message is one line."""


class AwEvent(NamedTuple):
    """One event as plain numbers (a NamedTuple: imports build a hundred thousand of them).

    `clipped`: the event was longer than MAX_EVENT_SECONDS and `stop` was moved in.
    """

    start: float
    stop: float
    data: dict[str, Any]
    clipped: bool = False


@dataclass(slots=True)
class AwBucket:
    id: str
    type: str
    client: str = ""
    hostname: str = ""
    created: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    events: list[AwEvent] = field(default_factory=list)


# Reading ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while an export is read or written: it is a few
    hundred thousand small dicts and tuples, and every full collection walks all of them
    again (a fifth of a bulk import's time, measured). They hold no reference cycles, so
    reference counting frees them as before; the collector resumes when done."""
    if not gc.isenabled():  # paused already (an outer import), or by the program
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def read_export(path: Path) -> list[AwBucket]:
    """Parse and check a whole export file; raises InvalidExport with one clear line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidExport(f"{safe(str(path))}: cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, str(path))


def parse_bytes(data: bytes, source: str) -> list[AwBucket]:
    """Parse and check an export held in memory (a file's bytes, or standard input);
    `source` names it in the one-line InvalidExport message."""
    source = safe(source)  # a file name may hold a newline or an escape sequence
    with collector_paused():
        return _parse_text(_decode(data, source), source)


def _parse_text(text: str, source: str) -> list[AwBucket]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidExport(
            f"{source}: not valid JSON (truncated?): {exc.msg} at line {exc.lineno}"
            f" column {exc.colno}"
        ) from None
    except RecursionError:
        raise InvalidExport(f"{source}: not an ActivityWatch export: nested too deeply") from None
    except ValueError:  # an integer beyond Python's limit on digits
        where = ""
        found = _LONG_NUMBER.search(text)
        if found is not None:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - text.rfind("\n", 0, found.start())
            where = f" at line {line} column {column}"
        raise InvalidExport(f"{source}: not valid JSON: a number{where} is too long") from None
    try:
        return parse_export(raw)
    except InvalidExport as exc:
        raise InvalidExport(f"{source}: {exc}") from None


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            raise InvalidExport(
                f"{source}: not valid JSON (truncated?): ends mid-character"
            ) from None
        raise InvalidExport(f"{source}: not UTF-8 text, so not an ActivityWatch export") from None


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


def _identity(value: Any, what: str, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidExport(f"bucket {shown(name)} has no {what}")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidExport(
            f"bucket {shown(name)}: its {what} is longer than {MAX_ID_LENGTH} characters"
        )
    if _SURROGATE.search(value):
        raise InvalidExport(f"bucket {shown(name)}: its {what} is not valid Unicode")
    return value


def _meta(value: Any, what: str, name: str) -> str:
    if isinstance(value, dict | list):
        raise InvalidExport(f"bucket {shown(name)}: its {what} is not text")
    text = value if isinstance(value, str) else str(value or "")
    if _SURROGATE.search(text):
        raise InvalidExport(f"bucket {shown(name)}: its {what} is not valid Unicode")
    return _cut(text, MAX_META_LENGTH)


def _parse_bucket(key: str | None, raw: Any, index: int) -> AwBucket:
    name = key if key is not None else f"#{index}"
    if not isinstance(raw, dict):
        raise InvalidExport(f"bucket {shown(name)} is not an object")
    bucket_id = _identity(raw.get("id", key), "id", name)
    kind = _identity(raw.get("type"), "type", bucket_id)
    events = raw.get("events")
    if not isinstance(events, list):
        raise InvalidExport(f"bucket {shown(bucket_id)} has no events list")
    extra = {k: v for k, v in raw.items() if k not in _BUCKET_FIELDS}
    problem = _problem(extra)
    if problem is not None:
        raise InvalidExport(f"bucket {shown(bucket_id)}: {problem}")
    bucket = AwBucket(
        id=bucket_id,
        type=kind,
        client=_meta(raw.get("client"), "client", bucket_id),
        hostname=_meta(raw.get("hostname"), "hostname", bucket_id),
        created=_meta(raw.get("created"), "created", bucket_id),
        extra=extra,
    )
    bucket.events = _parse_events(bucket_id, events)
    return bucket


def _parse_events(bucket: str, raws: list[Any]) -> list[AwEvent]:
    """Every event of a bucket: the hot path of an import, one tight loop for the common
    event (a UTC timestamp, a plain duration, flat data of short keys and plain values);
    anything else, or anything wrong, goes through `_parse_event`, which has the messages."""
    parsed: list[AwEvent] = []
    append = parsed.append
    fromisoformat = datetime.fromisoformat
    new = AwEvent._make
    empty: dict[str, Any] = {}
    for index, raw in enumerate(raws):
        if type(raw) is dict:
            stamp = raw.get("timestamp")
            duration = raw.get("duration", 0)
            data = raw.get("data", empty)
            kind = type(duration)
            if (
                type(stamp) is str
                and (kind is float or kind is int)
                and 0 <= duration <= MAX_EVENT_SECONDS  # False for NaN
                and type(data) is dict
                and data is not empty
            ):
                try:
                    moment = fromisoformat(stamp)
                except ValueError:
                    moment = None
                if moment is not None and moment.tzinfo is not None:
                    start = moment.timestamp()
                    if TIME_MIN <= start < TIME_MAX and _flat_and_plain(data):
                        append(new((start, start + duration, data, False)))
                        continue
        append(_parse_event(bucket, index, raw))
    return parsed


def _flat_and_plain(data: dict[str, Any]) -> bool:
    """Whether data is fit to store at a glance: short keys and plain values (str, finite
    float, int in 64 bits, bool, None), valid Unicode; False sends it to the full check."""
    if len(data) >= MAX_VALUES:
        return False
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            # Printable text holds no surrogate (category Cs): the search only for the rest.
            if not (value.isascii() or value.isprintable()) and _SURROGATE.search(value):
                return False
        elif kind is float:
            if value - value != 0.0:  # NaN or an infinity
                return False
        elif kind is int:
            if not -_INT_LIMIT <= value < _INT_LIMIT:
                return False
        elif value is not None and kind is not bool:
            return False
        if len(key) > MAX_KEY_LENGTH or (not key.isascii() and _SURROGATE.search(key)):
            return False
    return True


def _parse_event(bucket: str, index: int, raw: Any) -> AwEvent:
    # The hot path of an import: checks first, messages only when one fails.
    if not isinstance(raw, dict):
        raise InvalidExport(f"{_where(bucket, index)}: not an object")
    stamp = raw.get("timestamp")
    try:
        moment = datetime.fromisoformat(stamp)  # type: ignore[arg-type]
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        start = moment.timestamp()
    except (TypeError, ValueError, OverflowError):
        raise InvalidExport(f"{_where(bucket, index)}: bad timestamp {_describe(stamp)}") from None
    if not in_range(start):
        raise InvalidExport(
            f"{_where(bucket, index)}: timestamp {_describe(stamp)} is outside the supported range"
            f" {to_iso(TIME_MIN)[:10]} to {to_iso(TIME_MAX)[:10]}"
        )
    duration = raw.get("duration", 0)
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise InvalidExport(
            f"{_where(bucket, index)}: duration {_describe(duration)} is not a number"
        )
    try:
        seconds = float(duration)
    except OverflowError:  # an integer with hundreds of digits
        seconds = math.inf
    if not math.isfinite(seconds) or seconds < 0:
        raise InvalidExport(
            f"{_where(bucket, index)}: duration {_number(duration)} is negative or not finite"
        )
    data = raw.get("data", {})
    if not isinstance(data, dict):
        raise InvalidExport(f"{_where(bucket, index)}: data is not an object")
    if data:
        problem = _problem(data)
        if problem is not None:
            raise InvalidExport(f"{_where(bucket, index)}: {problem}")
    if seconds > MAX_EVENT_SECONDS:
        return AwEvent(start, start + MAX_EVENT_SECONDS, data, True)
    return AwEvent(start, start + seconds, data)


def _number(value: float) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _describe(value: Any) -> str:
    """A value for a one-line message, without ever turning a huge or deep one into text."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return _number(value)
    return "(an object)" if isinstance(value, dict) else "(a list)"


def _where(bucket: str, index: int) -> str:
    return f"bucket {shown(bucket)}, event {index}"


def _problem(data: dict[str, Any]) -> str | None:
    """What makes event data (or a bucket's extra fields) unfit to store, or None."""
    # The hot path of an import: flat data of short keys and plain values (nearly every
    # event) is checked in one pass; anything else gets the full walk.
    return None if _flat_and_plain(data) else _walk(data)


def _walk(data: dict[str, Any]) -> str | None:
    """What makes event data (or a bucket's extra fields) unfit to store, or None.

    Plain JSON only: finite numbers, integers in 64 bits, valid Unicode, short keys, bounded
    depth and size. Iterative, so no input can exhaust the stack.
    """
    count = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            return f"data holds more than {MAX_VALUES} values"
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return "data holds text that is not valid Unicode (a lone surrogate)"
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not -_INT_LIMIT <= value < _INT_LIMIT:
                return "data holds an integer beyond 64 bits"
        elif isinstance(value, float):
            if not math.isfinite(value):
                return "data holds a number that is not finite (NaN or Infinity)"
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return f"data is nested more than {MAX_DEPTH} levels deep"
            if isinstance(value, dict):
                for key in value:
                    if len(key) > MAX_KEY_LENGTH:
                        return f"data has a key longer than {MAX_KEY_LENGTH} characters"
                    if not key.isascii() and _SURROGATE.search(key):
                        return "data has a key that is not valid Unicode (a lone surrogate)"
                stack.extend((v, depth + 1) for v in value.values())
            else:
                stack.extend((v, depth + 1) for v in value)
        else:  # pragma: no cover - json.loads makes nothing else
            return f"data holds a {type(value).__name__}"
    return None


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def bounded(value: Any, limit: int) -> Any:
    """Checked data with every string cut to `limit` (the data as stored). Returns `value`
    itself when nothing needs cutting, so never change the result in place."""
    kind = type(value)
    if kind is dict:
        # One pass over the values: the hot path of a bulk import (flat data, short strings).
        for item in value.values():
            item_kind = type(item)
            if (item_kind is str and len(item) > limit) or item_kind is dict or item_kind is list:
                return {k: bounded(v, limit) for k, v in value.items()}
        return value
    if kind is str:
        return _cut(value, limit)
    if kind is list:
        return [bounded(v, limit) for v in value]
    return value
