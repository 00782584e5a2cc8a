"""matplotlib without its generated `Artist.set` docstrings: a tenth of a report's time saved.

When matplotlib defines each Artist class (about a hundred, while it is imported), it writes
that class's `set()` docstring, listing every property with its accepted values, which
`matplotlib.artist.kwdoc` builds by inspecting every setter and parsing its docstring:
measured here, about 130 ms of CPU of the roughly 600 ms that importing matplotlib takes. No
one reads those docstrings in a report or the app (they are for `help()` in a session), so
`install()` makes `kwdoc` return a one-line pointer instead, as matplotlib's own
`matplotlib.artist` module is loaded, before any Artist subclass is defined. What is drawn is
unchanged; `help(Line2D.set)` says where the properties are listed instead of listing them.

The hook is a one-shot import finder: it costs nothing until matplotlib is imported, removes
itself then, and does nothing when matplotlib is already loaded (its classes are defined).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType

TARGET = "matplotlib.artist"
BRIEF = "Properties: see the set_* methods of the class and its bases."


def _brief(_artist: object) -> str:
    return BRIEF


class _ArtistDocs(MetaPathFinder):
    """Finds `matplotlib.artist` as the normal path finder does and patches it once run."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname != TARGET:
            return None
        uninstall()
        spec = PathFinder.find_spec(fullname, path)
        loader = None if spec is None else spec.loader
        if spec is None or loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if callable(getattr(module, "kwdoc", None)):
                module.kwdoc = _brief  # type: ignore[attr-defined]

        # The loader object is this one module's own (a file loader made for this spec).
        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


_FINDER = _ArtistDocs()


def install() -> None:
    """Put the finder first in the import system unless matplotlib is already imported."""
    if TARGET in sys.modules or "matplotlib" in sys.modules or _FINDER in sys.meta_path:
        return
    sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)


def installed() -> bool:
    return _FINDER in sys.meta_path
