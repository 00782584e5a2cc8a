"""A fresh clone runs its own tests: the data they read is in the repository, under git."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conftest import AW_EXPORT, ROOT

# A path built from the folder above the checkout (ROOT.parent / ...) or a relative one that
# climbs out of it (into the sibling folder below).
_SIBLING = "shared"  # the project's folder next to the checkout
OUTSIDE = re.compile(rf"ROOT\.parent\b|\.\./{_SIBLING}\b|[\"']{_SIBLING}[\"']\s*/")


def _tracked(path: Path) -> bool:
    result = subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(path.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def test_the_activitywatch_export_is_the_simulators_and_in_the_repository() -> None:
    """Committed (a fresh clone has it), and exactly what tests/support/aw_export.py writes:
    simulated, so no one's personal activity log is kept here."""
    from tests.support import aw_export

    assert AW_EXPORT == aw_export.EXPORT and AW_EXPORT.is_relative_to(ROOT), AW_EXPORT
    for path in (AW_EXPORT, AW_EXPORT.parent / "README.md"):
        assert path.is_file(), path
        assert _tracked(path), f"{path} is not committed"
    assert AW_EXPORT.read_text(encoding="utf-8") == aw_export.render()
    data_files = {p.name for p in AW_EXPORT.parent.iterdir()}
    assert data_files == {AW_EXPORT.name, "README.md"}, data_files


def test_no_test_reads_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("tests", "packaging")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_matplotlib_config_and_font_cache_are_the_test_runs_own() -> None:
    """Not the user's ~/.cache/matplotlib: a font list cached there before a CJK font was
    installed would make CJK text render as boxes and fail report tests."""
    import matplotlib

    isolated = Path(os.environ["MPLCONFIGDIR"])
    assert isolated.parent == Path(tempfile.gettempdir()), isolated
    assert isolated.name.startswith("focuscoach-tests-mpl-")
    assert Path(matplotlib.get_configdir()) == isolated
    assert Path(matplotlib.get_cachedir()) == isolated
    child = subprocess.run(
        [sys.executable, "-c", "import matplotlib; print(matplotlib.get_cachedir())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(child.stdout.strip()) == isolated
