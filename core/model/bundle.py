"""The files of one model, readable without torch.

A model is a folder::

    model.onnx    the serving graph (probability and CLS attention), read by serving.Detector
    weights.npz   the weights as float16 arrays, the starting point for fine-tuning
    model.json    format version, feature and network configs, metrics

Weights are rounded to float16 before both files are written, so the ONNX graph and the torch
model rebuilt from weights.npz compute the same function (the parity test holds them within
1e-4) while the shipped prior stays small.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from focuscoach.core.model.features import FeatureConfig

FORMAT_VERSION = 1
ONNX_FILE = "model.onnx"
WEIGHTS_FILE = "weights.npz"
META_FILE = "model.json"


@dataclass(slots=True)
class ModelMeta:
    feature_config: FeatureConfig
    net_config: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": self.format,
                "feature_config": self.feature_config.to_dict(),
                "net_config": self.net_config,
                "metrics": self.metrics,
            },
            indent=2,
            sort_keys=True,
        )


def read_meta(model_dir: str | Path) -> ModelMeta:
    """model.json of a model folder; ValueError if missing, unreadable or of a newer format."""
    path = Path(model_dir) / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable model description: {exc}") from exc
    fmt = data.get("format")
    if fmt != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported model format {fmt!r} (expected {FORMAT_VERSION})")
    return ModelMeta(
        feature_config=FeatureConfig.from_dict(data.get("feature_config", {})),
        net_config=dict(data.get("net_config", {})),
        metrics=dict(data.get("metrics", {})),
        format=fmt,
    )


def prior_dir() -> Path:
    """The shipped prior (resources/model/)."""
    return Path(str(resources.files("focuscoach.resources").joinpath("model")))


def is_model_dir(path: str | Path) -> bool:
    p = Path(path)
    return all((p / name).is_file() for name in (ONNX_FILE, WEIGHTS_FILE, META_FILE))
