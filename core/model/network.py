"""The attention model: a small BERT encoder over the recent spans (training side only).

Each span becomes one input vector: the mean embedding of its app-side tokens (category, app
name) plus the mean embedding of its title tokens plus a projection of its numbers. A CLS-style
first position carries the global numbers (time of day, since the last break, mood...). The
encoder is ``transformers``' BertModel built from a config (nothing is downloaded) and fed
``inputs_embeds``; BERT's learned position embeddings then encode recency rank (position 1 is
the latest span). The logit reads the CLS output, plus a linear "wide" term on the global
numbers so that the simple aggregates are never harder to use than in a logistic regression.

The forward pass also returns the last layer's attention from CLS to each span, averaged over
heads: the explanation is built from it.

This module imports torch and transformers; the tray never imports it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import Tensor, nn
from transformers import BertConfig, BertModel

from focuscoach.core.model.features import N_SPAN, FeatureConfig


@dataclass(frozen=True, slots=True)
class NetConfig:
    hidden: int = 32
    layers: int = 2
    heads: int = 4
    intermediate: int = 64
    dropout: float = 0.1  # on hidden states only: attention-probability dropout costs a
    # third of a CPU training step for no measurable gain at this size

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NetConfig:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


class DistractionNet(nn.Module):
    """Spans -> P(distraction onset within the horizon), as a logit, and CLS attention."""

    def __init__(self, features: FeatureConfig, net: NetConfig | None = None) -> None:
        super().__init__()
        self.feature_config = features
        self.net_config = cfg = net or NetConfig()
        h = cfg.hidden
        self.token_embedding = nn.Embedding(features.n_buckets, h, padding_idx=0)
        self.title_scale = nn.Parameter(torch.ones(h))
        self.span_proj = nn.Linear(N_SPAN, h)
        n_global = len(features.global_features)
        self.global_proj = nn.Linear(n_global, h)
        self.cls = nn.Parameter(torch.zeros(h))
        bert_cfg = BertConfig(
            vocab_size=1,
            hidden_size=h,
            num_hidden_layers=cfg.layers,
            num_attention_heads=cfg.heads,
            intermediate_size=cfg.intermediate,
            max_position_embeddings=features.n_spans + 1,
            type_vocab_size=1,
            hidden_dropout_prob=cfg.dropout,
            attention_probs_dropout_prob=0.0,
        )
        # Eager attention materialises the attention probabilities we explain with.
        bert_cfg._attn_implementation = "eager"
        self.encoder = BertModel(bert_cfg, add_pooling_layer=False)
        # BERT keeps a 1-row word-embedding table it never uses with inputs_embeds; drop its
        # weight from training (it stays in the state dict).
        self.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
        self.head = nn.Sequential(nn.Linear(h, h), nn.Tanh(), nn.Linear(h, 1))
        self.wide = nn.Linear(n_global, 1)

    def _bag(self, tokens: Tensor) -> Tensor:
        present = (tokens > 0).to(torch.float32).unsqueeze(-1)
        summed = (self.token_embedding(tokens) * present).sum(dim=-2)
        bag: Tensor = summed / present.sum(dim=-2).clamp(min=1.0)
        return bag

    def forward(
        self,
        app_tokens: Tensor,
        title_tokens: Tensor,
        span_num: Tensor,
        global_num: Tensor,
        mask: Tensor,
    ) -> tuple[Tensor, Tensor]:
        """(logit [B], attention [B, N]) from the FeatureBatch arrays."""
        spans = (
            self._bag(app_tokens)
            + self._bag(title_tokens) * self.title_scale
            + self.span_proj(span_num)
        )
        first = (self.cls + self.global_proj(global_num)).unsqueeze(1)
        x = torch.cat([first, spans], dim=1)
        full_mask = torch.cat([torch.ones_like(mask[:, :1]), mask], dim=1)
        out = self.encoder(inputs_embeds=x, attention_mask=full_mask, output_attentions=True)
        pooled = out.last_hidden_state[:, 0]
        logit = self.head(pooled).squeeze(-1) + self.wide(global_num).squeeze(-1)
        attention = out.attentions[-1][:, :, 0, 1:].mean(dim=1)
        return logit, attention


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
