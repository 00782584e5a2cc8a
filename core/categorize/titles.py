"""Window titles reduced to what they are about: the site and the page, without the browser.

``"Python tutorial - YouTube — Mozilla Firefox"`` (app ``firefox``) becomes site ``YouTube``,
page ``Python tutorial``. The browser's own name says nothing about the page, and leaving it in
makes every title of one browser look alike to the encoder. What browsers and sites add that
says nothing of the page goes too (an unread count "(3) ", "Private Browsing", a profile's
name, Edge's "and 4 more pages"), and a bare address names its site by its host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Browser names as they end a title (after a dash) or name the app.
_BROWSERS = (
    "Mozilla Firefox",
    "Firefox",
    "Firefox Beta",
    "Firefox Nightly",
    "Firefox Developer Edition",
    "Google Chrome",
    "Chromium",
    "Microsoft Edge",
    "Microsoft​ Edge",  # Edge puts a zero-width space in its own name
    "Brave",
    "Opera",
    "Vivaldi",
    "Safari",
    "LibreWolf",
    "Waterfox",
    "Tor Browser",
    "Yandex",
    "夸克",
    "Quark",
    "360安全浏览器",
    "QQ浏览器",
    "搜狗浏览器",
    "qutebrowser",
    "Falkon",
    "Konqueror",
    "Midori",
    "Pale Moon",
    "SeaMonkey",
    "Floorp",
    "Zen Browser",
    "Mullvad Browser",
    "Thorium",
    "Naver Whale",
)
_BROWSER_APP = re.compile(
    r"firefox|chrom(e|ium)|msedge|microsoft-edge|edge|brave|opera|vivaldi|safari|librewolf"
    r"|waterfox|tor ?browser|yandex|夸克|quark|浏览器|qutebrowser|epiphany|falkon|konqueror"
    r"|midori|pale ?moon|seamonkey|floorp|thorium|mullvad|samsung ?internet|duckduckgo"
    r"|kiwi ?browser|uc ?browser|naver ?whale"
    # Short names that would match inside other words are whole app names only: Arc (and
    # its macOS bundle id), Zen, Orion, Whale, GNOME Web.
    r"|^(?:arc|zen(?: browser)?|orion|whale|web|company\.thebrowser\.browser"
    r"|app\.zen-browser\.zen|org\.gnome\.epiphany)(?:\.exe)?$",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"\s*[-–—|·]\s*(?:" + "|".join(re.escape(b) for b in _BROWSERS) + r")"
    # "— Mozilla Firefox Private Browsing", "- Google Chrome - Work" (a profile), "Beta"
    r"(?:\s+(?:Private Browsing|Beta|Nightly|Dev|Canary|InPrivate)|\s*[-–—]\s*[^-–—]{1,30})?\s*$",
    re.IGNORECASE,
)
# What browsers and sites add to a page's title that says nothing about the page: an unread
# count "(3) ", a tab state "🔊", Edge's "and 4 more pages", "Audio playing".
_NOISE = (
    re.compile(r"^\s*[(\[]\d+\+?[)\]]\s*"),
    re.compile(r"^\s*[•●*🔊🔇]\s*"),
    re.compile(r"\s+and \d+ more pages?(?=\s*[-–—|]|$)", re.IGNORECASE),
    re.compile(
        r"\s*[-–—]\s*(?:Audio playing|Playing audio|Camera or microphone recording)\s*$",
        re.IGNORECASE,
    ),
    re.compile(r"\s*[-–—]\s*(?:Personal|Work|Profile \d+)(?=\s*$)"),
)
# A bare address as the title ("https://www.example.org/path"): its host names the site.
_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.|m\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(/\S*)?$",
    re.IGNORECASE,
)
# Separators between page and site: " - ", " — ", " | ", " · ", and "_" between CJK parts
# (bilibili writes "标题_哔哩哔哩_bilibili").
_SEPARATOR = re.compile(r"\s+[-–—|·•:]\s+|\s*[|｜]\s*|_(?=\S)")
_MAX_SITE = 40


@dataclass(frozen=True, slots=True)
class Reduced:
    """A window as the encoder sees it."""

    app: str
    site: str  # the site's name for a browser page ("" when none shows), else the app
    page: str  # the page or document, without site and browser
    browser: bool

    @property
    def text(self) -> str:
        """The text to encode: page and site, or the app and its title."""
        if self.browser:
            if self.site and self.page:
                return f"{self.page} - {self.site}"
            return self.page or self.site or self.app
        if not self.page:
            return self.app
        if self.app.lower() in self.page.lower():
            return self.page
        return f"{self.page} - {self.app}"


def is_browser(app: str, title: str = "") -> bool:
    return bool(_BROWSER_APP.search(app)) or bool(title and _SUFFIX.search(title))


def clean(title: str) -> str:
    """The title without an unread count, a tab state or a browser profile's name."""
    for pattern in _NOISE:
        title = pattern.sub("", title)
    return title.strip()


def reduce(app: str, title: str) -> Reduced:
    """Site and page of a browser title; the app and its title otherwise."""
    app = app.strip()
    title = " ".join(title.split())
    if not is_browser(app, title):
        return Reduced(app, app, title, False)
    page = clean(_SUFFIX.sub("", title))
    url = _URL.match(page)
    if url:  # an address: the host is the site, the path's words the page
        path = re.sub(r"[/_+=?&.-]+", " ", url.group(2) or "").strip()
        host = url.group(1).lower()
        return Reduced(app, host, path if re.search(r"[^\W\d]{3}", path) else "", True)
    parts = [p.strip() for p in _SEPARATOR.split(page) if p and p.strip()]
    if len(parts) >= 2 and len(parts[-1]) <= _MAX_SITE:
        site = parts[-1]
        # "标题_哔哩哔哩_bilibili": the site is written twice, in two scripts.
        rest = parts[:-1]
        if len(rest) >= 2 and len(rest[-1]) <= _MAX_SITE and "_" in page:
            site = f"{rest[-1]} {site}"
            rest = rest[:-1]
        return Reduced(app, site, " - ".join(rest), True)
    return Reduced(app, "", page, True)
