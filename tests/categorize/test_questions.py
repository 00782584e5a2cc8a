"""What answering the unsure suggestions would categorise (`evaluation.questions`)."""

from __future__ import annotations

from focuscoach.core.categorize.evaluation import questions
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
