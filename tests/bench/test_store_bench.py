"""Store budgets (issue 2): bulk import >= 50,000 events/s; an 8-hour workday <= 1 MB."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from pathlib import Path

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import RecordingSettings
from focuscoach.core.interop.activitywatch import import_buckets, read_export
from focuscoach.core.recording.activity_input import InputCounter
from focuscoach.core.recording.recorder import Recorder
from focuscoach.core.store.database import open_database
from focuscoach.core.store.writer import StoreWriter

pytestmark = pytest.mark.bench

APPS = ["code", "firefox", "XTerm", "Slack", "微信", "thunderbird", "evince", "obsidian"]


def _synthetic_export(path: Path, n: int) -> None:
    rng = random.Random(7)
    t = 1_770_000_000.0
    window, afk, other = [], [], []
    for i in range(n):
        duration = rng.expovariate(1 / 40)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1e6):06d}Z"
        app = rng.choice(APPS)
        if i % 10 == 9:
            afk.append({"timestamp": stamp, "duration": duration, "data": {"status": "not-afk"}})
        elif i % 10 == 8:
            other.append({"timestamp": stamp, "duration": 0, "data": {"unlock": i}})
        else:
            window.append(
                {
                    "timestamp": stamp,
                    "duration": duration,
                    "data": {"app": app, "title": f"{app} document {rng.randrange(500)} — 工作"},
                }
            )
        t += duration
    buckets = {
        "w": {"id": "w", "type": "currentwindow", "client": "b", "hostname": "h", "events": window},
        "a": {"id": "a", "type": "afkstatus", "client": "b", "hostname": "h", "events": afk},
        "o": {
            "id": "o",
            "type": "os.lockscreen.unlocks",
            "client": "b",
            "hostname": "h",
            "events": other,
        },
    }
    path.write_text(json.dumps({"buckets": buckets}), encoding="utf-8")


def test_bulk_import_rate(tmp_path: Path) -> None:
    n = 100_000
    export = tmp_path / "big.json"
    _synthetic_export(export, n)
    rates = []
    for run in range(5):
        db = open_database(tmp_path / f"run{run}.db")
        started = time.perf_counter()
        buckets = read_export(export)
        result = import_buckets(db.conn, buckets, RecordingSettings())
        elapsed = time.perf_counter() - started
        db.close()
        assert result.added == n
        rates.append(n / elapsed)
    rate = statistics.median(rates)
    print(f"\nbulk import: {rate:,.0f} events/s (median of 5 runs of {n:,} events; budget 50,000)")
    assert rate >= 50_000


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_database_growth_for_an_eight_hour_workday(tmp_path: Path) -> None:
    """A simulated workday through the real recorder and writer, one sample a second."""
    path = tmp_path / "day.db"
    open_database(path).close()
    rng = random.Random(3)
    clock = _Clock(1_770_000_000.0)
    counter = InputCounter(clock=clock)
    writer = StoreWriter(path).start()

    class Backend:
        current = WindowInfo("code", "main.py")

        def active_window(self) -> WindowInfo:
            return self.current

        def close(self) -> None:
            pass

    backend = Backend()
    titles = [
        f"{app} — a fairly typical window title number {i}" for app in APPS for i in range(30)
    ]
    recorder = Recorder(writer, RecordingSettings(), backend, counter, clock=clock)
    away_until = 0.0
    for second in range(8 * 3600):
        if rng.random() < 1 / 45:  # a switch every 45 s on average (Mark et al.: ~47 s)
            app_title = rng.choice(titles)
            backend.current = WindowInfo(app_title.split(" —")[0], app_title)
        if second in (4 * 3600, 6 * 3600):  # lunch, a meeting away from the desk
            away_until = clock.now + 30 * 60
        if clock.now > away_until:
            for _ in range(rng.randrange(0, 6)):
                counter.key(None)
            if rng.random() < 0.5:
                counter.move(0, 0)
        recorder.tick()
        clock.now += 1.0
    recorder.finish()
    writer.stop()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    spans = conn.execute("SELECT count(*) FROM window_spans").fetchone()[0]
    intervals = conn.execute("SELECT count(*) FROM input_activity").fetchone()[0]
    conn.close()
    size = sum(p.stat().st_size for p in tmp_path.glob("day.db*"))
    print(
        f"\n8-hour workday: {size / 1e6:.3f} MB ({spans} window spans, {intervals} input intervals;"
        " budget 1 MB)"
    )
    assert spans > 300
    assert size <= 1_000_000
