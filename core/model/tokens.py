"""Window text as the model reads it: language-agnostic tokens hashed into buckets.

Words (and a prefix piece of long words) for spaced scripts, character bigrams for CJK runs,
hashed with CRC-32 (stable across processes and platforms, unlike ``hash()``) into
``n_buckets`` buckets; bucket 0 is padding.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable
from functools import lru_cache

from focuscoach.core.categories import Category
from focuscoach.core.model.feature_layout import FeatureConfig

_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN_RE = re.compile(rf"([{_CJK_CLASS}]+)|((?:(?![{_CJK_CLASS}])[^\W_])+)")
_PREFIX_MIN = 7
_PREFIX_LEN = 5


@lru_cache(maxsize=16384)
def tokenize(text: str) -> tuple[str, ...]:
    """Words (lower-cased, NFKC) and a 5-letter prefix piece of words of 7+ letters; CJK runs
    as character bigrams (a single character stays a unigram); numbers collapse to '#'."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for match in _TOKEN_RE.finditer(norm):
        cjk, word = match.group(1), match.group(2)
        if cjk:
            if len(cjk) == 1:
                out.append(cjk)
            else:
                out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        elif word.isdigit():
            out.append("#")
        else:
            out.append(word[:24])
            if len(word) >= _PREFIX_MIN:
                out.append(word[:_PREFIX_LEN] + "~")
    return tuple(out)


def stable_hash(token: str, n_buckets: int) -> int:
    """Bucket in [1, n_buckets): CRC-32 of the UTF-8 text, the same in every process."""
    return 1 + zlib.crc32(token.encode("utf-8")) % (n_buckets - 1)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@lru_cache(maxsize=16384)
def span_tokens(
    app: str, title: str, category: Category, config: FeatureConfig
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Hashed (app-side, title-side) token ids of one window; cached per distinct window."""
    cat_tokens = ["c:" + category[0]]
    if len(category) > 1:
        cat_tokens.append("c:" + "/".join(category))
    app_norm = unicodedata.normalize("NFKC", app).casefold().strip()
    app_side = cat_tokens[:2] + _dedupe(["A:" + app_norm] + ["a:" + tok for tok in tokenize(app)])
    app_ids = tuple(stable_hash(tok, config.n_buckets) for tok in app_side[: config.app_tokens])
    words = _dedupe("t:" + tok for tok in tokenize(title))
    k = config.title_tokens
    if len(words) > k:
        tail = min(3, k // 3)
        words = words[: k - tail] + words[-tail:]
    title_ids = tuple(stable_hash(tok, config.n_buckets) for tok in words)
    return app_ids, title_ids


@lru_cache(maxsize=16384)
def padded_tokens(
    app: str, title: str, category: Category, config: FeatureConfig
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """span_tokens padded with zeros to the model's fixed widths."""
    app_ids, title_ids = span_tokens(app, title, category, config)
    return (
        app_ids + (0,) * (config.app_tokens - len(app_ids)),
        title_ids + (0,) * (config.title_tokens - len(title_ids)),
    )
