"""PySide6 must not release references it never took.

PySide6 6.12.0 releases a reference to Python's None on every Qt call that returns nothing
(QPainter.drawLine, QLabel.setText...). On Python 3.11 None is not immortal, so the app aborted
with "none_dealloc" after a few thousand such calls (first seen in the review-window benchmark;
the tray would have died the same way, only later). pyproject.toml excludes that release; this
test fails on any PySide6 that does it again.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 500


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            painter.drawLine(0, 0, 8, 8)
            label.setText("x")
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # Other threads may hold or drop a few references meanwhile; a broken binding loses 2 per
    # loop, 1,000 in all.
    assert after - before > -CALLS // 2, f"None lost {before - after} references"
