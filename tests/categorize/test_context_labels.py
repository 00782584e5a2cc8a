"""Context in the model's labels: a tutorial close to the planned task is work, not distraction."""

from __future__ import annotations

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import default_categorizer
from focuscoach.core.categorize.context import FocusBlock, on_task_spans
from focuscoach.core.categorize.encoder import UseEncoder
from focuscoach.core.model.examples import build_examples, candidate_times

TASK = "Implement the config parser in Rust"
CODE = ("Code", "parser.rs - config - Visual Studio Code")
TUTORIAL = ("firefox", "Rust parser combinators tutorial - YouTube — Mozilla Firefox")
CATS = ("firefox", "Funny cat compilation 2024 - YouTube — Mozilla Firefox")
BILIBILI = ("Google-chrome", "Python asyncio 教程 第3集_哔哩哔哩_bilibili - Google Chrome")


def span(start: float, end: float, window: tuple[str, str]) -> WindowSpan:
    return WindowSpan(start, end, *window)


def test_only_distracting_spans_close_to_their_blocks_task_are_on_task(
    encoder: UseEncoder,
) -> None:
    rules = default_categorizer()
    in_block = span(600, 700, TUTORIAL)
    chinese = span(5600, 5700, BILIBILI)
    windows = [
        span(0, 600, CODE),
        in_block,
        span(700, 800, CATS),  # in the block, not about the task
        span(4000, 4100, TUTORIAL),  # about the task, outside any block
        chinese,
    ]
    blocks = [
        FocusBlock(0.0, 3600.0, TASK),
        FocusBlock(5000.0, 6000.0, "学习 Python 异步编程"),
        FocusBlock(3600.0, 5000.0, ""),  # no task: nothing to compare with
    ]
    assert on_task_spans(encoder, rules, windows, blocks) == [in_block, chinese]
    assert on_task_spans(encoder, rules, windows, []) == []


def test_on_task_spans_count_as_work_for_labels_and_candidates() -> None:
    windows = [span(0, 600, CODE), span(600, 700, TUTORIAL), span(700, 2000, CODE)]
    plain = build_examples(windows)
    assert plain.positives > 0 and 601.0 not in plain.times.tolist()
    ex = build_examples(windows, on_task=[windows[1]])
    assert ex.positives == 0 and 601.0 in ex.times.tolist()
    assert set(ex.weights.tolist()) == {1.0}
    # Another span of the same window, not on-task, is still distraction.
    later = [
        *windows[:2],
        span(700, 1000, CODE),
        span(1000, 1100, TUTORIAL),
        span(1100, 2500, CODE),
    ]
    assert 1001.0 not in candidate_times(later, on_task=[later[1]]).tolist()
    assert build_examples(later, on_task=[later[1]]).positives > 0
