"""The package layout of DESIGN.md §1: folders installed under the focuscoach namespace."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tests.conftest import ROOT

FOLDERS = {
    "core": "focuscoach.core",
    "desktop": "focuscoach.desktop",
    "resources": "focuscoach.resources",
}


def _packages_on_disk() -> set[str]:
    found = set()
    for folder, name in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([name, *relative.parts]))
    return found


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert set(config["tool"]["setuptools"]["packages"]) == _packages_on_disk()


def test_no_bare_imports_of_the_top_level_folders() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(core|desktop|resources)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("core", "desktop", "resources", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_core_never_imports_qt() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, focuscoach.core.cli, focuscoach.core.recording.recorder;"
            "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'torch'))])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_a_built_wheel_holds_the_namespaced_packages(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("focuscoach-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in _packages_on_disk():
        assert package.replace(".", "/") + "/__init__.py" in names
    assert "focuscoach/__init__.py" not in names  # a namespace package
    assert not any(name.startswith(("core/", "tests/")) for name in names)
