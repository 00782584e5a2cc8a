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
    assert reduce("脉脉", "").text == "脉脉"
