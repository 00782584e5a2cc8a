"""Suggestions: a category for each (app, title) the rules leave uncategorised, by time spent.

The examples are the shipped ones (resources/categories/examples.json) plus the user's own
categorised history: each distinct window the rules categorise, heaviest first and at most
`MAX_HISTORY_PER_CATEGORY` per category. Browser titles are reduced to page and site first
(`titles.reduce`). An app (or a browser's site) whose other windows the rules put in one
category lends it to its uncategorised windows (`with_group_history`). Answers the user gave
are respected: a rejected (window, category) pair is not suggested again (the runner-up is
offered if it is sure enough).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categories import UNCATEGORIZED, Categorizer, Category
from focuscoach.core.categorize.encoder import Encoder
from focuscoach.core.categorize.examples import name_of, shipped_examples
from focuscoach.core.categorize.neighbours import (
    SHIPPED,
    SURE,
    Example,
    Guess,
    NeighbourClassifier,
)
from focuscoach.core.categorize.titles import Reduced, reduce
from focuscoach.core.ranges import merge

MAX_HISTORY_PER_CATEGORY = 300
Window = tuple[str, str]  # (app, title)


@dataclass(frozen=True, slots=True)
class Suggestion:
    app: str
    title: str
    seconds: float
    category: Category
    distracting: bool
    confidence: float
    sure: bool
    runner_up: Category | None
    #: A browser window without a page title: nothing tells what was open, whatever the guess.
    untitled_browser: bool = False
    #: A browser's window: its app is no category of its own (a rule for the whole app would
    #: take in every page).
    browser: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "app": self.app,
            "title": self.title,
            "seconds": round(self.seconds, 1),
            "category": name_of(self.category),
            "distracting": self.distracting,
            "confidence": round(self.confidence, 3),
            "sure": self.sure,
            "runner_up": name_of(self.runner_up) if self.runner_up else None,
            "untitled_browser": self.untitled_browser,
            "browser": self.browser,
        }


@dataclass(frozen=True, slots=True)
class Suggestions:
    uncategorized_seconds: float
    active_seconds: float
    suggestions: list[Suggestion]

    @property
    def sure_seconds(self) -> float:
        return sum(s.seconds for s in self.suggestions if s.sure)

    def as_json(self) -> dict[str, Any]:
        return {
            "uncategorized_seconds": round(self.uncategorized_seconds, 1),
            "active_seconds": round(self.active_seconds, 1),
            "covered_seconds": round(self.sure_seconds, 1),
            "threshold": SURE,
            "suggestions": [s.as_json() for s in self.suggestions],
        }


def active_time(windows: Iterable[WindowSpan], afk: Sequence[AfkSpan]) -> dict[Window, float]:
    """Seconds each (app, title) had focus while the user was not away."""
    away = merge((a.start, a.end) for a in afk if a.afk)
    starts = [s for s, _ in away]
    totals: dict[Window, float] = defaultdict(float)
    for w in windows:
        length = w.end - w.start
        if length <= 0:
            continue
        i = max(bisect.bisect_right(starts, w.start) - 1, 0)
        while i < len(away) and away[i][0] < w.end:
            length -= max(0.0, min(w.end, away[i][1]) - max(w.start, away[i][0]))
            i += 1
        if length > 0:
            totals[(w.app, w.title)] += length
    return dict(totals)


def group_of(reduced: Reduced) -> str:
    """The group a window votes with: a browser page's site, else its app."""
    if reduced.browser and reduced.site:
        return f"site:{reduced.site}"
    return f"app:{reduced.app.lower()}"


def _group_name(reduced: Reduced) -> str:
    """The name a group goes by: the site's for a browser page, else the app's ("" for a
    browser page without a site: the browser's name says nothing)."""
    return reduced.site if reduced.browser else reduced.app


def build_examples(
    rules: Categorizer,
    categorized: Mapping[Window, float],
    shipped: Mapping[Category, Sequence[str]] | None = None,
    exclude: Collection[Category] = (),
) -> list[Example]:
    """Shipped examples of the rules' categories plus the user's categorised windows."""
    known = set(rules.names) - {UNCATEGORIZED}
    out: list[Example] = []
    for category, titles in (shipped if shipped is not None else shipped_examples()).items():
        if category in known and category not in exclude:
            out.extend(Example(t, category, f"{SHIPPED}{t}") for t in titles)
    per_category: dict[Category, int] = defaultdict(int)
    for (app, title), _seconds in sorted(categorized.items(), key=lambda kv: -kv[1]):
        category = rules.categorize(app, title)
        if category == UNCATEGORIZED or category in exclude:
            continue
        if per_category[category] >= MAX_HISTORY_PER_CATEGORY:
            continue
        per_category[category] += 1
        reduced = reduce(app, title)
        out.append(Example(reduced.text, category, group_of(reduced)))
    # One text, one example: keep the first label.
    seen: set[str] = set()
    unique = []
    for example in out:
        if example.text not in seen:
            seen.add(example.text)
            unique.append(example)
    return unique


def suggest(
    windows: Iterable[WindowSpan],
    afk: Sequence[AfkSpan],
    rules: Categorizer,
    encoder: Encoder,
    rejected: Collection[tuple[str, str, Category]] = (),
    shipped: Mapping[Category, Sequence[str]] | None = None,
    limit: int | None = None,
) -> Suggestions:
    """Suggestions for the uncategorised windows, heaviest first."""
    times = active_time(windows, afk)
    uncategorized = {w: s for w, s in times.items() if rules.categorize(*w) == UNCATEGORIZED}
    categorized = {w: s for w, s in times.items() if w not in uncategorized}
    ranked = sorted(uncategorized.items(), key=lambda kv: (-kv[1], kv[0]))
    if limit is not None:
        ranked = ranked[:limit]
    examples = build_examples(rules, categorized, shipped)
    if not ranked or not examples:
        return Suggestions(sum(uncategorized.values()), sum(times.values()), [])
    classifier = NeighbourClassifier(encoder, examples)
    reductions = [reduce(app, title) for (app, title), _ in ranked]
    groups = [group_of(r) for r in reductions]
    names = {g: _group_name(r) for g, r in zip(groups, reductions, strict=True)}
    guesses = classifier.guess(
        [r.text for r in reductions], groups, [seconds for _, seconds in ranked], names
    )
    siblings = group_history(rules, categorized)
    out = []
    for ((app, title), seconds), guess, group, reduced in zip(
        ranked, guesses, groups, reductions, strict=True
    ):
        guess = with_group_history(guess, siblings.get(group))
        chosen = _respect_rejections(app, title, guess, rejected)
        if chosen is None:
            continue
        category, confidence, runner = chosen
        untitled = reduced.browser and not reduced.page and not reduced.site
        if untitled:
            confidence = 0.0
        out.append(
            Suggestion(
                app,
                title,
                seconds,
                category,
                rules.is_distracting(category),
                confidence,
                confidence >= SURE,
                runner,
                untitled,
                reduced.browser,
            )
        )
    return Suggestions(sum(uncategorized.values()), sum(times.values()), out)


def group_history(
    rules: Categorizer, categorized: Mapping[Window, float]
) -> dict[str, dict[Category, int]]:
    """Group (an app, or a browser's site) -> how many of its distinct categorised windows
    each category has. A browser page without a site has no group: the browser is no
    evidence of anything."""
    out: dict[str, dict[Category, int]] = defaultdict(lambda: defaultdict(int))
    for app, title in categorized:
        reduced = reduce(app, title)
        if reduced.browser and not reduced.site:
            continue
        category = rules.categorize(app, title)
        if category != UNCATEGORIZED:
            out[group_of(reduced)][category] += 1
    return out


def with_group_history(guess: Guess, siblings: Mapping[Category, int] | None) -> Guess:
    """App-level evidence: a window of an app (or site) whose other windows the rules put in
    one category is probably in it too. The chance is the rule of succession over the
    group's distinct windows, (agreeing + 1) / (all + 2), and it needs two agreeing windows:
    one app title matched by a rule is weak evidence for the rest."""
    if not siblings:
        return guess
    category, agreeing = max(siblings.items(), key=lambda kv: (kv[1], kv[0]))
    chance = (agreeing + 1) / (sum(siblings.values()) + 2)
    if agreeing < 2 or chance < SURE:
        return guess
    if guess.category == category[: len(guess.category)]:
        # The same answer, or its top level: the group says which sub-category.
        return Guess(
            category, max(chance, guess.confidence), guess.score, guess.margin, guess.runner_up
        )
    if chance <= guess.confidence:
        return guess
    return Guess(category, chance, guess.score, guess.margin, guess.category)


def _respect_rejections(
    app: str, title: str, guess: Guess, rejected: Collection[tuple[str, str, Category]]
) -> tuple[Category, float, Category | None] | None:
    if (app, title, guess.category) not in rejected:
        return guess.category, guess.confidence, guess.runner_up
    if guess.runner_up is None or (app, title, guess.runner_up) in rejected:
        return None
    # The runner-up is, by construction, less certain: halve the confidence.
    return guess.runner_up, guess.confidence / 2, None
