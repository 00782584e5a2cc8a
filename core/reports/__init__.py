"""Weekly statistics and charts, drawn the same way for the CLI and the app (no Qt)."""

from focuscoach.core.reports import mpl_docs

# Before anything here imports matplotlib: its import then skips writing docstrings no one
# reads (see mpl_docs.py). Importing this package never imports matplotlib itself.
mpl_docs.install()
