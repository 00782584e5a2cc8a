"""Vendor names that say nothing of the category: "Google Maps", "小米设置", "腾讯会议".

A vendor with many products lends its name to apps of every kind: Google makes maps, mail and
an app store; 小米 a shop, a fitness app and the phone's settings. To the encoder the shared
name is the loudest part of a short app name, so "小米设置" (settings) lies nearest "小米有品"
(a shop) and is suggested as shopping, surely. Which names are such vendors is read from the
examples, not listed by hand: a leading word (or two to four leading CJK characters) that
begins app names of two or more categories. An app name that begins with one is also judged
by what follows it ("设置"), half and half with the whole name. A common word caught the same
way ("The Sims", "The Verge") costs little: the whole name keeps half the say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable

_CJK = re.compile(r"[\u3400-\u9fff]")
#: Only app names are looked at, not page titles: short, and without a separator.
_SEPARATED = re.compile(r"\s[-–—|·:]\s|[_：|]")
_MAX_WORDS = 3
_MAX_CJK_CHARS = 8
_CJK_PREFIXES = (2, 3, 4)
#: What must follow a vendor's name for the rest to be judged on its own.
_MIN_REST_CJK = 2
_MIN_REST_LATIN = 3


def _is_name(text: str) -> bool:
    if _SEPARATED.search(text):
        return False
    if _CJK.match(text):
        return len(text) <= _MAX_CJK_CHARS and " " not in text
    return len(text.split()) <= _MAX_WORDS


def _prefixes(text: str) -> list[str]:
    """The leading parts of an app name that could be a vendor's name."""
    if not _is_name(text):
        return []
    if _CJK.match(text):
        return [
            text[:n]
            for n in _CJK_PREFIXES
            if len(text) >= n + _MIN_REST_CJK and all(_CJK.match(c) for c in text[:n])
        ]
    words = text.split()
    if len(words) >= 2 and len(" ".join(words[1:])) >= _MIN_REST_LATIN:
        return [words[0] + " "]
    return []


def vendor_names(examples: Iterable[tuple[str, Hashable]]) -> frozenset[str]:
    """Leading names that begin app names of two or more categories in (text, category)."""
    categories: dict[str, set[Hashable]] = defaultdict(set)
    for text, category in examples:
        for prefix in _prefixes(text):
            categories[prefix].add(category)
    return frozenset(p for p, cs in categories.items() if len(cs) >= 2)


def without_vendor(text: str, vendors: frozenset[str]) -> str | None:
    """What follows the longest vendor name `text` begins with ("小米设置" -> "设置"), or None
    when it begins with none."""
    for prefix in sorted(_prefixes(text), key=len, reverse=True):
        if prefix in vendors:
            return text[len(prefix) :].strip()
    return None
