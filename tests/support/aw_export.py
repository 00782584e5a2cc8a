"""A simulated ActivityWatch Android export: the tests' stand-in for a real phone log.

Personal activity logs found in public repositories carry no licence for this use, so none is
kept in this repository. This writes what ActivityWatch's Android app exports (the Rust
server's format: buckets with `metadata`, events newest first with integer `id`s, timestamps
with milliseconds and a `Z`) from the simulator's phone profile (core/model/simulator.py):
an app-usage bucket (`currentwindow`, data `{app, package, classname}`) and an unlock bucket
(`os.lockscreen.unlocks`, one zero-length event per pickup). It also carries the quirks a real
export has and the importer must survive: repeated events (the watcher re-sends some), events
of length 0, the ActivityWatch app itself, and apps the shipped category rules do not know
(a real phone has a long tail of them: here 陌陌, a social app, and 诸葛找房, a housing app,
stand in for some of the social feeds and utilities; neither is an app of the real phone log
that the benchmarks read, so the tests do not lean on that log's names).

Deterministic: `python -m tests.support.aw_export` rewrites tests/data/activitywatch/
simulated-android-export.json byte for byte, and a test checks the committed file is that.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from focuscoach.core.model.simulator import SimConfig, simulate

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "data" / "activitywatch" / "simulated-android-export.json"
#: 2026-04-14 00:00 UTC, a Tuesday; ten days, as long as a typical export people share.
START = 1_776_124_800.0
DAYS = 10
SEED = 20260414
APP_BUCKET = "aw-watcher-android-test"
UNLOCK_BUCKET = "aw-watcher-android-unlock"
#: A pickup: the phone was unused for at least this long before the next app.
PICKUP_GAP_S = 60.0
#: Apps the rules leave uncategorised, standing in for a share of a kind of app.
LONG_TAIL = (
    ({"小红书", "微博", "知乎", "抖音", "快手"}, "陌陌", 0.3),
    ({"高德地图", "美团", "携程旅行", "支付宝"}, "诸葛找房", 0.3),
)


def _stamp(t: float) -> str:
    return datetime.fromtimestamp(round(t, 3), UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _package(app: str) -> str:
    """A stable Android package name for an app name (any script)."""
    if app == "ActivityWatch":
        return "net.activitywatch.android"
    ascii_name = "".join(ch for ch in app.lower() if ch.isascii() and ch.isalnum())
    digest = hashlib.sha256(app.encode()).hexdigest()[:6]
    return f"com.{ascii_name or 'app'}{digest}.android"


def _event(event_id: int, start: float, duration: float, app: str) -> dict[str, Any]:
    package = _package(app)
    return {
        "id": event_id,
        "timestamp": _stamp(start),
        "duration": round(duration, 3),
        "data": {"app": app, "classname": f"{package}.MainActivity", "package": package},
    }


def build(seed: int = SEED, days: int = DAYS) -> dict[str, Any]:
    """The export as a JSON-ready dict."""
    config = SimConfig(
        seed=seed, users=1, days=days, phone_share=1.0, chinese_share=1.0, start=START
    )
    history = simulate(config)[0]
    rng = np.random.default_rng(seed)
    spans = sorted(history.windows, key=lambda w: w.start)
    app_events: list[tuple[float, float, str]] = []
    unlocks: list[float] = []
    previous_end = -1e18
    for span in spans:
        if span.start - previous_end >= PICKUP_GAP_S:
            unlocks.append(span.start - float(rng.uniform(0.2, 2.0)))
        previous_end = span.end
        app = span.app
        for kinds, name, share in LONG_TAIL:
            if app in kinds and float(rng.random()) < share:
                app = name
        span = span.__class__(span.start, span.end, app, span.title)
        app_events.append((span.start, span.end - span.start, span.app))
        roll = float(rng.random())
        if roll < 0.02:  # the watcher sends the same event again
            app_events.append((span.start, span.end - span.start, span.app))
        elif roll < 0.03:  # a zero-length event
            app_events.append((span.end, 0.0, span.app))
    # The user opens ActivityWatch itself now and then (and at the very end, to export).
    for day in range(days):
        t = START + day * 86400.0 + 21.5 * 3600.0 + float(rng.uniform(0, 1800))
        app_events.append((t, float(rng.uniform(20, 120)), "ActivityWatch"))
    last = max(start + duration for start, duration, _ in app_events) + 30.0
    app_events.append((last, 0.0, "ActivityWatch"))
    app_events.sort(key=lambda e: (e[0], e[1], e[2]))
    unlocks.sort()

    # Ids increase with time across both buckets, as the server assigns them.
    timeline = [(t, 0, i) for i, (t, _, _) in enumerate(app_events)]
    timeline += [(t, 1, i) for i, t in enumerate(unlocks)]
    timeline.sort()
    app_ids: dict[int, int] = {}
    unlock_ids: dict[int, int] = {}
    for event_id, (_, kind, index) in enumerate(timeline, start=1):
        (app_ids if kind == 0 else unlock_ids)[index] = event_id
    app_list = [_event(app_ids[i], *event) for i, event in enumerate(app_events)]
    unlock_list = [
        {"id": unlock_ids[i], "timestamp": _stamp(t), "duration": 0.0, "data": {}}
        for i, t in enumerate(unlocks)
    ]
    first = min(app_events[0][0], unlocks[0])

    def bucket(name: str, kind: str, events: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": name,
            "type": kind,
            "client": "aw-android",
            "hostname": "unknown",
            "created": _stamp(last - 86400.0)[:-1] + "000000Z",
            "data": {},
            "metadata": {"start": _stamp(first), "end": _stamp(last)},
            "events": events[::-1],  # newest first, as the server exports
            "last_updated": None,
        }

    return {
        "buckets": {
            UNLOCK_BUCKET: bucket(UNLOCK_BUCKET, "os.lockscreen.unlocks", unlock_list),
            APP_BUCKET: bucket(APP_BUCKET, "currentwindow", app_list),
        }
    }


def render(seed: int = SEED, days: int = DAYS) -> str:
    return json.dumps(build(seed, days), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    EXPORT.parent.mkdir(parents=True, exist_ok=True)
    EXPORT.write_text(render(), encoding="utf-8")
    print(f"wrote {EXPORT} ({EXPORT.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
