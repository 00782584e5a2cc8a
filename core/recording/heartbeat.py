"""Heartbeat merging, ActivityWatch's rule, as a pure function.

A recorder samples "what is happening now" about once a second. Consecutive samples with the
same data become one span: a heartbeat joins the last span when its data is equal and it starts
no later than the span's end plus `pulsetime`. Otherwise it opens a new span.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

D = TypeVar("D", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Heartbeat(Generic[D]):
    timestamp: float
    data: D
    duration: float = 0.0


@dataclass(frozen=True, slots=True)
class Span(Generic[D]):
    start: float
    end: float
    data: D


def merge_heartbeat(last: Span[D] | None, beat: Heartbeat[D], pulsetime: float) -> Span[D] | None:
    """The last span extended by `beat`, or None when `beat` must start a new span."""
    if last is None or beat.data != last.data:
        return None
    if not last.start <= beat.timestamp <= last.end + pulsetime:
        return None
    return replace(last, end=max(last.end, beat.timestamp + beat.duration))


def merge_heartbeats(beats: Iterable[Heartbeat[D]], pulsetime: float) -> list[Span[D]]:
    """All spans a sequence of heartbeats makes (used by tests and bulk conversions)."""
    spans: list[Span[D]] = []
    for beat in beats:
        merged = merge_heartbeat(spans[-1] if spans else None, beat, pulsetime)
        if merged is None:
            spans.append(Span(beat.timestamp, beat.timestamp + beat.duration, beat.data))
        else:
            spans[-1] = merged
    return spans
