"""The app's long-lived objects are frozen out of the cyclic collector's full passes (a pass
holds the main thread for as long as it walks every object): its start, and the review's
matplotlib the first time it loads."""

from __future__ import annotations

from tests.support.fresh_process import run_offscreen

SCRIPT = """
import gc, sys
from PySide6.QtWidgets import QApplication

app = QApplication([])
from focuscoach.desktop.app import settle_heap
from focuscoach.desktop.review_page import load_chart_modules

settle_heap()
started = gc.get_freeze_count()
tracked = len(gc.get_objects())
load_chart_modules()  # the first time: matplotlib's import
loaded = gc.get_freeze_count()
load_chart_modules()  # again: nothing new to freeze, nothing of the moment frozen
print(started > 10_000, tracked < started / 10, loaded > started + 10_000,
      gc.get_freeze_count() == loaded)
"""


def test_the_app_start_and_matplotlib_are_frozen_once() -> None:
    assert run_offscreen(SCRIPT, timeout=120) == ["True"] * 4
