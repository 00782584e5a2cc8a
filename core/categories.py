"""Rule-based categories: which kind of activity a window is.

The rules have ActivityWatch's shape, so a user can paste the categories exported from
ActivityWatch's settings page::

    {"name": ["Distracting", "Video"],
     "rule": {"type": "regex", "regex": "YouTube|bilibili", "ignore_case": true}}

A regex rule is searched in the app name and in the window title. When several rules match, the
deepest category wins (``["Work", "Programming"]`` beats ``["Work"]``); on a tie the later rule
wins, so rules appended at the end of a file override earlier ones. A window that matches
nothing is ``("Uncategorized",)``.

Categories below one of the *distracting prefixes* (by default ``["Distracting"]``) count as
distraction for the model and the coach. A rules file may name its own prefixes under the key
``"distracting"``, which lets an ActivityWatch set (``["Media", "Social Media"]``...) be used
as is.

The regexes are the user's, so they run on RE2 (`focuscoach.core.saferegex`): a rule such as
``(a+)+$`` cannot hang a report over a year of titles. A rule RE2 cannot run (a backreference,
a lookaround) is refused when the file is loaded, with the file and the category named.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

from focuscoach.core import saferegex

Category = tuple[str, ...]

UNCATEGORIZED: Category = ("Uncategorized",)


def category_label(category: Category) -> str:
    """How a category is named in reports, Today and the attention strip: its first two
    levels ("Work › Programming"); i18n.category_name shows it in the user's language."""
    return " › ".join(category[:2])


DEFAULT_DISTRACTING: tuple[Category, ...] = (("Distracting",),)
_CACHE_SIZE = 8192
#: A rules file is a few kilobytes; a larger one is not a rules file.
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Rule:
    """One category with its compiled regex (None for a parent that only groups children)."""

    name: Category
    pattern: saferegex.SafeRegex | None


class Categorizer:
    """Matches (app, title) pairs against an ordered list of rules, with a per-instance cache."""

    def __init__(
        self,
        rules: Sequence[Rule],
        distracting: Iterable[Category] = DEFAULT_DISTRACTING,
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.distracting: tuple[Category, ...] = tuple(tuple(p) for p in distracting)
        # The cache lives on the instance: a module-level lru_cache over `self` would keep
        # every categorizer alive forever.
        self._cached = lru_cache(maxsize=_CACHE_SIZE)(self._categorize)
        self._distracting_cache: dict[Category, bool] = {}  # as few categories as rules
        self._matcher: _Matcher | None = None  # compiled on first use

    @property
    def names(self) -> list[Category]:
        """Every category the rules can produce, in rule order, plus Uncategorized."""
        return [r.name for r in self.rules] + [UNCATEGORIZED]

    def categorize(self, app: str, title: str = "") -> Category:
        """The deepest matching category for a window; ties go to the later rule."""
        return self._cached(app, title)

    def is_distracting(self, category: Sequence[str]) -> bool:
        """Whether a category lies below one of the distracting prefixes."""
        cat = tuple(category)
        known = self._distracting_cache.get(cat)
        if known is None:
            known = self._distracting_cache[cat] = any(cat[: len(p)] == p for p in self.distracting)
        return known

    def is_distracting_window(self, app: str, title: str = "") -> bool:
        return self.is_distracting(self.categorize(app, title))

    def _categorize(self, app: str, title: str) -> Category:
        matcher = self._matcher
        if matcher is None:
            matcher = self._matcher = _Matcher(self.rules)
        return matcher.best(app, title)


class _Matcher:
    """The rules searched all at once (`saferegex.PatternSet`: one pass over the app name and
    one over the title instead of a search per rule), then the deepest, latest match taken:
    the same answer as trying every rule in order (tests/categorize/test_rule_matching.py)."""

    __slots__ = ("_names", "_ranks", "_set")

    def __init__(self, rules: Sequence[Rule]) -> None:
        searched = [(i, r) for i, r in enumerate(rules) if r.pattern is not None]
        self._set = saferegex.PatternSet([r.pattern for _, r in searched if r.pattern is not None])
        # Deeper wins, then later: (depth, position) is the order of preference.
        self._ranks = [(len(r.name), i) for i, r in searched]
        self._names = [r.name for _, r in searched]

    def best(self, app: str, title: str) -> Category:
        found = list(self._set.matching(app))
        if title:
            found.extend(self._set.matching(title))
        if not found:
            return UNCATEGORIZED
        ranks = self._ranks
        return self._names[max(found, key=ranks.__getitem__)]


def parse_rules(document: Any, source: str = "<rules>") -> Categorizer:
    """Build a Categorizer from a decoded JSON document; ValueError says what is wrong where.

    Accepted shapes: a list of categories, or an object with ``"categories"`` (ActivityWatch's
    export) or ``"classes"`` (its older local-storage key), and an optional ``"distracting"``
    list of category-name prefixes.
    """
    distracting: list[Category] = list(DEFAULT_DISTRACTING)
    if isinstance(document, Mapping):
        entries = document.get("categories", document.get("classes"))
        if entries is None:
            raise ValueError(f"{source}: expected a 'categories' list")
        if "distracting" in document:
            raw = document["distracting"]
            if not isinstance(raw, list) or not all(_is_name(p) for p in raw):
                raise ValueError(f"{source}: 'distracting' must be a list of name lists")
            distracting = [tuple(p) for p in raw]
    else:
        entries = document
    if not isinstance(entries, list):
        raise ValueError(f"{source}: categories must be a list")
    rules = [_parse_entry(entry, f"{source}: category #{i + 1}") for i, entry in enumerate(entries)]
    return Categorizer(rules, distracting)


def _is_name(value: Any) -> TypeGuard[list[str]]:
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(isinstance(part, str) and part for part in value)
    )


def _parse_entry(entry: Any, where: str) -> Rule:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected an object with 'name' and 'rule'")
    raw_name = entry.get("name")
    if not _is_name(raw_name):
        raise ValueError(
            f"{where}: 'name' must be a non-empty list of strings, got {_short(raw_name)}"
        )
    name: list[str] = list(raw_name)
    label = _short("/".join(name))[1:-1]
    rule = entry.get("rule", {"type": "none"})
    if not isinstance(rule, Mapping):
        raise ValueError(f"{where} ({label}): 'rule' must be an object")
    kind = rule.get("type")
    if kind in (None, "none"):
        return Rule(tuple(name), None)
    if kind != "regex":
        raise ValueError(
            f"{where} ({label}): unknown rule type {_short(kind)} (use 'regex' or 'none')"
        )
    regex = rule.get("regex")
    if not isinstance(regex, str) or not regex:
        raise ValueError(f"{where} ({label}): a regex rule needs a non-empty 'regex' string")
    try:
        pattern = saferegex.compile_pattern(regex, ignore_case=bool(rule.get("ignore_case")))
    except saferegex.RegexError as exc:
        raise ValueError(f"{where} ({label}): regex {_short(regex)}: {exc}") from None
    return Rule(tuple(name), pattern)


def _short(value: Any) -> str:
    """A value for an error line: repr'd (so control characters show), at most 80 chars."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def load_rules(path: str | Path) -> Categorizer:
    """Load user-edited rules from a JSON file; ValueError (with the path) if it is unusable."""
    file = Path(path)
    try:
        if not file.is_file():
            missing = not (file.exists() or file.is_symlink())
            why = "no such file" if missing else "not a regular file"
            raise ValueError(f"{file}: cannot read category rules: {why}")
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"{file}: cannot read category rules: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{file}: cannot read category rules: larger than 5 MB")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file}: category rules are not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file}: not valid JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"{file}: not valid JSON: nested too deeply") from None
    return parse_rules(document, str(file))


@lru_cache(maxsize=1)
def default_categorizer() -> Categorizer:
    """The shipped default rules (resources/rules/categories.json)."""
    text = (
        resources.files("focuscoach.resources")
        .joinpath("rules", "categories.json")
        .read_text(encoding="utf-8")
    )
    return parse_rules(json.loads(text), "default categories.json")


def user_categorizer(rules_file: str | Path) -> Categorizer:
    """The user's own rules when they keep a file (config dir, categories.json, the same
    shape as the shipped one), else the defaults. ValueError (with the path) if unusable."""
    file = Path(rules_file)
    return load_rules(file) if file.exists() or file.is_symlink() else default_categorizer()


def user_or_default_categorizer(rules_file: str | Path) -> Categorizer:
    """For long-running parts (recorder, app): a broken user file must not stop recording,
    so it is logged and the defaults are used until it is fixed."""
    try:
        return user_categorizer(rules_file)
    except ValueError as exc:
        logging.getLogger("focuscoach.categories").warning("%s; using the default rules", exc)
        return default_categorizer()


def categorize(app: str, title: str = "") -> Category:
    """Category of a window under the default rules (cached)."""
    return default_categorizer().categorize(app, title)


def is_distracting(category: Sequence[str]) -> bool:
    """Whether a category counts as distraction under the default rules."""
    return default_categorizer().is_distracting(category)
