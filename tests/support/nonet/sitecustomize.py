"""Loaded into a child process by tests/test_no_network.py: logs every attempt to open an
internet socket (AF_INET/AF_INET6) or resolve a host name, to the file in FOCUSCOACH_NET_LOG."""

import os
import socket
import sys

_LOG = os.environ.get("FOCUSCOACH_NET_LOG")
_WATCHED = {
    "socket.connect",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.sendto",
}


def _hook(event, args):
    if not _LOG:
        return
    if event == "socket.__new__":
        family = args[1]
        if family in (socket.AF_INET, socket.AF_INET6):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{event} family={family}\n")
    elif event in _WATCHED:
        sock = args[0] if args else None
        if event.startswith("socket.get") or getattr(sock, "family", None) in (
            socket.AF_INET,
            socket.AF_INET6,
        ):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{event} {args[1:]!r}\n")


sys.addaudithook(_hook)
