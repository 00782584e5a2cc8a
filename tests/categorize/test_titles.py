import pytest

from focuscoach.core.categorize.titles import reduce


def test_browser_titles_lose_the_browser_and_split_site_from_page() -> None:
    r = reduce("firefox", "Python tutorial - YouTube — Mozilla Firefox")
    assert (r.site, r.page, r.text) == ("YouTube", "Python tutorial", "Python tutorial - YouTube")
    r = reduce("Google-chrome", "rust_哔哩哔哩_bilibili - Google Chrome")
    assert (r.site, r.page) == ("哔哩哔哩 bilibili", "rust")
    r = reduce("Google-chrome", "如何学习 - 知乎 - Google Chrome")
    assert (r.site, r.page) == ("知乎", "如何学习")


def test_a_new_tab_has_no_site_and_an_app_keeps_its_title() -> None:
    assert reduce("firefox", "New Tab — Mozilla Firefox").text == "New Tab"
    assert reduce("Firefox Beta", "").text == "Firefox Beta"
    r = reduce("Code", "main.py - api - Visual Studio Code")
    assert not r.browser and r.text == "main.py - api - Visual Studio Code"
    assert reduce("陌陌", "").text == "陌陌"


def test_what_browsers_add_to_a_title_is_removed() -> None:
    cases = {
        "(3) Feed | LinkedIn — Mozilla Firefox": ("LinkedIn", "Feed"),
        "Python tutorial - YouTube — Mozilla Firefox Private Browsing": ("YouTube", "Python tutorial"),
        "Inbox - Gmail - Google Chrome - Work": ("Gmail", "Inbox"),
        "Watch later - YouTube - Audio playing - Google Chrome": ("YouTube", "Watch later"),
        "[12] Notifications - Mastodon — Mozilla Firefox": ("Mastodon", "Notifications"),
    }  # fmt: skip
    for title, (site, page) in cases.items():
        r = reduce("firefox", title)
        assert (r.site, r.page) == (site, page), title
    r = reduce("msedge", "Sprint board and 4 more pages - Personal - Microsoft\u200b Edge")
    assert r.text == "Sprint board"


def test_an_address_as_the_title_names_the_site_by_its_host() -> None:
    r = reduce("firefox", "https://www.example.org/recipes/chicken-curry — Mozilla Firefox")
    assert (r.site, r.page) == ("example.org", "recipes chicken curry")
    r = reduce("Google-chrome", "news.example.com/2024/05/17/12345 - Google Chrome")
    assert (r.site, r.page) == ("news.example.com", "")
    # Not an address: a dotted word inside a sentence stays a page.
    assert reduce("firefox", "numpy.einsum — NumPy Manual — Mozilla Firefox").site == "NumPy Manual"


@pytest.mark.parametrize(
    ("app", "title", "site", "page"),
    [
        ("Arc", "asyncio — Python 3.12 documentation", "Python 3.12 documentation", "asyncio"),
        ("company.thebrowser.Browser", "Inbox - Gmail", "Gmail", "Inbox"),
        ("qutebrowser", "Feed | LinkedIn - qutebrowser", "LinkedIn", "Feed"),
        ("Epiphany", "Python tutorial - YouTube", "YouTube", "Python tutorial"),
        ("zen", "r/python - Reddit", "Reddit", "r/python"),
        ("falkon", "Match report - BBC Sport - Falkon", "BBC Sport", "Match report"),
        ("Samsung Internet", "Recipes - Tasty", "Tasty", "Recipes"),
    ],
)
def test_less_known_browsers_are_browsers(app: str, title: str, site: str, page: str) -> None:
    """A browser not recognised would put all its pages in one group, voting as one app."""
    r = reduce(app, title)
    assert r.browser and (r.site, r.page) == (site, page)


@pytest.mark.parametrize("app", ["Arcade Manager", "WebStorm", "Search", "Zenity", "Orion Mail"])
def test_names_that_only_contain_a_browsers_name_are_not_browsers(app: str) -> None:
    assert not reduce(app, "Level 3 - Save").browser
