import sys

from focuscoach.core.cli import main
from focuscoach.core.cli.process_exit import run_whole

sys.exit(run_whole(main))
