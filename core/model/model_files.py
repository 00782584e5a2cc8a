"""A model folder and its torch network: build a new one, load one, save one (weights.npz,
model.onnx, then model.json with their sizes and checksums, core/model/bundle.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from focuscoach.core.files import make_private, make_private_dir
from focuscoach.core.model import bundle
from focuscoach.core.model.features import FeatureConfig
from focuscoach.core.model.network import DistractionNet, NetConfig


def new_model(
    feature_config: FeatureConfig | None = None, net_config: NetConfig | None = None, seed: int = 0
) -> DistractionNet:
    torch.manual_seed(seed)
    return DistractionNet(feature_config or FeatureConfig(), net_config)


def load_model(model_dir: str | Path | None = None) -> DistractionNet:
    """Rebuild the torch model of a model folder (default: the shipped prior)."""
    folder = Path(model_dir) if model_dir is not None else bundle.prior_dir()
    meta = bundle.read_meta(folder)
    net = DistractionNet(meta.feature_config, NetConfig.from_dict(meta.net_config))
    with np.load(folder / bundle.WEIGHTS_FILE) as data:
        state = {k: torch.from_numpy(data[k].astype(np.float32)) for k in data.files}
    net.load_state_dict(state)
    return net.eval()


def round_weights(net: nn.Module) -> None:
    """Round every weight to float16 precision (what weights.npz stores)."""
    with torch.no_grad():
        for tensor in net.state_dict().values():
            if tensor.is_floating_point():
                tensor.copy_(tensor.half().float())


def save_model(
    net: DistractionNet, model_dir: str | Path, metrics: dict[str, Any] | None = None
) -> Path:
    """Write weights.npz, model.onnx and then model.json (with the other two files' sizes and
    checksums, so a truncated file is noticed) into a private folder (created if needed)."""
    from focuscoach.core.model.export import export_onnx

    folder = Path(model_dir)
    make_private_dir(folder)
    net = net.cpu().eval()
    round_weights(net)
    state = {k: v.detach().numpy().astype(np.float16) for k, v in net.state_dict().items()}
    np.savez_compressed(folder / bundle.WEIGHTS_FILE, **state)
    export_onnx(net, folder / bundle.ONNX_FILE)
    make_private(folder)  # numpy and onnx write with the umask's modes
    meta = bundle.ModelMeta(net.feature_config, net.net_config.to_dict(), metrics or {})
    bundle.write_meta(folder, meta)
    return folder
