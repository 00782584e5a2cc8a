"""Real suggestions on real titles, English and Chinese, with the shipped encoder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.categories import default_categorizer, load_rules
from focuscoach.core.categorize.encoder import UseEncoder
from focuscoach.core.categorize.neighbours import Guess
from focuscoach.core.categorize.suggest import (
    active_time,
    group_history,
    suggest,
    with_group_history,
)
from focuscoach.core.cli import main
from tests.conftest import AW_EXPORT

CATEGORISED = [
    ("Code", "main.py - api - Visual Studio Code"),
    ("firefox", "rust tutorial - YouTube — Mozilla Firefox"),
    ("Google-chrome", "如何学习 - 知乎 - Google Chrome"),
    ("微信", "微信"),
    ("Slack", "#dev - Acme - Slack"),
    ("firefox", "Inbox - Gmail — Mozilla Firefox"),
]
# Uncategorised by the shipped rules -> the suggestion expected.
EXPECTED = {
    ("firefox", "Feed | LinkedIn — Mozilla Firefox"): ("Distracting", "Social"),
    (
        "firefox",
        "Champions League final: player ratings and match report - Sportsdesk — Mozilla Firefox",
    ): ("Distracting", "News"),
    ("firefox", "asyncio — Asynchronous I/O — Python 3.12 documentation — Mozilla Firefox"): (
        "Work",
        "Programming",
    ),
    ("firefox", "Cheap flights to Lisbon - FlyFinder — Mozilla Firefox"): ("Personal", "Travel"),
    ("firefox", "New Tab — Mozilla Firefox"): ("System",),
    ("陌陌", ""): ("Distracting", "Social"),
    ("Google-chrome", "Python 列表推导式 用法详解 - 编程网 - Google Chrome"): (
        "Work",
        "Programming",
    ),
    ("Google-chrome", "糖醋排骨的做法 家常菜谱 - 美食天地 - Google Chrome"): ("Personal", "Food"),
    ("Google-chrome", "欧冠决赛 球员评分 赛后分析 - 体育频道 - Google Chrome"): (
        "Distracting",
        "News",
    ),
    ("华为应用市场", ""): ("System",),
    ("诸葛找房", ""): ("Personal", "Home"),
    ("firefox", "2 bedroom house to rent in Leeds - Homeflow — Mozilla Firefox"): (
        "Personal",
        "Home",
    ),
}


def _windows() -> list[WindowSpan]:
    out, t = [], 0.0
    for i, (app, title) in enumerate([*CATEGORISED, *EXPECTED]):
        out.append(WindowSpan(t, t + 600 + i, app, title))
        t += 700
    return out


def test_real_titles_in_english_and_chinese_get_sure_right_suggestions(
    encoder: UseEncoder,
) -> None:
    rules = default_categorizer()
    assert all(rules.categorize(*w) == ("Uncategorized",) for w in EXPECTED)
    result = suggest(_windows(), [], rules, encoder)
    got = {(s.app, s.title): s for s in result.suggestions}
    assert set(got) == set(EXPECTED)
    for window, category in EXPECTED.items():
        s = got[window]
        assert s.sure, (window, s)
        assert s.category == category, (window, s)
        assert s.distracting == (category[0] == "Distracting")
        assert s.browser == (window[0] in ("firefox", "Google-chrome"))
    # Heaviest first.
    assert [s.seconds for s in result.suggestions] == sorted(
        (s.seconds for s in result.suggestions), reverse=True
    )


def test_a_name_nothing_is_known_about_is_not_sure(encoder: UseEncoder) -> None:
    windows = [*_windows(), WindowSpan(1e6, 1e6 + 900, "Xq7 Zorblat", "")]
    result = suggest(windows, [], default_categorizer(), encoder)
    unknown = next(s for s in result.suggestions if s.app == "Xq7 Zorblat")
    assert not unknown.sure


def test_rejected_answers_are_not_suggested_again(encoder: UseEncoder) -> None:
    rejected = {("陌陌", "", ("Distracting", "Social"))}
    result = suggest(_windows(), [], default_categorizer(), encoder, rejected)
    s = next(s for s in result.suggestions if s.app == "陌陌")
    assert s.category != ("Distracting", "Social")


def test_active_time_leaves_out_time_away() -> None:
    windows = [WindowSpan(0, 100, "a", "x"), WindowSpan(100, 200, "b", "")]
    afk = [AfkSpan(50, 150, True), AfkSpan(150, 160, False)]
    assert active_time(windows, afk) == {("a", "x"): 50.0, ("b", ""): 50.0}


def test_cli_suggest_json_then_accept_and_reject(
    tmp_path: Path, encoder: UseEncoder, capsys: pytest.CaptureFixture[str]
) -> None:
    data = AW_EXPORT  # simulated; its long tail of apps the rules miss includes 陌陌 and 诸葛找房
    home = str(tmp_path)
    assert main(["--home", home, "import", "activitywatch", str(data)]) == 0
    capsys.readouterr()
    assert main(["--home", home, "categories", "suggest", "--json", "--since", "2000-01-01"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["uncategorized_seconds"] > 0
    first = report["suggestions"][0]
    assert set(first) >= {"app", "title", "seconds", "category", "distracting", "confidence"}
    by_app = {s["app"]: s for s in report["suggestions"]}
    assert by_app["陌陌"]["category"] == "Distracting > Social"
    assert by_app["陌陌"]["distracting"] and by_app["陌陌"]["sure"]

    accept = ["categories", "accept", "--app", "陌陌", "--category", "Distracting > Social"]
    assert main(["--home", home, *accept]) == 0
    rules_file = tmp_path / "categories.json"
    assert stat.S_IMODE(os.stat(rules_file).st_mode) == 0o600
    assert load_rules(rules_file).categorize("陌陌", "") == ("Distracting", "Social")

    reject = ["categories", "reject", "--app", "诸葛找房", "--category", "System"]
    assert main(["--home", home, *reject]) == 0
    assert stat.S_IMODE(os.stat(tmp_path / "suggestions.json").st_mode) == 0o600
    capsys.readouterr()
    assert main(["--home", home, "categories", "suggest", "--json", "--since", "2000-01-01"]) == 0
    after = {s["app"]: s for s in json.loads(capsys.readouterr().out)["suggestions"]}
    assert "陌陌" not in after  # a rule now
    assert after.get("诸葛找房", {}).get("category") != "System"


def test_cli_accepts_the_users_own_category_for_every_window_of_an_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unsure window is answered like a sure one: the category is the user's, and without
    --title the rule takes in every window of the app."""
    accept = ["categories", "accept", "--app", "Trilium", "--category", "Work > Office"]
    assert main(["--home", str(tmp_path), *accept]) == 0
    assert "Trilium is Work > Office" in capsys.readouterr().out
    rules = load_rules(tmp_path / "categories.json")
    assert rules.categorize("Trilium", "journal 2026-12-01") == ("Work", "Office")
    assert rules.categorize("Trilium", "") == ("Work", "Office")
    assert rules.categorize("Trilium Notes Server", "") == ("Uncategorized",)


def test_cli_refuses_a_whole_browser_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = ["categories", "accept", "--app", "Firefox Beta", "--category", "Work"]
    assert main(["--home", str(tmp_path), *whole]) == 2
    err = capsys.readouterr().err
    assert "Firefox Beta is a browser" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "categories.json").exists()
    page = [*whole, "--title", "Lobsters — Firefox Beta"]
    assert main(["--home", str(tmp_path), *page]) == 0
    rules = load_rules(tmp_path / "categories.json")
    assert rules.categorize("Firefox Beta", "Lobsters — Firefox Beta") == ("Work",)
    assert rules.categorize("Firefox Beta", "Tildes — Firefox Beta") == ("Uncategorized",)


def test_cli_refuses_a_bad_category_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = ["categories", "accept", "--app", "x", "--category", "Work >  > Sub"]
    assert main(["--home", str(tmp_path), *bad]) == 2
    assert "not a category name" in capsys.readouterr().err


def test_rules_with_a_single_category_give_no_sure_suggestion(encoder: UseEncoder) -> None:
    from focuscoach.core.categories import parse_rules

    rules = parse_rules(
        {
            "categories": [
                {"name": ["Media", "Social Media"], "rule": {"type": "regex", "regex": "Reddit"}}
            ],
            "distracting": [["Media"]],
        }
    )
    windows = [
        WindowSpan(0, 100, "firefox", "r/x - Reddit — Mozilla Firefox"),
        WindowSpan(100, 300, "firefox", "Feed | LinkedIn — Mozilla Firefox"),
    ]
    result = suggest(windows, [], rules, encoder)
    assert [s.sure for s in result.suggestions] == [False]


# Titles as browsers really write them: unread counts, private windows, profiles, Edge's
# "and 3 more pages", a bare address. Uncategorised by the shipped rules -> expected.
NOISY = {
    (
        "firefox",
        "(5) Transfer news: all the done deals of the day - Football Daily"
        " — Mozilla Firefox Private Browsing",
    ): ("Distracting", "News"),
    ("Google-chrome", "numpy.linalg.svd — NumPy Manual - Google Chrome - Work"): (
        "Work",
        "Programming",
    ),
    ("msedge", "Q3 planning deck.pptx and 3 more pages - Personal - Microsoft\u200b Edge"): (
        "Work",
        "Office",
    ),
    ("firefox", "Why I moved to the countryside - an essay - Longform — Mozilla Firefox"): (
        "Distracting",
        "News",
    ),
    ("firefox", "https://www.example-shop.com/cart/checkout — Mozilla Firefox"): (
        "Distracting",
        "Shopping",
    ),
    ("Google-chrome", "(2) 红烧茄子的家常做法 - 菜谱大全 - Google Chrome"): ("Personal", "Food"),
    ("Google-chrome", "【第8集】都市爱情剧 高清在线观看 - 影视站 - Google Chrome"): (
        "Distracting",
        "Video",
    ),
    ("Google-chrome", "楼主 求推荐 机械键盘 - 数码论坛 - Google Chrome"): ("Distracting",),
}


def test_real_browser_titles_with_their_noise_get_sure_right_suggestions(
    encoder: UseEncoder,
) -> None:
    rules = default_categorizer()
    assert all(rules.categorize(*w) == ("Uncategorized",) for w in NOISY)
    windows, t = [], 0.0
    for app, title in [*CATEGORISED, *NOISY]:
        windows.append(WindowSpan(t, t + 600, app, title))
        t += 700
    got = {(s.app, s.title): s for s in suggest(windows, [], rules, encoder).suggestions}
    for window, category in NOISY.items():
        s = got[window]
        assert s.sure, (window, s)
        # The expected category or, for a forum, its top level: both say "distracting".
        assert s.category[: len(category)] == category, (window, s)
        assert s.distracting == (category[0] == "Distracting")


def test_an_app_whose_other_windows_are_one_category_lends_it_to_the_rest(
    encoder: UseEncoder,
) -> None:
    from focuscoach.core.categories import parse_rules

    rules = parse_rules(
        {
            "categories": [
                {"name": ["Work", "Programming"], "rule": {"type": "regex", "regex": r"\.sql$"}},
                {"name": ["Distracting", "Video"], "rule": {"type": "regex", "regex": "YouTube"}},
                {"name": ["System"], "rule": {"type": "regex", "regex": "^Settings$"}},
            ],
            "distracting": [["Distracting"]],
        }
    )
    sql = [f"{name}.sql" for name in ("orders", "schema", "report", "migrate")]
    windows = [WindowSpan(i * 100, i * 100 + 90, "Heidi", t) for i, t in enumerate(sql)]
    windows += [
        WindowSpan(1000, 1600, "Heidi", "Session manager"),
        WindowSpan(1600, 1700, "firefox", "cats - YouTube — Mozilla Firefox"),
        WindowSpan(1700, 1800, "firefox", "New Tab — Mozilla Firefox"),
        WindowSpan(1800, 1900, "firefox", "Nothing here — Mozilla Firefox"),
    ]
    result = suggest(windows, [], rules, encoder)
    heidi = next(s for s in result.suggestions if s.app == "Heidi")
    assert heidi.category == ("Work", "Programming") and heidi.sure
    assert heidi.confidence >= 5 / 6  # four agreeing windows: (4 + 1) / (4 + 2)
    # A browser page without a site belongs to no group: the browser is no evidence.
    groups = group_history(rules, {("firefox", "New Tab — Mozilla Firefox"): 1.0})
    assert dict(groups) == {}


def test_group_evidence_needs_two_agreeing_windows_and_a_majority() -> None:
    unsure = Guess(("System",), 0.3, 0.2, 0.01, ("Work",))
    prog = ("Work", "Programming")
    assert with_group_history(unsure, {prog: 1}) == unsure
    assert with_group_history(unsure, {prog: 2, ("Distracting", "Video"): 2}) == unsure
    lent = with_group_history(unsure, {prog: 2})
    assert (lent.category, lent.confidence, lent.runner_up) == (prog, 0.75, ("System",))
    # A sure top-level answer is made precise by its group; a surer guess is kept.
    work = Guess(("Work",), 0.7, 0.5, 0.1, None)
    assert with_group_history(work, {prog: 3}).category == prog
    sure = Guess(("System",), 0.95, 0.8, 0.3, None)
    assert with_group_history(sure, {prog: 2}) == sure


def test_a_browser_without_a_page_title_is_never_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phone's browser has no page title: the suggestion says so instead of a "maybe"."""
    browser = {"app": "Firefox Beta", "package": "org.mozilla.firefox_beta"}
    chat = {"app": "微信", "title": ""}
    events = [
        {"timestamp": f"2026-04-23T10:{5 * i:02d}:00Z", "duration": 240.0, "data": data}
        for i, data in enumerate([browser, chat] * 3)
    ]
    bucket = {"id": "aw-watcher-android-test", "type": "currentwindow", "hostname": "phone"}
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"buckets": {bucket["id"]: {**bucket, "events": events}}}))
    home = str(tmp_path / "home")
    assert main(["--home", home, "import", "activitywatch", str(export)]) == 0
    suggest_ = ["--home", home, "categories", "suggest", "--since", "2000-01-01"]
    capsys.readouterr()
    assert main([*suggest_, "--json"]) == 0
    (s,) = json.loads(capsys.readouterr().out)["suggestions"]
    assert s["app"] == "Firefox Beta"
    assert s["untitled_browser"] and not s["sure"] and s["confidence"] == 0.0
    assert main(suggest_) == 0
    (line,) = [ln for ln in capsys.readouterr().out.splitlines() if "Firefox Beta" in ln]
    assert "not sure (a browser without a page title)" in line
    assert "maybe" not in line
