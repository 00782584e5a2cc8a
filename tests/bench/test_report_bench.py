"""Weekly review budgets (issue 6).

- `focuscoach report --week` as a whole process: at most 3 s on a year of history (about
  500,000 window spans), and within 1.3x of the same report on a database holding one week:
  the cost follows the week shown, not the history kept.
- The review window opens (shown, charts drawn) within 1 s, and (issue 15) its main thread is
  never held more than 100 ms meanwhile: a 10 ms timer on it measures the longest gap.
- Issue 15's targets for the whole `report --week` process on the year: 1.0 s to PNG, 0.5 s to
  JSON (the statistics alone: no matplotlib). Printed against the target (met or MISSED);
  CI fails only past the loose limits below, which a loaded machine's noise does not reach.

Medians over repeated runs, interleaved, because the machine is shared and noisy.
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest

from focuscoach.core.reports.week import Week
from focuscoach.core.store import history
from focuscoach.core.store.database import open_database
from tests.support.stall_probe import StallProbe

pytestmark = pytest.mark.bench

REPORT_BUDGET_S = 3.0
RATIO_BUDGET = 1.3
WINDOW_BUDGET_S = 1.0
# The charts (made and drawn on the window's worker since issue 15, the main thread only shows
# the drawing) measured 0.8-1.2 s here with other work on the machine's two processors, against
# the 1 s target: the figure is printed against the target, and CI fails only past this much
# more, which noise alone does not reach.
CHARTS_CI_LIMIT_S = 1.5
# The main thread's longest stall while the window fills: target 100 ms (issue 15). Drawing on
# the main thread held it 1.2-1.8 s here; drawn on the worker, 70-100 ms on a loaded machine
# (up to 150 ms at worst: the tables' layout and the window's first paint while the worker
# runs). CI fails only past this, which noise cannot reach.
STALL_TARGET_S = 0.1
# The first opening in a fresh app imports matplotlib too: printed against the 1 s target;
# CI fails only past this.
FIRST_CI_LIMIT_S = 3.0
STALL_CI_LIMIT_S = 0.5
PNG_TARGET_S = 1.0
JSON_TARGET_S = 0.5
PNG_CI_LIMIT_S = 3.0
JSON_CI_LIMIT_S = 1.2
RUNS = 5
ZONE = UTC
SHOWN = Week(2025, 45)  # the last complete week of the history
MID_YEAR = Week(2025, 20)
HISTORY_DAYS = 365

APPS = [
    ("Code", "{w}.py — focus-coach — Visual Studio Code", 30),
    ("Gnome-terminal", "dev@laptop: ~/src/{w}", 12),
    ("firefox", "{w} — Python 3 documentation — Mozilla Firefox", 8),
    ("libreoffice-writer", "{w} report.odt - LibreOffice Writer", 6),
    ("Slack", "#{w} - Acme - Slack", 10),
    ("Thunderbird", "Inbox - dev@acme.example - Mozilla Thunderbird", 5),
    ("微信", "微信", 5),
    ("飞书", "{w} - 飞书文档", 5),
    ("firefox", "{w} - YouTube — Mozilla Firefox", 4),
    ("firefox", "r/{w} - Reddit — Mozilla Firefox", 4),
    ("Google-chrome", "{w} - 哔哩哔哩 - Google Chrome", 3),
    ("Nautilus", "Downloads", 3),
]
WORDS = [f"topic{i}" for i in range(60)] + ["后端服务", "周报", "方案", "数据库", "接口"]


@dataclass
class Day:
    windows: list[tuple[float, float, str, str]]
    afk: list[tuple[float, float, int]]
    inputs: list[tuple[float, float, int, int, int, int]]
    moods: list[tuple[float, int, int]]
    coach: list[tuple[float, str]]


def simulate_day(midnight: float, seed: int) -> Day:
    """One workday: about 1,370 window spans from 8:00 to 19:00 with breaks away."""
    rng = random.Random(seed)
    apps, weights = [(a, t) for a, t, _ in APPS], [w for _, _, w in APPS]
    windows, afk, inputs = [], [], []
    t = midnight + 8 * 3600 + rng.uniform(0, 600)
    end = midnight + 19 * 3600
    active_since = t
    while t < end:
        if t - active_since > rng.uniform(3000, 5400):  # a break away from the keyboard
            away = rng.uniform(300, 900)
            afk.append((active_since, t, 0))
            afk.append((t, t + away, 1))
            t += away
            active_since = t
            continue
        app, template = rng.choices(apps, weights)[0]
        dwell = rng.expovariate(1 / 24)
        windows.append((t, t + dwell, app, template.format(w=rng.choice(WORDS))))
        t += dwell
    afk.append((active_since, t, 0))
    minute = midnight + 8 * 3600
    while minute < end:
        inputs.append((minute, minute + 60, rng.randrange(200), rng.randrange(30), 500, 5))
        minute += 60
    moods = [(midnight + h * 3600, rng.randint(1, 5), rng.randint(1, 5)) for h in (10, 13, 16)]
    kinds = ["break_started", "break_away", "break_postponed", "break_skipped", "nudge_shown"]
    coach = [(midnight + rng.uniform(8, 19) * 3600, rng.choice(kinds)) for _ in range(12)]
    return Day(windows, afk, inputs, moods, coach)


def build(path: Path, days: list[int]) -> int:
    """Write the given days (offsets from the history's first day); returns window spans."""
    db = open_database(path)
    conn = db.conn
    first = SHOWN.bounds(ZONE)[1] - HISTORY_DAYS * 86400
    count = 0
    conn.execute("BEGIN")
    for offset in days:
        midnight = first + offset * 86400
        day = simulate_day(midnight, seed=offset)
        count += len(day.windows)
        history.insert_windows(conn, day.windows)
        conn.executemany("INSERT INTO afk_spans (start, stop, afk) VALUES (?,?,?)", day.afk)
        conn.executemany(
            "INSERT INTO input_activity (start, stop, keys, clicks, moves, scrolls)"
            " VALUES (?,?,?,?,?,?)",
            day.inputs,
        )
        conn.executemany("INSERT INTO mood_entries (at, mood, energy) VALUES (?,?,?)", day.moods)
        conn.executemany("INSERT INTO coach_events (at, kind) VALUES (?,?)", day.coach)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return count


@dataclass
class Homes:
    year: Path
    week: Path
    year_spans: int
    week_spans: int


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homes]:
    root = tmp_path_factory.mktemp("report-bench")
    started = time.perf_counter()
    year, week = root / "year", root / "week"
    year.mkdir()
    week.mkdir()
    first_shown = HISTORY_DAYS - 7
    year_spans = build(year / "focuscoach.db", list(range(HISTORY_DAYS + 2)))
    week_spans = build(week / "focuscoach.db", list(range(first_shown, HISTORY_DAYS)))
    size = (year / "focuscoach.db").stat().st_size
    print(
        f"\nbuilt a year ({year_spans:,} window spans) and a week ({week_spans:,}) "
        f"in {time.perf_counter() - started:.1f} s; the year as recorded: {size / 1e6:.1f} MB, "
        f"{size / year_spans:.0f} bytes per window span"
    )
    yield Homes(year, week, year_spans, week_spans)


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"


def run_report(home: Path, week: Week, out: Path) -> float:
    return run_report_timed(home, week, out)[0]


def run_report_timed(home: Path, week: Week, out: Path) -> tuple[float, float]:
    """(wall seconds, processor seconds of the report's processes: a forked child's too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "focuscoach.core.cli",
            "--home",
            str(home),
            "report",
            "--week",
            str(week),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > (10_000 if out.suffix == ".json" else 50_000)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def test_report_cost_follows_the_week_not_the_history(homes: Homes, tmp_path: Path) -> None:
    assert homes.year_spans >= 480_000
    run_report(homes.year, SHOWN, tmp_path / "warm.png")  # font cache, page cache
    year, week, mid = [], [], []
    for run in range(RUNS):
        year.append(run_report(homes.year, SHOWN, tmp_path / f"y{run}.png"))
        week.append(run_report(homes.week, SHOWN, tmp_path / f"w{run}.png"))
        if run < 3:
            mid.append(run_report(homes.year, MID_YEAR, tmp_path / f"m{run}.png"))
    html = [run_report(homes.year, SHOWN, tmp_path / f"h{run}.html") for run in range(3)]
    y, w, m, h = (statistics.median(x) for x in (year, week, mid, html))
    ratio = y / w
    print(
        f"\nreport on a year ({homes.year_spans:,} spans): {y:.2f} s; on a week "
        f"({homes.week_spans:,} spans): {w:.2f} s; ratio {ratio:.2f} "
        f"(budget {REPORT_BUDGET_S:.0f} s, {RATIO_BUDGET}x); a mid-year week: {m:.2f} s; "
        f"HTML on a year: {h:.2f} s (medians of {RUNS}, {RUNS}, 3, 3 runs)"
    )
    assert y <= REPORT_BUDGET_S
    assert m <= REPORT_BUDGET_S
    assert ratio <= RATIO_BUDGET


def test_report_png_and_json_against_issue_15s_targets(homes: Homes, tmp_path: Path) -> None:
    """The whole process, as a user or a script runs it: Python's start, imports, the two
    weeks' statistics and the file (a PNG page of charts, or the statistics as JSON)."""
    run_report(homes.year, SHOWN, tmp_path / "warm.png")  # font cache, page cache
    png, js, png_cpu, js_cpu = [], [], [], []
    for run in range(RUNS):  # interleaved: the machine's noise falls on both alike
        wall, cpu = run_report_timed(homes.year, SHOWN, tmp_path / f"p{run}.png")
        png.append(wall)
        png_cpu.append(cpu)
        wall, cpu = run_report_timed(homes.year, SHOWN, tmp_path / f"j{run}.json")
        js.append(wall)
        js_cpu.append(cpu)
    p, j = statistics.median(png), statistics.median(js)
    print(
        f"\nreport --week to PNG on a year ({homes.year_spans:,} spans): {p:.2f} s, target "
        f"{PNG_TARGET_S:.1f} s {verdict(p, PNG_TARGET_S)} (CI limit {PNG_CI_LIMIT_S} s); "
        f"to JSON: {j:.2f} s, target {JSON_TARGET_S:.1f} s {verdict(j, JSON_TARGET_S)} "
        f"(CI limit {JSON_CI_LIMIT_S} s); medians of {RUNS} runs each"
        f" (PNG {', '.join(f'{x:.2f}' for x in png)}; JSON {', '.join(f'{x:.2f}' for x in js)});"
        f" processor time, all processes: PNG {statistics.median(png_cpu):.2f} s, JSON"
        f" {statistics.median(js_cpu):.2f} s; load average {os.getloadavg()[0]:.1f} on"
        f" {len(os.sched_getaffinity(0))} processors (the PNG is drawn in two halves only"
        " with one to spare)"
    )
    assert p <= PNG_CI_LIMIT_S
    assert j <= JSON_CI_LIMIT_S


def test_review_window_opens_within_a_second(homes: Homes, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Shown with its numbers, then with every chart drawn, the main thread waiting in its
    event loop as the app's does (a loop spinning processEvents would fight the worker for
    the interpreter); the first time includes importing the window's module (and matplotlib)
    as the tray does on the first click."""
    from focuscoach.desktop.app import settle_heap

    # As the app does before its event loop: what exists now (here, pytest's and the earlier
    # benchmarks' objects: far more than the app's) is frozen out of the collector's full
    # passes, which hold the main thread (329 ms in one run without this).
    settle_heap()
    now = SHOWN.next().bounds(ZONE)[0] + 86400
    shown, drawn, stalls = [], [], []
    probe = StallProbe()
    for _ in range(4):
        probe.start()
        started = time.perf_counter()
        from focuscoach.desktop.review import ReviewWindow

        window = ReviewWindow(homes.year / "focuscoach.db", tz=ZONE, now=now)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        shown.append(time.perf_counter() - started)
        qtbot.waitUntil(window.ready, timeout=10_000)
        drawn.append(time.perf_counter() - started)
        stalls.append(probe.stop())
        assert window.week == SHOWN and window.report is not None and not window.report.empty
        window.close()
    charts = statistics.median(drawn[1:])
    stall = max(stalls[1:])
    print(
        f"\nreview window on a year: shown with its numbers in {shown[0]:.2f} s the first time"
        f" (then {statistics.median(shown[1:]):.2f} s), charts drawn in {drawn[0]:.2f} s"
        f" (then {charts:.2f} s); target {WINDOW_BUDGET_S:.0f} s"
        f" ({verdict(charts, WINDOW_BUDGET_S)}; CI limit {CHARTS_CI_LIMIT_S} s); the main"
        f" thread's longest stall {1000 * stall:.0f} ms ({1000 * stalls[0]:.0f} ms the first"
        f" time), target {1000 * STALL_TARGET_S:.0f} ms ({verdict(stall, STALL_TARGET_S)};"
        f" CI limit {1000 * STALL_CI_LIMIT_S:.0f} ms)"
    )
    assert shown[0] <= WINDOW_BUDGET_S
    assert charts <= CHARTS_CI_LIMIT_S
    assert stall <= STALL_CI_LIMIT_S


FIRST_OPENING = """
import sys, time
from datetime import UTC
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
from focuscoach.core.runtime import App  # the tray's process has its runtime loaded
from focuscoach.desktop import review, review_page
from focuscoach.desktop.app import settle_heap

settle_heap()  # as the app does before its event loop

db, now, rest = Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
if rest:  # the pointer rests on "Weekly review…": the tray starts loading (tray_windows.py)
    review._BUILDER.submit(review_page.load_chart_modules)
    QTimer.singleShot(int(rest * 1000), app.quit)
    app.exec()
started = time.perf_counter()
window = review.ReviewWindow(db, tz=UTC, now=now)
window.show()
poll = QTimer()
poll.timeout.connect(lambda: window.ready() and app.quit())
poll.start(5)
app.exec()
print(time.perf_counter() - started)
"""
# The time between the pointer reaching a menu item and the click: a few hundred ms.
REST_S = 0.3


def test_review_window_first_opening_in_a_fresh_app(homes: Homes) -> None:
    """The first opening in a process that has not loaded matplotlib (but has its runtime, as
    the tray's has): straight away (a click with no pause on the item, or the review prompt),
    and after the pointer rested on the menu item for REST_S, as it does before a click."""
    now = SHOWN.next().bounds(ZONE)[0] + 86400
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TZ": "UTC"}

    def first(rest: float) -> float:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                FIRST_OPENING,
                str(homes.year / "focuscoach.db"),
                str(now),
                str(rest),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return float(done.stdout.split()[-1])

    cold, rested = [], []
    for _ in range(3):
        cold.append(first(0.0))
        rested.append(first(REST_S))
    c, r = statistics.median(cold), statistics.median(rested)
    print(
        f"\nreview window, first opening in a fresh app, charts drawn: {c:.2f} s straight away,"
        f" {r:.2f} s after the pointer rested {REST_S:.1f} s on the menu item; target"
        f" {WINDOW_BUDGET_S:.0f} s ({verdict(c, WINDOW_BUDGET_S)}, {verdict(r, WINDOW_BUDGET_S)});"
        f" medians of 3 (straight away {', '.join(f'{x:.2f}' for x in cold)}; rested"
        f" {', '.join(f'{x:.2f}' for x in rested)})"
    )
    assert r <= FIRST_CI_LIMIT_S and c <= FIRST_CI_LIMIT_S


def test_the_week_query_reads_only_the_week(homes: Homes) -> None:
    """SQLite's own count of rows visited: the year and the week read (nearly) the same."""
    from focuscoach.core.store.week import WINDOWS_SQL

    start, end = SHOWN.bounds(ZONE)
    visited = {}
    for name, home in (("year", homes.year), ("week", homes.week)):
        conn = sqlite3.connect(home / "focuscoach.db")
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        conn.set_progress_handler(count, 100)
        rows = conn.execute(
            WINDOWS_SQL,
            {"a": start, "b": end, "cover": 14 * 86400},
        ).fetchall()
        conn.close()
        visited[name] = (steps, len(rows))
    print(f"\nSQLite steps (x100) for the week's spans: {visited}")
    assert visited["year"][1] == visited["week"][1]
    assert visited["year"][0] <= 1.3 * visited["week"][0] + 50
