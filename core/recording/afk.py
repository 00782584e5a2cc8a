"""Away-from-keyboard state as a pure function of the last input time.

Like aw-watcher-afk: after `timeout` seconds without input the user is AFK, and the AFK spell
is dated from the last input, not from when the timeout ran out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AfkState:
    afk: bool
    since: float


def afk_state(previous: AfkState, last_input: float, now: float, timeout: float) -> AfkState:
    """The state at `now`; `since` is when the current state began."""
    idle_for = now - last_input
    if previous.afk:
        if last_input > previous.since:
            return AfkState(afk=False, since=last_input)
        return previous
    if idle_for >= timeout:
        return AfkState(afk=True, since=max(previous.since, last_input))
    return previous
