"""The tray menu opens the Categories window (the encoder stays out: test_isolation.py)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from focuscoach.core.runtime import App
from tests.desktop.conftest import (  # noqa: F401 (fixtures)
    app,
    backend,
    delete_now,
    paths,
    qt_messages,
    qt_objects,
)


def test_categories_opens_from_the_tray_menu(app: App, qtbot: QtBot) -> None:  # noqa: F811
    from focuscoach.desktop.categories import CategoriesWindow
    from focuscoach.desktop.notify import TrayNotifier
    from focuscoach.desktop.tray import TrayController

    controller = TrayController(app, notifier=TrayNotifier(None), tray_wait_s=0)
    try:
        controller.categories_action.trigger()
        window = controller.windows["categories"]
        assert isinstance(window, CategoriesWindow)
        assert window.tree.topLevelItemCount() > 0
        assert "--home" in window.command
    finally:
        controller.shutdown()
        delete_now()
