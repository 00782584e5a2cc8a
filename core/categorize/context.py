"""Context: a distracting site's page close in meaning to the current task counts as on-task.

A Rust parser tutorial on YouTube during the task "Implement the config parser in Rust" is
work; a cat video is not. The decision compares the page (the title without site and browser,
`titles.reduce`) with the task's title: cosine similarity of their encoder vectors at or above
`ON_TASK_SIMILARITY`. Only the page is compared, as the site's name ("YouTube") says nothing
about the task. Measured on hand-made English and Chinese pairs (tests/categorize/
test_context.py): related pages score 0.33-0.71, unrelated ones 0.02-0.26.
"""

from __future__ import annotations

import numpy as np

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
