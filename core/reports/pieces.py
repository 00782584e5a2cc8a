"""Active time, piece by piece: the week's (or a day's) window spans clipped to a range, each
counted once, minus time away, and each classified as focus, distraction or other.

The weekly statistics (core/reports/stats.py) and Today (core/reports/today.py) both count
from these pieces, so the two agree on what focused time is.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Protocol

from focuscoach.core.categories import Categorizer, Category
from focuscoach.core.ranges import cut, merge
from focuscoach.core.records import Task, on_task
from focuscoach.core.store.week import AfkRow, WindowRow

#: Gaps shorter than this do not break a run (a focus stretch, a distraction episode) and a
#: window change after one is a switch.
GRACE = 60.0
#: Categories under these roots are focus.
FOCUS_ROOTS: tuple[str, ...] = ("Work",)


class Kind(IntEnum):
    FOCUS = 0
    OTHER = 1
    DISTRACTION = 2


@dataclass(frozen=True, slots=True)
class Piece:
    """Active time in one window: a window span clipped to the week, minus AFK."""

    start: float
    stop: float
    kind: Kind
    app: str
    title: str
    category: Category


def active_pieces(
    windows: Sequence[WindowRow],
    afk: Sequence[AfkRow],
    start: float,
    end: float,
    classify: Callable[[str, str], tuple[Kind, Category]],
) -> list[Piece]:
    """Window spans clipped to [start, end), each counted once, minus AFK time, in order."""
    away = merge((max(s, start), min(e, end)) for s, e, is_afk in afk if is_afk)
    pieces: list[Piece] = []
    covered = start
    j = 0
    for w_start, w_stop, app, title in sorted(windows):
        a, b = max(w_start, covered, start), min(w_stop, end)
        if b <= a:
            continue
        covered = b
        kind, category = classify(app, title)
        while j < len(away) and away[j][1] <= a:
            j += 1
        k = j
        cursor = a
        while k < len(away) and away[k][0] < b:
            if away[k][0] > cursor:
                pieces.append(Piece(cursor, away[k][0], kind, app, title, category))
            cursor = max(cursor, away[k][1])
            k += 1
        if cursor < b:
            pieces.append(Piece(cursor, b, kind, app, title, category))
    return pieces


def window_classifier(
    categorizer: Categorizer, tasks: Sequence[Task]
) -> Callable[[str, str], tuple[Kind, Category]]:
    """(app, title) -> (kind, category), cached: a window on one of `tasks` (by its app or
    title pattern) is focus, then a distracting category, then a focus root, else other.
    Windows judged on-task in context become focus only inside their task's blocks
    (`in_context`)."""
    patterned = [t for t in tasks if t.app_pattern is not None or t.title_pattern is not None]
    cache: dict[tuple[str, str], tuple[Kind, Category]] = {}

    def classify(app: str, title: str) -> tuple[Kind, Category]:
        known = cache.get((app, title))
        if known is None:
            category = categorizer.categorize(app, title)
            if any(on_task(t, app, title) for t in patterned):
                kind = Kind.FOCUS
            elif categorizer.is_distracting(category):
                kind = Kind.DISTRACTION
            elif category[0] in FOCUS_ROOTS:
                kind = Kind.FOCUS
            else:
                kind = Kind.OTHER
            known = cache[(app, title)] = (kind, category)
        return known

    return classify


class _Block(Protocol):
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def kind(self) -> str: ...
    @property
    def task_id(self) -> int | None: ...
    @property
    def title(self) -> str: ...


def task_blocks(
    blocks: Iterable[_Block], task_titles: Mapping[int, str]
) -> list[tuple[float, float, str]]:
    """(start, end, task title) of the focus blocks: the task's title as it is now (the one
    context judgements name), else the title the block was planned with."""
    return [
        (b.start, b.end, task_titles.get(b.task_id, b.title) if b.task_id is not None else b.title)
        for b in blocks
        if b.kind == "focus"
    ]


def context_spans(
    context: Collection[tuple[str, str, str]], blocks: Iterable[tuple[float, float, str]]
) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(app, title) -> the times it counts as on-task: the focus blocks, (start, end, task
    title), of each task it was judged close in meaning to (`context`: the (task title, app,
    title) triples of core/categorize/task_context.py, which the drift rule reads for the
    block running now). A tutorial judged on-task for a coding task is focus during that
    task's blocks, and keeps its category (a distraction) at any other time."""
    by_task: dict[str, list[tuple[float, float]]] = {}
    for start, end, task in blocks:
        by_task.setdefault(task, []).append((start, end))
    spans: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for task, app, title in context:
        if task in by_task:
            spans.setdefault((app, title), []).extend(by_task[task])
    return {window: merge(times) for window, times in spans.items()}


def in_context(
    pieces: Sequence[Piece], spans: dict[tuple[str, str], list[tuple[float, float]]]
) -> list[Piece]:
    """`pieces` with the time a window spent inside its `context_spans` made focus (a piece
    that reaches out of a block is split there)."""
    if not spans:
        return list(pieces)
    out: list[Piece] = []
    for piece in pieces:
        times = spans.get((piece.app, piece.title))
        if not times or piece.kind is Kind.FOCUS:
            out.append(piece)
            continue
        out.extend(
            replace(piece, start=a, stop=b, kind=Kind.FOCUS if inside else piece.kind)
            for a, b, inside in cut(piece.start, piece.stop, times)
        )
    return out


def split_slots(a: float, b: float, edges: Sequence[float]) -> Iterable[tuple[int, float]]:
    """(slot, seconds) of [a, b) over the slots between consecutive `edges`."""
    slot = bisect_right(edges, a) - 1
    while a < b and slot < len(edges) - 1:
        slot_end = edges[slot + 1]
        if slot_end > a:
            cut = min(b, slot_end)
            yield max(slot, 0), cut - a
            a = cut
        slot += 1


def slot_index(moment: float, edges: Sequence[float]) -> int:
    return min(max(bisect_right(edges, moment) - 1, 0), len(edges) - 2)


def runs(pieces: Sequence[Piece], kind: Kind) -> Iterable[tuple[float, float, float]]:
    """(first, last, seconds of `kind`) for runs of `kind` with gaps shorter than GRACE."""
    first = last = total = 0.0
    open_run = False
    for piece in pieces:
        if piece.kind is not kind:
            continue
        if open_run and piece.start - last < GRACE:
            last = max(last, piece.stop)
            total += piece.stop - piece.start
            continue
        if open_run:
            yield first, last, total
        first, last, total, open_run = piece.start, piece.stop, piece.stop - piece.start, True
    if open_run:
        yield first, last, total


def window_switches(windows: Sequence[WindowRow], start: float, end: float) -> Iterable[float]:
    previous: WindowRow | None = None
    for row in windows:
        if previous is not None and start <= row[0] < end:
            changed = row[2] != previous[2] or row[3] != previous[3]
            if changed and row[0] - previous[1] < GRACE:
                yield row[0]
        previous = row
