"""Is the user in a call? The camera, the microphone, and the user's own meeting rules.

- Camera: another process holds a video device open (``/dev/video*`` by default): each
  ``/proc/<pid>/fd/*`` is a symbolic link to what it holds, so one pass of readlink over
  them finds it without opening anything. Processes of other users cannot be read and
  are not counted. Linux only (no /proc elsewhere: unknown).
- Microphone: a PulseAudio or PipeWire (pipewire-pulse) source output that is not corked
  (paused), records from a real source (not the ``.monitor`` of an output, not a level
  meter's peak-detect stream) and is not ours; read with ``pactl`` (JSON when it can, the
  text listing otherwise, always in the C locale). No pactl, or no sound server: unknown.
- Meeting rules: the user's rules (``[quiet] meetings`` in config.toml, RE2 regexes, see
  core.saferegex, case-insensitive) on the focused window's application and title, e.g.
  ``{app = "zoom"}``, ``{title = "meet\\.google\\.com"}``; or bare patterns matching either.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from focuscoach.core.activity import WindowInfo
from focuscoach.core.saferegex import SafeRegex, compile_pattern

__all__ = [
    "CameraInUse",
    "MeetingRules",
    "MicrophoneInUse",
    "parse_source_outputs_json",
    "parse_source_outputs_text",
]

DEFAULT_CAMERA_GLOB = "/dev/video*"
#: Examples for the settings (not on by default): meeting apps and web meetings by title.
EXAMPLE_MEETING_PATTERNS = ("zoom meeting", "microsoft teams", r"meet\.google\.com")
_TIMEOUT_S = 2.0


class CameraInUse:
    """Callable probe: True when another process holds a device matching `device_glob` (one
    glob or several: the `[quiet] camera_devices` setting)."""

    def __init__(
        self,
        device_glob: str | Iterable[str] = DEFAULT_CAMERA_GLOB,
        *,
        proc: Path = Path("/proc"),
        own_pid: int | None = None,
    ) -> None:
        self.device_globs = (device_glob,) if isinstance(device_glob, str) else tuple(device_glob)
        self.proc = proc
        self.own_pid = os.getpid() if own_pid is None else own_pid

    def holders(self) -> list[int]:
        devices = {os.path.realpath(p) for g in self.device_globs for p in glob.glob(g)}
        if not devices:
            return []
        found = []
        with os.scandir(self.proc) as entries:
            for entry in entries:
                if not entry.name.isdigit() or int(entry.name) == self.own_pid:
                    continue
                if _holds_any(Path(entry.path) / "fd", devices):
                    found.append(int(entry.name))
        return found

    def __call__(self, _window: object = None) -> bool | None:
        if not self.proc.is_dir():
            return None
        return bool(self.holders())


def _holds_any(fd_dir: Path, devices: set[str]) -> bool:
    try:
        fds = os.listdir(fd_dir)
    except OSError:  # another user's process, or it just exited
        return False
    for fd in fds:
        try:
            if os.readlink(fd_dir / fd) in devices:
                return True
        except OSError:
            continue
    return False


class MicrophoneInUse:
    """Callable probe over `pactl`: True when some stream records from a microphone."""

    def __init__(self, pactl: str = "pactl", *, own_pid: int | None = None) -> None:
        self.pactl = pactl
        self.own_pid = os.getpid() if own_pid is None else own_pid
        self._json = True

    def _run(self, *args: str) -> str | None:
        exe = shutil.which(self.pactl)
        if exe is None or not _sound_server_present():
            return None
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        result = subprocess.run(
            [exe, *args], capture_output=True, text=True, timeout=_TIMEOUT_S, env=env, check=False
        )
        return result.stdout if result.returncode == 0 else None

    def streams(self) -> list[dict[str, Any]] | None:
        """The recording streams, each {"corked", "source", "properties"}; None: unknown."""
        if self._json:
            out = self._run("-f", "json", "list", "source-outputs")
            parsed = parse_source_outputs_json(out) if out is not None else None
            if parsed is not None:
                return parsed
            if out is not None:  # JSON this pactl cannot write right: the text from now on
                self._json = False
        out = self._run("list", "source-outputs")
        return None if out is None else parse_source_outputs_text(out)

    def monitor_sources(self) -> set[str]:
        """Indexes and names of the sources that are monitors of outputs."""
        out = self._run("list", "short", "sources") or ""
        found: set[str] = set()
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].endswith(".monitor"):
                found.update((parts[0].strip(), parts[1]))
        return found

    def __call__(self, _window: object = None) -> bool | None:
        streams = self.streams()
        if streams is None:
            return None
        live = [s for s in streams if self._counts(s)]
        if not live:
            return False
        monitors = self.monitor_sources()
        return any(str(s.get("source", "")) not in monitors for s in live)

    def _counts(self, stream: dict[str, Any]) -> bool:
        if stream.get("corked"):
            return False
        props = stream.get("properties") or {}
        if _truthy(props.get("stream.monitor")) or _truthy(props.get("stream.capture.sink")):
            return False
        if "peak detect" in str(props.get("media.name", "")).lower():
            return False
        if str(props.get("application.process.id", "")) == str(self.own_pid):
            return False
        return not str(props.get("target.object", "")).endswith(".monitor")


def _sound_server_present() -> bool:
    """Whether a PulseAudio or pipewire-pulse socket is there to ask: without one, pactl
    could autospawn a sound server (never start one just to look)."""
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and Path(runtime, "pulse", "native").exists()


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def parse_source_outputs_json(text: str) -> list[dict[str, Any]] | None:
    """`pactl -f json list source-outputs`, or None when it is not the expected JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, list):
        return None
    streams = []
    for item in data:
        if not isinstance(item, dict):
            return None
        props = item.get("properties")
        streams.append(
            {
                "corked": item.get("corked") is True or _truthy(item.get("corked")),
                "source": item.get("source", ""),
                "properties": props if isinstance(props, dict) else {},
            }
        )
    return streams


_PROPERTY = re.compile(r'^\s+([\w.\-]+) = "(.*)"\s*$')


def parse_source_outputs_text(text: str) -> list[dict[str, Any]]:
    """`pactl list source-outputs` in the C locale: blocks starting "Source Output #N"."""
    streams: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in text.splitlines():
        if line.startswith("Source Output #"):
            current = {"corked": False, "source": "", "properties": {}}
            streams.append(current)
            continue
        if current is None:
            continue
        stripped = line.strip()
        if stripped.startswith("Corked:"):
            current["corked"] = stripped.split(":", 1)[1].strip().lower() == "yes"
        elif stripped.startswith("Source:"):
            current["source"] = stripped.split(":", 1)[1].strip()
        else:
            match = _PROPERTY.match(line)
            if match:
                current["properties"][match.group(1)] = match.group(2)
    return streams


class WindowRule(Protocol):
    """A rule on a window's application and title (config.ExclusionRule: the `[quiet]
    meetings` setting, `{app = "zoom"}`, `{title = "meet\\.google\\.com"}`)."""

    def matches(self, app: str, title: str) -> bool: ...


class _Pattern:
    """A bare pattern: it matches the application or the title."""

    def __init__(self, pattern: str | SafeRegex) -> None:
        self.regex = (
            pattern
            if isinstance(pattern, SafeRegex)
            else compile_pattern(pattern, ignore_case=True)
        )

    def matches(self, app: str, title: str) -> bool:
        return bool(self.regex.search(app) or self.regex.search(title))


class MeetingRules:
    """Callable probe: True when the focused window matches one of the user's rules (a rule
    with app and title needs both; a bare pattern matches either)."""

    def __init__(self, rules: Iterable[str | SafeRegex | WindowRule]) -> None:
        self.rules: Sequence[WindowRule] = [
            _Pattern(r) if isinstance(r, str | SafeRegex) else r for r in rules
        ]

    def __call__(self, window: WindowInfo | None) -> bool | None:
        if window is None:
            return None
        return any(r.matches(window.app, window.title) for r in self.rules)
