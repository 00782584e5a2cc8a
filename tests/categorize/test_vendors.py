"""A vendor's name that begins apps of every kind does not decide a window's category."""

from __future__ import annotations

import pytest

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import default_categorizer
from focuscoach.core.categorize.encoder import UseEncoder
from focuscoach.core.categorize.suggest import suggest
from focuscoach.core.categorize.vendors import vendor_names, without_vendor

EXAMPLES = [
    ("小米有品", "shopping"),
    ("小米运动健康", "health"),
    ("小米", "shopping"),
    ("Google Maps", "travel"),
    ("Google Docs", "office"),
    ("网易云音乐", "music"),
    ("网易云课堂", "music"),  # one category only: 网易云 is not told apart by these
    ("Python tutorial - YouTube", "video"),
    ("Python docs - python.org", "programming"),
]


def test_vendors_are_names_that_begin_apps_of_two_categories() -> None:
    vendors = vendor_names(EXAMPLES)
    assert {"小米", "Google "} <= vendors
    # Two characters of 网易云 begin apps of one category only; page titles are not app names.
    assert "网易" not in vendors
    assert "Python " not in vendors


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("小米设置", "设置"),
        ("Google Settings", "Settings"),
        ("小米", None),  # nothing follows the name
        ("小米 设置 - 蓝牙", None),  # a page title, not an app name
        ("Googleplex", None),
        ("设置", None),
    ],
)
def test_what_follows_a_vendors_name(text: str, rest: str | None) -> None:
    assert without_vendor(text, vendor_names(EXAMPLES)) == rest


@pytest.mark.parametrize(
    ("app", "category"),
    [
        # Beside the shipped 小米有品 (a shop), the gallery was surely shopping.
        ("小米相册", ("System",)),
        # Beside Google Docs and Sheets, settings were (not surely) office work.
        ("Google Settings", ("System",)),
    ],
)
def test_a_vendors_app_is_judged_by_what_it_is(
    encoder: UseEncoder, app: str, category: tuple[str, ...]
) -> None:
    rules = default_categorizer()
    windows = [WindowSpan(0.0, 600.0, "Code", "main.py - api - Visual Studio Code")]
    windows.append(WindowSpan(700.0, 1300.0, app, ""))
    result = suggest(windows, [], rules, encoder)
    (s,) = [s for s in result.suggestions if s.app == app]
    assert s.sure, s
    assert s.category == category, s
