"""What the windows need from the app: reads and writes that return Futures at once (the App
runs them on its executor; `App.read` / `App.write` / `App.submit` satisfy this)."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import sqlite_utils

T = TypeVar("T")


class Store(Protocol):
    def read(self, fn: Callable[[sqlite_utils.Database], T]) -> concurrent.futures.Future[T]: ...

    def write(self, fn: Callable[[sqlite_utils.Database], T]) -> concurrent.futures.Future[T]: ...

    def submit(self, fn: Callable[[], Any]) -> concurrent.futures.Future[Any]: ...
