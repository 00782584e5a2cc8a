"""Window titles on a real X server name the app once, in the language shown: X11 adds the
app's display name to a title unless the title already ends with it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.xsession import XSession

WINDOWS = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget
from focuscoach.desktop import i18n

app = QApplication(sys.argv)
app.setApplicationName("Focus Coach")
app.setApplicationDisplayName("Focus Coach")  # as desktop/app.py, before the language
_language, translators = i18n.install(app, sys.argv[1])
shown = []
for context, title in (("SettingsWindow", "Settings — Focus Coach"),
                       ("ReviewWindow", "Weekly review")):
    window = QWidget()
    window.setWindowTitle(QCoreApplication.translate(context, title))
    window.resize(200, 100)
    window.show()
    shown.append(window)
print("shown", flush=True)
app.exec()
"""


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", {"Settings — Focus Coach", "Weekly review — Focus Coach"}),
        ("zh_CN", {"设置 — 专注教练", "每周回顾 — 专注教练"}),
    ],
)
def test_titles_name_the_app_once_in_the_language_shown(language: str, titles: set[str]) -> None:
    with XSession(window_manager=False) as x:
        qt = subprocess.Popen(
            [sys.executable, "-c", WINDOWS, language],
            env={**x.env, "QT_QPA_PLATFORM": "xcb"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert qt.stdout is not None and qt.stdout.readline().strip() == "shown"
            found = x._run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(qt.pid)])
            ids = found.split()
            names: set[str] = set()
            for _ in range(50):  # both windows mapped
                names = {x._run(["xdotool", "getwindowname", wid]).strip() for wid in ids}
                if len(ids) >= 2:
                    break
                ids = x._run(["xdotool", "search", "--onlyvisible", "--pid", str(qt.pid)]).split()
        finally:
            qt.kill()
            qt.communicate(timeout=10)
    assert names == titles
