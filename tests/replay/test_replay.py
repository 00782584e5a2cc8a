"""Replay (issue 13): the real coach over a recorded day, on a simulated clock, sending nothing."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categories import default_categorizer
from focuscoach.core.coaching.breaks import BreakSettings
from focuscoach.core.coaching.coach import CoachSettings
from focuscoach.core.coaching.drift import DriftSettings
from focuscoach.core.coaching.nudges import Score
from focuscoach.core.coaching.quiet import QUIET_OFF
from focuscoach.core.replay import ReplayHistory, ReplayResult, replay
from tests.conftest import Cli

T0 = 1_776_070_800.0  # 2026-04-13T09:00:00Z, a Monday
AWAY = (T0 + 3600, T0 + 5400)
YOUTUBE = T0 + 1800
OWN = T0 + 2400


def _work(start: float, end: float) -> list[WindowSpan]:
    """Switching between an editor and a terminal every 2 minutes."""
    spans = []
    t, i = start, 0
    while t < end:
        app, title = ("code", "report.md") if i % 2 == 0 else ("Terminal", "bash")
        spans.append(WindowSpan(t, min(t + 120, end), app, title))
        t, i = t + 120, i + 1
    return spans


def day() -> ReplayHistory:
    """09:00-10:00 at work with 3 min of YouTube at 09:30 and 30 s in Focus Coach's own
    check-in window at 09:40; away 10:00-10:30; at work again until 11:00."""
    windows = [
        *_work(T0, YOUTUBE),
        WindowSpan(YOUTUBE, YOUTUBE + 180, "firefox", "Cats - YouTube — Mozilla Firefox"),
        *_work(YOUTUBE + 180, OWN),
        WindowSpan(OWN, OWN + 30, "focuscoach", "How are you doing?"),
        *_work(OWN + 30, AWAY[0]),
        *_work(AWAY[1], T0 + 7200),
    ]
    afk = [AfkSpan(T0, AWAY[0], False), AfkSpan(*AWAY, True), AfkSpan(AWAY[1], T0 + 7200, False)]
    return ReplayHistory.of(windows, afk)


class WindowScorer:
    """Scores 0.95 in a distracting window, or in Focus Coach's own, and 0.1 elsewhere."""

    def __init__(self, history: ReplayHistory, raw: list[WindowSpan], *, low: bool) -> None:
        self.raw = raw
        self.high = 0.5 if low else 0.95
        self.asked: list[float] = []

    def score(self, now: float, *_context: object, **_named: object) -> Score:
        self.asked.append(now)
        cat = default_categorizer()
        for w in self.raw:
            if w.start <= now < w.end:
                bad = cat.is_distracting_window(w.app, w.title) or w.app == "focuscoach"
                return Score(self.high if bad else 0.1, f"{int(now - w.start)} s in {w.app}")
        return Score(0.0, "nothing")


def _run(
    history: ReplayHistory, settings: CoachSettings, *, focus: bool, low: bool = False
) -> ReplayResult:
    raw = [*history.windows, WindowSpan(OWN, OWN + 30, "focuscoach", "How are you doing?")]
    return replay(
        history,
        settings=settings,
        tz=UTC,
        since=T0,
        until=T0 + 7200,
        scorer=WindowScorer(history, raw, low=low),
        categorizer=default_categorizer(),
        assume_focus=focus,
        tick_s=15.0,
    )


def _at(entry: dict[str, object]) -> float:
    text = str(entry["at"])
    assert text.endswith("Z")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC).timestamp()


def test_breaks_come_at_the_configured_interval_of_active_time_and_never_while_away() -> None:
    settings = CoachSettings(breaks=BreakSettings(micro_interval_s=20 * 60))
    result = _run(day(), settings, focus=False)
    times = [_at(b) for b in result.breaks]
    assert times, result.to_json()
    # 20 minutes of activity after the start, on the scheduler's 15 s tick.
    assert T0 + 1200 <= times[0] <= T0 + 1200 + 15
    assert result.breaks[0]["kind"] == "micro"
    assert result.breaks[0]["repeat"] is False
    # Nobody answers: the reminder comes back after the postpone time, as an ignored one does.
    assert result.breaks[1]["repeat"] is True
    assert times[1] - times[0] == pytest.approx(settings.breaks.postpone_s, abs=15)
    # Back from 30 minutes away (a long break): the first reminder 20 minutes later.
    after = [t for t in times if t >= AWAY[1]]
    assert after and AWAY[1] + 1200 <= after[0] <= AWAY[1] + 1200 + 15
    # Nothing at all while away.
    prompts = [at for at, _, _ in result.prompts]
    assert not [t for t in prompts if AWAY[0] < t < AWAY[1]]
    assert result.active_hours == pytest.approx(1.5, abs=0.01)


def test_at_the_switch_into_youtube_the_drift_rule_speaks_never_of_focus_coach() -> None:
    """A forecast anticipates drift: at the switch into YouTube the user is already in a
    distracting window, so the model is not asked (it never trained on such moments) and the
    drift rule says it after its 2 minutes there."""
    history = day()
    raw = [*history.windows, WindowSpan(OWN, OWN + 30, "focuscoach", "How are you doing?")]
    scorer = WindowScorer(history, raw, low=False)
    result = replay(
        history,
        settings=CoachSettings(quiet=QUIET_OFF),
        tz=UTC,
        since=T0,
        until=T0 + 7200,
        scorer=scorer,
        categorizer=default_categorizer(),
        assume_focus=True,
        tick_s=15.0,
    )
    assert [n["kind"] for n in result.nudges] == ["drift"], result.nudges
    assert YOUTUBE + 120 <= _at(result.nudges[0]) <= YOUTUBE + 120 + 15
    assert "YouTube" in str(result.nudges[0]["explanation"])
    assert not [t for t in scorer.asked if YOUTUBE <= t < YOUTUBE + 180]
    # The own window is dropped as the recorder drops it: no switch, no score, no nudge.
    assert not any("focuscoach" in str(n["explanation"]) for n in result.nudges)
    assert result.figures["precision"] == 1.0
    assert result.figures["nudges_per_active_hour"] == pytest.approx(1 / 1.5, abs=0.01)


@pytest.mark.parametrize(
    ("after_s", "text"), [(120.0, "2 min on YouTube"), (45.0, "45 s on YouTube")]
)
def test_drift_nudge_after_the_configured_time_in_distracting_windows_with_the_facts(
    after_s: float, text: str
) -> None:
    class Calm:
        def score(self, now: float, *_context: object, **_named: object) -> Score:
            return Score(0.1, "calm")

    def run(drift: DriftSettings) -> ReplayResult:
        # The rule's settings come with the coach's (config.toml's [nudges] drift_*).
        return replay(
            day(),
            settings=CoachSettings(quiet=QUIET_OFF, drift=drift),
            tz=UTC,
            since=T0,
            until=T0 + 7200,
            scorer=Calm(),
            categorizer=default_categorizer(),
            assume_focus=True,
        )

    result = run(DriftSettings(after_s=after_s))
    assert [n["kind"] for n in result.nudges] == ["drift"]
    nudge = result.nudges[0]
    assert YOUTUBE + after_s <= _at(nudge) <= YOUTUBE + after_s + 15
    assert nudge["probability"] is None
    assert nudge["explanation"] == text
    assert nudge["what"] == "YouTube" and nudge["distracted_s"] >= after_s
    assert result.to_json()["drift"]["after_s"] == after_s
    # With the rule switched off in the settings nothing is said.
    assert run(DriftSettings(enabled=False, after_s=after_s)).nudges == []
    # The default settings have it on, as the running app does.
    default = _run(day(), CoachSettings(quiet=QUIET_OFF), focus=True, low=True)
    assert [n["kind"] for n in default.nudges] == ["drift"]


def test_drift_counts_distracting_time_in_the_block_and_names_the_task() -> None:
    from focuscoach.core.coaching.drift import DriftWatch
    from focuscoach.core.coaching.nudges import NudgeSettings, NudgeState

    watch = DriftWatch(default_categorizer(), DriftSettings(after_s=120.0))
    yt = ("firefox", "Cats - YouTube — Mozilla Firefox")
    state = NudgeState()
    events: list[object] = []
    now = 0.0
    for _ in range(12):  # 12 steps of 15 s, 3 min in all
        now += 15.0
        state, out = watch.step(
            now=now,
            elapsed_s=15.0,
            prev=yt,
            current=yt,
            block=(0.0, 3000.0),
            task_id=4,
            task_title="Write report",
            quiet=now < 150,  # held by the quiet rules until then
            nudges=state,
            nudge_settings=NudgeSettings(),
            day="2026-04-13",
        )
        events += out
    assert len(events) == 1
    assert getattr(events[0], "explanation", "") == "2 min on YouTube during 'Write report'"
    assert state.nudges_today == 1 and state.last_nudge_at == 150.0


def test_no_nudge_during_a_calendar_meeting() -> None:
    from focuscoach.core.planning.calendar import BusyInterval

    def moment(t: float) -> datetime:
        return datetime.fromtimestamp(t, UTC)

    result = replay(
        day(),
        settings=CoachSettings(quiet=QUIET_OFF),
        tz=UTC,
        since=T0,
        until=T0 + 7200,
        scorer=WindowScorer(day(), list(day().windows), low=False),
        categorizer=default_categorizer(),
        assume_focus=True,
        busy=[BusyInterval(moment(YOUTUBE - 300), moment(YOUTUBE + 600), "Stand-up")],
    )
    assert result.nudges == []


@pytest.mark.parametrize(("start", "nudged"), [(T0 + 1200, True), (T0 + 5400, False)])
def test_the_accepted_plan_s_focus_blocks_decide_where_nudges_may_come(
    start: float, nudged: bool
) -> None:
    from datetime import date

    from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
    from focuscoach.core.planning.tasks import Task

    block = PlanBlock(
        datetime.fromtimestamp(start, UTC),
        datetime.fromtimestamp(start + 1800, UTC),
        BlockKind.FOCUS,
        None,
        "Write report",
    )
    asked: list[date] = []

    def plans(day: date) -> tuple[Plan | None, list[Task]]:
        asked.append(day)
        return Plan(date=day, blocks=(block,)), []

    history = day()
    result = replay(
        history,
        settings=CoachSettings(quiet=QUIET_OFF),
        tz=UTC,
        since=T0,
        until=T0 + 7200,
        scorer=WindowScorer(history, list(history.windows), low=False),
        categorizer=default_categorizer(),
        plans=plans,
    )
    assert asked == [date(2026, 4, 13)]
    assert [_at(n) for n in result.nudges] == ([pytest.approx(YOUTUBE)] if nudged else [])
    assert all(n["task_title"] == "Write report" for n in result.nudges)


def test_without_a_focus_block_there_is_no_nudge() -> None:
    assert _run(day(), CoachSettings(quiet=QUIET_OFF), focus=False).nudges == []


def test_json_contract() -> None:
    data = json.loads(json.dumps(_run(day(), CoachSettings(), focus=True).to_json()))
    assert isinstance(data["active_hours"], float)
    for key in ("nudges", "breaks", "checkins"):
        assert isinstance(data[key], list)
        for entry in data[key]:
            _at(entry)
    for nudge in data["nudges"]:
        assert nudge["kind"] in ("drift", "forecast")
        assert nudge["probability"] is None or isinstance(nudge["probability"], float)
        assert isinstance(nudge["explanation"], str)
    for entry in data["breaks"]:
        assert isinstance(entry["kind"], str)


# --- through the store and the command line ------------------------------------------------


def _write_simulated_day(home: Path) -> Path:
    from focuscoach.core.model.simulator import SimConfig, simulate
    from focuscoach.core.store.database import open_database
    from tests.reports.simdb import write_activity

    history = simulate(SimConfig(seed=5, users=1, days=1, weekend=False, chinese_share=0.0))[0]
    # Every 15th window is one of Focus Coach's own (as an ActivityWatch import may hold).
    history.windows = [
        WindowSpan(w.start, w.end, "focuscoach", "Check-in") if i % 15 == 7 else w
        for i, w in enumerate(history.windows)
    ]
    path = home / "focuscoach.db"
    db = open_database(path)
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.execute("COMMIT")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _digest(folder: Path) -> dict[str, str]:
    """The database and its write-ahead log (SQLite's read-only reader may leave an empty
    log file behind: nothing in it)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("focuscoach.db*"))
        if p.name != "focuscoach.db-shm" and p.stat().st_size > 0
    }


def test_replay_of_a_stored_day_reads_only(cli: Cli, home: Path) -> None:
    path = _write_simulated_day(home)
    before = _digest(home)
    result = cli("replay", "--assume-focus", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert _digest(home) == before
    assert path.exists()
    assert data["assume_focus"] is True
    assert 5.0 < data["active_hours"] < 12.0
    assert data["breaks"] and data["checkins"]
    for nudge in data["nudges"]:
        if nudge["kind"] == "drift":  # the default settings have the drift rule on
            assert nudge["probability"] is None and nudge["what"]
        else:
            assert nudge["kind"] == "forecast"
            assert 0.0 <= nudge["probability"] <= 1.0
        assert "focuscoach" not in nudge["explanation"].casefold()
        assert "focus coach" not in nudge["explanation"].casefold()
    assert data["seconds"] < 60
    text = cli("replay", "--assume-focus")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert len(lines) == len(data["nudges"]) + len(data["breaks"]) + len(data["checkins"]) + 1
    assert "active hours" in lines[-1]
    assert _digest(home) == before


@pytest.mark.parametrize(
    "args",
    [
        ["replay", "--since", "not a time"],
        ["replay", "--until", "2026-13-45"],
        ["replay", "--since", "2026-04-14", "--until", "2026-04-14"],
        ["replay", "--since", "2026-04-15", "--until", "2026-04-14"],
        ["replay", "--bogus"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1


def test_nothing_recorded_is_one_line_and_exit_2(cli: Cli, home: Path) -> None:
    result = cli("replay")
    assert result.code == 2
    assert "nothing recorded" in result.err
    assert not (home / "focuscoach.db").exists()


def test_text_output_escapes_stored_text(cli: Cli, home: Path) -> None:
    from focuscoach.core.model.simulator import SimulatedHistory
    from focuscoach.core.store.database import open_database
    from tests.reports.simdb import write_activity

    evil = "YouTube\x1b]0;pwned\x07 — Mozilla Firefox"
    history = SimulatedHistory(
        windows=[
            WindowSpan(T0, T0 + 600, "code", "report.md"),
            WindowSpan(T0 + 600, T0 + 900, "firefox", evil),
            WindowSpan(T0 + 900, T0 + 1800, "code", "report.md"),
        ]
    )
    db = open_database(home / "focuscoach.db")
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.execute("COMMIT")
    db.close()
    result = cli("replay", "--assume-focus", "--drift")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "nudge     drift: 2 min on YouTube\\x1b]0;pwned\\x07" in result.out


def test_a_range_beyond_the_records_replays_only_what_is_stored(cli: Cli, home: Path) -> None:
    from focuscoach.core.model.simulator import SimulatedHistory
    from focuscoach.core.store.database import open_database
    from tests.reports.simdb import write_activity

    db = open_database(home / "focuscoach.db")
    db.conn.execute("BEGIN")
    write_activity(db.conn, SimulatedHistory(windows=list(day().windows)))
    db.conn.execute("COMMIT")
    db.close()
    everything = cli("replay", "--since", "1900-01-01", "--until", "2199-01-01", "--json")
    assert everything.code == 0, everything.err
    data = everything.json()
    assert data["since"] == "2026-04-13T09:00:00.000000Z"
    assert data["seconds"] < 30
    nothing = cli("replay", "--since", "2030-01-01", "--until", "2031-01-01", "--json")
    assert nothing.code == 0, nothing.err
    empty = nothing.json()
    assert empty["active_hours"] == 0.0
    assert empty["nudges"] == empty["breaks"] == empty["checkins"] == []
    assert empty["nudges_per_active_hour"] is None


def test_drift_follows_the_settings_and_the_flags_override_them(cli: Cli, home: Path) -> None:
    from focuscoach.core.model.simulator import SimulatedHistory
    from focuscoach.core.store.database import open_database
    from tests.reports.simdb import write_activity

    db = open_database(home / "focuscoach.db")
    db.conn.execute("BEGIN")
    write_activity(db.conn, SimulatedHistory(windows=list(day().windows)))
    db.conn.execute("COMMIT")
    db.close()

    def kinds(*flags: str) -> list[str]:
        result = cli("replay", "--assume-focus", "--json", *flags)
        assert result.code == 0, result.err
        return [n["kind"] for n in result.json()["nudges"] if n["kind"] == "drift"]

    # No break reminder (unanswered in a replay, it holds nudges back: the quiet rules).
    (home / "config.toml").write_text("[breaks]\nenabled = false\n", encoding="utf-8")
    # The default drift settings have the rule on, as the running app does: 3 min of YouTube.
    assert kinds() == ["drift"]
    assert kinds("--no-drift") == []
    (home / "config.toml").write_text(
        "[breaks]\nenabled = false\n[nudges]\ndrift_enabled = false\ndrift_after_s = 60\n",
        encoding="utf-8",
    )
    assert kinds() == []
    forced = cli("replay", "--assume-focus", "--json", "--drift")
    assert forced.code == 0, forced.err
    data = forced.json()
    assert data["drift"]["after_s"] == 60.0
    drift = [n for n in data["nudges"] if n["kind"] == "drift"]
    assert [n["explanation"] for n in drift] == ["1 min on YouTube"]
    (home / "config.toml").write_text("[nudges]\ndrift_after_s = 5\n", encoding="utf-8")
    bad = cli("replay", "--assume-focus")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    assert "drift_after_s" in bad.err


def test_episodes_caught_with_their_delay_and_anticipated_by_a_nudge_before_them() -> None:
    from focuscoach.core.replay_result import figures

    video = "Cats - YouTube — Mozilla Firefox"
    windows = [
        WindowSpan(T0, T0 + 1000, "code", "report.md"),
        WindowSpan(T0 + 1000, T0 + 1300, "firefox", video),  # 5 min
        WindowSpan(T0 + 1300, T0 + 3000, "code", "report.md"),
        WindowSpan(T0 + 3000, T0 + 3200, "firefox", video),  # 200 s
        WindowSpan(T0 + 3200, T0 + 5000, "code", "report.md"),
        WindowSpan(T0 + 5000, T0 + 5060, "firefox", video),  # too short for an episode
        WindowSpan(T0 + 5060, T0 + 7200, "code", "report.md"),
    ]
    result = ReplayResult(T0, T0 + 7200, assume_focus=True, active_s=7200.0)
    for at, kind in ((1060, "drift"), (2800, "forecast"), (3100, "drift")):
        entry = {"at": "", "kind": kind}
        result.nudges.append(entry)
        result.prompts.append((T0 + at, "nudge", entry))
    out = figures(result, ReplayHistory.of(windows), default_categorizer())
    assert out["distraction_episodes"] == 2 and out["episodes_caught"] == 2
    assert out["median_delay_s"] == 80.0  # 60 s into the first, 100 s into the second
    assert out["episodes_anticipated"] == 1  # 200 s before the second
    forecast = out["by_kind"]["forecast"]
    assert forecast["episodes_caught"] == 0 and forecast["median_delay_s"] is None
    assert forecast["episodes_anticipated"] == 1
