"""The Categories window: rules tree with this week's time, regex test, suggestions answered."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from focuscoach.core.categories import load_rules
from focuscoach.core.paths import resolve

pytest.importorskip("PySide6")
from focuscoach.desktop.categories import CategoriesWindow

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTreeWidgetItem

WEEK = {
    ("firefox", "rust tutorial - YouTube — Mozilla Firefox"): 1200.0,
    ("Code", "main.rs - Visual Studio Code"): 3000.0,
    ("陌陌", ""): 600.0,
}
REPORT = {
    "uncategorized_seconds": 600.0,
    "suggestions": [
        {
            "app": "陌陌",
            "title": "",
            "seconds": 600.0,
            "category": "Distracting > Social",
            "distracting": True,
            "confidence": 0.99,
            "sure": True,
        }
    ],
}


def _window(qtbot: object, tmp_path: Path, command: list[str] | None = None) -> CategoriesWindow:
    paths = resolve(tmp_path)
    paths.ensure()
    window = CategoriesWindow(paths, WEEK, command or [sys.executable, "-c", "pass"])
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    return window


def _item(window: CategoriesWindow, *names: str) -> QTreeWidgetItem:
    """The tree's item of a category, by its stored (English) name, in any language."""
    items = window.tree.findItems("", _flags(), 0)
    return next(i for i in items if i.data(0, 256) == list(names))


def _flags() -> Qt.MatchFlag:
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive


def test_the_tree_shows_rules_and_this_weeks_time(qtbot: object, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    video = _item(window, "Distracting", "Video")
    assert "YouTube" in video.text(1)
    assert video.text(2) == "20 min"
    assert _item(window, "Work").text(2) == "50 min"


def test_the_regex_box_lists_matching_titles(qtbot: object, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.regex_box.setText(r"rust|main\.rs")
    assert window.matches.count() == 2
    assert "70 min" in window.regex_result.text()
    window.regex_box.setText("(a")
    assert "Not a usable regex" in window.regex_result.text()


def test_an_edited_regex_is_saved_private(qtbot: object, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    _item(window, "Distracting", "Social").setText(1, "LinkedIn|陌陌")
    assert window.save_rules()
    file = tmp_path / "categories.json"
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    assert load_rules(file).categorize("陌陌", "") == ("Distracting", "Social")
    _item(window, "Distracting", "Social").setText(1, "(?=x)")  # RE2 cannot run it
    assert not window.save_rules()
    assert "Social" in window.rules_error.text()


def test_suggestions_come_from_a_child_process_and_are_accepted(
    qtbot: object, tmp_path: Path
) -> None:
    script = f"import json; print(json.dumps({REPORT!r}))"
    window = _window(qtbot, tmp_path, [sys.executable, "-c", script])
    window.find_suggestions()
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=20_000)  # type: ignore[attr-defined]
    item = window.table.item(0, 2)
    assert item is not None and item.text() == "Distracting > Social"
    window.table.selectRow(0)
    window.answer(True)
    assert window.table.rowCount() == 0
    rules = json.loads((tmp_path / "categories.json").read_text(encoding="utf-8"))
    assert rules["categories"][-1]["accepted"] == {"app": "陌陌", "title": ""}
    assert _item(window, "Distracting", "Social").text(2) == "10 min"


def test_a_rejection_is_remembered(qtbot: object, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show_suggestions(REPORT)
    window.table.selectRow(0)
    window.answer(False)
    saved = json.loads((tmp_path / "suggestions.json").read_text(encoding="utf-8"))
    assert saved["rejected"][0]["category"] == ["Distracting", "Social"]


QUESTIONS = {
    "uncategorized_seconds": 2400.0,
    "suggestions": [
        {
            "app": "AntFortune",
            "title": "",
            "seconds": 900.0,
            "category": "Personal > Health",
            "distracting": False,
            "confidence": 0.38,
            "sure": False,
            "browser": False,
        },
        {
            "app": "Firefox Beta",
            "title": "",
            "seconds": 700.0,
            "category": "Communication",
            "distracting": False,
            "confidence": 0.0,
            "sure": False,
            "untitled_browser": True,
            "browser": True,
        },
        {
            "app": "Trilium",
            "title": "journal 2026-12-01",
            "seconds": 500.0,
            "category": "Work > Office",
            "distracting": False,
            "confidence": 0.45,
            "sure": False,
            "browser": False,
        },
        {
            "app": "Trilium",
            "title": "reading list",
            "seconds": 200.0,
            "category": "Distracting > News",
            "distracting": True,
            "confidence": 0.41,
            "sure": False,
            "browser": False,
        },
        {
            "app": "firefox",
            "title": "Lobsters — Mozilla Firefox",
            "seconds": 100.0,
            "category": "Distracting > News",
            "distracting": True,
            "confidence": 0.55,
            "sure": False,
            "browser": True,
        },
    ],
}


def _text(window: CategoriesWindow, row: int, column: int) -> str:
    item = window.table.item(row, column)
    assert item is not None
    return item.text()


def test_unsure_windows_are_asked_and_the_users_category_becomes_a_rule(
    qtbot: object, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path)
    window.show_suggestions(QUESTIONS)
    # The title-less browser is not asked about: nothing tells what it showed.
    assert window.table.rowCount() == 4
    assert "Firefox Beta" not in [_text(window, r, 1) for r in range(4)]
    assert _text(window, 0, 2) == "Not sure — maybe Personal > Health"
    assert "0 suggestions and 4 questions for 40 min" in window.suggest_status.text()
    window.table.selectRow(0)
    assert window.category_box.currentText() == "Personal > Health"
    assert window.whole_app.isChecked() and not window.whole_app.isEnabled()
    # The user knows better than the guess.
    window.category_box.setCurrentText("Personal > Finance")
    window.answer(True)
    file = tmp_path / "categories.json"
    assert load_rules(file).categorize("AntFortune", "") == ("Personal", "Finance")
    assert window.table.rowCount() == 3
    assert _text(window, 0, 1) == "Trilium — journal 2026-12-01"


def test_every_window_of_an_app_at_once_but_never_a_browsers(qtbot: object, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show_suggestions(QUESTIONS)
    window.table.selectRow(3)  # the browser page
    assert window.category_box.currentText() == "Distracting > News"
    assert not window.whole_app.isEnabled() and not window.whole_app.isChecked()
    window.table.selectRow(1)  # one of Trilium's windows
    assert window.category_box.currentText() == "Work > Office"
    assert window.whole_app.isEnabled() and not window.whole_app.isChecked()
    window.whole_app.setChecked(True)
    window.answer(True)
    rules = load_rules(tmp_path / "categories.json")
    assert rules.categorize("Trilium", "reading list") == ("Work", "Office")
    assert rules.categorize("Trilium", "any page at all") == ("Work", "Office")
    # Both of Trilium's rows are answered by the one rule; the other two stay.
    assert [_text(window, r, 1).split(" — ")[0] for r in range(window.table.rowCount())] == [
        "AntFortune",
        "firefox",
    ]


def test_one_title_only_unless_asked(qtbot: object, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show_suggestions(QUESTIONS)
    window.table.selectRow(1)
    window.answer(True)
    rules = load_rules(tmp_path / "categories.json")
    assert rules.categorize("Trilium", "journal 2026-12-01") == ("Work", "Office")
    assert rules.categorize("Trilium", "reading list") != ("Work", "Office")
    assert window.table.rowCount() == 3


def test_in_chinese_the_categories_read_in_chinese_and_are_stored_in_english(
    qtbot: object, tmp_path: Path
) -> None:
    from focuscoach.core import i18n

    i18n.set_language("zh_CN")
    try:
        window = _window(qtbot, tmp_path)
        assert _item(window, "Distracting", "Video").text(0) == "视频"
        window.show_suggestions(QUESTIONS)
        assert _text(window, 0, 2).endswith("个人 > 健康")
        window.table.selectRow(0)
        assert window.category_box.currentText() == "个人 > 健康"
        window.category_box.setCurrentIndex(window.category_box.findText("个人 > 财务"))
        window.answer(True)
    finally:
        i18n.set_language("en")
    rules = load_rules(tmp_path / "categories.json")
    assert rules.categorize("AntFortune", "") == ("Personal", "Finance")
