"""One app per data folder: a QLockFile, and a local socket the second launch uses to bring
the running app forward before it exits."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("focuscoach.desktop")

LOCK_NAME = "app.lock"
_TIMEOUT_MS = 2000


def server_name(data_dir: Path) -> str:
    """A socket name unique to the user and the data folder (a unix socket, not TCP)."""
    digest = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return f"focuscoach-{uid}-{digest}"


class SingleInstance(QObject):
    """`acquire()` True: we are the one; `activated` fires when a later launch asks to be seen.
    False: another app holds the folder and has been asked to come forward."""

    activated = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # only a dead process's lock is stale
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def acquire(self) -> bool:
        if not self._lock.tryLock(100):
            return False
        QLocalServer.removeServer(self.name)  # a crashed predecessor's socket
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def notify_running(self, message: str = "show") -> bool:
        """Ask the running app to come forward; False when it could not be reached."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_TIMEOUT_MS):
            return False
        socket.write(message.encode() + b"\n")
        ok = socket.waitForBytesWritten(_TIMEOUT_MS)
        socket.waitForReadyRead(_TIMEOUT_MS)  # the ack: the message was seen
        socket.disconnectFromServer()
        return ok

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._clients.append(socket)
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        message = bytes(socket.readLine().data()).decode(errors="replace").strip()
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.activated.emit(message)

    def release(self) -> None:
        for socket in self._clients:
            socket.readyRead.disconnect()
            socket.abort()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
