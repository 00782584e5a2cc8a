"""Keeping a long-running process small: glibc holds on to freed heap pages unless asked."""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def release_free_memory() -> None:
    """Return free heap pages to the system (malloc_trim); a no-op off glibc. Cheap enough to
    call after each periodic job (the detector's pass leaves a few MB of freed heap)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each thread that allocates its own malloc arena; a process with several
    long-lived threads (recorder, detector, coach, writer, Qt) then keeps several partly
    empty heaps resident. Call before those threads start; a no-op off glibc."""
    libc = _libc()
    m_arena_max = -8  # from malloc.h
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(m_arena_max, arenas)
