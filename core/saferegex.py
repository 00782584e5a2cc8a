"""Regular expressions the user writes (exclusion rules, categories, a task's --app), run safely.

Python's `re` backtracks: `(a+)+$` against a 35-character title takes longer than the age of
the universe, and one such rule in config.toml or categories.json would hang recording,
import, report and train on every title. These patterns therefore run on RE2 (the
`google-re2` package), whose matching time grows linearly with the text whatever the pattern.

Why RE2 and not the `regex` module with a time limit: a time limit still spends the limit on
every title (a year of titles is tens of thousands of them), its outcome depends on how busy
the machine is, and for an exclusion rule a timed-out match has no safe answer. RE2 answers
every title, the same way every time, and in the report benchmark it is faster than `re`.

What RE2 does not have is refused when the pattern is loaded, never at match time:
backreferences (`\\1`), lookahead and lookbehind (`(?=`, `(?<!`), possessive and atomic
groups. `\\d`, `\\w` and `\\b` are ASCII-only in RE2; case-insensitive matching still folds
any script. Errors are one line (`RegexError`, a ValueError) for the caller to prefix with
the file and the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import re2

#: Longer patterns are refused: a rule is a few names, not a document.
MAX_PATTERN_LENGTH = 10_000
#: RE2's memory for one compiled pattern (its default is 8 MiB); past it, compiling fails.
_MAX_MEM = 8 << 20

# RE2's messages for what Python's `re` has and RE2 leaves out on purpose.
_BACKREFERENCE = re.compile(r"invalid escape sequence: \\[1-9]")
_UNSUPPORTED = (
    "invalid perl operator: (?=",
    "invalid perl operator: (?!",
    "invalid perl operator: (?<",
    "invalid perl operator: (?>",
    "bad repetition operator: ++",
    "bad repetition operator: *+",
    "bad repetition operator: ?+",
)


class RegexError(ValueError):
    """The pattern cannot be used; str() is one line saying why (without where)."""


@dataclass(frozen=True, slots=True)
class SafeRegex:
    """A compiled user pattern. Equal when the text and the case rule are; `pattern` is the
    text as the user wrote it (settings are written back with it)."""

    pattern: str
    ignore_case: bool = False
    _compiled: Any = field(default=None, compare=False, repr=False)

    def search(self, text: str) -> bool:
        """Whether the pattern occurs anywhere in `text`; linear in len(text)."""
        try:
            return self._compiled.search(text) is not None
        except UnicodeEncodeError:  # a lone surrogate from imported JSON: RE2 wants UTF-8
            clean = text.encode("utf-8", "replace").decode("utf-8")
            return self._compiled.search(clean) is not None


def compile_pattern(pattern: str, *, ignore_case: bool = False) -> SafeRegex:
    """Compile `pattern` for RE2, or RegexError with a one-line reason."""
    return _compile(pattern, ignore_case)


@lru_cache(maxsize=512)
def _compile(pattern: str, ignore_case: bool) -> SafeRegex:
    if not isinstance(pattern, str):
        raise RegexError(f"a regex must be text, not {type(pattern).__name__}")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RegexError(
            f"regex too long ({len(pattern)} characters; at most {MAX_PATTERN_LENGTH})"
        )
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own lines on stderr
    options.case_sensitive = not ignore_case
    options.max_mem = _MAX_MEM
    try:
        pattern.encode("utf-8")
    except UnicodeEncodeError:
        raise RegexError("not a valid regex: it contains a lone surrogate") from None
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as exc:
        raise RegexError(_reason(exc)) from None
    return SafeRegex(pattern, ignore_case, compiled)


def _reason(exc: Exception) -> str:
    raw = exc.args[0] if exc.args else exc
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())[:160]
    if text.startswith(_UNSUPPORTED) or _BACKREFERENCE.match(text):
        return (
            f"not a supported regex: {text} (backreferences, lookarounds and possessive "
            "repeats are not supported: they can take forever on some titles)"
        )
    return f"not a valid regex: {text}"


def check_pattern(pattern: str, *, ignore_case: bool = False) -> str:
    """`pattern` itself when it compiles (for values stored as text, like a task's --app)."""
    compile_pattern(pattern, ignore_case=ignore_case)
    return pattern
