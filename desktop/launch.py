"""The `focuscoach` command: the CLI, with the tray app as what runs without a subcommand.

Qt is imported only when the app actually starts, so `focuscoach status` and the other
subcommands stay fast and work without a display.
"""

from __future__ import annotations

import argparse
import sys

from focuscoach.core.cli import main as cli_main
from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.cli.process_exit import run_whole


def start_app(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.memory import limit_malloc_arenas
    from focuscoach.desktop import pyside_hook, qtlibs

    # Before Qt loads: without its X11 libraries it would abort (a core dump) with a
    # paragraph about platform plugins instead of naming the packages to install.
    problem = qtlibs.check()
    if problem is not None:
        raise UsageError(problem)
    limit_malloc_arenas()  # before the app's threads start
    pyside_hook.install()  # before the app's modules are imported
    from focuscoach.desktop.app import run

    return run(ctx, args)


def main() -> int:
    """The process's entry point (a command that asks may end the process here: see
    core/cli/process_exit.py)."""
    return run_whole(lambda: cli_main(sys.argv[1:], default=start_app))


if __name__ == "__main__":
    sys.exit(main())
