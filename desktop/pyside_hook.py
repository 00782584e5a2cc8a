"""PySide6's import hook, made to stop filling the tray's memory with source text.

For every module imported after it, PySide6 asks whether the module's source mentions
"PySide6" (to know whether its `__feature__` switches such as snake_case apply there). It
reads the source with `inspect.getsource`, which tokenizes it and keeps every file's text
in `linecache` for the life of the process: about 15 MB of the tray app's resident memory.
The same question answered by reading the file's bytes costs nothing that stays.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def _reads_bytes(fallback: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(fallback(module))  # built-in, extension or frozen: cheap anyway
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(fallback(module))

    mod_uses_pyside.focuscoach_light = True  # type: ignore[attr-defined]
    return mod_uses_pyside


def install() -> bool:
    """Import PySide6 and replace its source scan; True if the hook was found and replaced.
    Call before the app's other modules are imported. A PySide6 without the hook (older or
    newer) is left alone."""
    import PySide6  # noqa: F401  (sets up the hook)

    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(scan):
        return False
    if not getattr(scan, "focuscoach_light", False):
        feature._mod_uses_pyside = _reads_bytes(scan)  # type: ignore[attr-defined]
    return True
