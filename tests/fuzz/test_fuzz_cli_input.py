"""Generated hostile arguments for the commands that take the user's own input: tasks, moods,
and the times of export, forget and plan.

Each case puts one odd value (numbers past every limit, signs, Unicode digits, control
characters, lone surrogates as from non-UTF-8 command lines, empty and huge strings, dates at
the edges) into one argument of an otherwise valid command, against a home holding tasks, a
mood and recorded activity. Every case must keep the CLI contract: exit 0 or 2, never 1; one
line on stderr with 2; the data unchanged with 2; within 20 s. Calendars, settings and
category rules have their own fuzz cases.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.support import check_contract, copy_home, run_cli, snapshot

SEED = 20260415

# Odd values, whatever the argument: each is offered to every slot below.
ODD = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "+3",
    "3.0",
    "1e3",
    "nan",
    "inf",
    "0x10",
    "٣",  # an Arabic-Indic three: str.isdigit() says yes
    "３",  # a full-width three
    "²",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "9" * 30,
    "9" * 5000,
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x9b2J",
    "\u2028",
    "\udcff\udcfe",  # what a command line with bytes that are not UTF-8 becomes
    "x" * 100_000,
    "none",
    "today",
    "tomorrow",
    "yesterday",
]
# Values for times and dates, at and past every edge.
ODD_TIMES = [
    "now",
    "2h",
    "0s",
    "-5d",
    "1e400h",
    "9" * 400 + "d",
    "99999999999d",
    "0.5w",
    "99999-01-01",
    "10000-01-01",
    "0000-01-01",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "1969-12-31T23:59:59Z",
    "1970-01-01",
    "2026-02-29",
    "2026-02-30",
    "2024-02-29",
    "2026-13-01",
    "2026-04-12T24:00",
    "2026-04-12T09:30+25:00",
    "2026-03-29T02:30",
    "2199-12-31",
    "2200-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59-14:00",
    "2026-W15",
    "2026-04-12T09:30:00.123456789Z",
]
# Values for estimates and priorities.
ODD_AMOUNTS = [
    "45m",
    "1h30m",
    "24h",
    "24h1m",
    "1441",
    "0m",
    "0h",
    "1.5h",
    "0.3333h",
    "1e400h",
    "9" * 400 + "h",
    "9" * 20 + "m",
    "p1",
    "p0",
    "p5",
    "P4",
    "pp1",
    "p" + "9" * 5000,
]

# (command template, slot): "{}" is where the odd value goes.
SLOTS: list[list[str]] = [
    ["task", "add", "{}"],
    ["task", "add", "t", "--priority", "{}"],
    ["task", "add", "t", "--estimate", "{}"],
    ["task", "add", "t", "--due", "{}"],
    ["task", "add", "t", "--notes", "{}"],
    ["task", "add", "t", "--app", "{}"],
    ["task", "edit", "{}", "--title", "x"],
    ["task", "edit", "1", "--title", "{}"],
    ["task", "edit", "1", "--priority", "{}"],
    ["task", "edit", "1", "--estimate", "{}"],
    ["task", "edit", "1", "--due", "{}"],
    ["task", "done", "{}"],
    ["task", "done", "{}", "--undo"],
    ["task", "rm", "{}"],
    ["mood", "{}"],
    ["mood", "3", "--energy", "{}"],
    ["mood", "3", "--note", "{}"],
    ["plan", "--date", "{}"],
    ["export", "--format", "json", "--since={}", "--out", "-"],
    ["export", "--format", "csv", "--until={}", "--out", "-"],
    ["forget", "--since={}", "--until", "now", "--yes"],
    ["forget", "--since", "2026-01-01", "--until={}", "--yes"],
]


def _values(slot: list[str]) -> list[str]:
    """The odd values made for this kind of argument (empty when there are none)."""
    text = " ".join(slot)
    if "--since" in text or "--until" in text or "--due" in text or "--date" in text:
        return ODD_TIMES
    if "--estimate" in text or "--priority" in text:
        return ODD_AMOUNTS
    return []


def _cases() -> list[tuple[str, list[str]]]:
    """Every slot with a deterministic sample of the values made for it (10) and of the
    general odd values (3, or 6 where there are no special ones): 209 in all."""
    cases: list[tuple[str, list[str]]] = []
    for number, slot in enumerate(SLOTS):
        rng = random.Random(f"{SEED}/{number}")
        special = _values(slot)
        chosen = rng.sample(special, min(10, len(special))) + rng.sample(ODD, 3 if special else 6)
        for value in chosen:
            args = [part.replace("{}", value) for part in slot]
            cases.append((f"{number}-{slot[0]}-{len(cases)}", args))
    return cases


CASES = _cases()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 200


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with two tasks (one finished), a mood and an hour of recorded activity."""
    from focuscoach.core.cli import main
    from tests.cli.test_cli import seed

    home = tmp_path_factory.mktemp("fuzz-input-template")
    seed(home)
    for args in (
        ["task", "add", "Write report", "--priority", "1", "--estimate", "1h30m"],
        ["task", "add", "Read paper", "--due", "2030-01-02", "--app", "evince"],
        ["task", "done", "2"],
        ["mood", "3", "--energy", "2", "--note", "ok"],
    ):
        assert main(["--home", str(home), *args]) == 0
    return home


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("case", "args"), CASES, ids=[c for c, _ in CASES])
def test_odd_input_keeps_the_contract(
    case: str, args: list[str], template: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_home(template, home)
    before = snapshot(home)
    result = run_cli(home, capsys, *args)
    check_contract(result, before, home, case)
    # Whatever was accepted leaves a store every command can still show.
    for check in (["status", "--json"], ["task", "list", "--all"], ["task", "list", "--json"]):
        shown = run_cli(home, capsys, *check)
        assert shown.code == 0, (check, shown.err)


@pytest.mark.timeout(120)
def test_bytes_that_are_not_utf8_on_a_real_command_line(home: Path) -> None:
    """A terminal in another encoding hands Python undecodable bytes (lone surrogates)."""
    command = [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home)]
    for args in (
        [b"task", b"add", b"caf\xe9 \xff"],
        [b"mood", b"3", b"--note", b"\xfe\xff"],
        [b"export", b"--format", b"json", b"--since", b"\xff", b"--out", b"-"],
    ):
        before = snapshot(home)
        result = subprocess.run(
            [*(part.encode() for part in command), *args],
            capture_output=True,
            timeout=20,
            check=False,
        )
        err = result.stderr.decode("utf-8", "replace")
        assert result.returncode == 2, (args, err)
        assert len(err.splitlines()) == 1, err
        assert snapshot(home) == before
