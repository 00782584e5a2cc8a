import re

from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import ExclusionRule, RecordingSettings
from focuscoach.core.recording.privacy import clean_text, filter_window


def test_control_characters_are_stripped_and_newlines_become_spaces() -> None:
    assert clean_text("a\x00b\x1bc\nd\te\x7f", 100) == "abc d e"


def test_any_unicode_survives() -> None:
    for title in (
        "专注 中文标题",
        "🙂 emoji 👩‍💻 zwj",
        "Ünïcödé — ok",
        "עברית",
        "日本語のタイトル",
    ):
        assert clean_text(title, 1000) == title


def test_long_titles_are_truncated_to_the_limit_with_an_ellipsis() -> None:
    cleaned = clean_text("x" * 5000, 1000)
    assert len(cleaned) == 1000
    assert cleaned.endswith("…")


def test_exclusion_rules_keep_a_window_out() -> None:
    settings = RecordingSettings(
        exclusions=(
            ExclusionRule(app=re.compile("keepass", re.I)),
            ExclusionRule(title=re.compile(r"private browsing", re.I)),
        )
    )
    assert filter_window(WindowInfo("KeePassXC", "vault"), settings) is None
    assert filter_window(WindowInfo("firefox", "News — Private Browsing"), settings) is None
    assert filter_window(WindowInfo("firefox", "News"), settings) == WindowInfo("firefox", "News")


def test_rule_with_app_and_title_needs_both() -> None:
    rule = ExclusionRule(app=re.compile("firefox"), title=re.compile("bank"))
    assert rule.matches("firefox", "my bank")
    assert not rule.matches("firefox", "news")
    assert not rule.matches("chrome", "my bank")


def test_titles_off_keeps_only_the_app() -> None:
    settings = RecordingSettings(record_titles=False)
    assert filter_window(WindowInfo("code", "secret.py"), settings) == WindowInfo("code", "")
