"""What of a window may be stored: exclusion rules, titles on or off, clean bounded titles."""

from __future__ import annotations

import unicodedata

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import RecordingSettings

ELLIPSIS = "…"


def clean_text(text: str, max_length: int) -> str:
    """Control characters out (newlines and tabs become spaces), at most `max_length` chars.

    Format characters (Cf) are kept: zero-width joiners hold emoji sequences together.
    """
    if text.isprintable() and len(text) <= max_length:
        return text
    cleaned = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if unicodedata.category(ch) != "Cc" or ch in "\t\n\r"
    ).strip()
    if len(cleaned) > max_length:
        cleaned = cleaned[: max_length - 1] + ELLIPSIS
    return cleaned


def filter_window(info: WindowInfo, settings: RecordingSettings) -> WindowInfo | None:
    """The window as it may be recorded, or None when it must stay out of the database.

    Exclusion rules see the whole (cleaned) title, not the stored cut: "bank" past the cut,
    or a rule anchored at the end (`$`), must still keep the window out. The rules run on
    RE2 (see core.saferegex), so a long title costs linear time, never a hang.
    """
    app = clean_text(info.app, 200)
    full_title = clean_text(info.title, max(len(info.title), 1))
    if any(rule.matches(app, full_title) for rule in settings.exclusions):
        return None
    title = clean_text(full_title, settings.max_title_length)
    if not settings.record_titles:
        title = ""
    return WindowInfo(app=app, title=title)
