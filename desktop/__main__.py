"""`python -m focuscoach.desktop`: the same as the `focuscoach` command."""

import sys

from focuscoach.desktop.launch import main

sys.exit(main())
