"""A command run as its own process may end it without Python's teardown (a drawn report's
last tenth of a second), but never loses its output, its log or its exit handlers; a caller in
the same process is never ended."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from focuscoach.core.cli import process_exit
from tests.conftest import run_focuscoach

SCRIPT = """
import atexit, sys
from focuscoach.core.cli import process_exit
from tests.conftest import run_focuscoach

class Noisy:
    def __del__(self):  # runs in Python's teardown only
        print("torn down", flush=True)

kept = Noisy()
atexit.register(lambda: open(sys.argv[1], "w").write("exit handlers ran"))

def command():
    print("quick" if process_exit.quick_exit() else "slow", end="")  # buffered: a pipe
    sys.stderr.write("a line on stderr")
    return int(sys.argv[2])

status = process_exit.run_whole(command)
print("returned to the caller")  # never: the process ended in run_whole
"""


def test_a_command_that_asks_ends_the_process_with_everything_flushed(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(marker), "3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3
    assert done.stdout == "quick"  # flushed; no teardown ("torn down") and no return
    assert done.stderr == "a line on stderr"
    assert marker.read_text() == "exit handlers ran"


def test_outside_an_entry_point_a_command_is_never_granted_it() -> None:
    """Tests and the desktop call commands in their own process, which must go on."""
    assert process_exit.quick_exit() is False
    assert process_exit.run_whole(lambda: 5) == 5
    assert process_exit.quick_exit() is False  # only while run_whole runs the command


def test_the_report_command_as_a_process_ends_quickly_with_its_output(tmp_path: Path) -> None:
    """`python -m focuscoach.core.cli report` asks; its line and its file are there."""
    home, out = tmp_path / "home", tmp_path / "week.json"
    done = run_focuscoach("--home", str(home), "report", "--out", str(out), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote the statistics of an empty week")
    assert out.stat().st_size > 0
