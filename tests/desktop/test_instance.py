"""One app per data folder, a clean exit on SIGTERM, and subcommands that stay Qt-free."""

from __future__ import annotations

import os
import re
import signal
import socket as pysocket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from focuscoach.desktop.instance import MAX_LINE, SingleInstance


def test_the_second_instance_asks_the_first_to_come_forward(tmp_path: Path, qtbot: QtBot) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    try:
        second = SingleInstance(tmp_path)
        assert not second.acquire()
        got: list[str] = []
        first.activated.connect(got.append)
        socket = QLocalSocket()
        socket.connectToServer(second.name)
        socket.write(b"show\n")
        qtbot.waitUntil(lambda: got == ["show"], timeout=5000)
        qtbot.waitUntil(lambda: socket.bytesAvailable() > 0, timeout=5000)
        assert bytes(socket.readAll().data()) == b"ok\n"
        socket.disconnectFromServer()
    finally:
        first.release()
    again = SingleInstance(tmp_path)
    assert again.acquire()
    again.release()


def _flood(path: str, total: int, sent: list[int], done: threading.Event) -> None:
    """Send up to `total` bytes with no newline through a real unix socket, counting them."""
    conn = pysocket.socket(pysocket.AF_UNIX, pysocket.SOCK_STREAM)
    try:
        conn.connect(path)
        conn.settimeout(20)
        chunk = b"x" * 65536
        while sent[0] < total:
            sent[0] += conn.send(chunk)
    except OSError:
        pass  # the app hung up: what we want
    finally:
        conn.close()
        done.set()


def test_a_line_without_a_newline_is_cut_off_not_buffered(tmp_path: Path, qtbot: QtBot) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    try:
        assert first._server is not None
        path = first._server.fullServerName()
        sent, done = [0], threading.Event()
        flood = threading.Thread(target=_flood, args=(path, 64 * 1024 * 1024, sent, done))
        flood.start()
        qtbot.waitUntil(done.is_set, timeout=20_000)
        flood.join(timeout=5)
        # Cut after MAX_LINE bytes (plus what the kernel's socket buffers held), not 64 MB.
        assert sent[0] < MAX_LINE + 8 * 1024 * 1024, sent[0]
        qtbot.waitUntil(lambda: first._clients == [], timeout=5000)
        # The app still answers a well-behaved second launch.
        got: list[str] = []
        first.activated.connect(got.append)
        assert SingleInstance(tmp_path).notify_running("show") or got
        qtbot.waitUntil(lambda: got == ["show"], timeout=5000)
    finally:
        first.release()


def test_idle_and_surplus_connections_are_closed(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from focuscoach.desktop import instance

    monkeypatch.setattr(instance, "_IDLE_MS", 1500)
    first = SingleInstance(tmp_path)
    assert first.acquire()
    peers: list[pysocket.socket] = []
    try:
        assert first._server is not None
        for _ in range(instance.MAX_CLIENTS + 4):
            peer = pysocket.socket(pysocket.AF_UNIX, pysocket.SOCK_STREAM)
            peer.connect(first._server.fullServerName())
            peers.append(peer)
        qtbot.waitUntil(lambda: len(first._clients) == instance.MAX_CLIENTS, timeout=5000)
        qtbot.wait(200)
        assert len(first._clients) == instance.MAX_CLIENTS
        # Peers that say nothing are dropped after the idle time.
        qtbot.waitUntil(lambda: first._clients == [], timeout=10_000)
    finally:
        for peer in peers:
            peer.close()
        first.release()


def _app(home: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "focuscoach.desktop", "--home", str(home)],
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "FOCUSCOACH_TRAY_WAIT": "0.5",
            "DISPLAY": "",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_single_instance_and_sigterm_in_real_processes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = _app(home)
    try:
        log = home / "logs" / "focuscoach.log"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            log.exists() and "Focus Coach started" in log.read_text()
        ):
            assert app.poll() is None, app.communicate()
            time.sleep(0.1)
        second = _app(home)
        out, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
        assert "already running" in out
        record = subprocess.run(
            [
                sys.executable,
                "-m",
                "focuscoach.core.cli",
                "--home",
                str(home),
                "record",
                "--duration",
                "1",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert record.returncode == 2 and "already running" in record.stderr
    finally:
        app.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        _out, err = app.communicate(timeout=15)
    assert app.returncode == 0, err
    assert time.monotonic() - sent <= 5.0
    text = log.read_text()
    assert "Focus Coach stopped" in text
    # The app's start is frozen out of the collector's full passes (desktop/app.py).
    frozen = re.search(r"Focus Coach started \(.*; (\d+) objects frozen\)", text)
    assert frozen is not None and int(frozen.group(1)) > 10_000
    # The first run wrote the suggested exclusions (config_writer.write_first_run).
    assert "private browsing|incognito" in (home / "config.toml").read_text(encoding="utf-8")


def test_subcommands_do_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from focuscoach.desktop.launch import main\n"
        f"sys.argv = ['focuscoach', '--home', {str(tmp_path)!r}, 'status', '--json']\n"
        "rc = main()\n"
        "assert rc == 0, rc\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert 'torch' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=60)
