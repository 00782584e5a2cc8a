"""Watch a process tree for network use at the system-call level, with strace.

Python's audit hooks only see Python's own ``socket`` module; a native library (onnxruntime's
telemetry, a Qt plugin, libc's resolver) opens its sockets underneath them. strace -f sees
every thread and child process: any AF_INET/AF_INET6 socket, a connect or send to such an
address, a DNS query (port 53), or a connect to systemd-resolved's local socket (a name lookup
by proxy) is a violation.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

# execve too: every log then shows the program started, so an empty log means a broken watcher.
SYSCALLS = "execve,socket,connect,bind,sendto,sendmsg,sendmmsg"

_VIOLATIONS = (
    re.compile(r"\bsocket\((AF_INET|AF_INET6|PF_INET|PF_INET6)\b"),
    re.compile(r"sa_family=AF_INET6?\b"),
    re.compile(r"sin6?_port=htons\(53\)"),
    re.compile(r"io\.systemd\.Resolve|/run/systemd/resolve/"),
)


def require_strace() -> str:
    """The strace binary; a missing one fails (never skips) naming the package."""
    found = shutil.which("strace")
    if found is None:
        pytest.fail(
            "missing tool strace: install the Debian package strace (listed in"
            " .ci/apt-packages.txt; `sudo .ci/run` installs them all)",
            pytrace=False,
        )
    return found


def violations(log: Path) -> list[str]:
    """The lines of an strace log that show network use."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if any(p.search(line) for p in _VIOLATIONS)]


def traced(argv: Sequence[str], log: Path) -> list[str]:
    """``argv`` prefixed with strace, following every thread and child into ``log``."""
    strace = require_strace()
    return [strace, "-f", "-qq", "-s", "200", "-e", f"trace={SYSCALLS}", "-o", str(log), *argv]


@dataclass
class Watched:
    """A command run under strace: its exit status, output and the network lines it logged."""

    name: str
    returncode: int | None
    stdout: str
    stderr: str
    log: Path
    seconds: float

    @property
    def network(self) -> list[str]:
        return violations(self.log)

    def describe(self) -> str:
        lines = self.network
        return (
            f"{self.name}: exit {self.returncode} after {self.seconds:.0f} s;"
            f" {len(lines)} network system call(s):\n" + "\n".join(lines[:20])
        )


def run_watched(
    name: str,
    argv: Sequence[str],
    log: Path,
    env: dict[str, str],
    timeout: float = 300.0,
) -> Watched:
    """Run to completion under strace."""
    started = time.monotonic()
    result = subprocess.run(
        traced(argv, log),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Watched(
        name, result.returncode, result.stdout, result.stderr, log, time.monotonic() - started
    )


class WatchedProcess:
    """A long-running command under strace, stopped with SIGTERM to the traced program itself
    (strace then exits with it)."""

    def __init__(self, name: str, argv: Sequence[str], log: Path, env: dict[str, str]) -> None:
        self.name = name
        self.log = log
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            traced(argv, log),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def program_pid(self) -> int | None:
        """The traced program's pid (strace's first child)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                children = path.read_text().split()
                if children:
                    return int(children[0])
            time.sleep(0.05)
        return None

    def stop(self, timeout: float = 30.0) -> Watched:
        if self.process.poll() is None:
            pid = self.program_pid()
            if pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
        return self.wait(timeout)

    def wait(self, timeout: float) -> Watched:
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            out, err = self.process.communicate(timeout=10)
            err += f"\n(killed after {timeout} s)"
        return Watched(
            self.name,
            self.process.returncode,
            out,
            err,
            self.log,
            time.monotonic() - self.started,
        )
