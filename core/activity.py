"""The activity records (window, AFK, input): they live in core/records.py with every other
record; this name stays for the recorder and the backends that import it."""

from __future__ import annotations

from focuscoach.core.records import AfkSpan, InputInterval, WindowInfo, WindowSpan

__all__ = ["AfkSpan", "InputInterval", "WindowInfo", "WindowSpan"]
