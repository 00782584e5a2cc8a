"""The shipped example titles per category (resources/categories/examples.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from focuscoach.core.categories import Category

SEPARATOR = " > "


def name_of(category: Category) -> str:
    """``("Distracting", "Video")`` -> ``"Distracting > Video"``."""
    return SEPARATOR.join(category)


def parse_name(text: str) -> Category:
    """``"Distracting > Video"`` -> ``("Distracting", "Video")``; ValueError if empty."""
    parts = tuple(part.strip() for part in text.split(">"))
    if not parts or not all(parts):
        raise ValueError(f"not a category name: {text!r} (write it as 'Top > Sub')")
    return parts


@lru_cache(maxsize=1)
def shipped_examples() -> dict[Category, tuple[str, ...]]:
    """Category -> example titles, in the file's order."""
    text = (
        resources.files("focuscoach.resources")
        .joinpath("categories", "examples.json")
        .read_text(encoding="utf-8")
    )
    document = json.loads(text)
    return {parse_name(name): tuple(titles) for name, titles in document["examples"].items()}
