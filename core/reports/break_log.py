"""Breaks taken, skipped and postponed, counted from the coach log the same way by Today
(core/reports/today.py) and the weekly review (core/reports/stats.py).

A break is *taken* when it started (break_started) or when time away counted as one
(break_away). The break screen's Skip and Postpone end a running break: the coach logs
break_ended and break_skipped (or break_postponed) at the same instant (core/coaching/breaks.py,
`skip_running` and `postpone_running`). Such a break was not taken: it counts as skipped (or
postponed) only, as a user who pressed Skip expects. "Back to work" (break_ended alone) keeps
the break taken: the rest taken counts, as for the coach's timers.
"""

from __future__ import annotations

from collections.abc import Iterable

BREAK_STARTED = "break_started"
BREAK_ENDED = "break_ended"
BREAK_AWAY = "break_away"
BREAK_SKIPPED = "break_skipped"
BREAK_POSTPONED = "break_postponed"
#: The kinds these counts read (the readers' queries ask for these).
BREAK_KINDS = (BREAK_STARTED, BREAK_ENDED, BREAK_AWAY, BREAK_SKIPPED, BREAK_POSTPONED)


def cut_short(rows: Iterable[tuple[float, str]]) -> set[float]:
    """The instants of the breaks started and then skipped or postponed while they ran.

    `rows` are (at, kind) in time order; entries of one instant may come in any order (the
    weekly review's query orders by time only). A started break ends at the next break_ended
    (or the next break_started); it was cut short when a skip or postpone was logged at that
    very instant. A started break with no end (the app quit) stays taken."""
    ordered = sorted(rows, key=lambda row: row[0])
    answered = {at for at, kind in ordered if kind in (BREAK_SKIPPED, BREAK_POSTPONED)}
    started: set[float] = set()
    for i, (at, kind) in enumerate(ordered):
        if kind != BREAK_STARTED:
            continue
        end = next(
            (
                (when, what)
                for when, what in ordered[i + 1 :]
                if what in (BREAK_ENDED, BREAK_STARTED) and when >= at
            ),
            None,
        )
        if end is not None and end[1] == BREAK_ENDED and end[0] in answered:
            started.add(at)
    return started


def count_breaks(rows: Iterable[tuple[float, str]]) -> tuple[int, int, int]:
    """(taken, skipped, postponed) from (at, kind) rows of the coach log."""
    ordered = sorted(rows, key=lambda row: row[0])
    short = cut_short(ordered)
    taken = sum(
        1
        for at, kind in ordered
        if kind == BREAK_AWAY or (kind == BREAK_STARTED and at not in short)
    )
    skipped = sum(1 for _, kind in ordered if kind == BREAK_SKIPPED)
    postponed = sum(1 for _, kind in ordered if kind == BREAK_POSTPONED)
    return taken, skipped, postponed
