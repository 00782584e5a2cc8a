"""Categorising with all the rules searched at once (saferegex.PatternSet, issue 15) gives exactly
what trying each rule in order gives: the deepest matching category, ties to the later rule."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from focuscoach.core import categories, saferegex
from focuscoach.core.categories import UNCATEGORIZED, Categorizer, Category, Rule
from focuscoach.core.model import sim_windows
from tests.bench.test_report_bench import APPS, WORDS

DATA = Path(__file__).parents[1] / "data"


def one_rule_at_a_time(rules: Sequence[Rule], app: str, title: str) -> Category:
    """The per-rule loop the categorizer ran before issue 15: the reference."""
    best: Category = UNCATEGORIZED
    best_depth = 0
    for rule in rules:
        pattern = rule.pattern
        if pattern is None or len(rule.name) < best_depth:
            continue
        if pattern.search(app) or (title and pattern.search(title)):
            best, best_depth = rule.name, len(rule.name)
    return best


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _simulated_windows() -> list[tuple[str, str]]:
    pools: list[tuple[str, str]] = []
    for by_culture in (sim_windows.WORK, sim_windows.COMM, sim_windows.NEUTRAL):
        for windows in by_culture.values():
            pools.extend(windows)
    for by_kind in sim_windows.DISTRACTING.values():
        for windows in by_kind.values():
            pools.extend(windows)
    for phone in sim_windows.PHONE_APPS.values():
        for names in phone.values():
            pools.extend((name, name) for name in names)
    pools.extend((app, template) for app, template, _ in APPS)
    out: list[tuple[str, str]] = []
    for app, template in pools:
        for word in [*sim_windows.FILLERS, *WORDS[::7]]:
            out.append(
                (app, template.replace("{x}", word).replace("{w}", word).replace("{n}", "7"))
            )
    return out


def _exported_windows() -> list[tuple[str, str]]:
    """Every string of the test data's ActivityWatch export, as an app and as a title."""
    document = json.loads((DATA / "activitywatch" / "simulated-android-export.json").read_text())
    texts = sorted(set(_strings(document)))
    return [(text, "") for text in texts] + [("firefox", text) for text in texts]


def _rule_words(rules: Sequence[Rule]) -> list[str]:
    """The literal pieces of the rules' patterns, so that generated titles do match."""
    words: set[str] = set()
    for rule in rules:
        if rule.pattern is not None:
            for part in rule.pattern.pattern.split("|"):
                words.add(part.strip("^$\\b()?").replace("\\.", ".").replace("\\", ""))
    return sorted(w for w in words if w)


SHIPPED = categories.default_categorizer()
WORDS_OF_RULES = _rule_words(SHIPPED.rules)

# Rules of the user's kind: case-sensitive ones, equal depths (the later wins), a rule that
# matches every text, anchors, a group without a pattern, surrogate-prone Unicode.
CUSTOM = categories.parse_rules(
    [
        {"name": ["Work"], "rule": {"type": "regex", "regex": "Code|vim"}},
        {"name": ["Work", "Code"], "rule": {"type": "regex", "regex": "\\.py\\b", "ignore_case": True}},
        {"name": ["Fun"], "rule": {"type": "regex", "regex": "YouTube", "ignore_case": False}},
        {"name": ["Fun", "Video"], "rule": {"type": "regex", "regex": "(?i)youtube|哔哩"}},
        {"name": ["Other", "Video"], "rule": {"type": "regex", "regex": "^firefox$"}},
        {"name": ["Anything"], "rule": {"type": "regex", "regex": "x*"}},
        {"name": ["Empty title"], "rule": {"type": "regex", "regex": "^$"}},
        {"name": ["Group"]},
        {"name": ["Group", "Deep", "Deeper"], "rule": {"type": "regex", "regex": "[ÄÖ]ß|straße", "ignore_case": True}},
        {"name": ["Tail"], "rule": {"type": "regex", "regex": "(?-i:Mozilla)\\s+\\w+$"}},
    ]
)  # fmt: skip


def _windows() -> list[tuple[str, str]]:
    return _simulated_windows() + _exported_windows()


@pytest.mark.parametrize("rules", [SHIPPED, CUSTOM], ids=["shipped", "custom"])
def test_every_known_window_gets_the_same_category(rules: Categorizer) -> None:
    windows = _windows()
    assert len(windows) > 2000
    fresh = Categorizer(rules.rules, rules.distracting)
    differing = [
        (app, title)
        for app, title in windows
        if fresh.categorize(app, title) != one_rule_at_a_time(rules.rules, app, title)
    ]
    assert differing == []
    # Not a vacuous comparison: the windows reach most of the categories.
    reached = {fresh.categorize(app, title) for app, title in windows}
    assert len(reached) >= (12 if rules is SHIPPED else 5)


_text = st.lists(
    st.one_of(
        st.sampled_from(WORDS_OF_RULES),
        st.sampled_from(WORDS_OF_RULES).map(str.upper),
        st.sampled_from(WORDS_OF_RULES).map(str.lower),
        st.sampled_from([" ", " — ", " - ", "/", ".py", "\ud800", "Mozilla Firefox", "ß"]),
        st.text(max_size=6),
    ),
    max_size=6,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(app=_text, title=_text)
def test_generated_windows_get_the_same_category(app: str, title: str) -> None:
    for rules in (SHIPPED, CUSTOM):
        fresh = Categorizer(rules.rules, rules.distracting)
        assert fresh.categorize(app, title) == one_rule_at_a_time(rules.rules, app, title)


class _ForgetfulSet:
    """A set that finds nothing, as RE2's does when its automaton runs out of memory."""

    def Match(self, text: str) -> None:  # RE2's name
        return None


def test_a_set_that_runs_out_of_memory_does_not_change_the_answer() -> None:
    fresh = Categorizer(SHIPPED.rules, SHIPPED.distracting)
    fresh.categorize("warm", "up")  # compiles the matcher
    matcher = fresh._matcher
    assert matcher is not None
    matcher._set._set = _ForgetfulSet()
    for app, title in _simulated_windows()[:400]:
        assert fresh.categorize(app, title) == one_rule_at_a_time(SHIPPED.rules, app, title)


def test_pattern_sets_say_which_patterns_occur() -> None:
    patterns = [
        saferegex.compile_pattern("abc"),
        saferegex.compile_pattern("ABC", ignore_case=True),
        saferegex.compile_pattern("^x"),
        saferegex.compile_pattern("(a+)+$"),  # harmless on RE2
    ]
    found = saferegex.PatternSet(patterns)
    assert sorted(found.matching("xabc")) == [0, 1, 2]
    assert sorted(found.matching("aBc")) == [1]
    assert sorted(found.matching("a" * 50_000 + "!")) == []
    assert sorted(found.matching("aaa\ud800")) == []  # a lone surrogate is searched as '?'
    assert sorted(found.matching("x\ud800aaa")) == [2, 3]
    assert list(saferegex.PatternSet([]).matching("anything")) == []


def test_a_set_too_big_to_compile_searches_one_pattern_at_a_time() -> None:
    # Each pattern alone fits RE2's memory limit; two hundred of them at once do not.
    big = [saferegex.compile_pattern(f"(?:{c}[a-z]{{300}}){{3}}") for c in "abcdefghij" * 20]
    found = saferegex.PatternSet(big)
    assert found._set is None
    text = ("c" + "q" * 300) * 3
    assert sorted(found.matching(text)) == [i for i in range(200) if i % 10 == 2]
