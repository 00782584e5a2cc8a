"""A forecast nudge's attention strip as the notification's image (issue 13): where the server
draws images ("icon-static", "icon-multi" or "body-images"), the nudge's Notify carries the
strip painted into RGBA pixels as the spec's image hint, (iiibiiay); the text stays as it was.
Servers without images, drift nudges and empty strips get no hint.

The fake server (tests/desktop/fake_notifications.py) records the hint as it came over the
bus; a real dunst (which has "icon-static") takes it and draws it on the X screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from focuscoach.core.coaching.drift import DriftNudgeDue
from focuscoach.core.coaching.events import NudgeDue
from focuscoach.core.records import StripSegment
from focuscoach.desktop import notices
from focuscoach.desktop.attention_strip import IMAGE_WIDTH, AttentionStrip, Strip, render_image
from focuscoach.desktop.dbus_notifications import RawImage, image_hint
from focuscoach.desktop.notify import DBusNotifier, Notice, NoticeKind
from focuscoach.desktop.timeline import category_color
from tests.desktop.fake_notifications import Call, FakeServer, private_bus
from tests.desktop.test_notify_dbus import BREAK, _done, _made, displayed
from tests.desktop.x11app import Desktop
from tests.xsession import XSession

T = 1_700_000_000.0
TOP = "Distracting › Video"  # the most attended segment's category
SEGMENTS = (
    StripSegment(T - 1800, T - 900, "code", "Work › Programming", False, 0.2, 0.1),
    StripSegment(T - 900, T - 300, "YouTube", TOP, True, 1.0, 0.4),
    StripSegment(T - 300, T, "code", "Work › Programming", False, 0.5, 0.2),
)
FORECAST = NudgeDue(T, 0.9, "after 10 min in YouTube", 1, "Write report")
DRIFT = DriftNudgeDue(T, 1.0, "", 1, "Write report", 600.0, "YouTube")


def _nudge(segments: tuple[StripSegment, ...] = SEGMENTS) -> Notice:
    return notices.nudge_notice(FORECAST, 600, Strip(segments, T - 1800, T))


def _pixels(hint: tuple[str, Any]) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """The hint checked against the spec's layout, as a height x width x channels array."""
    signature, (width, height, rowstride, has_alpha, bits, channels, data) = hint
    assert signature == "(iiibiiay)"
    assert (bits, has_alpha, channels) == (8, True, 4)
    assert (width, height) == (IMAGE_WIDTH, AttentionStrip(None).minimumHeight())
    assert rowstride >= width * channels and len(data) == rowstride * height
    rows = np.frombuffer(data, np.uint8).reshape(height, rowstride)
    return rows[:, : width * channels].reshape(height, width, channels)


def _has(pixels: np.ndarray[Any, np.dtype[np.uint8]], color: QColor, tolerance: int = 0) -> int:
    """How many pixels are `color` (RGB, within `tolerance` a channel)."""
    want = np.array([color.red(), color.green(), color.blue()], np.int16)
    near = np.abs(pixels[..., :3].astype(np.int16) - want) <= tolerance
    return int(near.all(axis=-1).sum())


@pytest.fixture
def bus() -> Iterator[str]:
    with private_bus() as address:
        yield address


def _calls(
    bus: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    qtbot: QtBot,
    capabilities: list[str],
    notes: list[Notice],
    spec_version: str | None = "1.2",
) -> list[Call]:
    """What a fake server with `capabilities` received for `notes`, shown in turn."""
    with FakeServer(bus, capabilities, spec_version=spec_version) as server:
        notifier = _made(monkeypatch, bus, tmp_path)
        try:
            for note in notes:
                notifier.show(note)
            qtbot.waitUntil(lambda: len(server.calls) == len(notes))
            return server.calls
        finally:
            _done(notifier)


def test_a_forecast_nudge_sends_its_strip_as_the_image_where_the_server_draws_images(
    bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    nudge = _nudge()
    [call] = _calls(bus, monkeypatch, tmp_path, qtbot, ["actions", "body", "icon-static"], [nudge])
    assert (call.summary, call.body) == (nudge.title, nudge.body)  # the text as before
    assert call.actions[::2] == [a.value for a, _label in nudge.actions]
    assert set(call.hints) == {"image-data"}
    pixels = _pixels(call.hints["image-data"])
    # The most attended window is drawn in its category's own colour, where it lies.
    strip = AttentionStrip(Strip(SEGMENTS, T - 1800, T))
    strip.resize(IMAGE_WIDTH, strip.minimumHeight())
    x = round(strip._x(T - 600))
    red, green, blue, alpha = pixels[strip.BAR_H // 2, x]
    assert QColor(int(red), int(green), int(blue)) == category_color(TOP) and alpha == 255
    assert _has(pixels, category_color(TOP)) > 0.2 * IMAGE_WIDTH * (strip.BAR_H - 8)
    assert _has(pixels, category_color("Work › Programming")) == 0  # less attended: fainter
    # The pixels are the strip as rendered here, row by row.
    image = render_image(Strip(SEGMENTS, T - 1800, T))
    assert call.hints["image-data"][1][6] == bytes(image.constBits())


def test_no_image_for_a_drift_nudge_an_empty_strip_or_other_notices(
    bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    drift = notices.nudge_notice(DRIFT, 600)
    notes = [drift, _nudge(()), BREAK, _nudge()]
    calls = _calls(bus, monkeypatch, tmp_path, qtbot, ["actions", "body-images"], notes)
    assert [sorted(c.hints) for c in calls] == [[], [], [], ["image-data"]]  # body-images: draws


def test_a_server_without_images_gets_the_text_only(
    bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    [call] = _calls(bus, monkeypatch, tmp_path, qtbot, ["actions", "body"], [_nudge()])
    assert call.hints == {} and call.body == _nudge().body


@pytest.mark.parametrize(
    ("spec_version", "name"),
    [("1.1", "image_data"), ("1.0", "icon_data"), (None, "image-data"), ("1.3", "image-data")],
)
def test_the_hint_is_named_for_the_servers_spec_version(
    bus: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    qtbot: QtBot,
    spec_version: str | None,
    name: str,
) -> None:
    """1.1 named it "image_data", before it "icon_data"; a server that does not answer
    GetServerInformation gets the current name."""
    caps = ["actions", "icon-static"]
    [call] = _calls(bus, monkeypatch, tmp_path, qtbot, caps, [_nudge()], spec_version)
    assert list(call.hints) == [name]
    assert _has(_pixels(call.hints[name]), category_color(TOP)) > 0


def test_raw_image_checks_its_layout() -> None:
    assert RawImage(2, 2, 8, True, bytes(16)).variant()[1][3:6] == (True, 8, 4)
    assert RawImage(2, 2, 8, False, bytes(14)).channels == 3  # the last row may be short
    with pytest.raises(ValueError, match="short"):
        RawImage(2, 2, 8, True, bytes(15))
    with pytest.raises(ValueError, match="layout"):
        RawImage(2, 2, 4, True, bytes(16))
    assert [image_hint(v) for v in ("1.2", "1.1", "0.9", "x")] == [
        "image-data",
        "image_data",
        "icon_data",
        "image-data",
    ]


# --- a real dunst --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desktop() -> Iterator[Desktop]:
    with XSession() as x, Desktop(x, tray=False) as d:
        yield d


@pytest.mark.x11
def test_dunst_takes_the_image_and_draws_the_strip(
    desktop: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot
) -> None:
    desktop.run("dunstctl", "close-all")
    notifier: DBusNotifier = _made(monkeypatch, desktop.env["DBUS_SESSION_BUS_ADDRESS"], tmp_path)
    try:
        assert notifier.client.images and notifier.client.spec_version == "1.2"
        before = tmp_path / "before.png"
        desktop.screenshot(before)
        notifier.show(_nudge())
        qtbot.waitUntil(lambda: len(notifier.open) == 1)  # Sent: dunst accepted the Notify
        assert NoticeKind.NUDGE not in notifier.fallback.windows  # no NotSent, no window
        qtbot.waitUntil(lambda: displayed(desktop) == 1)
        qtbot.wait(500)  # drawn
        after = tmp_path / "after.png"
        desktop.screenshot(after)
        screens = [_screen(before), _screen(after)]
        # dunst scales the image down to its icon size (32 px wide with this dunstrc), which
        # blends the colours a little; the most attended window's red is there, and was not.
        drawn = [_has(s, category_color(TOP), tolerance=24) for s in screens]
        assert drawn[0] == 0 and drawn[1] >= 4, drawn
    finally:
        _done(notifier)
        desktop.run("dunstctl", "close-all")


def _screen(path: Path) -> np.ndarray[Any, np.dtype[np.uint8]]:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    assert not image.isNull(), path
    data = bytes(image.constBits())
    rows = np.frombuffer(data, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)
