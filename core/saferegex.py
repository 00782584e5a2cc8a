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
from collections.abc import Sequence
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
    options = _options(ignore_case=ignore_case)
    try:
        pattern.encode("utf-8")
    except UnicodeEncodeError:
        raise RegexError("not a valid regex: it contains a lone surrogate") from None
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as exc:
        raise RegexError(_reason(exc)) from None
    return SafeRegex(pattern, ignore_case, compiled)


def _options(*, ignore_case: bool) -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own lines on stderr
    options.case_sensitive = not ignore_case
    options.max_mem = _MAX_MEM
    return options


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


class PatternSet:
    """Which of several patterns occur in a text, in one pass over it (RE2's Set) rather than
    one search per pattern: categorising a year's windows against two dozen rules was about
    25,000 searches (issue 15). Linear in the text, like each pattern alone.

    The answer is always the per-pattern one. RE2's Set has no fallback when its automaton
    runs out of memory (it then reports no match), so a text it finds nothing in is checked
    with one search of all the patterns as alternatives (an ordinary RE2 regex, which falls
    back to its slower engine instead); should that match, the patterns are searched one by
    one. A set that cannot be compiled within the memory limit searches one by one always.
    """

    __slots__ = ("_any", "_patterns", "_set")

    def __init__(self, patterns: Sequence[SafeRegex]) -> None:
        self._patterns = tuple(patterns)
        self._set: Any = None
        self._any: Any = None
        if not self._patterns:
            return
        # Each pattern as a group of its own with its own case rule: the same as compiling it
        # with the option (RE2's case_sensitive=False is its (?i) flag over the whole pattern).
        parts = [f"(?i:{p.pattern})" if p.ignore_case else f"(?:{p.pattern})" for p in patterns]
        options = _options(ignore_case=False)
        try:
            every = re2.Set.SearchSet(options)
            for part in parts:
                every.Add(part)
            every.Compile()
            either = re2.compile("|".join(parts), options)
        except re2.error:
            return
        self._set, self._any = every, either

    def matching(self, text: str) -> Sequence[int]:
        """The indexes (in the order given) of the patterns found in `text`, in any order."""
        if self._set is None:
            return self._one_by_one(text)
        try:
            found = self._set.Match(text)
            missed = not found and self._any.search(text) is not None
        except UnicodeEncodeError:  # a lone surrogate from imported JSON: RE2 wants UTF-8
            return self.matching(text.encode("utf-8", "replace").decode("utf-8"))
        if missed:  # the set ran out of memory on this text
            return self._one_by_one(text)
        return found or ()

    def _one_by_one(self, text: str) -> list[int]:
        return [i for i, pattern in enumerate(self._patterns) if pattern.search(text)]
