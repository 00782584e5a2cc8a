"""Reading one week for the review: range queries on indexes, never the whole history.

A span overlaps [a, b) when `stop > a AND start < b`, but neither index alone answers that
without reading everything before b (index on start) or after a (index on stop). So the query
asks three bounded questions that SQLite answers with one index range each and merges by rowid:
spans that start in the range, spans that end in it, and spans that cover it whole (found by
their end within COVER_LOOKAHEAD after b; a span longer than that, across a whole week, is
not a window anyone looked at). The cost follows the week shown, not the history kept.

A source that does not exist yet (an older database, a feature not used) reads as None, which
the report shows as "no data yet".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from focuscoach.core.store import context

COVER_LOOKAHEAD = 14 * 86400.0

# The coach's log kinds the review counts (see core/coaching/events.py).
BREAK_TAKEN = ("break_started", "break_away")
BREAK_POSTPONED = "break_postponed"
BREAK_SKIPPED = "break_skipped"
#: Read to tell a break skipped or postponed on the break screen (logged with its end at one
#: instant) from one taken (core/reports/break_log.py).
BREAK_ENDED = "break_ended"
NUDGE_SHOWN = "nudge_shown"
_COACH_KINDS = (*BREAK_TAKEN, BREAK_ENDED, BREAK_POSTPONED, BREAK_SKIPPED, NUDGE_SHOWN)

WindowRow = tuple[float, float, str, str]
AfkRow = tuple[float, float, bool]


@dataclass(frozen=True, slots=True)
class TaskInfo:
    id: int
    title: str
    estimate_min: int | None
    status: str
    done_at: float | None
    app_pattern: str | None
    title_pattern: str | None


@dataclass(frozen=True, slots=True)
class PlanBlockRow:
    start: float
    end: float
    kind: str
    task_id: int | None
    title: str


@dataclass(slots=True)
class WeekData:
    """Everything recorded in [start, end); spans are not clipped yet (stats does that)."""

    start: float
    end: float
    windows: list[WindowRow] = field(default_factory=list)
    afk: list[AfkRow] | None = None
    moods: list[tuple[float, int, int | None]] | None = None
    coach: list[tuple[float, str]] | None = None
    nudge_answers: list[tuple[float, str, bool]] | None = None
    blocks: list[PlanBlockRow] | None = None
    tasks: dict[int, TaskInfo] | None = None
    predictions: list[float] | None = None  # the detector's probabilities
    #: (task title, app, title) judged on-task in context (core/categorize/task_context.py).
    context: frozenset[tuple[str, str, str]] = frozenset()


def span_overlap_sql(table: str, columns: str) -> str:
    """SELECT of `columns` from a span table for rows overlapping [:a, :b), index-bounded."""
    return (
        f"SELECT {columns} FROM {table} WHERE (start >= :a AND start < :b)"
        " OR (stop > :a AND stop <= :b)"
        " OR (stop > :b AND stop <= :b + :cover AND start < :a)"
        " ORDER BY start"
    )


#: The week's windows with their text (`windows` keeps string ids, store/strings.py).
WINDOWS_SQL = (
    "SELECT w.start, w.stop, a.text, t.text FROM windows w"
    " JOIN strings a ON a.id = w.app JOIN strings t ON t.id = w.title"
    " WHERE (w.start >= :a AND w.start < :b) OR (w.stop > :a AND w.stop <= :b)"
    " OR (w.stop > :b AND w.stop <= :b + :cover AND w.start < :a) ORDER BY w.start"
)


def load_week(conn: sqlite3.Connection, start: float, end: float) -> WeekData:
    """The week [start, end) as plain rows, from a (read-only) connection."""
    span = {"a": start, "b": end, "cover": COVER_LOOKAHEAD}
    at = {"a": start, "b": end}
    data = WeekData(start, end)
    windows = _rows(conn, WINDOWS_SQL, span)
    if windows is None:  # a database not migrated yet (read-only): its table of schema < 7
        windows = _rows(conn, span_overlap_sql("window_spans", "start, stop, app, title"), span)
    data.windows = [(float(s), float(e), str(a), str(t)) for s, e, a, t in windows or []]
    afk = _rows(conn, span_overlap_sql("afk_spans", "start, stop, afk"), span)
    if afk is not None and afk:
        data.afk = [(float(s), float(e), bool(k)) for s, e, k in afk]
    moods = _rows(
        conn, "SELECT at, mood, energy FROM mood_entries WHERE at >= :a AND at < :b ORDER BY at", at
    )
    if moods:
        data.moods = [(float(t), int(m), None if e is None else int(e)) for t, m, e in moods]
    marks = ", ".join(f"'{kind}'" for kind in _COACH_KINDS)
    coach = _rows(
        conn,
        f"SELECT at, kind FROM coach_events WHERE at >= :a AND at < :b AND kind IN ({marks})"
        " ORDER BY at",
        at,
    )
    if coach:
        data.coach = [(float(t), str(k)) for t, k in coach]
    answers = _rows(
        conn,
        "SELECT at, answer, distracted FROM nudge_labels WHERE at >= :a AND at < :b ORDER BY at",
        at,
    )
    if answers:
        data.nudge_answers = [(float(t), str(a), bool(d)) for t, a, d in answers]
    predictions = _rows(conn, "SELECT probability FROM predictions WHERE at >= :a AND at < :b", at)
    if predictions:
        data.predictions = [float(p) for (p,) in predictions]
    data.context = context.on_task_pairs(conn)
    blocks = _rows(
        conn,
        'SELECT start, "end", kind, task_id, title FROM plan_blocks'
        ' WHERE date >= :first AND date <= :last AND "end" > :a AND start < :b ORDER BY start',
        {**at, "first": _iso_day(start - 86400), "last": _iso_day(end + 86400)},
    )
    if blocks:
        data.blocks = [
            PlanBlockRow(float(s), float(e), str(k), None if t is None else int(t), str(title))
            for s, e, k, t, title in blocks
        ]
    data.tasks = _tasks(conn, data, start, end)
    return data


def _iso_day(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).date().isoformat()


def _tasks(
    conn: sqlite3.Connection, data: WeekData, start: float, end: float
) -> dict[int, TaskInfo] | None:
    """Tasks planned this week, finished this week, or open with patterns that mark their
    windows (the task list is small: it is not history)."""
    ids = sorted({b.task_id for b in data.blocks or [] if b.task_id is not None})
    where = (
        "(done_at >= ? AND done_at < ?) OR (status = 'open' AND created < ? AND"
        " (app_pattern IS NOT NULL OR title_pattern IS NOT NULL))"
    )
    params: list[Any] = [start, end, end]
    if ids:
        where += f" OR id IN ({', '.join('?' for _ in ids)})"
        params += ids
    rows = _rows(
        conn,
        "SELECT id, title, estimate_min, status, done_at, app_pattern, title_pattern"
        f" FROM tasks WHERE {where} ORDER BY id",
        params,
    )
    if not rows:
        return None
    return {
        int(r[0]): TaskInfo(int(r[0]), str(r[1]), r[2], str(r[3]), r[4], r[5], r[6]) for r in rows
    }


def _rows(conn: sqlite3.Connection, sql: str, params: Any) -> list[tuple[Any, ...]] | None:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc) or "no such column" in str(exc):
            return None
        raise


def first_activity(conn: sqlite3.Connection) -> float | None:
    """When the earliest window or away span starts (one index lookup each), or None when
    nothing is recorded: the review offers no week before it."""
    from focuscoach.core.store.queries import span_tables

    windows, afk, *_ = span_tables(conn)
    firsts = []
    for table in (windows, afk):
        rows = _rows(conn, f"SELECT min(start) FROM {table}", ())
        if rows and rows[0][0] is not None:
            firsts.append(float(rows[0][0]))
    return min(firsts) if firsts else None
