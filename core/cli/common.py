"""What every command shares: its context (paths, settings), errors, and output helpers."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from focuscoach.core import config
from focuscoach.core.paths import Paths


class UsageError(Exception):
    """Bad usage or bad input: one line on stderr, exit status 2, nothing changed."""


@dataclass(slots=True)
class Context:
    paths: Paths

    def settings(self) -> config.Settings:
        try:
            return config.load(self.paths.config_file)
        except config.ConfigError as exc:
            raise UsageError(str(exc)) from None


def write_output(text: str, out: str) -> None:
    """Write to stdout for '-', else atomically to a file: a failed export leaves no half file."""
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(out).expanduser()
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {out}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
