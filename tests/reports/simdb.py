"""A realistic store for the review: two simulated work weeks plus tasks, plans and the coach's
log. Used by the chart tests, the review window's tests and to draw docs/weekly-review.png::

    python -m tests.reports.simdb docs/weekly-review.png
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from datetime import UTC, timedelta
from pathlib import Path

from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.reports.week import Week
from focuscoach.core.store.database import open_database

# The simulator writes local time as if it were UTC, starting Monday 2024-01-01.
SIM_START = 1_704_067_200.0
WEEK = Week(2024, 2)  # the second simulated week; the first is its "week before"
ZONE = UTC

TASKS = [
    (1, "Write the quarterly report", 1, 240, "open", None, None, r"report|周报"),
    (2, "代码评审：后端服务", 2, 180, "open", None, r"^code$", r"后端服务|focus-coach"),
    (3, "Prepare the demo", 2, 90, "done", SIM_START + 9 * 86400 + 15 * 3600, None, None),
]


def write_activity(conn: sqlite3.Connection, history: SimulatedHistory) -> None:
    """Windows, AFK spans and input intervals of a simulated history, as the recorder keeps
    them (inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO window_spans (start, stop, app, title) VALUES (?, ?, ?, ?)",
        [(w.start, w.end, w.app, w.title) for w in history.windows],
    )
    conn.executemany(
        "INSERT INTO afk_spans (start, stop, afk) VALUES (?, ?, ?)",
        [(a.start, a.end, int(a.afk)) for a in history.afk],
    )
    conn.executemany(
        "INSERT INTO input_activity (start, stop, keys, clicks, moves, scrolls)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(i.start, i.end, i.keys, i.clicks, i.moves, i.scrolls) for i in history.inputs],
    )


def fill(path: Path, seed: int = 11) -> None:
    """Write two simulated weeks (and the coaching tables' rows) into the store at `path`."""
    history = simulate(SimConfig(seed=seed, users=1, days=14, chinese_share=1.0))[0]
    db = open_database(path)
    conn = db.conn
    rng = random.Random(seed)
    conn.execute("BEGIN")
    write_activity(conn, history)
    conn.executemany(
        "INSERT INTO mood_entries (at, mood, energy, note) VALUES (?, ?, ?, '')",
        [
            (at, min(5, max(1, round(mood))), min(5, max(1, round(mood + rng.uniform(-1, 1.2)))))
            for at, mood in history.moods
        ],
    )
    conn.executemany(
        "INSERT INTO tasks (id, title, priority, estimate_min, status, created, done_at,"
        " app_pattern, title_pattern) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i, t, p, e, s, SIM_START, d, a, tp) for i, t, p, e, s, d, a, tp in TASKS],
    )
    for day in range(14):
        if day % 7 >= 5:
            continue
        midnight = SIM_START + day * 86400
        date = WEEK.previous().monday + timedelta(days=day)
        conn.execute(
            "INSERT INTO plans (date, accepted_at) VALUES (?, ?)", (date.isoformat(), midnight)
        )
        blocks = [
            (9.5, 11.0, "focus", 1 + day % 2),
            (11.0, 11.25, "break", None),
            (14.0, 15.5, "focus", 2 if day % 3 else 3),
            (16.0, 16.5, "meeting", None),
        ]
        for begin, end, kind, task in blocks:
            title = next((t[1] for t in TASKS if t[0] == task), kind)
            conn.execute(
                'INSERT INTO plan_blocks (date, start, "end", kind, task_id, title)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    date.isoformat(),
                    midnight + begin * 3600,
                    midnight + end * 3600,
                    kind,
                    task,
                    title,
                ),
            )
        for hour in range(10, 18):
            at = midnight + hour * 3600 + rng.uniform(0, 3000)
            kind = rng.choices(
                ["break_started", "break_away", "break_postponed", "break_skipped", "nudge_shown"],
                [4, 3, 2, 1, 2],
            )[0]
            conn.execute(
                "INSERT INTO coach_events (at, kind, detail) VALUES (?, ?, ?)",
                (at, kind, json.dumps({"break_kind": "micro"})),
            )
            if kind == "nudge_shown":
                answer = rng.choices(["back_to_task", "snooze", "not_distracted"], [5, 2, 3])[0]
                conn.execute(
                    "INSERT INTO nudge_labels (at, answered_at, answer, distracted, probability)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (at, at + 8, answer, int(answer != "not_distracted"), 0.8),
                )
    conn.execute("COMMIT")
    db.close()


def main(argv: list[str]) -> int:
    """Draw the simulated week into a PNG or HTML file (the README's picture)."""
    import tempfile

    from focuscoach.core.reports.render import write_report
    from focuscoach.core.reports.summary import build_report
    from focuscoach.core.store.database import connect

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sim.db"
        fill(path)
        conn = connect(path, readonly=True)
        report = build_report(conn, WEEK, ZONE, now=SIM_START + 14 * 86400)
        conn.close()
    for out in argv:
        write_report(report, Path(out))
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
