"""Suggestions the user has not answered, as low-weight evidence for the model's labels.

`train` runs the suggester over the history it trains on and keeps the sure suggestions for
windows the user has neither accepted (those are rules now, and label at full weight) nor
rejected (any category: the user has spoken about that window). The model's labels give them a
low weight (core/model/examples.py); nothing here imports the model.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categories import Categorizer, Category
from focuscoach.core.categorize import answers
from focuscoach.core.categorize.encoder import Encoder
from focuscoach.core.categorize.suggest import Suggestion, Window, suggest

#: The heaviest uncategorised windows considered: the long tail holds little time.
MAX_WINDOWS = 2000


@dataclass(frozen=True, slots=True)
class Unanswered:
    """(app, title) -> (distracting, confidence), with what was left out and why."""

    labels: dict[Window, tuple[bool, float]]
    answered: int  # sure suggestions left out because the user answered for that window

    @property
    def distracting(self) -> int:
        return sum(1 for d, _ in self.labels.values() if d)


def unanswered(
    suggestions: Iterable[Suggestion],
    rejected: Collection[tuple[str, str, Category]],
    accepted: Collection[Window],
) -> Unanswered:
    """The sure suggestions for windows the user gave no answer about."""
    refused = {(app, title) for app, title, _ in rejected}
    labels: dict[Window, tuple[bool, float]] = {}
    answered = 0
    for s in suggestions:
        if not s.sure:
            continue
        window = (s.app, s.title)
        if window in refused or window in accepted:
            answered += 1
            continue
        labels[window] = (s.distracting, s.confidence)
    return Unanswered(labels, answered)


def for_training(
    windows: Sequence[WindowSpan],
    afk: Sequence[AfkSpan],
    rules: Categorizer,
    rules_file: Path,
    data_dir: Path,
    encoder: Encoder,
) -> Unanswered:
    """Unanswered sure suggestions over a training history (`train` calls this)."""
    rejected = answers.rejected(data_dir)
    result = suggest(windows, afk, rules, encoder, rejected, limit=MAX_WINDOWS)
    return unanswered(result.suggestions, rejected, answers.accepted(rules_file))
