"""Import and export of ActivityWatch data, on the real Android export and on broken files."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AW_EXPORT, table_counts


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
    return json.loads(AW_EXPORT.read_text(encoding="utf-8"))["buckets"]


def test_real_export_imports_into_native_and_verbatim_tables(cli, home: Path, original) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", "activitywatch", str(AW_EXPORT), "--json")
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["events"] == 14350 + 665
    unique_app_events = len(_events(original["aw-watcher-android-test"]))
    assert summary["by_bucket"]["aw-watcher-android-test"]["added"] == unique_app_events
    assert summary["by_bucket"]["aw-watcher-android-unlock"]["added"] == 665
    counts = table_counts(home / "focuscoach.db")
    assert counts["window_spans"] == unique_app_events
    assert counts["aw_events"] == 665
    status = cli("status", "--json").json()
    assert status["window_spans"] == unique_app_events
    assert status["first"].startswith("2026-04-14")
    assert status["last"].startswith("2026-04-24")


def test_importing_twice_adds_nothing(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", "activitywatch", str(AW_EXPORT)).code == 0
    before = table_counts(home / "focuscoach.db")
    again = cli("import", "activitywatch", str(AW_EXPORT), "--json")
    assert again.code == 0
    assert again.json()["added"] == 0
    assert table_counts(home / "focuscoach.db") == before


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
    cli, home: Path, tmp_path: Path, event, message
) -> None:  # type: ignore[no-untyped-def]
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
    cli, home: Path, tmp_path: Path, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
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
