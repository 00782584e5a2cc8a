"""The forecast gate in the running app (runtime/forecast_job.py): closed with its reason
before about a day of activity and for a model never checked on the user; open at the user's
own operating point once both hold; applied to the running coach and shown in the status."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.core import config
from focuscoach.core.categories import user_or_default_categorizer
from focuscoach.core.coaching.forecast import ForecastSettings
from focuscoach.core.paths import Paths, resolve
from focuscoach.core.runtime import App
from focuscoach.core.runtime.forecast_job import read_gate
from tests.fakes import scripted_runtime
from tests.support.forecast_data import install_checked_model, store_days


def _settings() -> config.Settings:
    return config.parse({"recording": {"poll_interval": 0.1}, "detector": {"tick_s": 1.0}})


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    p = resolve(tmp_path / "home")
    p.ensure()
    return p


def _start(paths: Paths) -> Iterator[App]:
    runtime = scripted_runtime(paths, _settings())
    app = App(runtime).start()
    yield app
    app.close()


def _threshold(app: App) -> float:
    assert app.runtime.runner is not None
    return app.runtime.runner.inspect(lambda coach: coach.settings.nudges.threshold)


def test_without_history_the_gate_is_closed_and_the_status_says_why(paths: Paths) -> None:
    for app in _start(paths):
        gate = app.forecast.check()
        assert not gate.open and "about a day" in gate.reason
        assert _threshold(app) == math.inf
        assert app.status().forecast_note == gate.reason


@pytest.mark.parametrize("beats", [True, False, None])
def test_with_a_day_of_history_the_models_check_decides(paths: Paths, beats: bool | None) -> None:
    import time

    now = time.time()
    store_days(paths.database, 3, now)
    if beats is not None:
        install_checked_model(paths.models_dir, beats)
    for app in _start(paths):
        gate = app.forecast.check(now)
        if beats:
            assert gate.open and 0.05 < gate.threshold < 0.95, gate
            assert _threshold(app) == gate.threshold
            assert app.status().forecast_note is None
            with app.runtime.read() as db:  # the same gate `status` would compute
                rules = user_or_default_categorizer(paths.categories_file)
                again = read_gate(db.conn, paths.models_dir, now, ForecastSettings(), rules)
            assert again == gate
        else:
            assert not gate.open and _threshold(app) == math.inf
            assert ("does not beat" if beats is False else "focuscoach train") in gate.reason


def test_a_runtime_with_an_injected_scorer_keeps_its_threshold(paths: Paths) -> None:
    from tests.fakes import FixedScorer

    runtime = scripted_runtime(
        paths,
        _settings(),
        scorer=FixedScorer(0.9),
    )
    app = App(runtime).start()
    try:
        assert not app.forecast.applies
        assert _threshold(app) == 0.7  # the policy's own default
    finally:
        app.close()


def test_the_budget_setting_reaches_the_gate(paths: Paths) -> None:
    paths.config_file.write_text("[nudges]\nforecast_budget = 2.0\n", encoding="utf-8")
    runtime = scripted_runtime(
        paths,
        config.load(paths.config_file),
    )
    app = App(runtime).start()
    try:
        assert app.forecast.settings.budget_per_hour == 2.0
    finally:
        app.close()


@pytest.mark.parametrize("own", [100, 10_000])
def test_the_threshold_is_set_on_the_active_model_s_own_scores_once_it_has_enough(
    paths: Paths, own: int
) -> None:
    """After `train` swaps a model in, the scores stored before were another model's, maybe on
    another scale: once the new model has scored for two hours, only its own scores count."""
    import time

    from focuscoach.core.model import bundle
    from focuscoach.core.runtime.forecast_job import MIN_OWN_SCORES
    from focuscoach.core.store.database import open_database

    now = time.time()
    store_days(paths.database, 3, now)  # the previous model's scores
    install_checked_model(paths.models_dir, True)
    active = str(bundle.resolve_active(paths.models_dir).folder)
    rules = user_or_default_categorizer(paths.categories_file)
    db = open_database(paths.database)
    try:
        before = read_gate(db.conn, paths.models_dir, now, ForecastSettings(), rules)
        rows = db.conn.execute("SELECT at, probability FROM predictions ORDER BY at").fetchall()
        # The new model scores the same moments a second later, at half the old scale.
        db.conn.executemany(
            "INSERT INTO predictions (at, probability, model) VALUES (?, ?, ?)",
            [(at + 1.0, p / 2, active) for at, p in rows[-own:]],
        )
        db.conn.commit()
        after = read_gate(db.conn, paths.models_dir, now, ForecastSettings(), rules)
    finally:
        db.close()
    assert before.open and after.open
    if own >= MIN_OWN_SCORES:
        assert after.threshold == pytest.approx(before.threshold / 2, rel=0.2)
    else:  # too few of its own yet: every stored score stands in
        assert after.threshold > 0.8 * before.threshold
