"""Installing a trained model survives a kill at any moment, and a broken model file makes the
detector fall back, loudly, to the last good model and then to the shipped prior.

The kills are real: a child process installs a model and SIGKILLs itself just before (or just
after) one of the renames, as a power cut or `kill -9` during `focuscoach train` would."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from focuscoach.core.model import bundle
from focuscoach.core.model.live import LiveDetector, current_model_dir
from focuscoach.core.model.serving import Detector
from focuscoach.core.model.simulator import SimConfig, SimulatedHistory, simulate
from focuscoach.core.store.database import open_database
from tests.conftest import Cli
from tests.reports.simdb import write_activity

# The child: install model B over A, dying with SIGKILL at a given step.
CHILD = r"""
import os, signal, sys
from pathlib import Path
import torch
from focuscoach.core.model import training

tiny, models, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
net = training.load_model(tiny)
with torch.no_grad():
    for p in net.parameters():
        p.add_(0.25)
real_replace, real_savez = os.replace, training.np.savez_compressed
calls = []

def replace(src, dst):
    calls.append(dst)
    if step == f"before-rename-{len(calls)}":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
    if step == f"after-rename-{len(calls)}":
        os.kill(os.getpid(), signal.SIGKILL)

def savez(*args, **kwargs):
    real_savez(*args, **kwargs)
    if step == "while-writing":
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace
training.np.savez_compressed = savez
training._swap_in(net, models, {"name": "B"})
print("renames:", len(calls))
"""

# Two renames: the finished staging folder to its name, then the pointer.
STEPS = ["while-writing", "before-rename-1", "after-rename-1", "before-rename-2", "after-rename-2"]


def _store(path: Path, history: SimulatedHistory) -> None:
    db = open_database(path)
    db.conn.execute("BEGIN")
    write_activity(db.conn, history)
    db.conn.execute("COMMIT")
    db.close()


@pytest.fixture(scope="module")
def day() -> SimulatedHistory:
    return simulate(SimConfig(seed=21, users=1, days=1, weekend=False))[0]


def _name(folder: Path) -> str | None:
    if folder == bundle.prior_dir():
        return "prior"
    return str(bundle.read_meta(folder).metrics.get("name"))


def _install(tiny: Path, models: Path, step: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(tiny), str(models), step],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_model_active(
    tmp_path: Path, tiny_model_dir: Path, step: str
) -> None:
    from focuscoach.core.model import training

    models = tmp_path / "models"
    net = training.load_model(tiny_model_dir)
    training._swap_in(net, models, {"name": "A"})
    done = _install(tiny_model_dir, models, step)
    assert done.returncode == -9, (done.returncode, done.stdout, done.stderr)
    active = bundle.resolve_active(models)
    assert active.problems == (), active.problems
    expected = "B" if step == "after-rename-2" else "A"
    assert _name(active.folder) == expected, f"killed {step}: {_name(active.folder)} is active"
    Detector(active.folder)  # loads
    # The next install tidies what the killed one left and keeps two models at most.
    training._swap_in(net, models, {"name": "C"})
    left = sorted(p.name for p in models.iterdir())
    assert bundle.POINTER_FILE in left and len(left) == 3, left
    assert _name(bundle.resolve_active(models).folder) == "C"


def test_an_install_renames_twice_and_the_pointer_last(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    done = _install(tiny_model_dir, tmp_path / "models", "none")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "renames: 2"
    assert _name(bundle.resolve_active(tmp_path / "models").folder) == "B"


def _two_models(models: Path, tiny: Path) -> tuple[Path, Path]:
    """Install A then B (B differs: its metrics name it) without a child process."""
    from focuscoach.core.model import training

    net = training.load_model(tiny)
    training._swap_in(net, models, {"name": "A"})
    first = bundle.resolve_active(models).folder
    training._swap_in(net, models, {"name": "B"})
    second = bundle.resolve_active(models).folder
    assert first != second
    return first, second


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("broken", [bundle.ONNX_FILE, bundle.WEIGHTS_FILE, bundle.META_FILE])
def test_a_truncated_file_falls_back_loudly_to_the_last_good_model(
    tmp_path: Path,
    tiny_model_dir: Path,
    day: SimulatedHistory,
    caplog: pytest.LogCaptureFixture,
    broken: str,
) -> None:
    models = tmp_path / "models"
    first, second = _two_models(models, tiny_model_dir)
    _truncate(second / broken)
    active = bundle.resolve_active(models)
    assert active.folder == first and active.problems
    assert str(second / broken) in active.problems[0]
    db = tmp_path / "focuscoach.db"
    _store(db, day)
    detector = LiveDetector(db, None, models)
    moment = day.windows[200].start + 5.0
    with caplog.at_level(logging.WARNING, logger="focuscoach.detector"):
        for _ in range(3):
            prediction = detector.predict(moment)
            assert prediction is not None and 0.0 <= prediction.probability <= 1.0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(second) in warnings[0], warnings  # once, not per call
    assert detector.fallback is not None and str(first) in detector.fallback
    assert current_model_dir(models) == first


def test_a_broken_only_model_falls_back_to_the_prior_and_status_says_so(
    tmp_path: Path, tiny_model_dir: Path, day: SimulatedHistory, cli: Cli, home: Path
) -> None:
    from focuscoach.core.model import training

    models = home / "models"
    training._swap_in(training.load_model(tiny_model_dir), models, {"name": "A"})
    only = bundle.resolve_active(models).folder
    _truncate(only / bundle.ONNX_FILE)
    _store(home / "focuscoach.db", day)
    detector = LiveDetector(home / "focuscoach.db", None, models)
    assert detector.predict(day.windows[200].start + 5.0) is not None
    assert detector.fallback is not None and "prior" in detector.fallback
    result = cli("status", "--json")
    assert result.code == 0, result.err
    model = json.loads(result.out)["model"]
    assert model["active"] == "shipped prior" and model["fallback"] is True
    assert any("model.onnx" in p for p in model["problems"])
    text = cli("status")
    assert "warning:" in text.out and "model.onnx" in text.out


def test_a_model_from_before_the_pointer_still_works_and_breaks_loudly(
    tmp_path: Path, tiny_model_dir: Path, day: SimulatedHistory
) -> None:
    """Models trained by earlier versions sit in the models folder itself, without checksums:
    used as they are; when the weights of one cannot be loaded, the prior takes over with a
    reason."""
    import shutil

    models = tmp_path / "models"
    shutil.copytree(tiny_model_dir, models)
    meta = json.loads((models / bundle.META_FILE).read_text())
    meta.pop("files", None)
    (models / bundle.META_FILE).write_text(json.dumps(meta))
    assert bundle.resolve_active(models).folder == models
    db = tmp_path / "focuscoach.db"
    _store(db, day)
    detector = LiveDetector(db, None, models)
    moment = day.windows[200].start + 5.0
    assert detector.predict(moment) is not None and detector.fallback is None
    _truncate(models / bundle.WEIGHTS_FILE)
    restarted = LiveDetector(db, None, models)  # the loaded copy stays good; a new start:
    assert restarted.predict(moment) is not None
    assert restarted.fallback is not None and "prior" in restarted.fallback


def test_models_are_private(tmp_path: Path, tiny_model_dir: Path) -> None:
    import os
    import stat

    from focuscoach.core.model import training

    old = os.umask(0o022)
    try:
        training._swap_in(training.load_model(tiny_model_dir), tmp_path / "m", {})
    finally:
        os.umask(old)
    for path in [tmp_path / "m", *(tmp_path / "m").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert np.load(bundle.resolve_active(tmp_path / "m").folder / bundle.WEIGHTS_FILE).files


def test_the_app_shows_the_fallback_in_its_status(tmp_path: Path, tiny_model_dir: Path) -> None:
    """The tray's status (its tooltip) carries the reason while the detector falls back."""
    import time

    from focuscoach.core import config
    from focuscoach.core.model import training
    from focuscoach.core.paths import resolve
    from focuscoach.core.runtime import Runtime
    from tests.fakes import ScriptedBackend

    paths = resolve(tmp_path / "home")
    paths.ensure()
    training._swap_in(training.load_model(tiny_model_dir), paths.models_dir, {"name": "A"})
    _truncate(bundle.resolve_active(paths.models_dir).folder / bundle.ONNX_FILE)
    settings = config.parse(
        {"recording": {"poll_interval": 0.1}, "detector": {"interval_s": 1.0, "tick_s": 1.0}}
    )
    backend = ScriptedBackend()
    runtime = Runtime(paths, settings, backend_factory=lambda: (backend, None), input_monitor=False)
    runtime.start()
    try:
        deadline = time.monotonic() + 30
        while runtime.status().model_warning is None and time.monotonic() < deadline:
            time.sleep(0.1)
        warning = runtime.status().model_warning
    finally:
        runtime.stop()
    assert warning is not None and "model.onnx" in warning and "prior" in warning
