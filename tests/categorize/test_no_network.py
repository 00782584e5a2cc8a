"""The suggester's own process opens no network socket (strace -f, system-call level), and
finds its weights inside the installed wheel."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests.conftest import AW_EXPORT
from tests.support.netwatch import run_watched

CLI = [sys.executable, "-m", "focuscoach.core.cli"]


def test_categories_suggest_opens_no_network_socket(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(tmp_path)}
    imported = run_watched(
        "import",
        [*CLI, "--home", str(home), "import", "activitywatch", str(AW_EXPORT)],
        tmp_path / "import.strace",
        env,
    )
    assert imported.returncode == 0, imported.stderr
    watched = run_watched(
        "categories suggest",
        [*CLI, "--home", str(home), "categories", "suggest", "--json", "--since", "2000-01-01"],
        tmp_path / "suggest.strace",
        env,
    )
    assert watched.returncode == 0, watched.stderr
    assert "execve(" in watched.log.read_text(), "strace logged no start: the watcher is broken"
    assert not watched.network, watched.describe()
    assert json.loads(watched.stdout)["suggestions"]


def test_the_context_job_opens_no_network_socket(tmp_path: Path) -> None:
    """`categories context`, the child the tray starts (core/runtime/context_job.py): it loads
    the encoder and writes the store, and speaks to no one."""
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(tmp_path)}
    added = run_watched(
        "task add",
        [*CLI, "--home", str(home), "task", "add", "Write the asyncio scheduler"],
        tmp_path / "task.strace",
        env,
    )
    assert added.returncode == 0, added.stderr
    watched = run_watched(
        "categories context",
        [*CLI, "--home", str(home), "categories", "context", "--json"],
        tmp_path / "context.strace",
        env,
    )
    assert watched.returncode == 0, watched.stderr
    assert "execve(" in watched.log.read_text(), "strace logged no start: the watcher is broken"
    assert not watched.network, watched.describe()
    assert json.loads(watched.stdout)["tasks"] == 1
