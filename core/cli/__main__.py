import sys

from focuscoach.core.cli import main

sys.exit(main())
