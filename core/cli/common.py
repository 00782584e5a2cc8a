"""What every command shares: its context (paths, settings), errors, and output helpers."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from focuscoach.core import config, files
from focuscoach.core.paths import Paths


class UsageError(Exception):
    """Bad usage or bad input: one line on stderr, exit status 2, nothing changed."""


@dataclass(slots=True)
class Context:
    paths: Paths
    _settings: config.Settings | None = field(default=None, repr=False)

    def settings(self) -> config.Settings:
        """Read once per command (the entry point reads the language first): one warning about
        an unknown key, not one per reading."""
        if self._settings is None:
            try:
                self._settings = config.load(self.paths.config_file)
            except config.ConfigError as exc:
                raise UsageError(str(exc)) from None
        return self._settings

    def offer_privacy_defaults(self) -> None:
        """On the first run of the app or the recorder (no config.toml yet), write one with
        the suggested exclusions (config_writer.write_first_run), read from then on. Any
        later run only looks for the file: the writer (and tomlkit) is not imported."""
        if not config.first_run(self.paths.config_file):
            return
        from focuscoach.core import config_writer

        if config_writer.write_first_run(self.paths.config_file):
            self._settings = None


def check_output(out: str) -> Path:
    """The --out file, refused (UsageError) when it is a symbolic link, FIFO, device, socket
    or folder, or its folder is missing: check before the work, so nothing is done in vain."""
    target = Path(out).expanduser()
    try:
        files.check_target(target)
    except files.UnsafeTarget as exc:
        raise UsageError(str(exc)) from None
    return target


def write_output(text: str, out: str) -> None:
    """Write to stdout for '-', else to a private (0600) file through a temporary file and a
    rename: a failed export leaves no half file, and a special file is never replaced."""
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = check_output(out)
    try:
        files.write_private(target, text.encode("utf-8"))
    except files.UnsafeTarget as exc:
        raise UsageError(str(exc)) from None


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
