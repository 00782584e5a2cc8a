"""Test doubles for the coach: a scripted detector and an event recorder."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from focuscoach.core.coaching.events import CoachEvent
from focuscoach.core.coaching.nudges import Score

E = TypeVar("E", bound=CoachEvent)


class ScriptedScorer:
    """Returns `probability(now)`; records every call so tests can see when the model ran."""

    def __init__(self, probability: Callable[[float], float] | float = 0.0) -> None:
        self._probability = probability
        self.calls: list[float] = []

    def score(self, now: float) -> Score:
        self.calls.append(now)
        p = self._probability(now) if callable(self._probability) else self._probability
        return Score(p, f"p={p:.2f}")


class EventLog:
    """A subscriber that keeps everything the coach said."""

    def __init__(self) -> None:
        self.events: list[CoachEvent] = []

    def __call__(self, event: CoachEvent) -> None:
        self.events.append(event)

    def of(self, cls: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, cls)]

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]
