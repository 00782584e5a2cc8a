"""PySide6's per-import source scan, answered without keeping the source in memory."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from focuscoach.desktop import pyside_hook


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "fc_plain_module.py").write_text("VALUE = 1\n" + "# filler\n" * 2000)
    (tmp_path / "fc_qt_module.py").write_text("from PySide6 import QtCore\n\nVALUE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("fc_plain_module", "fc_qt_module"):
        sys.modules.pop(name, None)


def test_imports_after_install_leave_no_source_in_linecache(modules: Path) -> None:
    assert pyside_hook.install()
    assert pyside_hook.install()  # a second call changes nothing
    feature = sys.modules["shibokensupport.feature"]
    linecache.clearcache()

    __import__("fc_plain_module")  # the import statement's path, which PySide6 hooks
    __import__("fc_qt_module")

    assert str(modules / "fc_plain_module.py") not in linecache.cache
    assert str(modules / "fc_qt_module.py") not in linecache.cache
    # PySide6 still learns which modules use it (its __feature__ switches depend on that).
    assert feature.pyside_feature_dict["fc_qt_module"] == 0
    assert feature.pyside_feature_dict["fc_plain_module"] == -1


def test_modules_without_a_source_file_fall_back_to_pyside(modules: Path) -> None:
    pyside_hook.install()
    scan = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert scan(sys) is False  # built in
    missing = type(sys)("fc_missing")
    missing.__file__ = str(modules / "gone.py")
    assert scan(missing) is False
