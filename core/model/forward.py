"""The attention model's forward pass in numpy, for the tray process.

The tray scores one moment every ~30 s. Running the exported ONNX graph for that meant
loading onnxruntime into the tray: about 19 MB of library code and 8 MB of heap that stayed
resident all day (a third of the tray's memory budget), plus a telemetry uploader that had to
be switched off. The network is small (a 2-layer, 32-wide BERT encoder: see ``network.py``),
so the same function is a few matrix products over the weights every model folder already
carries in ``weights.npz``. The parity tests hold this module to the torch model within 1e-4.

It mirrors ``DistractionNet.forward`` and transformers' eager ``BertModel`` (post-LayerNorm
blocks, exact-erf GELU, additive attention mask of float32's minimum, LayerNorm eps 1e-12).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float32]

_LAYER_NORM_EPS = 1e-12
_MASKED = np.float32(np.finfo(np.float32).min)


def _erf(x: Array) -> Array:
    """erf for float32 arrays (numpy has none): Abramowitz & Stegun 7.1.26, absolute error
    at most 1.5e-7, far under what the model's float16 weights resolve."""
    sign = np.sign(x)
    a = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    y = 1.0 - poly * np.exp(-a * a)
    return np.asarray(sign * y, dtype=np.float32)


def _gelu(x: Array) -> Array:
    return np.asarray(0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0)))), dtype=np.float32)


def _layer_norm(x: Array, weight: Array, bias: Array) -> Array:
    # The ufunc reductions directly: ndarray.mean's Python wrapper costs more than the sum
    # itself on these 65 x 32 arrays, and a prediction runs five of these.
    scale = np.float32(1.0 / x.shape[-1])
    centred = x - np.add.reduce(x, axis=-1, keepdims=True) * scale
    var = np.add.reduce(centred * centred, axis=-1, keepdims=True) * scale
    return np.asarray(centred / np.sqrt(var + _LAYER_NORM_EPS) * weight + bias, np.float32)


def _softmax(x: Array) -> Array:
    shifted = np.exp(x - np.maximum.reduce(x, axis=-1, keepdims=True))
    return np.asarray(shifted / np.add.reduce(shifted, axis=-1, keepdims=True), np.float32)


@dataclass(frozen=True, slots=True)
class Network:
    """A model's weights (float32) and the shape facts the forward pass needs."""

    weights: Mapping[str, Array]
    layers: int
    heads: int

    @classmethod
    def load(cls, weights_file: str | Path, net_config: Mapping[str, Any]) -> Network:
        """Read weights.npz; ValueError if it is unreadable or lacks a weight the net needs."""
        try:
            # Our own file object: np.load leaks its own when the archive is damaged.
            with open(weights_file, "rb") as file, np.load(file) as data:
                weights = {name: np.asarray(data[name], np.float32) for name in data.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"{weights_file}: cannot read weights: {exc}") from exc
        layers = int(net_config.get("layers", 2))
        heads = int(net_config.get("heads", 4))
        network = cls(weights, layers, heads)
        missing = [name for name in network.required() if name not in weights]
        if missing:
            raise ValueError(f"{weights_file}: missing weights: {', '.join(missing[:3])}")
        for name in [n for n in weights if n.endswith(".weight") and weights[n].ndim == 2]:
            weights[f"{name}_t"] = np.ascontiguousarray(weights[name].T)
        hidden = weights["cls"].shape[0]
        if hidden % heads:
            raise ValueError(f"{weights_file}: hidden size {hidden} is not divisible by {heads}")
        return network

    def check(
        self, spans: int, app_tokens: int, title_tokens: int, span_numbers: int, global_numbers: int
    ) -> None:
        """Run one all-padding row of the given shape: ValueError when the weights do not fit
        the model's configuration (a damaged or mismatched folder), found at load rather than
        at the first scoring."""
        row: dict[str, NDArray[Any]] = {
            "app_tokens": np.zeros((1, spans, app_tokens), np.int64),
            "title_tokens": np.zeros((1, spans, title_tokens), np.int64),
            "span_num": np.zeros((1, spans, span_numbers), np.float32),
            "global_num": np.zeros((1, global_numbers), np.float32),
            "mask": np.zeros((1, spans), np.float32),
        }
        try:
            probability, _ = self.run(row)
        except (ValueError, IndexError) as exc:
            raise ValueError(f"the weights do not fit the model's configuration: {exc}") from exc
        if not np.all(np.isfinite(probability)):
            raise ValueError("the weights give no finite probability")

    def required(self) -> list[str]:
        names = [
            "token_embedding.weight",
            "title_scale",
            "span_proj.weight",
            "span_proj.bias",
            "global_proj.weight",
            "global_proj.bias",
            "cls",
            "encoder.embeddings.position_embeddings.weight",
            "encoder.embeddings.token_type_embeddings.weight",
            "encoder.embeddings.LayerNorm.weight",
            "encoder.embeddings.LayerNorm.bias",
            "head.0.weight",
            "head.0.bias",
            "head.2.weight",
            "head.2.bias",
            "wide.weight",
            "wide.bias",
        ]
        for i in range(self.layers):
            block = f"encoder.encoder.layer.{i}."
            for part in (
                "attention.self.query",
                "attention.self.key",
                "attention.self.value",
                "attention.output.dense",
                "intermediate.dense",
                "output.dense",
            ):
                names += [f"{block}{part}.weight", f"{block}{part}.bias"]
            for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
                names += [f"{block}{norm}.weight", f"{block}{norm}.bias"]
        return names

    def _linear(self, name: str, x: Array) -> Array:
        # Weights are kept transposed and contiguous (load), so this is one plain matmul.
        return np.asarray(
            x @ self.weights[f"{name}.weight_t"] + self.weights[f"{name}.bias"], np.float32
        )

    def _bag(self, tokens: NDArray[np.integer[Any]]) -> Array:
        present = (tokens > 0).astype(np.float32)[..., None]
        summed = (self.weights["token_embedding.weight"][tokens] * present).sum(axis=-2)
        return np.asarray(summed / np.maximum(present.sum(axis=-2), 1.0), np.float32)

    def _attention(
        self, prefix: str, x: Array, additive_mask: Array, queries: Array | None = None
    ) -> tuple[Array, Array]:
        """Self-attention of ``queries`` (default: every position of ``x``) over ``x``."""
        q_in = x if queries is None else queries
        batch, _, hidden = x.shape
        size = hidden // self.heads

        def split(part: str, source: Array) -> Array:
            projected = self._linear(f"{prefix}attention.self.{part}", source)
            rows = source.shape[1]
            return projected.reshape(batch, rows, self.heads, size).transpose(0, 2, 1, 3)

        q, k, v = split("query", q_in), split("key", x), split("value", x)
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + additive_mask
        probs = _softmax(np.asarray(scores, np.float32))
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, q_in.shape[1], hidden)
        return np.asarray(context, np.float32), probs

    def run(self, inputs: Mapping[str, NDArray[Any]]) -> tuple[Array, Array]:
        """(probability [B], attention from CLS to each span [B, N]) for model_inputs().

        The attention is ``cls_attention`` of the layers' maps: the last layer's attention
        from the CLS position (the one the logit reads) to each span, averaged over heads.
        Only that row of the last layer is computed: the logit reads the CLS position alone,
        so the other positions' last-layer outputs (half of that layer) are never needed."""
        probability, maps = self._forward(inputs, cls_only_last=True)
        return probability, cls_attention(maps)

    def attention_maps(self, inputs: Mapping[str, NDArray[Any]]) -> list[Array]:
        """Every layer's attention probabilities, [B, heads, 1 + N, 1 + N] each (position 0
        is CLS, then the spans, latest first): what BertModel returns as ``attentions``."""
        return self.run_with_maps(inputs)[1]

    def run_with_maps(self, inputs: Mapping[str, NDArray[Any]]) -> tuple[Array, list[Array]]:
        """(probability [B], every layer's attention maps) in one pass."""
        return self._forward(inputs, cls_only_last=False)

    def _forward(
        self, inputs: Mapping[str, NDArray[Any]], *, cls_only_last: bool
    ) -> tuple[Array, list[Array]]:
        """The pass itself; with ``cls_only_last`` the last layer's map has the CLS row only."""
        w = self.weights
        spans = (
            self._bag(inputs["app_tokens"])
            + self._bag(inputs["title_tokens"]) * w["title_scale"]
            + self._linear("span_proj", np.asarray(inputs["span_num"], np.float32))
        )
        global_num = np.asarray(inputs["global_num"], np.float32)
        first = (w["cls"] + self._linear("global_proj", global_num))[:, None, :]
        x = np.concatenate([first, spans], axis=1).astype(np.float32)
        mask = np.asarray(inputs["mask"], np.float32)
        full_mask = np.concatenate([np.ones_like(mask[:, :1]), mask], axis=1)
        additive = ((1.0 - full_mask) * _MASKED)[:, None, None, :].astype(np.float32)

        length = x.shape[1]
        x = x + w["encoder.embeddings.position_embeddings.weight"][:length]
        x = x + w["encoder.embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(
            x, w["encoder.embeddings.LayerNorm.weight"], w["encoder.embeddings.LayerNorm.bias"]
        )
        maps: list[Array] = []
        for i in range(self.layers):
            block = f"encoder.encoder.layer.{i}."
            # Later positions feed no later layer after the last one: keep CLS alone there.
            residual = x[:, :1] if cls_only_last and i == self.layers - 1 else x
            context, probs = self._attention(block, x, additive, residual)
            maps.append(probs)
            attended = self._linear(f"{block}attention.output.dense", context)
            x = _layer_norm(
                attended + residual,
                w[f"{block}attention.output.LayerNorm.weight"],
                w[f"{block}attention.output.LayerNorm.bias"],
            )
            inner = _gelu(self._linear(f"{block}intermediate.dense", x))
            x = _layer_norm(
                self._linear(f"{block}output.dense", inner) + x,
                w[f"{block}output.LayerNorm.weight"],
                w[f"{block}output.LayerNorm.bias"],
            )
        if not maps:  # a net without layers: no attention to report
            maps.append(np.zeros((x.shape[0], self.heads, length, length), np.float32))
        pooled = x[:, 0]
        hidden_head = np.tanh(self._linear("head.0", pooled))
        logit = self._linear("head.2", hidden_head)[:, 0] + self._linear("wide", global_num)[:, 0]
        probability = 1.0 / (1.0 + np.exp(-logit.astype(np.float64)))
        return np.asarray(probability, np.float32), maps


def cls_attention(maps: list[Array]) -> Array:
    """How the explanation and the attention strip combine the maps: the last layer's
    attention from the CLS position (the pooled query the logit reads) to each span, averaged
    over heads ([B, N]; padding gets 0; CLS's attention to itself is left out, so a row sums
    to less than 1). The last layer
    is the one whose CLS output feeds the head; earlier layers mix the spans among themselves
    first, so their CLS rows say less directly what the score leaned on."""
    return np.asarray(maps[-1][:, :, 0, 1:].mean(axis=1), np.float32)
