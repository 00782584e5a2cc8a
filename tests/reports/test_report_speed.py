"""What makes `report` fast must not change what it says (issue 15's figures):

- the week counted in a forked child gives the very report counted in-process, and a child
  that fails leaves the work (and its error) to the parent;
- the PNG page drawn in two halves by two processes is, byte for byte, the page drawn whole;
- matplotlib imported through focuscoach.core.reports skips its generated docstrings only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from focuscoach.core import paths
from focuscoach.core.categories import default_categorizer
from focuscoach.core.cli import report as report_cli
from focuscoach.core.cli.common import Context
from focuscoach.core.reports import mpl_docs
from tests.reports import simdb


@pytest.fixture(scope="module")
def sim_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("speed-home")
    simdb.fill(home / "focuscoach.db")
    return home


# Run in a fresh process: a test process may hold other threads (a window's worker), and
# the report forks only where none runs. numpy's OpenBLAS on one thread, as `report` loads it
# (its workers are threads too).
SINGLE_THREADED = {**os.environ, "TZ": "UTC", "OPENBLAS_NUM_THREADS": "1"}
FORK_SCRIPT = """
import json, os, sys
from dataclasses import asdict
from focuscoach.core import paths
from focuscoach.core.categories import default_categorizer
from focuscoach.core.cli import report as report_cli
from focuscoach.core.cli.common import Context
from tests.reports import simdb

ctx = Context(paths=paths.resolve(sys.argv[1]))
rules = default_categorizer()
parent = os.getpid()
children = []
build = report_cli._build

def counting(*args):
    if os.getpid() != parent:
        children.append(os.getpid())  # lost with the child: the parent never sees it
        if sys.argv[2] == "fail":
            raise RuntimeError("the child's count failed")
    return build(*args)

report_cli._build = counting
forked = report_cli._report_beside_matplotlib(ctx, simdb.WEEK, simdb.ZONE, rules)
here = build(ctx, simdb.WEEK, simdb.ZONE, rules)

def plain(stats):
    return json.dumps(asdict(stats), default=str, sort_keys=True)

print(json.dumps({
    "charts_loaded": "focuscoach.core.reports.charts" in sys.modules,
    "empty": forked.empty,
    "same": plain(forked.current) == plain(here.current)
    and plain(forked.previous) == plain(here.previous)
    and (forked.week, forked.zone, forked.first_week) == (here.week, here.zone, here.first_week),
}))
"""


def _python(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """What `script` prints, run in a fresh interpreter from the repository's root."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _fork_run(home: Path, mode: str) -> dict[str, bool]:
    result: dict[str, bool] = json.loads(_python(FORK_SCRIPT, str(home), mode, env=SINGLE_THREADED))
    return result


def test_the_forked_count_is_the_in_process_count(sim_home: Path) -> None:
    got = _fork_run(sim_home, "ok")
    assert got == {"charts_loaded": True, "empty": False, "same": True}


def test_a_failing_child_leaves_the_count_to_the_parent(sim_home: Path) -> None:
    """The parent counts again (an error would be raised here, as without the fork)."""
    got = _fork_run(sim_home, "fail")
    assert got == {"charts_loaded": True, "empty": False, "same": True}


def test_with_another_thread_running_it_counts_in_process(
    sim_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = Context(paths=paths.resolve(str(sim_home)))
    forks: list[int] = []

    def fork() -> int:
        forks.append(1)
        raise AssertionError("forked with another thread running")

    monkeypatch.setattr("os.fork", fork)
    monkeypatch.setattr("threading.active_count", lambda: 2)
    got = report_cli._report_beside_matplotlib(ctx, simdb.WEEK, simdb.ZONE, default_categorizer())
    assert not got.empty and forks == []


PAIR_SCRIPT = """
import sys
from focuscoach.core import i18n, paths
from focuscoach.core.categories import default_categorizer
from focuscoach.core.cli import report as report_cli
from focuscoach.core.cli.common import Context
from focuscoach.core.reports.png_pair import render_png_pair
from focuscoach.core.reports.render import PNG_DPI, render_png
from tests.reports import simdb

ctx = Context(paths=paths.resolve(sys.argv[1]))
with i18n.language(sys.argv[2]):
    report = report_cli._build(ctx, simdb.WEEK, simdb.ZONE, default_categorizer())
    pair = render_png_pair(report, PNG_DPI)
    whole = render_png(report, pair=False)
print(pair is not None, pair == whole, len(whole))
"""


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_page_drawn_in_two_halves_is_the_page_drawn_whole(
    sim_home: Path, language: str
) -> None:
    """Byte for byte: the same pixels, written the same way."""
    drawn, same, size = _python(PAIR_SCRIPT, str(sim_home), language, env=SINGLE_THREADED).split()
    assert drawn == "True" and same == "True" and int(size) > 100_000


def test_matplotlib_through_the_reports_skips_only_the_generated_docstrings() -> None:
    script = (
        "import sys\n"
        "from focuscoach.core.reports import mpl_docs\n"
        "from focuscoach.core.reports import charts\n"
        "from matplotlib.lines import Line2D\n"
        "from matplotlib.artist import Artist\n"
        "assert not mpl_docs.installed()\n"  # it removed itself once used
        "print(Line2D.set.__doc__.rstrip().endswith(mpl_docs.BRIEF))\n"
        "print('markevery' in Line2D.set.__doc__)\n"
        "print('linewidth' in str(__import__('inspect').signature(Line2D.set)))\n"
        "print(Line2D(([0, 1]), ([0, 1])).set(linewidth=3) is not None)\n"
    )
    brief, listed, signature, works = _python(script).split()
    assert brief == "True" and listed == "False"  # the long list is not written...
    assert signature == "True" and works == "True"  # ...but set() and its signature are whole


def test_the_hook_stays_out_when_matplotlib_is_already_loaded() -> None:
    import matplotlib  # noqa: F401

    mpl_docs.install()
    assert not mpl_docs.installed()


@pytest.mark.parametrize(("running", "spare"), [(1, True), (2, False), (5, False)])
def test_the_page_is_drawn_in_halves_only_with_a_processor_to_spare(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, running: int, spare: bool
) -> None:
    """What runs now decides (this process counts among the runnable tasks), not the load
    average, which still counts the reports drawn a minute ago."""
    from focuscoach.core.reports import png_pair

    loadavg = tmp_path / "loadavg"
    loadavg.write_text(f"3.50 2.00 1.00 {running}/312 4242\n")
    monkeypatch.setattr(png_pair, "LOADAVG", str(loadavg))
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr("os.getloadavg", lambda: (3.5, 2.0, 1.0))
    assert png_pair.spare_processor() is spare


def test_a_task_running_for_a_moment_does_not_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    from focuscoach.core.reports import png_pair

    readings = iter(["3/300", "1/300", "2/300"])

    class LoadAvg:
        def __enter__(self) -> LoadAvg:
            return self

        def __exit__(self, *_exc: object) -> None:
            return None

        def read(self) -> str:
            return f"0.1 0.1 0.1 {next(readings)} 42"

    monkeypatch.setattr("builtins.open", lambda *_a, **_k: LoadAvg())
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1})
    assert png_pair.spare_processor() is True


@pytest.mark.parametrize(("load", "spare"), [(0.2, True), (1.2, True), (1.3, False), (3.0, False)])
def test_without_proc_the_load_average_decides(
    monkeypatch: pytest.MonkeyPatch, load: float, spare: bool
) -> None:
    from focuscoach.core.reports import png_pair

    monkeypatch.setattr(png_pair, "LOADAVG", "/nonexistent/loadavg")
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr("os.getloadavg", lambda: (load, load, load))
    assert png_pair.spare_processor() is spare


def test_matplotlib_loads_for_a_report_with_numpy_on_one_thread() -> None:
    """OpenBLAS would start a thread per processor as numpy loads (60 ms of a report); the
    setting is given back afterwards."""
    script = (
        "import os\n"
        "from focuscoach.core.cli import report\n"
        "report._load_matplotlib()\n"
        "import numpy\n"
        "numpy.ones((3, 3)) @ numpy.ones((3, 3))\n"
        "print(len(os.listdir('/proc/self/task')), os.environ.get('OPENBLAS_NUM_THREADS'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert _python(script, env=env).split() == ["1", "None"]
