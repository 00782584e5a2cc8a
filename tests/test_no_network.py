"""No command opens a network socket: everything stays on the user's machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import AW_EXPORT, run_focuscoach

NONET = Path(__file__).parent / "support" / "nonet"


@pytest.fixture
def watched(tmp_path: Path) -> tuple[dict[str, str], Path]:
    log = tmp_path / "net.log"
    env = {"PYTHONPATH": str(NONET), "FOCUSCOACH_NET_LOG": str(log)}
    return env, log


def test_the_audit_hook_catches_a_connection(watched: tuple[dict[str, str], Path]) -> None:
    env, log = watched
    import os
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-c", "import socket; s = socket.socket(); s.close()"],
        env={**os.environ, **env},
        check=True,
    )
    assert "socket.__new__" in log.read_text()


def test_commands_open_no_network_socket(
    watched: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, log = watched
    home = str(tmp_path / "home")
    commands = [
        ["import", "activitywatch", str(AW_EXPORT)],
        ["status", "--json"],
        ["export", "--format", "json", "--out", str(tmp_path / "a.json")],
        ["export", "--format", "csv", "--out", str(tmp_path / "a.csv")],
        ["export", "--format", "activitywatch", "--out", str(tmp_path / "aw.json")],
        ["forget", "--since", "2026-04-20", "--until", "2026-04-21", "--yes"],
        ["record", "--duration", "2"],
        ["--version"],
    ]
    for args in commands:
        result = run_focuscoach("--home", home, *args, env={**env, "DISPLAY": ""})
        assert result.returncode == 0, (args, result.stderr)
    assert not log.exists(), log.read_text()
