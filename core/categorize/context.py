"""Context: a distracting site's page close in meaning to the current task counts as on-task.

A Rust parser tutorial on YouTube during the task "Implement the config parser in Rust" is
work; a cat video is not. The decision compares the page (the title without site and browser,
`titles.reduce`) with the task's title: cosine similarity of their encoder vectors at or above
`ON_TASK_SIMILARITY`. Only the page is compared, as the site's name ("YouTube") says nothing
about the task. Measured on hand-made English and Chinese pairs (tests/categorize/
test_context.py): related pages score 0.33-0.71, unrelated ones 0.02-0.26.

`train` uses it for its labels (`on_task_spans`): the current task of a moment is the one of the
planned focus block it falls in (a plan's block names its task), and a distracting span that
starts inside the block and is close to that task counts as work.

The live drift rule (tray and `replay`) uses the same decision, judged ahead of time by a
worker process and stored, since the tray never loads the encoder: task_context.py.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import Categorizer
from focuscoach.core.categorize.encoder import Encoder
from focuscoach.core.categorize.titles import reduce

ON_TASK_SIMILARITY = 0.3


def task_similarity(encoder: Encoder, app: str, title: str, task: str) -> float:
    """Cosine similarity of the window's page and the task's title."""
    page = reduce(app, title).page or reduce(app, title).text
    if not page.strip() or not task.strip():
        return 0.0
    vectors = encoder.encode([page, task])
    return float(np.dot(vectors[0], vectors[1]))


def distracting_in_context(
    encoder: Encoder, rules: Categorizer, app: str, title: str, task: str | None
) -> bool:
    """Whether a window counts as distraction while working on `task` (None: no task)."""
    if not rules.is_distracting_window(app, title):
        return False
    if not task:
        return True
    return task_similarity(encoder, app, title, task) < ON_TASK_SIMILARITY


@dataclass(frozen=True, slots=True)
class FocusBlock:
    """A planned focus block and the title of its task."""

    start: float
    end: float
    task: str


def on_task_spans(
    encoder: Encoder,
    rules: Categorizer,
    windows: Sequence[WindowSpan],
    blocks: Sequence[FocusBlock],
) -> list[WindowSpan]:
    """The spans the rules call distracting that start inside a focus block and whose page is
    close in meaning to the block's task (`ON_TASK_SIMILARITY`)."""
    spans = sorted(
        (w for w in windows if w.end > w.start and rules.is_distracting_window(w.app, w.title)),
        key=lambda w: w.start,
    )
    starts = [w.start for w in spans]
    pairs: list[tuple[WindowSpan, str, str]] = []
    for block in blocks:
        if not block.task.strip():
            continue
        lo = bisect.bisect_left(starts, block.start)
        hi = bisect.bisect_left(starts, block.end)
        for w in spans[lo:hi]:
            reduced = reduce(w.app, w.title)
            page = reduced.page or reduced.text
            if page.strip():
                pairs.append((w, page, block.task))
    if not pairs:
        return []
    texts = list(dict.fromkeys(t for _, page, task in pairs for t in (page, task)))
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    return [
        w
        for w, page, task in pairs
        if float(np.dot(vectors[page], vectors[task])) >= ON_TASK_SIMILARITY
    ]
