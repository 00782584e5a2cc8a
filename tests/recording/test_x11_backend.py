"""The X11 window backend against a real Xvfb + openbox session with real xterm windows.

What xterm does, and so what these tests cover: `xterm -T TITLE` stores the title only in
WM_NAME, as STRING when it fits ISO 8859-1 and as COMPOUND_TEXT otherwise (Chinese comes
out as mixed GB 2312 / JIS X 0208 segments, emoji as a UTF-8 segment); it sets
_NET_WM_NAME (UTF8_STRING) only when a program changes the title with an OSC escape.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from focuscoach.core.activity import WindowInfo
from focuscoach.core.recording.window import BackendUnavailable
from focuscoach.core.recording.x11 import X11Backend
from tests.xsession import X_TOOLS, XSession, require_tools

# Sets the title through the terminal, as shells and editors do; xterm then writes both
# _NET_WM_NAME (UTF8_STRING) and WM_NAME.
OSC_TITLE = ("sh", "-c", 'printf "\\033]2;%s\\007" "$1"; exec sleep 600', "sh")

CHINESE = "专注 中文标题"
EMOJI = "🎯 deep work 🚀 done ✅"


@pytest.fixture(scope="module")
def x() -> Iterator[XSession]:
    require_tools(*X_TOOLS)
    with XSession() as session:
        yield session


@pytest.fixture
def backend(x: XSession) -> Iterator[X11Backend]:
    with X11Backend(x.display_name) as b:
        yield b


def wait_for(backend: X11Backend, expected: WindowInfo, timeout: float = 10.0) -> WindowInfo | None:
    """Poll like the recorder does until the backend reports `expected` (title changes
    through OSC land asynchronously); returns the last observation."""
    deadline = time.monotonic() + timeout
    seen = backend.active_window()
    while seen != expected and time.monotonic() < deadline:
        time.sleep(0.05)
        seen = backend.active_window()
    return seen


def open_focused(
    x: XSession,
    title: str,
    *,
    command: tuple[str, ...] = ("sleep", "600"),
    extra_args: tuple[str, ...] = (),
) -> int:
    """Open an xterm and give it focus; returns its window id."""
    window = x.spawn_xterm(title, command=command, extra_args=extra_args)
    x.activate(window)
    return window.id


@pytest.mark.x11
@pytest.mark.parametrize(
    ("title", "wm_name_type"),
    [
        ("Quarterly report - draft 3", "STRING"),
        ("café crème", "STRING"),  # Latin-1 bytes in STRING, not UTF-8
        (CHINESE, "COMPOUND_TEXT"),
        (EMOJI, "COMPOUND_TEXT"),
        ("한국어 제목 and Ελληνικά", "COMPOUND_TEXT"),
    ],
)
def test_title_set_at_launch(
    x: XSession, backend: X11Backend, title: str, wm_name_type: str
) -> None:
    wid = open_focused(x, title)
    assert x.property_type(wid, "WM_NAME") == wm_name_type
    assert x.property_type(wid, "_NET_WM_NAME") is None
    assert backend.active_window() == WindowInfo(app="XTerm", title=title)


@pytest.mark.x11
@pytest.mark.parametrize("title", [CHINESE, EMOJI])
def test_title_set_by_program_uses_net_wm_name(
    x: XSession, backend: X11Backend, title: str
) -> None:
    wid = open_focused(x, "starting", command=(*OSC_TITLE, title))
    expected = WindowInfo(app="XTerm", title=title)
    assert wait_for(backend, expected) == expected
    assert x.property_type(wid, "_NET_WM_NAME") == "UTF8_STRING"


@pytest.mark.x11
def test_net_wm_name_wins_over_wm_name(x: XSession, backend: X11Backend) -> None:
    wid = open_focused(x, "starting", command=(*OSC_TITLE, CHINESE))
    assert wait_for(backend, WindowInfo("XTerm", CHINESE)) == WindowInfo("XTerm", CHINESE)
    subprocess.run(
        ["xprop", "-id", hex(wid), "-f", "WM_NAME", "8s", "-set", "WM_NAME", "legacy name"],
        env=x.env,
        check=True,
    )
    assert backend.active_window() == WindowInfo("XTerm", CHINESE)


@pytest.mark.x11
def test_legacy_compound_text_title(x: XSession, backend: X11Backend) -> None:
    # Start with a UTF-8 _NET_WM_NAME, then leave only a COMPOUND_TEXT WM_NAME (made by
    # Xlib itself via xprop), as an old Motif/Xt client would have.
    wid = open_focused(x, "starting", command=(*OSC_TITLE, "modern title"))
    assert wait_for(backend, WindowInfo("XTerm", "modern title")) == WindowInfo(
        "XTerm", "modern title"
    )
    legacy = "Übung: 专注 中文标题 — 日本語"
    x.set_compound_text_title(wid, legacy)
    assert backend.active_window() == WindowInfo(app="XTerm", title=legacy)


@pytest.mark.x11
def test_legacy_utf8_wm_name(x: XSession, backend: X11Backend) -> None:
    wid = open_focused(x, "starting")
    subprocess.run(
        ["xprop", "-id", hex(wid), "-f", "WM_NAME", "8u", "-set", "WM_NAME", "标题 utf8"],
        env=x.env,
        check=True,
    )
    assert x.property_type(wid, "WM_NAME") == "UTF8_STRING"
    assert backend.active_window() == WindowInfo("XTerm", "标题 utf8")


@pytest.mark.x11
def test_5000_character_titles_are_returned_in_full(x: XSession, backend: X11Backend) -> None:
    ascii_title = ("focus " + "0123456789" * 500)[:5000]
    open_focused(x, ascii_title)
    seen = backend.active_window()
    assert seen is not None
    assert len(seen.title) == 5000
    assert seen.title == ascii_title

    # 15,000 bytes of UTF-8 in _NET_WM_NAME (xterm caps OSC titles, so set it directly).
    cjk_title = ("专注" * 2500)[:5000]
    wid = open_focused(x, "starting")
    subprocess.run(
        ["xprop", "-id", hex(wid), "-f", "_NET_WM_NAME", "8u", "-set", "_NET_WM_NAME", cjk_title],
        env=x.env,
        check=True,
    )
    assert backend.active_window() == WindowInfo("XTerm", cjk_title)


@pytest.mark.x11
def test_app_is_the_wm_class_class_part(x: XSession, backend: X11Backend) -> None:
    wid = open_focused(x, "classy", extra_args=("-name", "myinstance", "-class", "FocusTerm"))
    assert backend.active_window() == WindowInfo(app="FocusTerm", title="classy")

    # Only an instance name (no class string): fall back to it.
    subprocess.run(
        ["xprop", "-id", hex(wid), "-f", "WM_CLASS", "8s", "-set", "WM_CLASS", "soloapp"],
        env=x.env,
        check=True,
    )
    assert backend.active_window() == WindowInfo(app="soloapp", title="classy")


@pytest.mark.x11
def test_follows_focus_changes(x: XSession, backend: X11Backend) -> None:
    first = x.spawn_xterm("first window")
    second = x.spawn_xterm("second window")
    x.activate(first)
    assert backend.active_window() == WindowInfo("XTerm", "first window")
    x.activate(second)
    assert backend.active_window() == WindowInfo("XTerm", "second window")
    x.activate(first)
    x.type_text("typing does not change the title")
    assert backend.active_window() == WindowInfo("XTerm", "first window")


@pytest.mark.x11
def test_window_killed_between_activate_and_read(x: XSession, backend: X11Backend) -> None:
    doomed = x.spawn_xterm("doomed window")
    x.activate(doomed)
    assert backend.active_window() == WindowInfo("XTerm", "doomed window")
    doomed.kill()
    # Racing the teardown and the window manager: any answer, but never an exception.
    for _ in range(30):
        assert isinstance(backend.active_window(), WindowInfo | None)
    x.wait_until_gone(doomed)

    # Deterministic form of the race: the root still names the window, but it is gone.
    from Xlib import X, Xatom, display

    d = display.Display(x.display_name)
    try:
        root = d.screen().root
        root.change_property(
            d.intern_atom("_NET_ACTIVE_WINDOW"), Xatom.WINDOW, 32, [doomed.id], X.PropModeReplace
        )
        d.sync()
    finally:
        d.close()
    assert backend.active_window() is None
    assert backend.active_window() is None  # and the connection is still healthy:
    survivor = open_focused(x, "survivor")
    assert backend.active_window() == WindowInfo("XTerm", "survivor")
    assert survivor


@pytest.mark.x11
def test_no_active_window() -> None:
    require_tools(*X_TOOLS)
    with XSession() as x, X11Backend(x.display_name) as backend:
        assert x.property_type(None, "_NET_ACTIVE_WINDOW") is None  # nothing focused yet
        assert backend.active_window() is None
        window = x.spawn_xterm("only window")
        x.activate(window)
        assert backend.active_window() == WindowInfo("XTerm", "only window")
        window.kill()
        x.wait_until_gone(window)
        deadline = time.monotonic() + 10
        while backend.active_window() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        # openbox keeps the property but points it at None (window id 0).
        assert x.property_type(None, "_NET_ACTIVE_WINDOW") == "WINDOW"
        assert backend.active_window() is None


@pytest.mark.x11
def test_no_window_manager_means_no_active_window() -> None:
    require_tools(*X_TOOLS)
    with XSession(window_manager=False) as x, X11Backend(x.display_name) as backend:
        x.spawn_xterm("unmanaged")
        assert backend.active_window() is None


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.x11
def test_x_server_killed_then_recovers() -> None:
    require_tools(*X_TOOLS)
    with XSession() as x, X11Backend(x.display_name) as backend:
        open_focused(x, "before the crash")
        assert backend.active_window() == WindowInfo("XTerm", "before the crash")

        x.kill_server()
        with pytest.raises(BackendUnavailable, match=x.display_name):
            backend.active_window()
        # While the server is down every poll reconnects, fails fast and leaks nothing.
        fds = _open_fds()
        for _ in range(5):
            with pytest.raises(BackendUnavailable, match="cannot open X display"):
                backend.active_window()
        assert _open_fds() == fds

        x.restart_server()
        assert backend.active_window() is None  # a fresh server: nothing focused yet
        open_focused(x, "after the restart")
        assert backend.active_window() == WindowInfo("XTerm", "after the restart")


def test_unreachable_display_raises_backend_unavailable() -> None:
    # No X server needed: a display number nobody uses.
    with X11Backend(":4711") as backend:
        for _ in range(2):
            with pytest.raises(BackendUnavailable, match=":4711"):
                backend.active_window()


def test_missing_display_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    with X11Backend() as backend, pytest.raises(BackendUnavailable, match="DISPLAY"):
        backend.active_window()


def test_importing_the_module_does_not_import_xlib() -> None:
    code = (
        "import sys, focuscoach.core.recording.x11 as m; "
        "assert not any(n == 'Xlib' or n.startswith('Xlib.') for n in sys.modules), 'Xlib'; "
        "m.X11Backend(':1').close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
