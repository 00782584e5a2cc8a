"""Making stored text safe to print: what a task title or a window title holds must never be
able to drive the user's terminal (colours, cursor moves, window titles, hyperlinks, OSC 52
clipboard writes), nor break one line of output into several.

The stored text stays as it was; only what is printed is escaped, visibly (`\\x1b`), so that
the user can still see what is there.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls, DEL, C1 controls, lone surrogates (cannot be encoded), and the Unicode line
# and paragraph separators (some terminals and most JSON-in-JavaScript readers treat them as
# line breaks). Bidirectional overrides are left alone: they reorder text but cannot run
# terminal commands.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# In JSON, C0 is escaped by the encoder already; the rest must be escaped too.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe(text: str) -> str:
    """`text` for one line of terminal output: every control character shown as an escape."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


def safe_json_text(text: str) -> str:
    """JSON text (already encoded) with C1 controls, DEL, U+2028/2029 and lone surrogates
    written as \\u escapes: the same JSON value, but inert on a terminal and encodable."""
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


def dumps(value: Any, *, indent: int | None = None) -> str:
    """`json.dumps` for output: readable non-ASCII text, every control character escaped."""
    return safe_json_text(json.dumps(value, ensure_ascii=False, indent=indent))


def print_json(value: Any) -> None:
    """Print `value` as indented JSON that is safe on a terminal."""
    print(dumps(value, indent=2))
