"""The shipped example titles: every category covered in several languages, and the windows
the figures are measured on kept out of them."""

from __future__ import annotations

import re

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import UNCATEGORIZED, default_categorizer
from focuscoach.core.categorize import evaluation
from focuscoach.core.categorize.examples import shipped_examples
from focuscoach.core.categorize.titles import reduce
from tests.bench import categorize_misses


def _lower_examples() -> set[str]:
    return {t.lower() for titles in shipped_examples().values() for t in titles}


def test_every_category_with_a_rule_has_examples_in_several_scripts() -> None:
    rules = default_categorizer()
    examples = shipped_examples()
    for rule in rules.rules:
        if rule.pattern is None:
            continue
        titles = examples[rule.name]
        assert len(titles) >= 40, rule.name
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in titles), rule.name
        assert sum(bool(re.search(r"[\u00c0-\u00ff]", t)) for t in titles) >= 2, rule.name
    seen: dict[str, tuple[str, ...]] = {}
    for category, titles in examples.items():
        for title in titles:
            assert seen.setdefault(title, category) == category, (title, category)


def test_the_benchmarks_windows_the_rules_miss_are_not_among_the_examples() -> None:
    rules = default_categorizer()
    examples = _lower_examples()
    for app, title, _, _ in categorize_misses.MISSES:
        assert rules.categorize(app, title) == UNCATEGORIZED, title
        reduced = reduce(app, title)
        for text in (app, title, reduced.site, reduced.page, reduced.text):
            assert not text or text.lower() not in examples, text


def test_blind_examples_leave_out_every_example_naming_an_app_or_site_of_the_log() -> None:
    windows = [
        WindowSpan(0.0, 60.0, "陌陌", ""),
        WindowSpan(60.0, 120.0, "firefox", "Feed | LinkedIn — Mozilla Firefox"),
    ]
    shipped = {t for ts in shipped_examples().values() for t in ts}
    assert {"陌陌", "LinkedIn"} <= shipped
    blind = {t for ts in evaluation.blind_examples(windows).values() for t in ts}
    assert "陌陌" not in blind and "LinkedIn" not in blind
    assert blind == shipped - {"陌陌", "LinkedIn"}
