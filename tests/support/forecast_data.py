"""A store as the running app leaves it after some days: simulated activity, the detector's
score every 30 s of it, and optionally a trained model with `train`'s check against the simple
rules (what the forecast gate reads: core/runtime/forecast_job.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from focuscoach.core.model import bundle
from focuscoach.core.model.serving import Detector
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.store.database import open_database
from tests.reports.simdb import write_activity


def store_days(database: Path, days: int, end: float, seed: int = 5) -> SimulatedHistory:
    """`days` simulated working days ending at `end`, with the prior's score every 30 s."""
    history = simulate(
        SimConfig(seed=seed, users=1, days=days, weekend=False, start=end - days * 86400)
    )[0]
    detector = Detector()
    features = detector.history(history.windows, history.afk, history.inputs, history.moods)
    times = np.array(
        [w.start + k * 30.0 for w in history.windows for k in range(int((w.end - w.start) // 30))]
    )
    probability, _ = detector.run(features.features(times))
    db = open_database(database)
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.executemany(
        "INSERT INTO predictions (at, probability, explanation, spans, model)"
        " VALUES (?, ?, '', '[]', 'prior')",
        zip(times.tolist(), probability.astype(float).tolist(), strict=True),
    )
    db.conn.execute("COMMIT")
    db.close()
    return history


def install_checked_model(models_dir: Path, beats: bool) -> None:
    """The prior installed as the user's model, with `train`'s check recorded in it."""

    def write(folder: Path) -> None:
        for name in (bundle.ONNX_FILE, bundle.WEIGHTS_FILE):
            shutil.copy(bundle.prior_dir() / name, folder / name)
        meta = bundle.read_meta(bundle.prior_dir())
        meta.metrics = {"beats_rule": beats, "holdout_best_rule": "time since the last distraction"}
        bundle.write_meta(folder, meta)

    bundle.install(models_dir, write)
