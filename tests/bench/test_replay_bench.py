"""Replay figures (issue 13): what the deployed coach would have done, with `--assume-focus`,
over a simulated desktop week and over the phone export in tests/data (AW_EXPORT), with both
kinds of nudge (the drift rule and the forecast, as the running app has them) and each kind's
own figures; the week also without the drift rule (`--no-drift`). Printed, not judged: the
only assertions are sanity (the figures exist and lie in range) and that a week replays in
reasonable time. Issue 13's targets (precision >= 0.6, <= 0.3 false alarms per
active hour, >= 60 % of episodes nudged within 3 min) are printed beside the figures.

    focuscoach --home H import activitywatch FILE    # e.g. a real export, as in the README
    focuscoach --home H replay --assume-focus --json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from focuscoach.core.cli import main
from tests.conftest import AW_EXPORT

pytestmark = pytest.mark.bench

#: Generous: a loaded 2-core machine replays a day in a few seconds.
WEEK_BUDGET_S = 120.0


def _replay(home: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--home", str(home), "replay", "--assume-focus", "--json", *extra]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def fmt(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _report(name: str, data: dict[str, Any]) -> None:
    print(
        f"\nreplay --assume-focus {name}: {data['active_hours']:.1f} active hours,"
        f" {len(data['nudges'])} nudges ({fmt(data['nudges_per_active_hour'])} per active hour),"
        f" precision {fmt(data['precision'])} (target >= 0.6),"
        f" already distracted {fmt(data['already_distracted'])} of them,"
        f" false alarms {fmt(data['false_alarms_per_active_hour'])} per active hour"
        f" (target <= 0.3), episodes >= 2 min caught within 3 min"
        f" {data['episodes_caught']}/{data['distraction_episodes']}"
        f" ({fmt(data['episodes_caught_share'])}, target >= 0.6),"
        f" {len(data['breaks'])} break reminders, {len(data['checkins'])} check-ins;"
        f" {data['steps']} coach steps, {data['scored']} scores, {data['seconds']:.1f} s"
    )
    for kind, f in data.get("by_kind", {}).items():
        print(
            f"  {kind} nudges alone: {fmt(f['nudges_per_active_hour'])} per active hour,"
            f" precision {fmt(f['precision'])} (target >= 0.6), false alarms"
            f" {fmt(f['false_alarms_per_active_hour'])} per active hour (target <= 0.3),"
            f" episodes caught within 3 min {f['episodes_caught']}/{f['distraction_episodes']}"
            f" ({fmt(f['episodes_caught_share'])}, target >= 0.6)"
        )


def _sane(data: dict[str, Any]) -> None:
    assert data["active_hours"] > 0
    assert data["nudges_per_active_hour"] is not None
    if data["precision"] is not None:
        assert 0.0 <= data["precision"] <= 1.0
    for nudge in data["nudges"]:
        assert nudge["probability"] is None or 0.0 <= nudge["probability"] <= 1.0


def test_replay_a_simulated_week(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from focuscoach.core.model.simulator import SimConfig, simulate
    from focuscoach.core.store.database import open_database
    from tests.reports.simdb import write_activity

    history = simulate(SimConfig(seed=7, users=1, days=7, chinese_share=0.0))[0]
    home = tmp_path / "home"
    home.mkdir()
    db = open_database(home / "focuscoach.db")
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.execute("COMMIT")
    db.close()
    data = _replay(home, capsys)
    with capsys.disabled():
        _report("on a simulated desktop week (seed 7)", data)
    _sane(data)
    assert data["seconds"] <= WEEK_BUDGET_S
    assert data["drift"] is not None and data["drift"]["enabled"]  # the default settings
    assert {n["kind"] for n in data["nudges"]} <= {"drift", "forecast"}
    forecast_only = _replay(home, capsys, "--no-drift")
    with capsys.disabled():
        _report("--no-drift (forecast nudges only) on the same week", forecast_only)
    _sane(forecast_only)
    assert {n["kind"] for n in forecast_only["nudges"]} <= {"forecast"}


def test_replay_the_simulated_android_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert main(["--home", str(home), "import", "activitywatch", str(AW_EXPORT)]) == 0
    data = _replay(home, capsys)
    with capsys.disabled():
        _report(f"on the simulated Android export ({AW_EXPORT.name})", data)
    _sane(data)
    assert data["drift"] is not None and data["drift"]["enabled"]  # the default settings
