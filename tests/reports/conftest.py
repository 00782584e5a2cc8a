"""Each report test starts in English with an English locale, and leaves the language as it
found it: `focuscoach report` sets core's language for the whole process (core/i18n.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from focuscoach.core import i18n


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    with i18n.language("en"):
        yield
