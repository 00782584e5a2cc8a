"""Qt's X11 libraries, looked for before Qt is loaded.

Qt's xcb platform plugin links against a dozen system libraries that PySide6 does not ship
(libxcb-cursor0 and friends). Without one of them Qt prints a paragraph about platform
plugins and aborts with a core dump. The app looks for each first, with the same dynamic
loader Qt would use, and says in one line which packages to install (exit status 2).

Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple


class Library(NamedTuple):
    soname: str
    debian: str  # the Debian / Ubuntu package
    fedora: str  # the Fedora package


# What PySide6's libqxcb.so, libQt6XcbQpa.so.6 and libQt6Gui.so.6 need from the system
# (`objdump -p ... | grep NEEDED`, less glibc and what the wheel ships). The same packages are
# in .ci/apt-packages.txt.
LIBRARIES: tuple[Library, ...] = (
    Library("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    Library("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    Library("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    Library("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    Library("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    Library("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    Library("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    Library("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    Library("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    Library("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    Library("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    Library("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    Library("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    Library("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    Library("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    Library("libxcb.so.1", "libxcb1", "libxcb"),
    Library("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    Library("libX11.so.6", "libx11-6", "libX11"),
    Library("libGL.so.1", "libgl1", "libglvnd-glx"),
    Library("libEGL.so.1", "libegl1", "libglvnd-egl"),
    Library("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    Library("libfreetype.so.6", "libfreetype6", "freetype"),
    Library("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    Library("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    Library("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)


def uses_xcb(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will try its xcb (X11) plugin first: on Linux, when QT_QPA_PLATFORM names
    xcb first, or is unset outside a Wayland session. Anything else (offscreen, wayland, a
    list that tries wayland first) is left to Qt."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        first = chosen.split(";")[0].split(":")[0].strip()
        return first == "xcb"
    wayland = env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))
    return not wayland


def missing(libraries: Iterable[Library] = LIBRARIES) -> list[Library]:
    """The libraries the dynamic loader cannot load (each named once)."""
    absent: list[Library] = []
    for library in libraries:
        if library not in absent and not _loads(library.soname):
            absent.append(library)
    return absent


def _loads(soname: str) -> bool:
    candidates = [soname]
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle, str):
        # The desktop bundle may carry its own copy, which Qt finds through its RPATH.
        candidates += [str(Path(bundle, soname)), str(Path(bundle, "PySide6/Qt/lib", soname))]
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def problem(absent: Sequence[Library]) -> str:
    """One line: what is missing and the packages that bring it."""
    debian = " ".join(dict.fromkeys(lib.debian for lib in absent))
    fedora = " ".join(dict.fromkeys(lib.fedora for lib in absent))
    names = ", ".join(lib.soname for lib in absent)
    return (
        f"Qt's X11 libraries are missing ({names}): install them with "
        f"`sudo apt install {debian}` (Debian, Ubuntu) or `sudo dnf install {fedora}` (Fedora)"
    )


def check(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    libraries: Iterable[Library] = LIBRARIES,
) -> str | None:
    """The one-line problem if Qt's xcb plugin would fail to load here, else None."""
    if not uses_xcb(env, platform):
        return None
    absent = missing(libraries)
    return problem(absent) if absent else None
