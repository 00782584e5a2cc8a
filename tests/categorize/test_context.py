"""A video close in meaning to the current task is on-task; anything else stays distraction."""

from __future__ import annotations

import pytest

from focuscoach.core.categories import default_categorizer
from focuscoach.core.categorize.context import ON_TASK_SIMILARITY, distracting_in_context
from focuscoach.core.categorize.encoder import UseEncoder

ON_TASK = [
    ("Implement the config parser in Rust", "firefox", "Rust parser combinators tutorial - YouTube — Mozilla Firefox"),
    ("Implement the config parser in Rust", "firefox", "Live coding: writing a JSON parser in Rust - YouTube — Mozilla Firefox"),
    ("学习 Python 异步编程", "Google-chrome", "Python asyncio 教程 第3集_哔哩哔哩_bilibili - Google Chrome"),
    ("Prepare the machine learning lecture on transformers", "firefox", "Attention is all you need - transformer paper explained - YouTube — Mozilla Firefox"),
    ("修复登录接口的 bug", "Google-chrome", "Spring Boot 登录接口 JWT 鉴权 教程_哔哩哔哩_bilibili - Google Chrome"),
]  # fmt: skip
OFF_TASK = [
    ("Implement the config parser in Rust", "firefox", "Funny cat compilation 2024 - YouTube — Mozilla Firefox"),
    ("Implement the config parser in Rust", "firefox", "Minecraft let's play episode 5 - YouTube — Mozilla Firefox"),
    ("学习 Python 异步编程", "Google-chrome", "【搞笑】猫咪合集_哔哩哔哩_bilibili - Google Chrome"),
    ("Write the quarterly sales report", "firefox", "NBA highlights Lakers vs Celtics - YouTube — Mozilla Firefox"),
    ("修复登录接口的 bug", "Google-chrome", "【搞笑】猫咪合集_哔哩哔哩_bilibili - Google Chrome"),
]  # fmt: skip


@pytest.mark.parametrize(("task", "app", "title"), ON_TASK)
def test_a_video_about_the_task_is_on_task(
    encoder: UseEncoder, task: str, app: str, title: str
) -> None:
    rules = default_categorizer()
    assert rules.is_distracting_window(app, title)
    assert not distracting_in_context(encoder, rules, app, title, task)


@pytest.mark.parametrize(("task", "app", "title"), OFF_TASK)
def test_a_video_about_something_else_stays_distraction(
    encoder: UseEncoder, task: str, app: str, title: str
) -> None:
    rules = default_categorizer()
    assert distracting_in_context(encoder, rules, app, title, task)
    assert distracting_in_context(encoder, rules, app, title, None)


def test_work_windows_are_never_distraction(encoder: UseEncoder) -> None:
    rules = default_categorizer()
    assert not distracting_in_context(encoder, rules, "Code", "main.rs - Visual Studio Code", "x")
    assert 0 < ON_TASK_SIMILARITY < 1
