"""What every fuzz case checks: the CLI contract on hostile input.

Exit 0 or 2, never 1; exactly one line on stderr with 2; the data unchanged with 2; every
command within 20 s. Cases run in-process through `focuscoach.core.cli.main` (a process per
case would cost a second each); a few run as real processes in the test modules.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from focuscoach.core.cli import main

#: The longest one command may take on hostile input.
COMMAND_SECONDS = 20.0


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def run_cli(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    """One command in-process against `home`, timed."""
    start = time.monotonic()
    try:
        code = main(["--home", str(home), *args])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    seconds = time.monotonic() - start
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err, seconds)


def snapshot(home: Path) -> str | None:
    """Everything the user has stored, as SQL text (the store's own bookkeeping in `meta`,
    such as when it last checked the file, left out): equal snapshots, equal data."""
    db = home / "focuscoach.db"
    if not db.exists():
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return "\n".join(line for line in conn.iterdump() if 'INTO "meta"' not in line)
    finally:
        conn.close()


def store_size(home: Path) -> int:
    """Bytes of the database with its journal files."""
    return sum(p.stat().st_size for p in home.glob("focuscoach.db*") if p.is_file())


def copy_home(template: Path, home: Path) -> None:
    """A fresh copy of a prepared home (faster than building the store again)."""
    for item in template.iterdir():
        if item.name == "logs" or item.suffix == ".lock":
            continue
        if item.is_file():
            shutil.copy2(item, home / item.name)


def check_contract(outcome: Outcome, before: str | None, home: Path, what: str) -> None:
    """The CLI contract for one command on possibly hostile input."""
    assert outcome.seconds < COMMAND_SECONDS, f"{what}: took {outcome.seconds:.1f} s"
    assert outcome.code in (0, 2), f"{what}: exit {outcome.code}: {outcome.err}"
    if outcome.code == 2:
        lines = outcome.err.splitlines()
        assert len(lines) == 1, f"{what}: stderr is not one line: {outcome.err!r}"
        assert lines[0].startswith("focuscoach"), f"{what}: {outcome.err!r}"
        assert snapshot(home) == before, f"{what}: exit 2 but the data changed"
