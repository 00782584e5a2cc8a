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


def is_excluded(app: str, title: str, settings: RecordingSettings) -> bool:
    """Whether an exclusion rule matches the window: on the cleaned but uncut app and title
    (what the user sees), so a match past the stored cut, or an anchored `$`, still counts."""
    if not settings.exclusions:
        return False
    full_app = clean_text(app, max(len(app), 1))
    full_title = clean_text(title, max(len(title), 1))
    return any(rule.matches(full_app, full_title) for rule in settings.exclusions)


def filter_window(info: WindowInfo, settings: RecordingSettings) -> WindowInfo | None:
    """The window as it may be recorded, or None when it must stay out of the database.

    Exclusion rules see the whole (cleaned) title, not the stored cut: "bank" past the cut,
    or a rule anchored at the end (`$`), must still keep the window out. The rules run on
    RE2 (see core.saferegex), so a long title costs linear time, never a hang.
    """
    if is_excluded(info.app, info.title, settings):
        return None
    app = clean_text(info.app, 200)
    title = clean_text(info.title, settings.max_title_length)
    if not settings.record_titles:
        title = ""
    return WindowInfo(app=app, title=title)
