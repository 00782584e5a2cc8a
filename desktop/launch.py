"""The `focuscoach` command: the CLI, with the tray app as what runs without a subcommand.

Qt is imported only when the app actually starts, so `focuscoach status` and the other
subcommands stay fast and work without a display.
"""

from __future__ import annotations

import argparse
import sys

from focuscoach.core.cli import main as cli_main
from focuscoach.core.cli.common import Context


def start_app(ctx: Context, args: argparse.Namespace) -> int:
    _fewer_malloc_arenas()
    from focuscoach.desktop.app import run

    return run(ctx, args)


def _fewer_malloc_arenas() -> None:
    """glibc gives each thread that allocates its own malloc arena, and the app runs several
    (recorder, detector, coach, writer, Qt): capping them keeps the tray's resident memory
    within budget. Must run before those threads start; a no-op off glibc."""
    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes

    m_arena_max = -8  # from malloc.h
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(m_arena_max, 2)


def main() -> int:
    return cli_main(sys.argv[1:], default=start_app)


if __name__ == "__main__":
    sys.exit(main())
