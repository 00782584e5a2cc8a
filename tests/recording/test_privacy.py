import json
import time
from pathlib import Path

from focuscoach.core import config
from focuscoach.core.activity import WindowInfo
from focuscoach.core.config import ExclusionRule, RecordingSettings
from focuscoach.core.recording.privacy import clean_text, filter_window
from focuscoach.core.saferegex import compile_pattern


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
            ExclusionRule(app=compile_pattern("keepass", ignore_case=True)),
            ExclusionRule(title=compile_pattern("private browsing", ignore_case=True)),
        )
    )
    assert filter_window(WindowInfo("KeePassXC", "vault"), settings) is None
    assert filter_window(WindowInfo("firefox", "News — Private Browsing"), settings) is None
    assert filter_window(WindowInfo("firefox", "News"), settings) == WindowInfo("firefox", "News")


def test_rule_with_app_and_title_needs_both() -> None:
    rule = ExclusionRule(app=compile_pattern("firefox"), title=compile_pattern("bank"))
    assert rule.matches("firefox", "my bank")
    assert not rule.matches("firefox", "news")
    assert not rule.matches("chrome", "my bank")


def test_titles_off_keeps_only_the_app() -> None:
    settings = RecordingSettings(record_titles=False)
    assert filter_window(WindowInfo("code", "secret.py"), settings) == WindowInfo("code", "")


def test_a_catastrophic_exclusion_regex_cannot_hang_recording() -> None:
    # `(a+)+$` backtracks exponentially under Python's re: a 35-character title never ends.
    settings = config.parse(
        {"privacy": {"exclude": [{"title": "(a+)+$"}, {"app": "(x+x+)+y"}]}}, source="config.toml"
    ).recording
    started = time.monotonic()
    for n in range(2000):
        title = "a" * 35 + "!" + str(n)
        assert filter_window(WindowInfo("x" * 40, title), settings) == WindowInfo("x" * 40, title)
    assert filter_window(WindowInfo("firefox", "a" * 5000), settings) is None
    assert time.monotonic() - started < 2


def test_exclusion_rules_are_case_insensitive_in_any_script() -> None:
    settings = config.parse({"privacy": {"exclude": [{"title": "ÜBERWEISUNG|网银"}]}}).recording
    assert filter_window(WindowInfo("firefox", "Überweisung — Bank"), settings) is None
    assert filter_window(WindowInfo("firefox", "招商网银"), settings) is None
    assert filter_window(WindowInfo("firefox", "news"), settings) is not None


def test_a_lone_surrogate_in_a_title_does_not_break_matching() -> None:
    settings = config.parse({"privacy": {"exclude": [{"title": "bank"}]}}).recording
    assert filter_window(WindowInfo("firefox", "my bank \ud800"), settings) is None
    assert filter_window(WindowInfo("firefox", "news \ud800"), settings) is not None


def test_a_catastrophic_exclusion_regex_cannot_hang_import(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "config.toml").write_text(
        '[privacy]\nexclude = [{ title = "(a+)+$" }]\n', encoding="utf-8"
    )
    events = [
        {
            "timestamp": f"2026-03-02T09:{i:02d}:00+00:00",
            "duration": 30.0,
            "data": {"app": "editor", "title": "a" * 35 + "!" * (i % 2)},
        }
        for i in range(50)
    ]
    export = home / "export.json"
    export.write_text(
        json.dumps(
            {
                "buckets": {
                    "aw-watcher-window_h": {
                        "id": "aw-watcher-window_h",
                        "type": "currentwindow",
                        "client": "aw-watcher-window",
                        "hostname": "h",
                        "created": "2026-03-02T08:00:00+00:00",
                        "events": events,
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    started = time.monotonic()
    result = cli("import", "activitywatch", str(export), "--json")
    assert result.code == 0, result.err
    assert time.monotonic() - started < 20
    assert result.json()["excluded"] == 25  # the titles that end in "a" match the rule


def test_exclusion_rules_see_the_title_past_the_stored_cut() -> None:
    settings = config.parse({"privacy": {"exclude": [{"title": "online banking$"}]}}).recording
    title = "x" * 3000 + " online banking"
    assert filter_window(WindowInfo("firefox", title), settings) is None
    kept = filter_window(WindowInfo("firefox", "y" * 3000), settings)
    assert kept is not None and len(kept.title) == 1000
