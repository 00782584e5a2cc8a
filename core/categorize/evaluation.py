"""Held-out rules: how well suggestions recover what a category's rules would have said.

Each category with a regex is removed from the rules in turn; the windows only its rules
matched become uncategorised, and the suggester categorises them from the rest (the other
categories' windows in the same history, and the shipped examples). With ``strict`` the
shipped examples the removed rule matches are removed too, so a brand named in both the rules
and the examples cannot answer for itself: that measures what the encoder understands.

Time-weighted figures: coverage (share of held-out time with a sure suggestion), top-level and
distracting-or-not accuracy of the sure suggestions, the share of truly distracting time that
was flagged distracting (recall) and the share of flagged time that truly was (precision),
and the overall agreement (sure and right, over all held-out time).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, field

import numpy as np

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categories import UNCATEGORIZED, Categorizer, Category, Rule
from focuscoach.core.categorize.encoder import Encoder
from focuscoach.core.categorize.examples import shipped_examples
from focuscoach.core.categorize.suggest import (
    Suggestion,
    Suggestions,
    active_time,
    group_of,
    suggest,
)
from focuscoach.core.categorize.titles import reduce


@dataclass(slots=True)
class Tally:
    held_out: float = 0.0
    sure: float = 0.0
    top_right: float = 0.0
    leaf_right: float = 0.0
    distracting_right: float = 0.0
    truly_distracting: float = 0.0
    flagged: float = 0.0
    flagged_right: float = 0.0
    #: category -> (held-out seconds, sure seconds, sure and right at the top level)
    per_category: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for name in (
            "held_out",
            "sure",
            "top_right",
            "leaf_right",
            "distracting_right",
            "truly_distracting",
            "flagged",
            "flagged_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, figures in other.per_category.items():
            mine = self.per_category.get(name, (0.0, 0.0, 0.0))
            self.per_category[name] = (
                mine[0] + figures[0],
                mine[1] + figures[1],
                mine[2] + figures[2],
            )

    def figures(self) -> dict[str, float]:
        def share(a: float, b: float) -> float:
            return a / b if b else float("nan")

        return {
            "held_out_hours": self.held_out / 3600,
            "coverage": share(self.sure, self.held_out),
            "top_level_accuracy": share(self.top_right, self.sure),
            "distracting_accuracy": share(self.distracting_right, self.sure),
            "distracting_recall": share(self.flagged_right, self.truly_distracting),
            "flagged_precision": share(self.flagged_right, self.flagged),
            "agreement_top_level": share(self.top_right, self.held_out),
            "agreement_category": share(self.leaf_right, self.held_out),
        }


def without(rules: Categorizer, category: Category) -> Categorizer:
    """The rules with `category`'s regex removed (the category itself stays, without one)."""
    return Categorizer(
        [Rule(r.name, None) if r.name == category else r for r in rules.rules], rules.distracting
    )


Record = tuple[Category, float, Suggestion]  # (true category, seconds, suggestion)


def held_out_records(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    rules: Categorizer,
    encoder: Encoder,
    *,
    strict: bool = False,
) -> list[Record]:
    """Remove each regex category in turn; the suggestions for the windows it alone matched."""
    out: list[Record] = []
    times = active_time(windows, afk)
    shipped = shipped_examples()
    for rule in rules.rules:
        if rule.pattern is None:
            continue
        category = rule.name
        reduced = without(rules, category)
        truth = {
            w: s
            for w, s in times.items()
            if rules.categorize(*w) == category and reduced.categorize(*w) == UNCATEGORIZED
        }
        if not truth:
            continue
        examples: Mapping[Category, Sequence[str]] = shipped
        if strict:
            pattern = rule.pattern
            examples = {c: [t for t in ts if not pattern.search(t)] for c, ts in shipped.items()}
        result = suggest(windows, afk, reduced, encoder, shipped=examples)
        out.extend(
            (category, truth[(s.app, s.title)], s)
            for s in result.suggestions
            if (s.app, s.title) in truth
        )
    return out


def tally(records: Sequence[Record], rules: Categorizer, threshold: float | None = None) -> Tally:
    """Time-weighted figures; `threshold` replaces the suggester's own "sure" (0.6)."""
    total = Tally()
    for category, seconds, s in records:
        t = Tally()
        distracting = rules.is_distracting(category)
        t.held_out = seconds
        t.truly_distracting = seconds if distracting else 0.0
        sure = s.sure if threshold is None else s.confidence >= threshold
        if sure:
            t.sure = seconds
            t.top_right = seconds if s.category[:1] == category[:1] else 0.0
            t.leaf_right = seconds if s.category == category else 0.0
            t.distracting_right = seconds if s.distracting == distracting else 0.0
            if s.distracting:
                t.flagged = seconds
                t.flagged_right = seconds if distracting else 0.0
        t.per_category[" > ".join(category)] = (t.held_out, t.sure, t.top_right)
        total.add(t)
    return total


def intervals(
    records: Sequence[Record], rules: Categorizer, samples: int = 2000, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """95 % percentile-bootstrap intervals of the figures. The suggester is deterministic, so
    what varies is which windows a log happens to hold; windows of one app or site are
    guessed together (they vote as a group), so whole apps and sites are resampled."""
    if not records:
        return {}
    clusters: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        clusters[group_of(reduce(record[2].app, record[2].title))].append(record)
    # Each group's sums (the tally without its per-category table), resampled as a whole.
    sums = np.array([astuple(tally(group, rules))[:-1] for group in clusters.values()])
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(sums), [1 / len(sums)] * len(sums), size=samples)
    drawn: dict[str, list[float]] = defaultdict(list)
    for resampled in counts @ sums:
        for name, value in Tally(*resampled.tolist()).figures().items():
            if not np.isnan(value):
                drawn[name].append(value)
    return {
        name: (float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5)))
        for name, values in drawn.items()
    }


def held_out(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    rules: Categorizer,
    encoder: Encoder,
    *,
    strict: bool = False,
) -> Tally:
    """Remove each regex category in turn and score the suggestions for what it matched."""
    return tally(held_out_records(windows, afk, rules, encoder, strict=strict), rules)


def reliability(
    records: Sequence[Record], bins: Sequence[float] = (0.6, 0.7, 0.8, 0.9, 1.01)
) -> list[tuple[float, float, float, float]]:
    """(bin low, bin high, mean confidence, top-level accuracy) over time, per confidence bin
    of the sure suggestions: a calibrated confidence is close to the accuracy."""
    out = []
    for low, high in itertools.pairwise(bins):
        chosen = [(c, sec, s) for c, sec, s in records if low <= s.confidence < high]
        weight = sum(sec for _, sec, _ in chosen)
        if weight == 0:
            continue
        confidence = sum(sec * s.confidence for _, sec, s in chosen) / weight
        right = sum(sec for c, sec, s in chosen if s.category[:1] == c[:1]) / weight
        out.append((low, min(high, 1.0), confidence, right))
    return out


def blind_examples(windows: Sequence[WindowSpan]) -> dict[Category, list[str]]:
    """The shipped examples without any that names an app or a site of `windows`: what a
    log's coverage is measured with when the examples may have been written knowing the log
    (an example naming the very app would answer for it)."""
    names: set[str] = set()
    for w in windows:
        reduced = reduce(w.app, w.title)
        names.update(n.casefold() for n in (w.app, reduced.site, reduced.text) if n)
    return {c: [t for t in ts if t.casefold() not in names] for c, ts in shipped_examples().items()}


def coverage(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    rules: Categorizer,
    encoder: Encoder,
    shipped: Mapping[Category, Sequence[str]] | None = None,
) -> tuple[float, float, dict[str, float]]:
    """(uncategorised seconds, seconds with a sure suggestion, sure seconds per category)."""
    result = suggest(windows, afk, rules, encoder, shipped=shipped)
    by_category: dict[str, float] = defaultdict(float)
    for s in result.suggestions:
        if s.sure:
            by_category[" > ".join(s.category)] += s.seconds
    return result.uncategorized_seconds, result.sure_seconds, dict(by_category)


def questions(result: Suggestions) -> list[float]:
    """The uncategorised seconds that each answer to an unsure suggestion would categorise,
    the heaviest first, as the Categories window asks: an app is answered for all its windows
    at once, a browser's page alone, and a browser window without a page title not at all."""
    by_question: dict[tuple[str, str], float] = defaultdict(float)
    for s in result.suggestions:
        if not s.sure and not s.untitled_browser:
            by_question[(s.app, s.title) if s.browser else (s.app, "")] += s.seconds
    return sorted(by_question.values(), reverse=True)
