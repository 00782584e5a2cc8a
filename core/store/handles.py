"""The store's handles as the layers above see them: an open connection and a database.

Model, reports, interop and planning pass these to the store's readers and writers and never
speak SQL themselves (an import-linter contract in pyproject.toml keeps sqlite3 and
sqlite_utils out of them); naming the types here is all they need of SQLite.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # sqlite_utils (with numpy) costs a tenth of a second to import
    import sqlite_utils

#: A connection from `database.connect` (read-only or the writer's).
Connection: TypeAlias = sqlite3.Connection
#: A `database.open_database` handle (sqlite_utils over one connection; `.conn` is that connection).
#: Named for type checking only, so that naming it loads nothing.
Database: TypeAlias = "sqlite_utils.Database"

__all__ = ["Connection", "Database"]
