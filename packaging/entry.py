"""The frozen bundle's entry point (PyInstaller runs this file as `__main__`).

It does what the `focuscoach` console script does: the CLI, and the tray app when no command
is given.
"""

import multiprocessing
import sys

from focuscoach.desktop.launch import main

if __name__ == "__main__":
    # A frozen program that starts worker processes (torch data loading) must call this first.
    multiprocessing.freeze_support()
    sys.exit(main())
