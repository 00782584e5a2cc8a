"""What the windows need from the store: reads on their own connection, writes through the
engine's single writer (`Engine.read` / `Engine.write` satisfy this)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

import sqlite_utils

T = TypeVar("T")


class Store(Protocol):
    def read(self) -> AbstractContextManager[sqlite_utils.Database]: ...

    def write(self, func: Callable[[sqlite_utils.Database], T], timeout: float = ...) -> T: ...
