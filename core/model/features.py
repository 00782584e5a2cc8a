"""Numeric features for the distraction model, built with numpy only.

The tray process scores live activity without importing torch, so this module (and everything it
imports) stays torch-free. Both training and serving build their inputs here, which keeps the
two from drifting apart.

For a moment t the model sees the last ``n_spans`` window spans that *started before t*, most
recent first, each clipped at t (the current span only counts up to t), plus a few global
numbers about t. Every quantity is a difference of cumulative functions evaluated at or before
t, so nothing after t can change the features of t (``tests/model/test_leakage.py``).

This module builds the numbers (`History`); what the model reads and in which order is
core/model/feature_layout.py, and how window text becomes tokens core/model/tokens.py. Their
names stay importable from here.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence

import numpy as np

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.categories import Categorizer, default_categorizer
from focuscoach.core.model.feature_layout import AGGREGATE_FEATURES as AGGREGATE_FEATURES
from focuscoach.core.model.feature_layout import F32 as F32
from focuscoach.core.model.feature_layout import F64 as F64
from focuscoach.core.model.feature_layout import GLOBAL_FEATURES as GLOBAL_FEATURES
from focuscoach.core.model.feature_layout import I32 as I32
from focuscoach.core.model.feature_layout import LEGACY_GLOBAL_FEATURES as LEGACY_GLOBAL_FEATURES
from focuscoach.core.model.feature_layout import MODEL_INPUT_NAMES as MODEL_INPUT_NAMES
from focuscoach.core.model.feature_layout import N_GLOBAL as N_GLOBAL
from focuscoach.core.model.feature_layout import N_SPAN as N_SPAN
from focuscoach.core.model.feature_layout import SPAN_FEATURES as SPAN_FEATURES
from focuscoach.core.model.feature_layout import FeatureBatch as FeatureBatch
from focuscoach.core.model.feature_layout import FeatureConfig as FeatureConfig
from focuscoach.core.model.intervals import Cumulative, trim_sorted, union
from focuscoach.core.model.span_facts import span_facts
from focuscoach.core.model.tokens import padded_tokens as padded_tokens
from focuscoach.core.model.tokens import span_tokens as span_tokens
from focuscoach.core.model.tokens import stable_hash as stable_hash
from focuscoach.core.model.tokens import tokenize as tokenize

_CAP_BREAK_S = 8 * 3600.0
_CAP_DISTRACTING_S = 24 * 3600.0
_RUN_GAP_S = 5.0


# --------------------------------------------------------------------------- time of day


def local_clock(ts: F64, utc_offset_s: float | None) -> tuple[F64, F64]:
    """(seconds since local midnight, weekday 0=Monday) for POSIX timestamps."""
    if utc_offset_s is None:
        values = ts.tolist()
        lo, hi = (min(values), max(values)) if values else (0.0, 0.0)
        first = time.localtime(lo).tm_gmtoff
        if hi - lo < 7 * 86400.0 and time.localtime(hi).tm_gmtoff == first:
            # Within a week one offset at both ends means one offset throughout (clock
            # changes are months apart): the live path's case, and 100 times cheaper.
            offsets = np.full(ts.shape, float(first))
        else:
            offsets = np.array([time.localtime(x).tm_gmtoff for x in values], dtype=float)
    else:
        offsets = np.full(ts.shape, float(utc_offset_s))
    local = ts + offsets
    days = np.floor(local / 86400.0)
    return local - days * 86400.0, np.mod(days + 3.0, 7.0)  # 1970-01-01 was a Thursday


def _cyclic(seconds: F64) -> tuple[F64, F64]:
    angle = seconds * (2.0 * math.pi / 86400.0)
    return np.sin(angle), np.cos(angle)


def _log(x: F64 | float, scale: float) -> F64:
    return np.asarray(np.log1p(np.maximum(x, 0.0)) / scale, dtype=float)


def _disjoint_counts(starts: F64, ends: F64, counts: F64) -> tuple[F64, F64, F64]:
    """intervals.disjoint_counts for several columns of counts ([N, K]) at once, for
    intervals already sorted by start: the same numbers, one pass over the shared geometry."""
    if starts.size == 0:
        return starts, ends, counts
    new_s, new_e, scale = trim_sorted(starts, ends)
    return new_s, new_e, counts * scale[:, None]


class History:
    """One person's activity prepared for fast feature look-ups at many moments.

    Preparation costs O(spans); each moment then costs a few vectorised look-ups.
    """

    def __init__(
        self,
        windows: Sequence[WindowSpan],
        afk: Sequence[AfkSpan] = (),
        inputs: Sequence[InputInterval] = (),
        moods: Sequence[tuple[float, float]] = (),
        categorizer: Categorizer | None = None,
        config: FeatureConfig | None = None,
    ) -> None:
        self.config = cfg = config or FeatureConfig()
        self.categorizer = cat = categorizer or default_categorizer()
        spans = sorted(windows, key=lambda w: (w.start, w.end))
        self.spans: list[WindowSpan] = spans
        n = len(spans)
        self.starts = np.array([w.start for w in spans], dtype=float)
        self.ends = np.maximum(np.array([w.end for w in spans], dtype=float), self.starts)
        # What each window's text gives (category, distraction, tokens): looked up, since a
        # live prediction sees the same windows as the one before.
        facts = span_facts(cat, cfg).gather(spans)
        self.categories = facts.categories
        self.distracting = facts.distracting
        self.app_tok = facts.app_tokens
        self.title_tok = facts.title_tokens

        # Per-span facts that depend only on earlier spans, vectorised (this runs per live
        # prediction).
        apps = facts.app_ids
        index = np.arange(n)
        switch = np.zeros(n)
        gap_before = np.zeros(n)
        if n > 1:
            switch[1:] = apps[1:] != apps[:-1]
            latest_end = np.maximum.accumulate(self.ends)
            gap_before[1:] = np.maximum(0.0, self.starts[1:] - latest_end[:-1])
        same_run = (index > 0) & (switch == 0.0) & (gap_before <= _RUN_GAP_S)
        run_head = np.maximum.accumulate(np.where(same_run, 0, index)) if n else index
        run_start = self.starts[run_head] if n else np.zeros(0)
        self.gap_before = gap_before
        self.switch_cum = np.concatenate([[0.0], np.cumsum(switch)])
        self.run_start = run_start
        tod, _ = local_clock(self.starts, cfg.utc_offset_s)
        self.span_tod_sin, self.span_tod_cos = _cyclic(tod)

        # Cumulative measures.
        dist = self.distracting > 0
        self.dist_starts, self.dist_ends = union(self.starts[dist], self.ends[dist])
        self.dist_cum = Cumulative(self.dist_starts, self.dist_ends)
        cover_s, cover_e = union(self.starts, self.ends)
        self.cover_cum = Cumulative(cover_s, cover_e)
        afk_on = [a for a in afk if a.afk and a.end > a.start]
        afk_s, afk_e = union([a.start for a in afk_on], [a.end for a in afk_on])
        self.afk_cum = Cumulative(afk_s, afk_e)
        self.afk_starts, self.afk_ends = afk_s, afk_e
        # Breaks: AFK stretches and untracked gaps between window spans, merged.
        # The stretch after the last span is an open gap: idle *now* counts as a break.
        gap_s = cover_e
        gap_e = np.concatenate([cover_s[1:], [np.inf]]) if cover_s.size else cover_s
        brk_s, brk_e = union(np.concatenate([afk_s, gap_s]), np.concatenate([afk_e, gap_e]))
        long_enough = (brk_e - brk_s) >= cfg.break_s
        self.break_known_at = brk_s[long_enough] + cfg.break_s
        self.break_ends = brk_e[long_enough]

        # Input intervals by start (a stable sort, as sorted() by start), then made disjoint
        # once for the three counts and the covered time (they share starts and ends).
        rows = [(x.start, x.end, x.keys, x.clicks + x.scrolls, x.moves) for x in inputs]
        table = np.fromiter(
            itertools.chain.from_iterable(rows), dtype=float, count=5 * len(rows)
        ).reshape(-1, 5)
        table = table[np.argsort(table[:, 0], kind="stable")]
        s_, e_, scaled = _disjoint_counts(table[:, 0], table[:, 1], table[:, 2:])
        self.keys_cum, self.clicks_cum, self.moves_cum = (
            Cumulative(s_, e_, scaled[:, col]) for col in range(3)
        )
        self.input_cover_cum = Cumulative(s_, e_)

        mood_sorted = sorted(moods)
        self.mood_times = np.array([m[0] for m in mood_sorted], dtype=float)
        self.mood_values = np.array([m[1] for m in mood_sorted], dtype=float)

    def __len__(self) -> int:
        return len(self.spans)

    # ------------------------------------------------------------------ queries

    def span_count_before(self, t: float) -> int:
        """How many spans started strictly before t."""
        return int(np.searchsorted(self.starts, t, side="left"))

    def is_afk(self, t: float) -> bool:
        k = int(np.searchsorted(self.afk_starts, t, side="right")) - 1
        return k >= 0 and t < float(self.afk_ends[k])

    def switches_between(self, a: float, t: float) -> float:
        lo = int(np.searchsorted(self.starts, a, side="left"))
        hi = self.span_count_before(t)
        return float(self.switch_cum[hi] - self.switch_cum[min(lo, hi)])

    def since_distracting(self, t: float) -> float:
        k = int(np.searchsorted(self.dist_starts, t, side="left")) - 1
        if k < 0:
            return _CAP_DISTRACTING_S
        return min(_CAP_DISTRACTING_S, t - min(float(self.dist_ends[k]), t))

    def since_break(self, t: float) -> float:
        k = int(np.searchsorted(self.break_known_at, t, side="right")) - 1
        if k < 0:
            return _CAP_BREAK_S
        return min(_CAP_BREAK_S, t - min(float(self.break_ends[k]), t))

    def latest_mood(self, t: float) -> float | None:
        k = int(np.searchsorted(self.mood_times, t, side="right")) - 1
        return float(self.mood_values[k]) if k >= 0 else None

    # ------------------------------------------------------------------ features

    def features(
        self,
        times: Sequence[float] | F64,
        mood: Sequence[float | None] | None = None,
    ) -> FeatureBatch:
        """Model inputs at each moment in ``times``, laid out for ``config.global_features``;
        ``mood`` (1-5 per moment) defaults to the latest mood given to the History."""
        batch = self._features(times, mood)
        return batch.with_globals(self.config.global_features)

    def _features(
        self, times: Sequence[float] | F64, mood: Sequence[float | None] | None
    ) -> FeatureBatch:
        cfg = self.config
        ts = np.asarray(times, dtype=float).reshape(-1)
        b, n = ts.size, cfg.n_spans
        batch = FeatureBatch(
            app_tokens=np.zeros((b, n, cfg.app_tokens), dtype=np.int32),
            title_tokens=np.zeros((b, n, cfg.title_tokens), dtype=np.int32),
            span_num=np.zeros((b, n, N_SPAN), dtype=np.float32),
            global_num=np.zeros((b, N_GLOBAL), dtype=np.float32),
            mask=np.zeros((b, n), dtype=np.float32),
            span_index=np.full((b, n), -1, dtype=np.int32),
            times=ts.copy(),
        )
        if b == 0:
            return batch
        his = np.searchsorted(self.starts, ts, side="left")
        tod, weekday = local_clock(ts, cfg.utc_offset_s)
        tod_sin, tod_cos = _cyclic(tod)
        for row in range(b):
            t = float(ts[row])
            hi = int(his[row])
            lo = max(0, hi - n)
            if hi > lo:
                self._fill_spans(batch, row, t, lo, hi)
            m = mood[row] if mood is not None else self.latest_mood(t)
            g = batch.global_num[row]
            g[0], g[1] = tod_sin[row], tod_cos[row]
            g[2] = 1.0 if weekday[row] >= 5 else 0.0
            g[3] = _log(self.since_break(t), 10.0)
            g[4] = 0.0 if m is None else (float(m) - 3.0) / 2.0
            g[5] = 0.0 if m is None else 1.0
            g[6:12] = self._aggregates_core(t, hi)
            g[12] = float(self.cover_cum.between(t - 900.0, t)) / 900.0
        return batch

    def _aggregates_core(self, t: float, hi: int) -> list[float]:
        run = t - float(self.run_start[hi - 1]) if hi > 0 else 0.0
        return [
            self.switches_between(t - 300.0, t) / 10.0,
            self.switches_between(t - 900.0, t) / 20.0,
            float(self.dist_cum.between(t - 300.0, t)) / 300.0,
            float(self.dist_cum.between(t - 900.0, t)) / 900.0,
            float(_log(self.since_distracting(t), 10.0)),
            float(_log(min(run, _CAP_BREAK_S), 8.0)),
        ]

    def _fill_spans(self, batch: FeatureBatch, row: int, t: float, lo: int, hi: int) -> None:
        idx = np.arange(hi - 1, lo - 1, -1)
        k = idx.size
        s = self.starts[idx]
        e = np.minimum(self.ends[idx], t)
        dwell = e - s
        per_min = 60.0 / np.maximum(dwell, 1.0)
        safe = np.where(dwell > 0, dwell, 1.0)
        num = batch.span_num[row, :k]
        num[:, 0] = _log(dwell, 8.0)
        num[:, 1] = _log(t - e, 10.0)
        num[:, 2] = _log(self.gap_before[idx], 10.0)
        num[:, 3] = self.distracting[idx]
        num[:, 4] = self.ends[idx] >= t
        num[:, 5] = _log(self.keys_cum.between_known(s, e, t) * per_min, 6.0)
        num[:, 6] = _log(self.clicks_cum.between_known(s, e, t) * per_min, 6.0)
        num[:, 7] = _log(self.moves_cum.between_known(s, e, t) * per_min, 8.0)
        num[:, 8] = np.where(dwell > 0, self.input_cover_cum.between_known(s, e, t) / safe, 0.0)
        num[:, 9] = np.where(dwell > 0, self.afk_cum.between(s, e) / safe, 0.0)
        num[:, 10] = self.span_tod_sin[idx]
        num[:, 11] = self.span_tod_cos[idx]
        batch.app_tokens[row, :k] = self.app_tok[idx]
        batch.title_tokens[row, :k] = self.title_tok[idx]
        batch.mask[row, :k] = 1.0
        batch.span_index[row, :k] = idx

    def aggregates(self, times: Sequence[float] | F64) -> F64:
        """Window aggregates for the logistic baseline (see AGGREGATE_FEATURES)."""
        ts = np.asarray(times, dtype=float).reshape(-1)
        out = np.zeros((ts.size, len(AGGREGATE_FEATURES)))
        his = np.searchsorted(self.starts, ts, side="left")
        for row, (t, hi) in enumerate(zip(ts.tolist(), his.tolist(), strict=True)):
            core = self._aggregates_core(t, hi)
            dwell_stats = []
            for window in (300.0, 900.0):
                lo = int(np.searchsorted(self.starts, t - window, side="left"))
                if hi > lo:
                    d = np.minimum(self.ends[lo:hi], t) - self.starts[lo:hi]
                    ld = np.log1p(np.maximum(d, 0.0))
                    dwell_stats += [float(ld.mean()), float(ld.max()), (hi - lo) / 20.0]
                else:
                    dwell_stats += [0.0, 0.0, 0.0]
            active = float(self.cover_cum.between(t - 900.0, t)) / 900.0
            out[row] = [*core, *dwell_stats, active]
        return out
