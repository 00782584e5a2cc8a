"""Export a trained network to ONNX for the torch-free tray process (training side only)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn

from focuscoach.core.model.features import MODEL_INPUT_NAMES, N_SPAN
from focuscoach.core.model.network import DistractionNet

OPSET = 17


class _Serving(nn.Module):
    """The graph the Detector runs: probabilities instead of logits, plus attention."""

    def __init__(self, net: DistractionNet) -> None:
        super().__init__()
        self.net = net

    def forward(
        self,
        app_tokens: Tensor,
        title_tokens: Tensor,
        span_num: Tensor,
        global_num: Tensor,
        mask: Tensor,
    ) -> tuple[Tensor, Tensor]:
        logit, attention = self.net(app_tokens, title_tokens, span_num, global_num, mask)
        return torch.sigmoid(logit), attention


def _dummy_inputs(net: DistractionNet) -> tuple[Tensor, ...]:
    """Two rows, one of them padded: the trace must keep the masking path."""
    cfg = net.feature_config
    n = cfg.n_spans
    gen = torch.Generator().manual_seed(0)
    app = torch.randint(1, cfg.n_buckets, (2, n, cfg.app_tokens), generator=gen)
    title = torch.randint(0, cfg.n_buckets, (2, n, cfg.title_tokens), generator=gen)
    mask = torch.ones(2, n)
    mask[1, n // 3 :] = 0.0
    return (
        app,
        title,
        torch.rand(2, n, N_SPAN, generator=gen),
        torch.rand(2, len(cfg.global_features), generator=gen),
        mask,
    )


def export_onnx(
    net: DistractionNet, path: str | Path, metadata: dict[str, str] | None = None
) -> Path:
    """Write the serving graph with a dynamic batch axis; returns the path."""
    import onnx

    out = Path(path)
    serving = _Serving(net).eval()
    device = next(net.parameters()).device
    args = tuple(a.to(device) for a in _dummy_inputs(net))
    axes = {name: {0: "batch"} for name in (*MODEL_INPUT_NAMES, "probability", "attention")}
    with warnings.catch_warnings():
        # The TorchScript exporter is deprecated (the dynamo one needs onnxscript, which we do
        # not ship) and it warns about shape-dependent Python branches in transformers' mask
        # code; the parity test is what guards the result.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            serving,
            args,
            str(out),
            input_names=list(MODEL_INPUT_NAMES),
            output_names=["probability", "attention"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    model = onnx.load(str(out))
    props = {"feature_config": json.dumps(net.feature_config.to_dict()), **(metadata or {})}
    for key, value in props.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(model, str(out))
    return out


def torch_predict(
    net: DistractionNet, inputs: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """(probability, attention) from the torch model, for parity checks."""
    net.eval()
    device = next(net.parameters()).device
    tensors = [torch.as_tensor(inputs[name]).to(device) for name in MODEL_INPUT_NAMES]
    with torch.no_grad():
        logit, attention = net(*tensors)
    return torch.sigmoid(logit).cpu().numpy(), attention.cpu().numpy()
