"""What a window's text gives the model, worked out once per distinct (app, title).

A live prediction builds a History of the last ~128 windows, and the next prediction sees
nearly the same ones: categorising and tokenising each again (and hashing the feature config
for the token cache) was a tenth of a prediction. `SpanFacts` keeps, per categorizer and
feature config, one row per distinct (app, title): its category, whether it distracts, its
padded token ids and an id of its app name, so a History gathers them with one look-up per
window and numpy indexing. The values are exactly what the categorizer and
`tokens.padded_tokens` give (tests/model/test_span_facts.py).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import Categorizer, Category
from focuscoach.core.model.feature_layout import FeatureConfig
from focuscoach.core.model.tokens import padded_tokens

#: Distinct windows kept before a table starts afresh (a year of titles must not pile up in
#: the tray: about 210 bytes each, so at most ~3.5 MB; as many as tokens.py's caches keep).
LIMIT = 16_384


class Gathered(NamedTuple):
    """The facts of a list of spans: [N] each, tokens [N, width]."""

    categories: list[Category]
    distracting: NDArray[np.float64]
    app_ids: NDArray[np.int64]  # equal ids: the same app name
    app_tokens: NDArray[np.int32]
    title_tokens: NDArray[np.int32]


class SpanFacts:
    """Rows of per-window facts for one categorizer and feature config (thread-safe)."""

    def __init__(self, categorizer: Categorizer, config: FeatureConfig) -> None:
        self._categorizer = categorizer
        self._config = config
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._rows: dict[tuple[str, str], int] = {}
        self._apps: dict[str, int] = {}
        self.categories: list[Category] = []
        self._size = 0
        self._grow(64)

    def _grow(self, capacity: int) -> None:
        size, cfg = self._size, self._config
        distracting = np.zeros(capacity)
        app_ids = np.zeros(capacity, np.int64)
        app_tokens = np.zeros((capacity, cfg.app_tokens), np.int32)
        title_tokens = np.zeros((capacity, cfg.title_tokens), np.int32)
        if size:
            distracting[:size] = self.distracting[:size]
            app_ids[:size] = self.app_ids[:size]
            app_tokens[:size] = self.app_tokens[:size]
            title_tokens[:size] = self.title_tokens[:size]
        self.distracting: NDArray[np.float64] = distracting
        self.app_ids: NDArray[np.int64] = app_ids
        self.app_tokens: NDArray[np.int32] = app_tokens
        self.title_tokens: NDArray[np.int32] = title_tokens

    def gather(self, spans: Sequence[WindowSpan]) -> Gathered:
        """The facts of each span, in order (rows added for new windows)."""
        with self._lock:
            if len(self._rows) + len(spans) > LIMIT:
                self._clear()
            found = self._rows
            get = found.get
            out: list[int] = []
            append = out.append
            for span in spans:
                key = (span.app, span.title)
                row = get(key)
                if row is None:
                    row = found[key] = self._add(span.app, span.title)
                append(row)
            rows = np.array(out, dtype=np.intp)
            categories = self.categories
            return Gathered(
                [categories[r] for r in out],
                self.distracting[rows],
                self.app_ids[rows],
                self.app_tokens[rows],
                self.title_tokens[rows],
            )

    def _add(self, app: str, title: str) -> int:
        row = self._size
        if row == self.distracting.size:
            self._grow(2 * row)
        cat = self._categorizer
        category = cat.categorize(app, title)
        app_ids, title_ids = padded_tokens(app, title, category, self._config)
        self.categories.append(category)
        self.distracting[row] = 1.0 if cat.is_distracting(category) else 0.0
        self.app_ids[row] = self._apps.setdefault(app, len(self._apps))
        self.app_tokens[row] = app_ids
        self.title_tokens[row] = title_ids
        self._size = row + 1
        return row


_TABLES: weakref.WeakKeyDictionary[Categorizer, dict[FeatureConfig, SpanFacts]] = (
    weakref.WeakKeyDictionary()
)
_TABLES_LOCK = threading.Lock()


def span_facts(categorizer: Categorizer, config: FeatureConfig) -> SpanFacts:
    """The table for this categorizer (kept while it lives) and config."""
    with _TABLES_LOCK:
        by_config = _TABLES.setdefault(categorizer, {})
        table = by_config.get(config)
        if table is None:
            table = by_config[config] = SpanFacts(categorizer, config)
        return table
