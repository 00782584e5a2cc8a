"""Serving: numpy and ONNX parity with torch, no torch or onnxruntime in the tray, the shipped prior, explanations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categorize.titles import reduce
from focuscoach.core.model import bundle
from focuscoach.core.model.examples import candidate_times
from focuscoach.core.model.explain import explain, named
from focuscoach.core.model.features import FeatureConfig, History
from focuscoach.core.model.serving import Detector
from focuscoach.core.model.simulator import SimulatedHistory


def _moments(h: SimulatedHistory, n: int) -> np.ndarray:
    moments = candidate_times(h.windows, h.afk)
    chosen: np.ndarray = moments[np.linspace(0, moments.size - 1, n).astype(int)]
    return chosen


@pytest.mark.parametrize("which", ["tiny", "prior"])
def test_the_detector_and_model_onnx_match_torch(
    which: str, tiny_model_dir: Path, chinese_history: SimulatedHistory
) -> None:
    """The tray's numpy forward pass and the folder's model.onnx (for other tools) both
    compute the torch model's function."""
    import torch

    from focuscoach.core.model.export import torch_predict
    from focuscoach.core.model.training import load_model

    torch.set_num_threads(1)
    folder = tiny_model_dir if which == "tiny" else bundle.prior_dir()
    detector = Detector(folder)
    h = chinese_history
    history = detector.history(h.windows, h.afk, h.inputs, h.moods)
    batch = history.features(np.r_[_moments(h, 15), h.windows[0].start + 0.5])  # one short row
    p_numpy, a_numpy = detector.run(batch)
    inputs = batch.with_globals(detector.feature_config.global_features).model_inputs()
    p_torch, a_torch = torch_predict(load_model(folder), inputs)
    np.testing.assert_allclose(p_numpy, p_torch, rtol=0, atol=1e-4)
    np.testing.assert_allclose(a_numpy, a_torch, rtol=0, atol=1e-4)
    assert a_numpy[-1, 1:].max() == 0.0  # padding gets no attention

    p_onnx, a_onnx = _onnxruntime_predict(folder / bundle.ONNX_FILE, inputs)
    np.testing.assert_allclose(p_onnx, p_torch, rtol=0, atol=1e-4)
    np.testing.assert_allclose(a_onnx, a_torch, rtol=0, atol=1e-4)


def _onnxruntime_predict(
    path: Path, inputs: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """model.onnx run by onnxruntime in a child process, its telemetry off from the start
    (the 1.29+ Linux wheels otherwise resolve Microsoft's host from import on)."""
    with tempfile.TemporaryDirectory() as tmp:
        np.savez(Path(tmp) / "in.npz", **inputs)  # type: ignore[arg-type]
        code = (
            "import sys, numpy as np, onnxruntime as ort\n"
            "o = ort.SessionOptions(); o.intra_op_num_threads = 1\n"
            "s = ort.InferenceSession(sys.argv[1], o, providers=['CPUExecutionProvider'])\n"
            "with np.load(sys.argv[2]) as f: inputs = {k: f[k] for k in f.files}\n"
            "p, a = s.run(None, inputs)\n"
            "np.savez(sys.argv[3], p=p, a=a)\n"
        )
        env = {**os.environ, "ORT_DISABLE_TELEMETRY": "1"}
        out = Path(tmp) / "out.npz"
        subprocess.run(
            [sys.executable, "-c", code, str(path), str(Path(tmp) / "in.npz"), str(out)],
            env=env,
            check=True,
            timeout=120,
        )
        with np.load(out) as result:
            return result["p"], result["a"]


def test_serving_never_imports_torch_or_onnxruntime(tmp_path: Path) -> None:
    code = """
import json, sys
from focuscoach.core.activity import WindowSpan
from focuscoach.core.model.serving import Detector
d = Detector()
spans = [WindowSpan(1000.0 + 40 * i, 1040.0 + 40 * i, "微信" if i % 2 else "哔哩哔哩", "")
         for i in range(30)]
p = d.predict(spans, now=2190.0)
print(json.dumps({"p": p.probability, "why": p.explanation,
                  "torch": "torch" in sys.modules, "transformers": "transformers" in sys.modules,
                  "onnxruntime": "onnxruntime" in sys.modules}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {**result, "torch": False, "transformers": False, "onnxruntime": False}
    assert 0.0 <= result["p"] <= 1.0


def test_the_shipped_prior_gives_probabilities(desktop_history: SimulatedHistory) -> None:
    assert bundle.is_model_dir(bundle.prior_dir())
    assert (bundle.prior_dir() / bundle.ONNX_FILE).stat().st_size < 600_000
    detector = Detector()
    h = desktop_history
    history = detector.history(h.windows, h.afk, h.inputs)
    probs, _ = detector.run(history.features(_moments(h, 50)))
    assert np.all((probs >= 0.0) & (probs <= 1.0))
    assert probs.std() > 0.01  # it does tell moments apart
    prediction = detector.predict(h.windows, h.afk, h.inputs, now=float(_moments(h, 3)[1]))
    assert 0.0 <= prediction.probability <= 1.0 and prediction.explanation


def test_explanations_name_real_spans_of_the_input(
    tiny_model_dir: Path, chinese_history: SimulatedHistory
) -> None:
    detector = Detector(tiny_model_dir)
    h = chinese_history
    history = detector.history(h.windows, h.afk, h.inputs)
    for t in _moments(h, 5).tolist():
        prediction = detector.predict_at(history, t)
        if not prediction.reasons:  # the first second of the history: only a glimpse so far
            before = history.features([t]).span_index[0]
            assert not [i for i in before if i >= 0 and named(history, int(i), t)]
            assert prediction.explanation == "no recent activity"
            continue
        known = {w.app for w in h.windows} | {" ".join(w.title.split()) for w in h.windows}
        pages = [reduce(w.app, w.title) for w in h.windows]
        known |= {p.site for p in pages if p.browser} | {p.page for p in pages if p.browser}
        for reason in prediction.reasons:
            assert history.starts[reason.index] < t
            assert min(history.ends[reason.index], t) - history.starts[reason.index] >= 3.0
            assert reason.name in known or reason.name.rstrip("…") in {k[:39] for k in known}
        assert prediction.reasons[0].name in prediction.explanation


def _history(spans: list[WindowSpan]) -> History:
    return History(spans, config=FeatureConfig(n_spans=8, utc_offset_s=0.0))


def test_rapid_switching_is_named_with_both_apps() -> None:
    spans = [
        WindowSpan(float(30 * i), float(30 * i + 30), "微信" if i % 2 else "哔哩哔哩", "")
        for i in range(8)
    ]
    history = _history(spans)
    t = 241.0
    batch = history.features([t])
    attention = np.full(8, 1.0 / 8, dtype=np.float32)
    text = explain(history, batch.span_index[0], attention, t)
    assert text == "switched 7 times in 5 min, between 微信 and 哔哩哔哩"


def test_a_long_stay_is_said_with_its_duration_start_and_the_site() -> None:
    """A browser is named by the site in its title ("YouTube"), never by the browser."""
    spans = [
        WindowSpan(0.0, 60.0, "Slack", "#general - Acme - Slack"),
        WindowSpan(60.0, 900.0, "firefox", "Funny cats - YouTube — Mozilla Firefox"),
    ]
    history = _history(spans)
    t = 780.0
    batch = history.features([t])
    attention = np.zeros(8, dtype=np.float32)
    attention[0] = 0.9  # the most recent span, still open at t
    attention[1] = 0.1
    text = explain(history, batch.span_index[0], attention, t)
    assert text == "12 min on YouTube since 00:01"


def _explained(spans: list[WindowSpan], t: float, heavy: int) -> str:
    """The explanation at t with most attention on the `heavy`-th most recent span."""
    history = _history(spans)
    batch = history.features([t])
    attention = np.full(8, 0.01, dtype=np.float32)
    attention[heavy] = 0.9
    return explain(history, batch.span_index[0], attention, t)


def test_glimpses_own_and_system_windows_are_never_named() -> None:
    work = WindowSpan(0.0, 300.0, "Code", "report.py — Visual Studio Code")
    for other in (
        WindowSpan(300.0, 302.0, "firefox", "Reddit — Mozilla Firefox"),  # a 2 s glimpse
        WindowSpan(300.0, 340.0, "focuscoach", "How are you doing?"),  # Focus Coach itself
        WindowSpan(300.0, 340.0, "系统桌面", ""),  # the phone's launcher: a system window
    ):
        after = WindowSpan(other.end, other.end + 60.0, "Code", "report.py — Visual Studio Code")
        text = _explained([work, other, after], other.end + 60.0, heavy=1)
        assert other.app not in text and "Reddit" not in text, text
        assert "report.py" in text or "Code" in text, text


def test_repeated_openings_are_counted() -> None:
    spans = []
    t = 0.0
    for _ in range(4):
        spans.append(WindowSpan(t, t + 60.0, "Code", "report.py — Visual Studio Code"))
        spans.append(WindowSpan(t + 60.0, t + 100.0, "小红书", ""))
        t += 100.0
    assert _explained(spans, t, heavy=0) == "opened 小红书 4 times in 10 min"


def test_explanations_are_in_the_apps_language() -> None:
    """The same reasons in Chinese, with Chinese units: what a forecast nudge shows."""
    from focuscoach.core import i18n

    switching = [
        WindowSpan(float(30 * i), float(30 * i + 30), "微信" if i % 2 else "哔哩哔哩", "")
        for i in range(8)
    ]
    stay = [
        WindowSpan(0.0, 60.0, "Slack", "#general - Acme - Slack"),
        WindowSpan(60.0, 900.0, "firefox", "Funny cats - YouTube — Mozilla Firefox"),
    ]
    work = WindowSpan(0.0, 300.0, "Code", "report.py — Visual Studio Code")
    reddit = WindowSpan(300.0, 400.0, "firefox", "Reddit — Mozilla Firefox")
    after = WindowSpan(400.0, 460.0, "Code", "report.py — Visual Studio Code")
    with i18n.language("zh_CN"):
        attention = np.full(8, 1.0 / 8, dtype=np.float32)
        history = _history(switching)
        batch = history.features([241.0])
        assert explain(history, batch.span_index[0], attention, 241.0) == (
            "5分钟内在 微信 和 哔哩哔哩 之间切换了 7 次"
        )
        assert _explained(stay, 780.0, heavy=0) == "自 00:01 起在 YouTube 上 12分钟"
        history = _history([work, reddit, after])
        batch = history.features([460.0])
        split = np.zeros(8, dtype=np.float32)
        split[:3] = (0.2, 0.45, 0.35)  # Reddit most, then the editor around it
        assert explain(history, batch.span_index[0], split, 460.0) == (
            "1分钟前在 Reddit 中 2分钟，之前是 Code"
        )
    assert explain(history, batch.span_index[0], split, 460.0) == (
        "2 min in Reddit 1 min ago, following Code"
    )
    assert _explained(stay, 780.0, heavy=0) == "12 min on YouTube since 00:01"


def test_weights_that_do_not_fit_are_refused_at_load(tmp_path: Path) -> None:
    """A folder whose weights.npz lacks a weight or has one of the wrong shape is refused when
    loaded (and the live detector falls back), not at the first scoring."""
    import shutil

    for name, change in (("missing", "drop"), ("reshaped", "shape")):
        folder = tmp_path / name
        shutil.copytree(bundle.prior_dir(), folder)
        with np.load(folder / bundle.WEIGHTS_FILE) as data:
            weights = {key: data[key] for key in data.files}
        if change == "drop":
            del weights["encoder.encoder.layer.1.output.dense.weight"]
        else:
            weights["span_proj.weight"] = weights["span_proj.weight"][:, :5]
        np.savez(folder / bundle.WEIGHTS_FILE, **weights)
        with pytest.raises(ValueError, match=str(folder)):
            Detector(folder)
