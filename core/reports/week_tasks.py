"""The week's tasks: time planned for each (its focus blocks) against time spent on it (its
on-task windows, or the focused time in its blocks when it has no patterns)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from focuscoach.core.records import Task, on_task
from focuscoach.core.reports.pieces import Kind, Piece
from focuscoach.core.store.week import TaskInfo, WeekData


@dataclass(frozen=True, slots=True)
class TaskTime:
    id: int
    title: str
    planned_s: float
    actual_s: float
    estimate_s: float | None
    done: bool


def task_objects(tasks: dict[int, TaskInfo] | None) -> list[Task]:
    result = []
    for info in (tasks or {}).values():
        try:
            result.append(
                Task(
                    id=info.id,
                    title=info.title,
                    priority=1,
                    app_pattern=info.app_pattern,
                    title_pattern=info.title_pattern,
                )
            )
        except ValueError:  # a pattern that no longer compiles marks nothing
            continue
    return result


def task_times(
    data: WeekData, tasks: Sequence[Task], pieces: Sequence[Piece], start: float, end: float
) -> list[TaskTime] | None:
    if data.tasks is None and data.blocks is None:
        return None
    planned: dict[int, float] = defaultdict(float)
    block_ranges: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for block in data.blocks or []:
        if block.kind != "focus" or block.task_id is None:
            continue
        a, b = max(block.start, start), min(block.end, end)
        if b > a:
            planned[block.task_id] += b - a
            block_ranges[block.task_id].append((a, b))
    per_window: dict[tuple[str, str], float] = defaultdict(float)
    for p in pieces:
        per_window[(p.app, p.title)] += p.stop - p.start
    actual: dict[int, float] = defaultdict(float)
    for task in tasks:
        if task.id is None or (task.app_pattern is None and task.title_pattern is None):
            continue
        actual[task.id] = sum(
            seconds for (app, title), seconds in per_window.items() if on_task(task, app, title)
        )
    for task_id, ranges in block_ranges.items():
        if task_id in actual:
            continue
        actual[task_id] = sum(
            max(0.0, min(b, p.stop) - max(a, p.start))
            for a, b in ranges
            for p in pieces
            if p.kind is Kind.FOCUS and p.stop > a and p.start < b
        )
    infos = data.tasks or {}
    result = []
    for task_id in sorted(set(planned) | set(actual) | set(infos)):
        info = infos.get(task_id)
        done = info is not None and info.done_at is not None and start <= info.done_at < end
        if planned[task_id] <= 0 and actual[task_id] <= 0 and not done:
            continue
        estimate = info.estimate_min * 60.0 if info and info.estimate_min else None
        title = (
            info.title
            if info
            else next(
                (b.title for b in data.blocks or [] if b.task_id == task_id and b.title),
                f"task {task_id}",
            )
        )
        result.append(TaskTime(task_id, title, planned[task_id], actual[task_id], estimate, done))
    result.sort(key=lambda t: (-max(t.planned_s, t.actual_s), t.id))
    return result
