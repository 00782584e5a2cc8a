"""Training: fit the network, fine-tune from the prior, decide whether a new model replaces the
current one (the data it learns from is core/model/dataset.py, model folders
core/model/model_files.py; their names stay importable from here). Runs in its own
process (torch is imported here, never in the tray).

Determinism: a seed fixes initialisation, shuffling and dropout; with the same data, seed,
device and thread count the weights come out identical.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray
from torch import nn

from focuscoach.core.active_time import active_time
from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.model import bundle
from focuscoach.core.model.dataset import Dataset as Dataset
from focuscoach.core.model.dataset import concat as concat
from focuscoach.core.model.dataset import make_dataset as make_dataset
from focuscoach.core.model.dataset import time_split as time_split
from focuscoach.core.model.examples import Feedback, Suggested
from focuscoach.core.model.features import (
    MODEL_INPUT_NAMES,
    FeatureBatch,
    History,
)
from focuscoach.core.model.metrics import pr_auc
from focuscoach.core.model.model_files import load_model as load_model
from focuscoach.core.model.model_files import new_model as new_model
from focuscoach.core.model.model_files import round_weights as round_weights
from focuscoach.core.model.model_files import save_model as save_model
from focuscoach.core.model.network import DistractionNet
from focuscoach.core.model.rule_check import check_against_rules

log = logging.getLogger("focuscoach.training")


@dataclass(frozen=True, slots=True)
class TrainConfig:
    # Defaults are for fine-tuning a prior on one person's history: a learning rate a quarter
    # of the prior's and few epochs, so that a week of data adjusts the prior rather than
    # replacing it.
    epochs: int = 4
    batch_size: int = 128
    lr: float = 5e-4
    weight_decay: float = 0.01
    seed: int = 0
    val_fraction: float = 0.15  # latest share of the training moments, for early stopping
    patience: int = 1
    threads: int | None = None  # torch CPU threads; None leaves torch's setting alone
    # Fine-tuning only: how far from the starting weights towards the fine-tuned ones the
    # result lies (weight-space ensembling, WiSE-FT: Wortsman et al., CVPR 2022). The
    # validation split is the latest days of the training part, and the best epoch on it
    # overfits those few hundred moments; halfway kept the simulator's scores (within 0.005
    # PR-AUC on six simulated users) and held up better on the later days of a real log.
    blend: float = 0.5


@dataclass(frozen=True, slots=True)
class TrainProgress:
    """What a progress callback receives, after every epoch."""

    epoch: int
    epochs: int
    train_loss: float
    val_pr_auc: float | None
    elapsed_s: float


ProgressCallback = Callable[[TrainProgress], None]


@dataclass(slots=True)
class FitResult:
    losses: list[float] = field(default_factory=list)
    val_pr_auc: list[float] = field(default_factory=list)
    best_epoch: int = 0
    seconds: float = 0.0


def resolve_device(device: str = "auto") -> torch.device:
    """Resolve "auto" (CUDA when available, else CPU); "cuda" without a GPU is a ValueError."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' requested but no CUDA GPU is available")
    if device not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {device!r} (use auto, cpu or cuda)")
    return torch.device(device)


# --------------------------------------------------------------------------- fitting


def _tensors(
    net: DistractionNet, batch: FeatureBatch, idx: NDArray[np.intp], device: torch.device
) -> list[torch.Tensor]:
    """The rows ``idx`` as the network's inputs (its own layout of the global numbers)."""
    arrays = batch.subset(idx).with_globals(net.feature_config.global_features)
    out = []
    for name in MODEL_INPUT_NAMES:
        value = getattr(arrays, name)
        t = torch.from_numpy(np.ascontiguousarray(value))
        out.append((t.long() if name.endswith("tokens") else t).to(device))
    return out


def predict(
    net: DistractionNet, batch: FeatureBatch, device: torch.device | None = None, chunk: int = 2048
) -> NDArray[np.float64]:
    """Probabilities for every row of a batch."""
    dev = device or next(net.parameters()).device
    net.eval()
    out = np.zeros(len(batch))
    with torch.no_grad():
        for lo in range(0, len(batch), chunk):
            idx = np.arange(lo, min(lo + chunk, len(batch)))
            logit, _ = net(*_tensors(net, batch, idx, dev))
            out[idx] = torch.sigmoid(logit).double().cpu().numpy()
    return out


def fit(
    net: DistractionNet,
    data: Dataset,
    config: TrainConfig | None = None,
    device: str | torch.device = "cpu",
    progress: ProgressCallback | None = None,
    val: Dataset | None = None,
) -> FitResult:
    """Train in place with weighted BCE; keeps the weights of the best validation PR-AUC
    (or the last epoch without validation data)."""
    cfg = config or TrainConfig()
    dev = device if isinstance(device, torch.device) else resolve_device(device)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    net.to(dev)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    labels = torch.from_numpy(data.examples.labels.astype(np.float32)).to(dev)
    weights = torch.from_numpy(data.examples.weights.astype(np.float32)).to(dev)
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    result = FitResult()
    started = time.perf_counter()
    best_state: dict[str, torch.Tensor] | None = None
    best_score = -math.inf
    usable_val = val is not None and 0 < val.examples.positives < len(val)
    stale = 0
    n = len(data)
    for epoch in range(cfg.epochs):
        net.train()
        order = rng.permutation(n)
        total, seen = 0.0, 0
        for lo in range(0, n, cfg.batch_size):
            idx = order[lo : lo + cfg.batch_size]
            logit, _ = net(*_tensors(net, data.batch, idx, dev))
            sel = torch.from_numpy(idx).to(dev)
            loss = (loss_fn(logit, labels[sel]) * weights[sel]).sum() / weights[sel].sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            total += float(loss.detach()) * idx.size
            seen += idx.size
        result.losses.append(total / max(seen, 1))
        score: float | None = None
        if usable_val and val is not None:
            score = pr_auc(val.examples.labels, predict(net, val.batch, dev), val.examples.weights)
            result.val_pr_auc.append(score)
            if score > best_score:
                best_score, result.best_epoch, stale = score, epoch, 0
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            else:
                stale += 1
        else:
            result.best_epoch = epoch
        elapsed = time.perf_counter() - started
        if progress is not None:
            progress(TrainProgress(epoch + 1, cfg.epochs, result.losses[-1], score, elapsed))
        # A fixed number of epochs with early stopping on the validation split, never a
        # wall-clock budget: the same data gives the same model on a busy or a quiet machine.
        if stale > cfg.patience:
            break
    if best_state is not None:
        net.load_state_dict(best_state)
    net.eval()
    result.seconds = time.perf_counter() - started
    return result


def fine_tune_dataset(
    data: Dataset,
    base: str | Path | DistractionNet | None = None,
    config: TrainConfig | None = None,
    device: str = "auto",
    progress: ProgressCallback | None = None,
) -> tuple[DistractionNet, FitResult]:
    """Fine-tune ``base`` (a model folder, a network, or None for the prior) on a dataset;
    the latest ``val_fraction`` of it (by time) drives early stopping, and the result is
    blended with ``base``'s weights (``TrainConfig.blend``)."""
    cfg = config or TrainConfig()
    torch.manual_seed(cfg.seed)
    net = base if isinstance(base, DistractionNet) else load_model(base)
    early = time_split(data.examples.times, 1.0 - cfg.val_fraction)
    train, val = data.subset(early), data.subset(~early)
    if len(train) == 0:
        train, val = data, data
    start = {k: v.detach().clone() for k, v in net.state_dict().items()}
    result = fit(net, train, cfg, device, progress, val)
    blend_weights(net, start, cfg.blend)
    return net, result


def blend_weights(net: DistractionNet, start: dict[str, torch.Tensor], share: float) -> None:
    """Move ``net``'s weights back to ``start`` + ``share`` x (its weights - ``start``)."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"blend must be between 0 and 1, not {share}")
    tuned = net.state_dict()
    net.load_state_dict(
        {
            k: torch.lerp(start[k].to(v.device), v, share) if v.is_floating_point() else v
            for k, v in tuned.items()
        }
    )


def fine_tune(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan] = (),
    inputs: Sequence[InputInterval] = (),
    feedback: Sequence[Feedback | tuple[float, bool]] = (),
    moods: Sequence[tuple[float, float]] = (),
    base: str | Path | None = None,
    config: TrainConfig | None = None,
    device: str = "auto",
    progress: ProgressCallback | None = None,
    categorizer: Categorizer | None = None,
    until: float | None = None,
) -> tuple[DistractionNet, FitResult, Dataset]:
    """Fine-tune from ``base`` (default: the shipped prior) on one person's history."""
    folder = Path(base) if base is not None else bundle.prior_dir()
    meta = bundle.read_meta(folder)
    data = make_dataset(
        windows, afk, inputs, feedback, moods, categorizer, meta.feature_config, until=until
    )
    if len(data) == 0 or data.examples.positives in (0, len(data)):
        raise ValueError("not enough labelled moments to train (need both outcomes)")
    net, result = fine_tune_dataset(data, folder, config, device, progress)
    return net, result, data


# --------------------------------------------------------------------------- replacement


@dataclass(frozen=True, slots=True)
class Decision:
    replace: bool
    new_pr_auc: float
    current_pr_auc: float
    holdout_examples: int
    holdout_positives: int
    reason: str


def holdout_cut(windows: Sequence[WindowSpan], holdout_days: float) -> float:
    """Start of the held-out tail: the last ``holdout_days``, at most the last 30 %."""
    start = float(min(w.start for w in windows))
    end = float(max(w.end for w in windows))
    return max(end - holdout_days * 86400.0, start + 0.7 * (end - start))


def decide(
    new: DistractionNet, current: DistractionNet, holdout: Dataset, min_positives: int = 5
) -> Decision:
    """Replace only if the new model's PR-AUC on the held-out moments is strictly better,
    each moment weighted as in training (the user's answers count more than the rules' labels,
    unanswered category suggestions less)."""
    n, pos = len(holdout), holdout.examples.positives
    if pos < min_positives or pos == n:
        return Decision(False, math.nan, math.nan, n, pos, "too few held-out examples to compare")
    y, w = holdout.examples.labels, holdout.examples.weights
    new_score = pr_auc(y, predict(new, holdout.batch), w)
    cur_score = pr_auc(y, predict(current, holdout.batch), w)
    better = new_score > cur_score
    reason = "new model is better" if better else "current model is at least as good"
    return Decision(better, new_score, cur_score, n, pos, reason)


def train_and_select(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan] = (),
    inputs: Sequence[InputInterval] = (),
    feedback: Sequence[Feedback | tuple[float, bool]] = (),
    moods: Sequence[tuple[float, float]] = (),
    current_dir: str | Path | None = None,
    holdout_days: float = 3.0,
    config: TrainConfig | None = None,
    device: str = "auto",
    progress: ProgressCallback | None = None,
    categorizer: Categorizer | None = None,
    suggested: Suggested | None = None,
    on_task: Collection[WindowSpan] | None = None,
) -> Decision:
    """What ``focuscoach train`` does: fine-tune the prior on all but the most recent
    ``holdout_days``, compare with the model in ``current_dir`` (the prior when that folder
    holds no model) on those days, and swap the new model into ``current_dir`` only if it
    scores better. ``current_dir`` None compares without writing anything. ``suggested``:
    unanswered category suggestions, labelling with low weight; ``on_task``: distracting spans
    on-task in context (core/model/examples.py)."""
    if not windows:
        raise ValueError("no activity recorded yet: nothing to train on")
    prior = bundle.prior_dir()
    meta = bundle.read_meta(prior)
    cut = holdout_cut(windows, holdout_days)
    data = make_dataset(
        windows,
        afk,
        inputs,
        feedback,
        moods,
        categorizer,
        meta.feature_config,
        suggested=suggested,
        on_task=on_task,
    )
    recent = data.examples.times >= cut
    # Training moments must not see labels from the held-out days.
    train = data.subset(~recent & (data.examples.times + 300.0 <= cut))
    holdout = data.subset(recent)
    if len(train) == 0 or train.examples.positives in (0, len(train)):
        raise ValueError("not enough labelled moments before the held-out days to train")
    net, _ = fine_tune_dataset(train, prior, config, device, progress)
    net = net.cpu()
    round_weights(net)
    current = _current_model(None if current_dir is None else Path(current_dir))
    decision = decide(net, current, holdout)
    if decision.replace and current_dir is not None:
        metrics = {"holdout_pr_auc": decision.new_pr_auc, "holdout_examples": len(holdout)}
        # Forecast nudges are allowed only while this model beats the best no-fit rule at the
        # nudge budget on the same held-out days (coaching/forecast.py reads "beats_rule").
        history = History(windows, afk, inputs, moods, categorizer, meta.feature_config)
        times = holdout.examples.times
        active_h, _ = active_time(windows, afk, float(times.min()), float(times.max()) + 1.0)
        check = check_against_rules(
            holdout.examples.labels,
            predict(net, holdout.batch),
            history.aggregates(times),
            active_h,
            weights=holdout.examples.weights,
        )
        metrics.update(check.metrics())
        _swap_in(net, Path(current_dir), metrics)
    return decision


def _current_model(models_dir: Path | None) -> DistractionNet:
    """The model the detector uses now (the same choice and fallbacks), to compare against."""
    active = bundle.resolve_active(models_dir)
    try:
        return load_model(active.folder)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        log.warning(
            "cannot load the current model %s (%s): comparing with the prior", active.folder, exc
        )
        return load_model(None)


def _swap_in(net: DistractionNet, models_dir: Path, metrics: dict[str, Any]) -> None:
    """Install the model as the active one: written whole into its own folder first, then
    one rename of the pointer file (bundle.install), so a kill leaves the old or the new
    model active, never none."""
    bundle.install(models_dir, lambda folder: save_model(net, folder, metrics))
