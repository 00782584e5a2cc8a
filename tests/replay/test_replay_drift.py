"""The drift nudge replayed over a simulated day (issue 13): it comes after the configured
time in distracting windows during focus, never about Focus Coach's own windows, and never
more often than the nudge spacing (minimum interval, daily cap) allows."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC

import pytest

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import Categorizer, default_categorizer, parse_rules
from focuscoach.core.coaching.coach import CoachSettings
from focuscoach.core.coaching.drift import DriftSettings
from focuscoach.core.coaching.nudges import NudgeSettings, Score
from focuscoach.core.coaching.quiet import QUIET_OFF
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.replay import ReplayHistory, ReplayResult, observations, replay

TICK_S = 15.0
OWN = ("Focus Coach", "How are you doing?")


class Calm:
    """A detector that never forecasts drift: every nudge here is the drift rule's."""

    def score(self, now: float, *_context: object, **_named: object) -> Score:
        return Score(0.05, "calm")


def _day() -> SimulatedHistory:
    return simulate(SimConfig(seed=5, users=1, days=1, weekend=False, chinese_share=0.0))[0]


def _with_own_windows(history: SimulatedHistory) -> list[WindowSpan]:
    """Every 9th window becomes one of Focus Coach's own (a check-in, the break countdown)."""
    return [
        WindowSpan(w.start, w.end, *OWN) if i % 9 == 4 else w for i, w in enumerate(history.windows)
    ]


def _run(
    history: ReplayHistory,
    categorizer: Categorizer,
    *,
    after_s: float,
    min_interval_s: float,
    daily_cap: int = 100,
    nudges: NudgeSettings | None = None,
    assume_focus: bool = True,
) -> ReplayResult:
    """Replay with the drift rule's spacing and cap as given; the forecast's (`nudges`) the
    same unless given apart."""
    settings = CoachSettings(
        nudges=nudges or NudgeSettings(min_interval_s=min_interval_s, daily_cap=daily_cap),
        quiet=QUIET_OFF,
        # The drift rule has its own spacing and cap (a forecast keeps the nudges').
        drift=DriftSettings(after_s=after_s, min_interval_s=min_interval_s, daily_cap=daily_cap),
    )
    return replay(
        history,
        settings=settings,
        tz=UTC,
        since=history.windows[0].start,
        until=history.windows[-1].end,
        scorer=Calm(),
        categorizer=categorizer,
        assume_focus=assume_focus,
        tick_s=TICK_S,
    )


def _times(result: ReplayResult) -> list[float]:
    """When each nudge came, exactly (the JSON's times are rounded to the microsecond)."""
    return [at for at, kind, _entry in result.prompts if kind == "nudge"]


@dataclass(frozen=True)
class Stretch:
    """A stretch of what the coach saw: present in a distracting window, elsewhere, or away."""

    start: float
    end: float
    state: str  # "distracting", "elsewhere" or "away"


def _stretches(history: ReplayHistory, categorizer: Categorizer) -> list[Stretch]:
    """Joined runs of one state, from the observations."""
    since, until = history.windows[0].start, history.windows[-1].end
    changes = observations(history, since, until)
    out: list[Stretch] = []
    for i, (at, obs) in enumerate(changes):
        end = changes[i + 1][0] if i + 1 < len(changes) else until
        if not obs.active:
            state = "away"
        elif obs.app.casefold() not in ("focus coach", "focuscoach") and (
            categorizer.is_distracting_window(obs.app, obs.title)
        ):
            state = "distracting"
        else:
            state = "elsewhere"
        if out and out[-1].state == state:
            out[-1] = Stretch(out[-1].start, end, state)
        else:
            out.append(Stretch(at, end, state))
    return out


def _distracted_between(stretches: list[Stretch], lo: float, hi: float) -> float:
    return sum(
        max(0.0, min(s.end, hi) - max(s.start, lo)) for s in stretches if s.state == "distracting"
    )


def _in_distraction(stretches: list[Stretch], t: float) -> bool:
    return any(s.state == "distracting" and s.start <= t < s.end for s in stretches)


def _episode_ended(stretches: list[Stretch], lo: float, hi: float) -> bool:
    """Between lo and hi the user was at least a minute in a row elsewhere, or 5 min away."""
    settings = DriftSettings()
    least = {"elsewhere": settings.back_s, "away": settings.recovered_s}
    return any(
        s.state in least and min(s.end, hi) - max(s.start, lo) >= float(least[s.state] or 0)
        for s in stretches
    )


@pytest.mark.parametrize(("after_s", "min_interval_s"), [(120.0, 600.0), (60.0, 300.0)])
def test_drift_nudges_on_a_simulated_day(after_s: float, min_interval_s: float) -> None:
    cat = default_categorizer()
    history = ReplayHistory.of(_with_own_windows(_day()))
    result = _run(history, cat, after_s=after_s, min_interval_s=min_interval_s)
    stretches = _stretches(history, cat)
    times = _times(result)
    assert len(times) >= 3, result.nudges  # the simulated user drifts off several times
    assert {n["kind"] for n in result.nudges} == {"drift"}
    previous = history.windows[0].start
    for nudge, t in zip(result.nudges, times, strict=True):
        # Said while the user is in a distracting window, after the configured time there
        # (counted since the block began or the last nudge).
        assert _in_distraction(stretches, t), nudge
        assert _distracted_between(stretches, previous, t) >= after_s - 1e-6, nudge
        assert float(str(nudge["distracted_s"])) >= after_s
        text = f"{nudge['explanation']} {nudge['what']}".casefold()
        assert "focus coach" not in text and "focuscoach" not in text
        previous = t
    # Never more often than the spacing allows, and once per episode of distraction.
    for a, b in itertools.pairwise(times):
        assert b - a >= min_interval_s
        assert _episode_ended(stretches, a, b), (a, b)
    # And it does come: every distracting stretch long enough, in a new episode, with no
    # nudge in the minimum interval before it, is nudged by its start + the time + one tick.
    due = []
    for s in stretches:
        before = [t for t in times if t < s.start]
        if (
            s.state == "distracting"
            and s.end - s.start >= after_s + TICK_S
            and not any(s.start - min_interval_s <= t for t in before)
            and (not before or _episode_ended(stretches, before[-1], s.start))
        ):
            due.append(s)
    assert len(due) >= 3
    for s in due:
        assert any(s.start <= t <= s.start + after_s + TICK_S for t in times), s


def test_the_daily_cap_holds() -> None:
    cat = default_categorizer()
    history = ReplayHistory.of(_day().windows)
    unlimited = _run(history, cat, after_s=60.0, min_interval_s=60.0)
    assert len(unlimited.nudges) > 3
    capped = _run(history, cat, after_s=60.0, min_interval_s=60.0, daily_cap=3)
    assert len(capped.nudges) == 3
    assert capped.nudges == unlimited.nudges[:3]


def test_never_about_focus_coach_s_own_windows_even_when_a_rule_calls_them_distracting() -> None:
    """The history here keeps the own windows (the recorder would have dropped them) and the
    user's rules call them distracting: the drift rule still never counts them."""
    rules = {
        "categories": [
            {"name": ["Distracting", "Self"], "rule": {"type": "regex", "regex": "Focus Coach"}},
            {"name": ["Distracting", "Video"], "rule": {"type": "regex", "regex": "YouTube"}},
        ]
    }
    cat = parse_rules(rules)
    t0 = 1_776_070_800.0
    windows = [
        WindowSpan(t0, t0 + 600, "code", "report.md"),
        WindowSpan(t0 + 600, t0 + 1500, *OWN),  # 15 min in the app's own window
        WindowSpan(t0 + 1500, t0 + 1560, "firefox", "Cats - YouTube — Mozilla Firefox"),
        WindowSpan(t0 + 1560, t0 + 1800, *OWN),
        WindowSpan(t0 + 1800, t0 + 1920, "firefox", "Cats - YouTube — Mozilla Firefox"),
        WindowSpan(t0 + 1920, t0 + 2400, "code", "report.md"),
    ]
    history = ReplayHistory(windows)  # not .of(): the own windows stay
    result = _run(history, cat, after_s=120.0, min_interval_s=600.0)
    # Only the 60 s + 60 s on YouTube count: the nudge comes 60 s into the second visit.
    assert [n["what"] for n in result.nudges] == ["YouTube"]
    assert _times(result) == [pytest.approx(t0 + 1860, abs=TICK_S)]


YT = ("firefox", "Cats - YouTube — Mozilla Firefox")
EDITOR = ("code", "report.md")
REDDIT = ("firefox", "r/aww - Reddit — Mozilla Firefox")


class Steps:
    """Drives one DriftWatch in 15 s steps, as the coach does, with no spacing between nudges."""

    def __init__(self) -> None:
        from focuscoach.core.coaching.drift import DriftWatch
        from focuscoach.core.coaching.nudges import NudgeState

        self.watch = DriftWatch(default_categorizer(), DriftSettings())
        self.state = NudgeState()
        self.now = 0.0
        self.nudges: list[tuple[float, str]] = []

    def stay(self, window: tuple[str, str] | None, seconds: float) -> None:
        """`seconds` in `window` (None: away), a step at the end of every 15 s."""
        for _ in range(int(seconds // TICK_S)):
            self.now += TICK_S
            self.state, events = self.watch.step(
                now=self.now,
                elapsed_s=TICK_S,
                prev=window,
                current=window,
                block=(0.0, 86400.0),
                task_id=None,
                task_title="",
                quiet=False,
                nudges=self.state,
                nudge_settings=NudgeSettings(min_interval_s=0.0, daily_cap=100),
                day="2026-04-13",
            )
            self.nudges += [(e.at, str(getattr(e, "what", ""))) for e in events]


def test_once_per_episode_then_again_after_a_minute_back_at_work_or_5_min_away() -> None:
    run = Steps()
    run.stay(YT, 20 * 60)  # a 20-minute binge: one nudge, after 2 min
    assert run.nudges == [(120.0, "YouTube")]
    run.stay(EDITOR, 30)  # 30 s back is not the end of the episode
    run.stay(YT, 5 * 60)
    assert len(run.nudges) == 1
    run.stay(EDITOR, 60)  # a minute back at work is
    start = run.now
    run.stay(YT, 5 * 60)
    assert [at - start for at, _ in run.nudges[1:]] == [120.0]
    run.stay(None, 2 * 60)  # two minutes away (a video without input) are not
    run.stay(YT, 3 * 60)
    assert len(run.nudges) == 2
    run.stay(None, 5 * 60)  # five are
    start = run.now
    run.stay(YT, 3 * 60)
    assert [at - start for at, _ in run.nudges[2:]] == [120.0]


def test_it_s_work_spares_that_site_for_the_rest_of_the_block() -> None:
    from focuscoach.core.records import NudgeLabel

    run = Steps()
    run.stay(YT, 3 * 60)
    ((at, _what),) = run.nudges
    label = NudgeLabel(at, at + 5, "not_distracted", False, 1.0, "", None)
    run.watch.answered(label)
    run.stay(EDITOR, 60)
    run.stay(YT, 10 * 60)  # YouTube is work today: no nudge about it
    assert len(run.nudges) == 1
    run.stay(REDDIT, 3 * 60)  # Reddit still counts
    assert [w for _, w in run.nudges] == ["YouTube", "Reddit"]


def test_the_drift_rule_keeps_its_own_spacing_and_cap_not_the_forecasts() -> None:
    """A drift nudge is right by construction, so the forecast's tight spacing (an hour, one
    a day here) does not hold it back: it follows its own (1 min, 100 a day)."""
    forecast = NudgeSettings(min_interval_s=3600.0, daily_cap=1)
    history = ReplayHistory.of(_day().windows)
    result = _run(
        history, default_categorizer(), after_s=60.0, min_interval_s=60.0, nudges=forecast
    )
    assert len(result.nudges) > 3 and {n["kind"] for n in result.nudges} == {"drift"}


def test_outside_focus_blocks_when_nudges_may_come_there() -> None:
    """`[nudges] only_in_focus_blocks = false`: the drift rule watches the time between
    blocks too; with the default (true) it says nothing there."""
    history = ReplayHistory.of(_day().windows)

    def run(only_in_blocks: bool) -> ReplayResult:
        nudges = NudgeSettings(only_in_focus_blocks=only_in_blocks)
        return _run(
            history,
            default_categorizer(),
            after_s=60.0,
            min_interval_s=60.0,
            nudges=nudges,
            assume_focus=False,
        )

    assert run(only_in_blocks=True).nudges == []
    outside = run(only_in_blocks=False).nudges
    assert outside and {n["kind"] for n in outside} == {"drift"}
