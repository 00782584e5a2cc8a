"""One app per data folder: a QLockFile, and a local socket the second launch uses to bring
the running app forward before it exits.

The socket is the user's own (a unix socket readable by them only), but anything running as
them can connect: a peer is dropped once it has sent MAX_LINE bytes without a newline, or
stayed connected for _IDLE_MS, and at most MAX_CLIENTS are served at once, so no peer can
make the app buffer without limit.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("focuscoach.desktop")

LOCK_NAME = "app.lock"
_TIMEOUT_MS = 2000
#: The longest message line ("show" is four bytes); a peer sending more without a newline is cut.
MAX_LINE = 64 * 1024
#: Connections served at once; later ones are closed straight away.
MAX_CLIENTS = 16
#: A peer that has said nothing useful by then is dropped.
_IDLE_MS = 10_000


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
        # QLockFile creates it 0666 less the umask; every file of ours is the owner's only.
        os.chmod(self.data_dir / LOCK_NAME, 0o600)
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
            if len(self._clients) >= MAX_CLIENTS:
                log.warning("too many connections on %s; closing one", self.name)
                socket.abort()
                socket.deleteLater()
                continue
            self._clients.append(socket)
            socket.setReadBufferSize(MAX_LINE)  # Qt stops reading from the peer at this size
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            QTimer.singleShot(_IDLE_MS, socket, lambda s=socket: self._drop(s, "idle"))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() >= MAX_LINE:
                self._drop(socket, f"{MAX_LINE} bytes without a newline")
            return
        message = bytes(socket.readLine(MAX_LINE + 1).data()).decode(errors="replace").strip()
        socket.readyRead.disconnect()  # one message a connection
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.activated.emit(message[:200])

    def _drop(self, socket: QLocalSocket, why: str) -> None:
        if socket not in self._clients:
            return
        log.warning("dropped a connection on %s: %s", self.name, why)
        socket.abort()
        self._forget(socket)

    def _forget(self, socket: QLocalSocket) -> None:
        if socket in self._clients:
            self._clients.remove(socket)
            socket.deleteLater()

    def release(self) -> None:
        for socket in list(self._clients):
            socket.disconnected.disconnect()
            socket.abort()  # the server owns it and deletes it
        self._clients.clear()
        if self._server is not None:
            server, self._server = self._server, None
            server.close()
            # Delete the server and its sockets now, while this object is alive: each socket's
            # slots hold this object, and if the last of them let go from inside a socket's
            # deferred deletion, this object would delete the server, and that half-destroyed
            # socket with it, a second time (a crash in ~QLocalSocket, seen in the tests).
            shiboken6.delete(server)
        self._lock.unlock()
