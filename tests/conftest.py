"""Shared fixtures: every test gets its own Focus Coach home, never the user's real one."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from focuscoach.core.cli import main  # imports no matplotlib (charts load when a report is made)


def _isolate_matplotlib() -> None:
    """matplotlib's settings and font cache for this run only, in this process and every child
    (so before matplotlib is imported): the user's ~/.cache/matplotlib may hold a font list
    made before a CJK font was installed, which would turn CJK text into boxes."""
    if "matplotlib" in sys.modules:
        raise RuntimeError("matplotlib was imported before tests/conftest.py could isolate it")
    folder = tempfile.mkdtemp(prefix="focuscoach-tests-mpl-")
    os.environ["MPLCONFIGDIR"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


_isolate_matplotlib()

# Hypothesis: in CI (CI=true) every property test runs the same examples on every run, derived
# from the test itself, so CI cannot pass or fail by the luck of a draw; a failure prints the
# blob that reproduces it. Cases a draw once found are kept as @example. Elsewhere draws stay
# random (and remembered in .hypothesis/) to keep exploring; no profile has a deadline, which
# a busy machine would turn into a flaky failure. HYPOTHESIS_PROFILE=ci reproduces CI's runs.
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("dev", deadline=None, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)

ROOT = Path(__file__).resolve().parent.parent
# Real data (MPL-2.0, licence and origin beside it), kept in the repository: a fresh clone
# needs nothing from outside it.
# A simulated ActivityWatch Android export (tests/support/aw_export.py writes it): no personal
# activity log is kept in this repository.
AW_EXPORT = ROOT / "tests" / "data" / "activitywatch" / "simulated-android-export.json"


@pytest.fixture(scope="session", autouse=True)
def _tear_qt_down_in_order() -> Iterator[None]:
    """Delete the QApplication (and whatever widgets tests left) while Python is still whole:
    PySide's own clean-up at interpreter exit can crash on widgets torn down out of order."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return  # no Qt in this run
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.shutdown()


@pytest.fixture(autouse=True)
def _no_real_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Anything that forgets --home lands in a throwaway folder, not in ~/.local/share.
    monkeypatch.setenv("FOCUSCOACH_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:  # parsed JSON
        return json.loads(self.out)


#: The `cli` fixture: cli("status", "--json") runs the CLI in-process.
Cli = Callable[..., CliResult]


@pytest.fixture
def cli(home: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """Run the CLI in-process against the test's home: cli("status", "--json")."""

    def run(*args: str) -> CliResult:
        try:
            code = main(["--home", str(home), *args])
        except SystemExit as exc:  # argparse usage errors and --version
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    yield run


def run_focuscoach(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The real `focuscoach` entry point in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "focuscoach.core.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
        **kwargs,
    )


# What a database another process is still setting up answers for a while: not created yet
# (CANTOPEN), created but without its schema yet ("no such table"), or locked (BUSY, LOCKED).
_NOT_YET_CODES = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN")
_NOT_YET_MESSAGES = ("no such table", "database is locked", "unable to open database file")


def _not_yet(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc)
    return code.startswith(_NOT_YET_CODES) or message.startswith(_NOT_YET_MESSAGES)


def db_rows(db: Path, sql: str, *, timeout: float = 20.0) -> list[tuple[Any, ...]]:
    """Rows from a database another process may be writing. A database not created yet, one
    without its schema yet, or a locked one is "not yet": asked again until `timeout` seconds
    have passed, then the last error is raised. Any other error is raised at once. Never
    creates the file (an empty file in its place would be a database that is not the app's)."""
    deadline = time.monotonic() + timeout
    uri = f"{db.absolute().as_uri()}?mode=rw"
    while True:
        left = deadline - time.monotonic()
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=max(0.1, min(left, 5.0)))
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            if not _not_yet(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(0.05)


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        ]
        return {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in names}
    finally:
        conn.close()
