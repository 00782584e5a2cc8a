"""The tray says once, at start, when this session records less (issue 16: GNOME on Wayland
without the Focused Window D-Bus extension, and how to enable it); nothing when all is
recorded, and not the no-input-counts line that only `status` shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from focuscoach.core.paths import Paths
from focuscoach.core.recording.backends import GNOME_NO_EXTENSION, WAYLAND_NO_INPUT_COUNTS
from focuscoach.core.runtime import App, Runtime
from focuscoach.desktop.app import tell_recording_note
from tests.desktop.conftest import make_settings
from tests.fakes import FixedScorer, ScriptedBackend


class Tray:
    """Takes the messages QSystemTrayIcon.showMessage would show."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, QSystemTrayIcon.MessageIcon]] = []

    def showMessage(
        self, title: str, text: str, icon: QSystemTrayIcon.MessageIcon, _ms: int
    ) -> None:
        self.shown.append((title, text, icon))


def _app(paths: Paths, message: str | None) -> Iterator[App]:
    running = App(
        Runtime(
            paths,
            make_settings(),
            backend_factory=lambda: (ScriptedBackend(), message),
            input_monitor=False,
            scorer=FixedScorer(0.1),
        )
    ).start()
    yield running
    running.close()


@pytest.mark.parametrize(
    ("message", "told"),
    [(GNOME_NO_EXTENSION, True), (WAYLAND_NO_INPUT_COUNTS, False), (None, False)],
)
def test_the_tray_tells_what_is_not_recorded_once(
    qapp: object, paths: Paths, message: str | None, told: bool
) -> None:
    for app in _app(paths, message):
        tray = Tray()
        said = tell_recording_note(app, tray)  # type: ignore[arg-type]
        if told:
            assert said == message and len(tray.shown) == 1
            title, text, icon = tray.shown[0]
            assert text == message and "gnome-extensions enable" in text
            assert title == "Focus Coach records less here"
            assert icon is QSystemTrayIcon.MessageIcon.Warning
        else:
            assert said is None and tray.shown == []
