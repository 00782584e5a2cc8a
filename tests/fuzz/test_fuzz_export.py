"""Generated mutations of the shipped ActivityWatch export against `import activitywatch`.

A small slice of the real export (the first events of each bucket, so each case is quick) is
mutated deterministically: truncated, corrupted, nested deep, given huge, negative or
non-finite numbers, wrong types, lone surrogates, control characters, huge strings, duplicate
and missing keys, and dates at the edges. Every case must keep the CLI contract (exit 0 or 2,
never 1; one line on stderr with 2; the data unchanged with 2; each command within 20 s), and
after every accepted import `status` and every export must work, the ActivityWatch export must
import again, and `forget` over the whole stored range must leave no activity behind.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AW_EXPORT, table_counts
from tests.fuzz.support import check_contract, copy_home, run_cli, snapshot, store_size

SEED = 20260414
EVENTS_PER_BUCKET = 24
PLACEHOLDER = "@@HOLE@@"


def _base() -> dict[str, Any]:
    """The first events of each bucket of the (simulated) Android export, plus an AFK and an
    input bucket (the phone export has neither) built from its first window events."""
    real = json.loads(AW_EXPORT.read_text(encoding="utf-8"))["buckets"]
    buckets = {}
    for bucket_id, bucket in real.items():
        buckets[bucket_id] = {**bucket, "events": bucket["events"][:EVENTS_PER_BUCKET]}
    window = next(b for b in buckets.values() if b["type"] == "currentwindow")
    stamps = [(e["timestamp"], e["duration"]) for e in window["events"][:8]]
    buckets["aw-watcher-afk_fuzz"] = {
        "id": "aw-watcher-afk_fuzz",
        "type": "afkstatus",
        "client": "aw-watcher-afk",
        "hostname": "fuzz",
        "created": "2026-04-14T00:00:00Z",
        "events": [
            {"timestamp": t, "duration": d, "data": {"status": "afk" if i % 2 else "not-afk"}}
            for i, (t, d) in enumerate(stamps)
        ],
    }
    buckets["aw-watcher-input_fuzz"] = {
        "id": "aw-watcher-input_fuzz",
        "type": "os.hid.input",
        "client": "aw-watcher-input",
        "hostname": "fuzz",
        "created": "2026-04-14T00:00:00Z",
        "events": [
            {
                "timestamp": t,
                "duration": d,
                "data": {"presses": i, "clicks": 1, "deltaX": -i, "deltaY": 3, "scrollX": 0},
            }
            for i, (t, d) in enumerate(stamps)
        ],
    }
    return {"buckets": buckets}


BASE = _base()
BASE_TEXT = json.dumps(BASE, ensure_ascii=False)

# Values that have broken importers: numbers at and past every limit, wrong types, text that
# is not text, and sizes past any sane bound.
HOSTILE_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    -0.0,
    1e-320,
    0.5,
    1e15,
    1e308,
    -1e308,
    2**31,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63) - 1,
    2**64,
    10**30,
    "",
    " ",
    "0",
    "12",
    "NaN",
    "\x00",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\x85next line",
    "line\u2028separator",
    "\u202eevil",
    "\ufeffbom",
    "🎬" * 50,
    "专注" * 1000,
    "x" * 70_000,
    [],
    [1, 2, 3],
    {},
    {"nested": {"deeper": {"deepest": [1, {"a": None}]}}},
    list(range(300)),
    {f"k{i}": i for i in range(300)},
]

# Timestamps at and past the edges of what can be stored or even represented.
EDGE_DATES = [
    "1970-01-01T00:00:00Z",
    "1970-01-01T00:00:00+14:00",
    "1969-12-31T23:59:59.999999Z",
    "1900-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
    "2199-12-31T23:59:59.999999Z",
    "2200-01-01T00:00:00Z",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59.999999+14:00",
    "2026-02-30T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T00:00:00+25:00",
    "2026-01-01T00:00:00+23:59",
    "2026-01-01",
    "20260101T000000Z",
    "2026-01-01T00:00:00.123456789Z",
    "2026-01-01T00:00:00",
    "2026-03-29T02:30:00",
    "2038-01-19T03:14:08Z",
    "1e10",
    "",
    "T",
]

# Raw JSON text that json.dumps cannot write: numbers past every limit and non-finite ones.
RAW_NUMBERS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "9" * 30,
    "9" * 400,
    "9" * 4299,
    "9" * 5000,
    "-" + "9" * 20,
    "1E+308",
    "0.0000000000000000000000000000001",
    "123456789012345678901234567890.5",
]

# Raw JSON strings json.dumps would never write: lone and reversed surrogates.
RAW_STRINGS = [
    '"\\ud800"',
    '"\\udfff"',
    '"a\\ud800b"',
    '"\\udc00\\ud800"',
    '"\\ud83c"',
    '"ok\\ud83c\\udfac"',
]

Mutation = Callable[[random.Random], bytes]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _events(doc: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    return [
        (bucket_id, i, event)
        for bucket_id, bucket in doc["buckets"].items()
        for i, event in enumerate(bucket["events"])
    ]


def _pick_event(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return rng.choice(_events(doc))[2]


def _pick_bucket(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    buckets: dict[str, dict[str, Any]] = doc["buckets"]
    return buckets[rng.choice(sorted(buckets))]


def _with_hole(doc: dict[str, Any], raw: str) -> bytes:
    text = json.dumps(doc, ensure_ascii=False)
    return text.replace(json.dumps(PLACEHOLDER), raw, 1).encode("utf-8", "surrogatepass")


def truncate(rng: random.Random) -> bytes:
    data = BASE_TEXT.encode("utf-8")
    return data[: rng.randrange(0, len(data))]


def corrupt_bytes(rng: random.Random) -> bytes:
    data = bytearray(BASE_TEXT.encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data))
        junk = rng.choice(
            [b"\x00", b"\xff", b"\xc3", b"\x1b", b"\\", b'"', b"{", b"]", b",", b"\n"]
        )
        if rng.random() < 0.5:
            data[at : at + 1] = junk
        else:
            data[at:at] = junk
    return bytes(data)


def deep_nesting(rng: random.Random) -> bytes:
    depth = rng.choice([17, 100, 990, 1000, 1001, 5000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    nest = opener * depth + "1" + closer * depth
    doc = copy.deepcopy(BASE)
    where = rng.choice(["data", "value", "events", "bucket", "top", "extra"])
    if where == "top":
        return ('{"buckets": ' + nest + "}").encode()
    if where == "bucket":
        doc["buckets"]["deep"] = PLACEHOLDER
    elif where == "events":
        _pick_bucket(doc, rng)["events"] = PLACEHOLDER
    elif where == "extra":
        _pick_bucket(doc, rng)["metadata"] = PLACEHOLDER
    elif where == "data":
        _pick_event(doc, rng)["data"] = PLACEHOLDER
    else:
        _pick_event(doc, rng)["data"]["v"] = PLACEHOLDER
    return _with_hole(doc, nest)


def event_field(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    event = _pick_event(doc, rng)
    field = rng.choice(["timestamp", "duration", "data", "data.app", "data.title", "data.x"])
    value = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    if field.startswith("data."):
        if not isinstance(event.get("data"), dict):
            event["data"] = {}
        event["data"][field[5:]] = value
    else:
        event[field] = value
    return _dumps(doc)


def bucket_field(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    bucket = _pick_bucket(doc, rng)
    field = rng.choice(["id", "type", "client", "hostname", "created", "events", "data", "last"])
    bucket[field] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    return _dumps(doc)


def raw_number(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    event = _pick_event(doc, rng)
    spot = rng.choice(["duration", "data", "timestamp", "extra", "input"])
    if spot == "duration":
        event["duration"] = PLACEHOLDER
    elif spot == "timestamp":
        event["timestamp"] = PLACEHOLDER
    elif spot == "extra":
        _pick_bucket(doc, rng)["metadata"] = {"n": PLACEHOLDER}
    elif spot == "input":
        bucket = doc["buckets"]["aw-watcher-input_fuzz"]
        rng.choice(bucket["events"])["data"]["presses"] = PLACEHOLDER
    else:
        event.setdefault("data", {})["n"] = PLACEHOLDER
    return _with_hole(doc, rng.choice(RAW_NUMBERS))


def raw_string(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    spot = rng.choice(["title", "app", "key", "bucket id", "hostname", "status", "timestamp"])
    raw = rng.choice(RAW_STRINGS)
    if spot == "key":
        text = json.dumps(doc, ensure_ascii=False).replace(
            '"data": {', '"data": {' + raw + ": 1, ", 1
        )
        return text.encode("utf-8")
    if spot == "bucket id":
        bucket = _pick_bucket(doc, rng)
        bucket["id"] = PLACEHOLDER
    elif spot == "hostname":
        _pick_bucket(doc, rng)["hostname"] = PLACEHOLDER
    elif spot == "status":
        rng.choice(doc["buckets"]["aw-watcher-afk_fuzz"]["events"])["data"]["status"] = PLACEHOLDER
    elif spot == "timestamp":
        _pick_event(doc, rng)["timestamp"] = PLACEHOLDER
    else:
        _pick_event(doc, rng).setdefault("data", {})[spot] = PLACEHOLDER
    return _with_hole(doc, raw)


def control_text(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    chars = "\x00\x07\x08\x1b\x7f\x85\x9b\u2028\u2029\u202e\ufeff\ufffe"
    text = "".join(rng.choice(chars + "ab") for _ in range(rng.randint(1, 30)))
    spot = rng.choice(["title", "app", "bucket id", "client", "key"])
    if spot in ("title", "app"):
        _pick_event(doc, rng).setdefault("data", {})[spot] = text
    elif spot == "key":
        _pick_event(doc, rng).setdefault("data", {})[text] = text
    elif spot == "client":
        _pick_bucket(doc, rng)["client"] = text
    else:
        bucket = _pick_bucket(doc, rng)
        bucket["id"] = text
    return _dumps(doc)


HUGE_SPOTS = ["bucket id", "title", "app", "url", "hostname", "key", "status"]


def huge_string(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    size = rng.choice([256, 1001, 100_000, 1_000_000, 2_000_000])
    text = rng.choice(["x", "专", "🎬"]) * size
    spot = HUGE_SPOTS[rng.randrange(len(HUGE_SPOTS))]
    if spot in ("title", "app", "url"):
        _pick_event(doc, rng).setdefault("data", {})[spot] = text
    elif spot == "key":
        _pick_event(doc, rng).setdefault("data", {})[text] = 1
    elif spot == "status":
        rng.choice(doc["buckets"]["aw-watcher-afk_fuzz"]["events"])["data"]["status"] = text
    elif spot == "hostname":
        _pick_bucket(doc, rng)["hostname"] = text
    else:  # a bucket renamed: the 2 MB export with a 1 MB bucket id
        old = rng.choice(sorted(doc["buckets"]))
        bucket = doc["buckets"].pop(old)
        doc["buckets"][text] = {**bucket, "id": text}
    return _dumps(doc)


def big_bucket_id(rng: random.Random) -> bytes:
    """A bucket id of 256 characters to a megabyte, on a bucket with many events."""
    doc = copy.deepcopy(BASE)
    text = "b" * rng.choice([256, 10_000, 1_000_000])
    old = rng.choice(["aw-watcher-android-test", "aw-watcher-android-unlock"])
    bucket = doc["buckets"].pop(old)
    doc["buckets"][text] = {**bucket, "id": text}
    return _dumps(doc)


def duplicate_keys(rng: random.Random) -> bytes:
    text = BASE_TEXT
    key = rng.choice(
        ['"timestamp": ', '"duration": ', '"data": ', '"id": ', '"type": ', '"events": ']
    )
    value = rng.choice(['"2026-01-01T00:00:00Z", ', "1e15, ", "null, ", '"x", ', "[], ", "{}, "])
    count = text.count(key)
    nth = rng.randrange(count)
    at = -1
    for _ in range(nth + 1):
        at = text.index(key, at + 1)
    return (text[:at] + key + value + text[at:]).encode("utf-8")


def missing_field(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    level = rng.choice(["event", "bucket", "top", "data"])
    if level == "event":
        _pick_event(doc, rng).pop(rng.choice(["timestamp", "duration", "data"]), None)
    elif level == "data":
        _pick_event(doc, rng).get("data", {}).clear()
    elif level == "bucket":
        _pick_bucket(doc, rng).pop(rng.choice(["id", "type", "events", "client", "created"]), None)
    else:
        doc = rng.choice([{}, {"buckets": None}, {"buckets": []}, {"bucket": doc["buckets"]}])
    return _dumps(doc)


def edge_date(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    event = _pick_event(doc, rng)
    event["timestamp"] = rng.choice(EDGE_DATES)
    if rng.random() < 0.5:
        event["duration"] = rng.choice([0, 1, 86_400 * 7, 86_400 * 7 + 1, 1e9, 1e15])
    return _dumps(doc)


def type_change(rng: random.Random) -> bytes:
    doc = copy.deepcopy(BASE)
    choice = rng.randrange(5)
    if choice == 0:
        bucket = _pick_bucket(doc, rng)
        bucket["type"] = rng.choice(
            ["currentwindow", "afkstatus", "os.hid.input", "web.tab.current"]
        )
    elif choice == 1:
        return _dumps(list(doc["buckets"].values()))
    elif choice == 2:
        bucket = _pick_bucket(doc, rng)
        bucket["events"] = {str(i): e for i, e in enumerate(bucket["events"])}
    elif choice == 3:
        buckets = list(doc["buckets"].values())
        return _dumps([*buckets, copy.deepcopy(buckets[0])])  # a bucket named twice
    else:
        event = _pick_event(doc, rng)
        event["data"] = rng.choice([[event.get("data")], "data", 1, None])
    return _dumps(doc)


def combined(rng: random.Random) -> bytes:
    doc = json.loads(rng.choice([event_field, bucket_field, edge_date, control_text])(rng))
    event = _pick_event(doc, rng) if doc["buckets"] and isinstance(doc["buckets"], dict) else {}
    if isinstance(event, dict):
        event["duration"] = rng.choice(HOSTILE_VALUES[:18])
    return _dumps(doc)


# Name, how many cases, generator: 334 in all.
PLAN: list[tuple[str, int, Mutation]] = [
    ("truncate", 30, truncate),
    ("bytes", 20, corrupt_bytes),
    ("deep", 24, deep_nesting),
    ("event-field", 60, event_field),
    ("bucket-field", 30, bucket_field),
    ("number", 28, raw_number),
    ("surrogate", 18, raw_string),
    ("control", 20, control_text),
    ("huge", 14, huge_string),
    ("bucket-id", 4, big_bucket_id),
    ("duplicate-key", 16, duplicate_keys),
    ("missing", 18, missing_field),
    ("date", 30, edge_date),
    ("type", 12, type_change),
    ("combined", 10, combined),
]


def _cases() -> Iterator[tuple[str, int]]:
    for name, count, _ in PLAN:
        for i in range(count):
            yield name, i


CASES = list(_cases())
GENERATORS = {name: generate for name, _, generate in PLAN}


def mutation(name: str, index: int) -> bytes:
    """The same bytes for the same case, on every run and machine."""
    rng = random.Random(f"{SEED}/{name}/{index}")
    return GENERATORS[name](rng)


def test_there_are_at_least_300_mutations_and_they_differ() -> None:
    assert len(CASES) >= 300
    assert len({mutation(n, i) for n, i in CASES}) > 250


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding the unmutated slice (so "unchanged" is about real data)."""
    from focuscoach.core.cli import main

    home = tmp_path_factory.mktemp("fuzz-template")
    path = home / "base.json"
    path.write_text(BASE_TEXT, encoding="utf-8")
    assert main(["--home", str(home), "import", "activitywatch", str(path)]) == 0
    path.unlink()
    return home


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_a_mutated_export_keeps_the_contract(
    name: str,
    index: int,
    template: Path,
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy_home(template, home)
    path = tmp_path / "mutated.json"
    path.write_bytes(mutation(name, index))
    before, size_before = snapshot(home), store_size(home)
    result = run_cli(home, capsys, "import", "activitywatch", str(path))
    check_contract(result, before, home, "import")
    if result.code != 0:
        return
    # Everything stored is bounded: a file cannot grow the store by much more than its size.
    growth = store_size(home) - size_before
    assert growth <= 4 * path.stat().st_size + 512 * 1024, f"the store grew by {growth} bytes"
    # Whatever was accepted can be shown and exported, and the export imports again.
    for args in (
        ("status", "--json"),
        ("status",),
        ("export", "--format", "json", "--out", "-"),
        ("export", "--format", "csv", "--out", "-"),
    ):
        shown = run_cli(home, capsys, *args)
        assert shown.code == 0 and shown.seconds < 20, (args, shown.err)
    back = tmp_path / "back.json"
    exported = run_cli(home, capsys, "export", "--format", "activitywatch", "--out", str(back))
    assert exported.code == 0, exported.err
    again = run_cli(tmp_path / "again", capsys, "import", "activitywatch", str(back))
    assert again.code == 0, again.err
    # ...and forgotten: the whole stored range leaves no activity behind.
    forget = run_cli(
        home, capsys, "forget", "--since", "1970-01-01", "--until", "2200-01-01", "--yes"
    )
    assert forget.code == 0, forget.err
    left = table_counts(home / "focuscoach.db")
    assert sum(left[t] for t in ("window_spans", "afk_spans", "input_activity", "aw_events")) == 0


# A few cases as real processes: the entry point, stdin and the exit status the shell sees.
COMMAND = [sys.executable, "-m", "focuscoach.core.cli"]
PROCESS_CASES = [("deep", 3), ("surrogate", 0), ("number", 9), ("truncate", 1), ("bucket-id", 2)]


@pytest.mark.timeout(120)
def test_mutations_in_a_real_process(home: Path, tmp_path: Path) -> None:
    for name, index in PROCESS_CASES:
        data = mutation(name, index)
        via_file = tmp_path / f"{name}-{index}.json"
        via_file.write_bytes(data)
        for source, stdin in ((str(via_file), b""), ("-", data)):
            before = snapshot(home)
            result = subprocess.run(
                [*COMMAND, "--home", str(home), "import", "activitywatch", source],
                input=stdin,
                capture_output=True,
                timeout=20,
                check=False,
            )
            err = result.stderr.decode("utf-8", "replace")
            assert result.returncode in (0, 2), (name, index, err)
            if result.returncode == 2:
                assert len(err.splitlines()) == 1, err
                assert snapshot(home) == before
