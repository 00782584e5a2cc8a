"""The tray app without Qt's X11 libraries: one line naming the packages to install and exit
status 2, instead of Qt's own abort (a core dump) when its xcb plugin cannot load."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from focuscoach.desktop import qtlibs
from focuscoach.desktop.qtlibs import Library

MISSING = Library("libfocuscoach-no-such-library.so.7", "libfc-deb7", "fc-fedora7")


def test_every_library_the_xcb_plugin_needs_is_here() -> None:
    # The test machine has them (.ci/apt-packages.txt), as a user's X11 desktop does.
    absent = qtlibs.missing()
    assert absent == [], qtlibs.problem(absent)


def test_a_missing_library_is_named_with_its_packages() -> None:
    libc = Library("libc.so.6", "libc6", "glibc")
    assert qtlibs.missing([libc, MISSING, libc]) == [MISSING]
    message = qtlibs.problem([MISSING])
    assert "\n" not in message
    assert "libfocuscoach-no-such-library.so.7" in message
    assert "sudo apt install libfc-deb7" in message
    assert "sudo dnf install fc-fedora7" in message


def test_packages_are_named_once_in_the_order_found() -> None:
    libs = [
        Library("liba.so.1", "deb-a", "fed-x"),
        Library("libb.so.1", "deb-b", "fed-x"),
        Library("libc.so.1", "deb-a", "fed-y"),
    ]
    message = qtlibs.problem(libs)
    assert "apt install deb-a deb-b`" in message
    assert "dnf install fed-x fed-y`" in message


@pytest.mark.parametrize(
    ("env", "platform", "xcb"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({}, "linux", True),  # Qt's default on Linux
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nograb;offscreen"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),  # wayland may well load
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0"}, "darwin", False),
        ({"DISPLAY": ":0"}, "win32", False),
    ],
)
def test_only_the_xcb_platform_is_checked(env: dict[str, str], platform: str, xcb: bool) -> None:
    assert qtlibs.uses_xcb(env, platform) is xcb
    found = qtlibs.check(env, platform, libraries=[MISSING])
    assert (found is not None) is xcb


def test_nothing_to_say_when_everything_is_there() -> None:
    assert qtlibs.check({"QT_QPA_PLATFORM": "xcb"}, "linux") is None


def _mount_namespace() -> list[str]:
    """A command prefix that runs in a private mount namespace (root: `unshare -m`; otherwise
    a user namespace too), or a failure that says why where this machine allows neither."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.fail("unshare is missing: install util-linux", pytrace=False)
    prefix = [unshare, "-m"] if os.geteuid() == 0 else [unshare, "-r", "-m"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        reason = f"no private mount namespace here ({probe.stderr.strip()})"
        # CI runs as root, where it works; elsewhere run the suite as root or allow user
        # namespaces (a skip would hide that the test did not run).
        pytest.fail(reason, pytrace=False)
    return prefix


def _real_file(soname: str) -> Path | None:
    """The file the dynamic loader picks for `soname` (as Qt's would), or None if none."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    stem = soname.split(".so")[0] + ".so"
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and Path(fields[5]).name.startswith(stem):
            return Path(fields[5]).resolve()
    return None


def test_the_app_without_libxcb_cursor_says_what_to_install(tmp_path: Path) -> None:
    """The real check in the real app: libxcb-cursor.so.0 hidden (/dev/null bound over it in a
    private mount namespace), as on a machine without libxcb-cursor0."""
    prefix = _mount_namespace()
    hide = _real_file("libxcb-cursor.so.0")
    script = 'if [ -n "$1" ]; then mount --bind /dev/null "$1" || exit 99; fi; shift; exec "$@"'
    result = subprocess.run(
        [
            *prefix,
            "sh",
            "-c",
            script,
            "hide",
            str(hide or ""),
            sys.executable,
            "-m",
            "focuscoach.desktop.launch",
            "--home",
            str(tmp_path / "home"),
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":97"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "libxcb-cursor.so.0" in lines[0]
    assert "libxcb-cursor0" in lines[0] and "xcb-util-cursor" in lines[0]
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.db"))


def test_a_copy_inside_the_desktop_bundle_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _real_file("libxcb-cursor.so.0")
    assert real is not None
    bundled = Library("libfocuscoach-bundled.so.1", "deb", "fedora")
    shutil.copy(real, tmp_path / bundled.soname)
    assert qtlibs.missing([bundled]) == [bundled]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert qtlibs.missing([bundled]) == []
