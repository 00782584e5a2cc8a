"""The benchmark's arithmetic: what answering the unsure suggestions would categorise
(`evaluation.questions`) and the figures' bootstrap intervals (`evaluation.intervals`)."""

from __future__ import annotations

from focuscoach.core.categories import default_categorizer
from focuscoach.core.categorize.evaluation import intervals, questions, tally
from focuscoach.core.categorize.suggest import Suggestion, Suggestions


def _s(app: str, title: str, seconds: float, sure: bool, browser: bool = False) -> Suggestion:
    return Suggestion(
        app,
        title,
        seconds,
        ("Work",),
        False,
        0.9 if sure else 0.3,
        sure,
        None,
        browser and not title,
        browser,
    )


def test_an_app_is_one_question_a_browser_page_is_one_and_a_bare_browser_none() -> None:
    result = Suggestions(
        2000.0,
        5000.0,
        [
            _s("Trilium", "journal", 500.0, sure=False),
            _s("Trilium", "reading list", 200.0, sure=False),
            _s("Trilium", "plan", 100.0, sure=True),  # covered already
            _s("firefox", "Lobsters — Mozilla Firefox", 300.0, sure=False, browser=True),
            _s("firefox", "Tildes — Mozilla Firefox", 50.0, sure=False, browser=True),
            _s("Firefox Beta", "", 800.0, sure=False, browser=True),  # never asked
            _s("AntFortune", "", 600.0, sure=False),
        ],
    )
    assert questions(result) == [700.0, 600.0, 300.0, 50.0]


def test_intervals_resample_whole_apps_and_hold_the_figure() -> None:
    rules = default_categorizer()
    right = _s("Trilium", "journal", 600.0, sure=True)  # "Work", truly Work
    wrong = _s("Joplin", "notes", 300.0, sure=True)  # "Work", truly Video
    records = [
        (("Work", "Office"), 600.0, right),
        (("Work", "Office"), 200.0, _s("Trilium", "plan", 200.0, sure=True)),
        (("Distracting", "Video"), 300.0, wrong),
        (("Work", "Office"), 100.0, _s("Zettlr", "draft", 100.0, sure=True)),
    ]
    point = tally(records, rules).figures()["top_level_accuracy"]
    low, high = intervals(records, rules, samples=500)["top_level_accuracy"]
    assert 0.0 <= low < point < high == 1.0
    # Deterministic, and all right means no doubt at all.
    assert intervals(records, rules, samples=500) == intervals(records, rules, samples=500)
    only_right = [r for r in records if r[2] is not wrong]
    assert intervals(only_right, rules)["top_level_accuracy"] == (1.0, 1.0)
    assert intervals([], rules) == {}
