"""Per-category nearest neighbours over encoder vectors, with a calibrated confidence.

A plain nearest centroid does not work on window titles: titles cluster by language and by site
more than by meaning, so one centroid per category is pulled towards whichever language or site
its examples mostly come from. Instead each category scores a title by the mean cosine
similarity of its ``k`` nearest examples of that category, and the best category wins.

Whether to trust the winner is learnt, not guessed: the examples are classified once more with
every example of the same *group* (site or app) left out, as an uncategorised title has no
sibling among the examples, and a logistic curve maps (best score, margin over the runner-up)
to the share of those guesses that were right. Below `SURE` the answer is "not sure".

An app name that begins with a vendor's name ("小米设置", "Google Settings") is also scored by
what follows the name (`vendors`): the vendor makes apps of every kind.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from focuscoach.core.categories import Category
from focuscoach.core.categorize.encoder import Encoder
from focuscoach.core.categorize.vendors import vendor_names, without_vendor

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

K = 2
#: A guess at or above this calibrated confidence is shown as a suggestion; below, "not sure".
SURE = 0.6
_RIDGE = 1e-2
#: Calibration guesses at most this many examples per kind of leaving-out.
MAX_CALIBRATION_ROWS = 2000
#: The group prefix of shipped examples (each its own group).
SHIPPED = "shipped:"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    category: Category
    group: str  # examples of one group (a site, an app) are left out together when calibrating


@dataclass(frozen=True, slots=True)
class Guess:
    category: Category
    confidence: float
    score: float
    margin: float
    runner_up: Category | None

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE


class NeighbourClassifier:
    """Categories of texts from labelled examples; `guess` answers for many texts at once."""

    def __init__(self, encoder: Encoder, examples: Sequence[Example], k: int = K) -> None:
        if not examples:
            raise ValueError("no categorised examples")
        self.k = k
        self.categories: list[Category] = list(dict.fromkeys(e.category for e in examples))
        index = {c: i for i, c in enumerate(self.categories)}
        self._labels = np.array([index[e.category] for e in examples], dtype=np.int64)
        groups = {g: i for i, g in enumerate(dict.fromkeys(e.group for e in examples))}
        self._groups = np.array([groups[e.group] for e in examples], dtype=np.int64)
        self._shipped = np.array([e.group.startswith(SHIPPED) for e in examples], dtype=bool)
        self.tops: list[Category] = list(dict.fromkeys(c[:1] for c in self.categories))
        top_index = {t: i for i, t in enumerate(self.tops)}
        self._top_of = np.array([top_index[c[:1]] for c in self.categories], dtype=np.int64)
        self._vectors = encoder.encode([e.text for e in examples])
        self._encoder = encoder
        self.vendors = vendor_names((e.text, e.category) for e in examples)
        self._rests = [without_vendor(e.text, self.vendors) for e in examples]
        self._weights, self._top_weights = self._calibrate()

    def _category_scores(self, sims: F32) -> F32:
        """(n, examples) similarities -> (n, categories) mean of the k best per category."""
        out = np.full((sims.shape[0], len(self.categories)), -1.0, dtype=np.float32)
        for c in range(len(self.categories)):
            member = sims[:, self._labels == c]
            if member.shape[1] == 0:
                continue
            k = min(self.k, member.shape[1])
            top = np.partition(member, member.shape[1] - k, axis=1)[:, -k:]
            out[:, c] = top.mean(axis=1)
        return out

    def _vendor_blend(
        self, scores: F32, rests: Sequence[str | None], masks: npt.NDArray[np.bool_] | None = None
    ) -> F32:
        """Scores of texts that begin with a vendor's name, half and half with the scores of
        what follows the name (`vendors`). `masks` (rows, examples): examples to leave out."""
        rows = [i for i, rest in enumerate(rests) if rest]
        if not rows:
            return scores
        sims = self._encoder.encode([rests[i] or "" for i in rows]) @ self._vectors.T
        if masks is not None:
            sims[masks[rows]] = -1.0
        out = scores.copy()
        out[rows] = 0.5 * (scores[rows] + self._category_scores(sims))
        return out

    def _text_scores(self, texts: Sequence[str]) -> F32:
        """(texts, categories) scores, names of vendors weighed down."""
        scores = self._category_scores(self._encoder.encode(list(texts)) @ self._vectors.T)
        return self._vendor_blend(scores, [without_vendor(t, self.vendors) for t in texts])

    def _with_groups(
        self,
        scores: F32,
        groups: Sequence[str],
        weights: Sequence[float] | None,
        names: Mapping[str, str],
    ) -> F32:
        w = np.asarray(weights if weights is not None else [1.0] * len(groups), dtype=np.float32)
        members: dict[str, list[int]] = {}
        for i, g in enumerate(groups):
            members.setdefault(g, []).append(i)
        named = [g for g in members if names.get(g)]
        name_scores = (
            self._text_scores([names[g] for g in named])
            if named
            else np.zeros((0, scores.shape[1]), dtype=np.float32)
        )
        name_row = {g: i for i, g in enumerate(named)}
        out = scores.copy()
        for g, idx in members.items():
            weight = w[idx] / max(float(w[idx].sum()), 1e-9)
            group = (scores[idx] * weight[:, None]).sum(axis=0)
            if g in name_row:
                group = 0.5 * group + 0.5 * name_scores[name_row[g]]
            out[idx] = 0.5 * scores[idx] + 0.5 * group
        return out

    def _top_scores(self, scores: F32) -> F32:
        """Category scores -> top-level scores (the best of each top level's categories)."""
        out = np.full((scores.shape[0], len(self.tops)), -1.0, dtype=np.float32)
        for t in range(len(self.tops)):
            out[:, t] = scores[:, self._top_of == t].max(axis=1)
        return out

    def _features(self, scores: F32) -> tuple[npt.NDArray[np.int64], F64]:
        order = np.argsort(-scores, axis=1)
        rows = np.arange(scores.shape[0])
        best = scores[rows, order[:, 0]].astype(np.float64)
        second = (
            scores[rows, order[:, 1]].astype(np.float64)
            if scores.shape[1] > 1
            else np.full_like(best, -1.0)
        )
        second = np.maximum(second, -1.0)
        features = np.stack([np.ones_like(best), best, best - second], axis=1)
        return order, features

    def _calibrate(self) -> tuple[F64, F64]:
        """Logistic weights for P(right | best, margin), for the category and for its top
        level. The guesses they are fitted on are made the way an uncategorised window is
        met: once with every example of the same group (site or app) left out, and once with
        all the user's own examples of the same category left out (as when no rule of that
        category exists yet), only the shipped ones remaining."""
        own = ~self._shipped
        xs, ys, top_xs, top_ys = [], [], [], []
        for hide_own_category in (False, True):
            candidates = np.flatnonzero(own if hide_own_category else np.ones_like(own))
            if len(candidates) == 0:
                continue
            # A bounded sample of rows keeps this O(rows x examples), not O(examples^2).
            rows = candidates[
                np.unique(np.linspace(0, len(candidates) - 1, MAX_CALIBRATION_ROWS).astype(int))
            ]
            mask = self._groups[rows, None] == self._groups[None, :]
            if hide_own_category:
                mask |= (self._labels[rows, None] == self._labels[None, :]) & own[None, :]
            sims = self._vectors[rows] @ self._vectors.T
            sims[mask] = -1.0
            scores = self._vendor_blend(
                self._category_scores(sims), [self._rests[r] for r in rows], mask
            )
            labels = self._labels[rows]
            order, x = self._features(scores)
            xs.append(x)
            ys.append((order[:, 0] == labels).astype(np.float64))
            top_order, top_x = self._features(self._top_scores(scores))
            top_xs.append(top_x)
            top_ys.append((top_order[:, 0] == self._top_of[labels]).astype(np.float64))
        return (
            _fit_logistic(np.concatenate(xs), np.concatenate(ys)),
            _fit_logistic(np.concatenate(top_xs), np.concatenate(top_ys)),
        )

    def guess(
        self,
        texts: Sequence[str],
        groups: Sequence[str] | None = None,
        weights: Sequence[float] | None = None,
        group_names: Mapping[str, str] | None = None,
    ) -> list[Guess]:
        """Guesses for `texts`. With `groups`, each text's scores are averaged half and half
        with its group's: the time-weighted mean over the group's texts and the group's name
        (`group_names`: a site's or an app's name). One title of a site says little (a word
        in it may sound like anything); the site's titles together and its name say more."""
        if not texts:
            return []
        scores = self._text_scores(texts)
        if groups is not None:
            scores = self._with_groups(scores, groups, weights, group_names or {})
        order, x = self._features(scores)
        confidence = _sigmoid(x @ self._weights)
        if len(self.categories) < 2:  # nothing to tell apart: never sure
            confidence[:] = 0.0
        top_order, top_x = self._features(self._top_scores(scores))
        top_confidence = _sigmoid(top_x @ self._top_weights)
        if len(self.tops) < 2:
            top_confidence[:] = 0.0
        guesses = []
        for i in range(len(texts)):
            best = int(order[i, 0])
            runner = int(order[i, 1]) if order.shape[1] > 1 else None
            guess = Guess(
                self.categories[best],
                float(confidence[i]),
                float(x[i, 1]),
                float(x[i, 2]),
                self.categories[runner] if runner is not None else None,
            )
            top = self.tops[int(top_order[i, 0])]
            if not guess.sure and top_confidence[i] >= SURE and top != guess.category:
                # Not sure which kind of work, but sure it is work: answer the top level.
                runner_top = self.tops[int(top_order[i, 1])] if top_order.shape[1] > 1 else None
                guess = Guess(
                    top,
                    float(top_confidence[i]),
                    float(top_x[i, 1]),
                    float(top_x[i, 2]),
                    runner_top,
                )
            guesses.append(guess)
        return guesses


def _sigmoid(z: F64) -> F64:
    out: F64 = 1.0 / (1.0 + np.exp(-z))
    return out


def _fit_logistic(x: F64, y: F64, iterations: int = 50) -> F64:
    """Ridge-regularised logistic regression by Newton's method (three weights)."""
    w = np.zeros(x.shape[1])
    if y.min() == y.max():  # all right or all wrong: a constant
        share = (float(y.sum()) + 1) / (len(y) + 2)  # Laplace: few examples, little trust
        w[0] = math.log(share / (1 - share))
        return w
    ridge = _RIDGE * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + ridge @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        step = np.linalg.solve(hessian + 1e-9 * np.eye(x.shape[1]), gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w
