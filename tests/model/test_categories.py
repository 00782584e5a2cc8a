"""Category rules: the defaults a user gets, and loading their own."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from focuscoach.core.categories import (
    UNCATEGORIZED,
    categorize,
    is_distracting,
    load_rules,
    parse_rules,
)


@pytest.mark.parametrize(
    ("app", "title", "expected"),
    [
        ("firefox", "Funny cats - YouTube — Mozilla Firefox", ("Distracting", "Video")),
        ("Google-chrome", "r/python - Reddit - Google Chrome", ("Distracting", "Social")),
        ("firefox", "Home / X — Mozilla Firefox", ("Distracting", "Social")),
        ("Instagram", "", ("Distracting", "Social")),
        ("TikTok", "", ("Distracting", "Video")),
        ("firefox", "Netflix — Mozilla Firefox", ("Distracting", "Video")),
        ("steam", "Steam", ("Distracting", "Games")),
        ("firefox", "Amazon.com: USB cable — Mozilla Firefox", ("Distracting", "Shopping")),
        ("Code", "main.py — focus — Visual Studio Code", ("Work", "Programming")),
        ("Gnome-terminal", "dev@laptop: ~/src", ("Work", "Programming")),
        ("libreoffice-writer", "report.odt - LibreOffice Writer", ("Work", "Office")),
        ("Slack", "#general - Acme - Slack", ("Communication", "Chat")),
        ("Thunderbird", "Inbox - Mozilla Thunderbird", ("Communication", "Email")),
    ],
)
def test_western_defaults(app: str, title: str, expected: tuple[str, ...]) -> None:
    assert categorize(app, title) == expected


@pytest.mark.parametrize(
    ("app", "title", "expected"),
    [
        ("哔哩哔哩", "", ("Distracting", "Video")),
        ("Google-chrome", "猫咪合集_哔哩哔哩_bilibili - Google Chrome", ("Distracting", "Video")),
        ("抖音", "", ("Distracting", "Video")),
        ("快手", "", ("Distracting", "Video")),
        ("小红书", "", ("Distracting", "Social")),
        ("微博轻享版", "", ("Distracting", "Social")),
        ("Google-chrome", "如何评价… - 知乎 - Google Chrome", ("Distracting", "Social")),
        ("淘宝", "", ("Distracting", "Shopping")),
        ("闲鱼", "", ("Distracting", "Shopping")),
        ("微信", "", ("Communication", "Chat")),
        ("飞书", "", ("Communication", "Chat")),
        ("系统桌面", "", ("System",)),
        ("WPS Office", "周报.docx - WPS Office", ("Work", "Office")),
        # A later, equally deep rule wins: food delivery is not shopping for fun.
        ("淘宝闪购", "", ("Personal", "Food")),
    ],
)
def test_chinese_defaults(app: str, title: str, expected: tuple[str, ...]) -> None:
    assert categorize(app, title) == expected


def test_no_false_alarms_on_common_words() -> None:
    assert not is_distracting(categorize("Code", "git push upstream — Visual Studio Code"))
    assert not is_distracting(categorize("Gnome-terminal", "python threads demo"))
    assert categorize("some-unknown-app", "") == UNCATEGORIZED


def test_is_distracting_uses_the_prefix() -> None:
    assert is_distracting(("Distracting", "Video"))
    assert is_distracting(("Distracting",))
    assert not is_distracting(("Work", "Programming"))
    assert not is_distracting(UNCATEGORIZED)


def test_deepest_wins_and_ties_go_to_the_later_rule() -> None:
    rules = parse_rules(
        [
            {"name": ["Work"], "rule": {"type": "regex", "regex": "code"}},
            {"name": ["Work", "Dev"], "rule": {"type": "regex", "regex": "code"}},
            {
                "name": ["Fun", "Video"],
                "rule": {"type": "regex", "regex": "tube", "ignore_case": True},
            },
            {"name": ["Fun", "Music"], "rule": {"type": "regex", "regex": "YouTube Music"}},
        ]
    )
    assert rules.categorize("code", "") == ("Work", "Dev")
    assert rules.categorize("browser", "YouTube") == ("Fun", "Video")
    assert rules.categorize("browser", "YouTube Music") == ("Fun", "Music")
    assert rules.categorize("CODE", "") == UNCATEGORIZED  # ignore_case defaults to false


def test_activitywatch_export_loads_with_its_own_distracting_prefixes(tmp_path: Path) -> None:
    exported = {
        "categories": [
            {"id": 1, "name": ["Media"], "rule": {"type": None}, "data": {"color": "#fff"}},
            {
                "id": 2,
                "name": ["Media", "Social Media"],
                "rule": {"type": "regex", "regex": "reddit|小红书", "ignore_case": True},
            },
        ],
        "distracting": [["Media", "Social Media"]],
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    rules = load_rules(path)
    assert rules.categorize("小红书", "") == ("Media", "Social Media")
    assert rules.is_distracting_window("Firefox", "Reddit")
    assert not rules.is_distracting(("Media",))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"categories": [{"name": "Work", "rule": {"type": "none"}}]}', "'name' must be"),
        ('[{"name": ["X"], "rule": {"type": "regex", "regex": "(unclosed"}}]', "not a valid regex"),
        ('[{"name": ["X"], "rule": {"type": "glob", "regex": "x"}}]', "unknown rule type"),
        ('{"rules": []}', "'categories' list"),
    ],
)
def test_bad_rule_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_rules(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_rules(tmp_path / "nope.json")


def test_a_user_rules_file_replaces_the_defaults(tmp_path: Path) -> None:
    from focuscoach.core.categories import (
        default_categorizer,
        user_categorizer,
        user_or_default_categorizer,
    )

    rules_file = tmp_path / "categories.json"
    assert user_categorizer(rules_file) is default_categorizer()  # no file: the defaults
    rules_file.write_text(
        json.dumps(
            {
                "distracting": [["Fun"]],
                "categories": [
                    {"name": ["Work"], "rule": {"type": "regex", "regex": "thesis"}},
                    {"name": ["Fun"], "rule": {"type": "regex", "regex": "YouTube"}},
                ],
            }
        ),
        encoding="utf-8",
    )
    mine = user_categorizer(rules_file)
    assert mine.categorize("firefox", "Lecture - YouTube") == ("Fun",)
    assert mine.is_distracting(("Fun",)) and not mine.is_distracting(("Work",))
    rules_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"categories\.json"):
        user_categorizer(rules_file)
    # The recorder and the app keep going with the defaults rather than stop.
    assert user_or_default_categorizer(rules_file) is default_categorizer()


# Hostile rule files: one line naming the file, never a hang -------------------------------


def _rules(regex: str) -> str:
    return json.dumps([{"name": ["X"], "rule": {"type": "regex", "regex": regex}}])


def test_a_catastrophic_regex_matches_in_linear_time(tmp_path: Path) -> None:
    # Under Python's re this one rule takes longer than the age of the universe on one title.
    path = tmp_path / "categories.json"
    path.write_text(_rules("(a+)+$"), encoding="utf-8")
    rules = load_rules(path)
    started = time.monotonic()
    for n in range(1000):
        assert rules.categorize("app", "a" * 35 + "!" + str(n)) == ("Uncategorized",)
    assert rules.categorize("app", "a" * 10_000) == ("X",)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("regex", "message"),
    [
        (r"(a)\1", "not a supported regex"),
        ("foo(?=bar)", "not a supported regex"),
        ("(?<!x)y", "not a supported regex"),
        ("a++", "not a supported regex"),
        ("x" * 20_000, "regex too long"),
        ("((((a{1000}){1000}){1000}){1000})", "not a valid regex"),
        ("\ud800", "lone surrogate"),
    ],
)
def test_regexes_re2_cannot_run_are_refused_at_load(
    tmp_path: Path, regex: str, message: str
) -> None:
    path = tmp_path / "categories.json"
    path.write_text(_rules(regex), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_rules(path)
    text = str(info.value)
    assert text.startswith(f"{path}: category #1 (X): regex ")
    assert "\n" not in text and len(text) < 500


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"\xff\xfe[]", "not UTF-8"),
        (b'[{"name": ["' + b"n" * 100_000 + b'"], "rule": 7}]', "'rule' must be an object"),
        (b'[{"name": [1], "rule": {}}]', "'name' must be"),
        (b'[{"name": ["A\\nB"], "rule": {"type": "regex", "regex": 5}}]', "non-empty 'regex'"),
        (b"[]" + b" " * (6 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_broken_rule_files_give_one_short_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "categories.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        load_rules(path)
    text = str(info.value)
    assert text.startswith(str(path)) and "\n" not in text and len(text) < 500


def test_a_device_is_not_read_as_rules(tmp_path: Path) -> None:
    assert Path("/dev/zero").exists()  # Linux, where the tests run
    link = tmp_path / "categories.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(ValueError, match="not a regular file"):
        load_rules(link)


def test_bad_rules_exit_2_with_one_line_in_report_and_train(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    rules = home / "categories.json"
    cases = [("{not json", "report"), (_rules("(a)\\1"), "report"), ("[" * 50_000, "report")]
    cases.append((_rules("(?=x)"), "train"))  # train loads torch first: once is enough
    for content, command in cases:
        rules.write_text(content, encoding="utf-8")
        args = (
            ("train", "--device", "cpu")
            if command == "train"
            else ("report", "--out", str(home / "r.html"))
        )
        result = cli(*args)
        assert result.code == 2, (args, result)
        assert len(result.err.splitlines()) == 1 and str(rules) in result.err
