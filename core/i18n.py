"""Core's own text in the user's language: a small gettext-style catalogue (a dict per language,
keyed by the English text), shared by `focuscoach report` and usable by the desktop.

The desktop's widgets use Qt's .ts catalogue; what core draws or writes itself (the review's
charts, tables and headline, durations and dates) is translated here, so the CLI needs no Qt.
The language is process-wide: the CLI sets it once from the `[app] language` setting (and,
for "system", the environment's locale, as the C library reads it); the desktop may set it
to the language it installed. English is the source language and needs no entry.

Catalogue entries live next to the code that uses them (`add`), so a module's strings and
their translations stay together; `missing()` lists what was asked for without an entry
(the tests draw everything in each language and require it empty).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Mapping
from datetime import date

#: Languages with a catalogue besides English (the desktop ships the same ones).
TRANSLATED = ("zh_CN",)
LANGUAGES = ("en", *TRANSLATED)

_catalogues: dict[str, dict[str, str]] = {language: {} for language in TRANSLATED}
_missing: dict[str, set[str]] = {language: set() for language in TRANSLATED}
_lock = threading.Lock()
_language = "en"


def add(language: str, entries: Mapping[str, str]) -> None:
    """Register translations (English text → `language`'s)."""
    with _lock:
        _catalogues[language].update(entries)


def resolve(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """'en' or a translated language: the setting, or for "system" the environment's locale
    (LANGUAGE's first entry, LC_ALL, LC_MESSAGES, then LANG). Any Chinese but Traditional
    falls back to Simplified rather than to English, as the desktop does."""
    if setting in LANGUAGES:
        return setting
    env = os.environ if environ is None else environ
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if not value:
            continue
        code = value.split(":")[0].split(".")[0].split("@")[0]
        if code.startswith("zh") and not any(t in code for t in ("Hant", "TW", "HK", "MO")):
            return "zh_CN"
        return "en"
    return "en"


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else "en"


def current() -> str:
    return _language


@contextlib.contextmanager
def language(name: str) -> Iterator[None]:
    """Draw or write in `name` for a while (tests; the JSON export is always English)."""
    before = _language
    set_language(name)
    try:
        yield
    finally:
        set_language(before)


def gettext(text: str) -> str:
    """`text` in the current language (itself in English, or when there is no entry)."""
    if _language == "en":
        return text
    found = _catalogues[_language].get(text)
    if found is None:
        _missing[_language].add(text)
        return text
    return found


_ = gettext


def missing(name: str) -> set[str]:
    """Texts asked for in `name` that have no entry (for the completeness tests)."""
    return set(_missing.get(name, set()))


# --- units and dates in the locale's form -------------------------------------------------

_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def weekday(day: date) -> str:
    """'Mon' / '周一'."""
    if _language == "zh_CN":
        return _WEEKDAYS_ZH[day.weekday()]
    return f"{day:%a}"


def day_month(day: date) -> str:
    """'8 Jan' / '1月8日'."""
    if _language == "zh_CN":
        return f"{day.month}月{day.day}日"
    return f"{day.day} {day:%b}"


def duration(minutes: int, short: bool = False) -> str:
    """Whole minutes as '3 h 05 min' / '3小时05分钟'; short: '3h 05m' / '3时05分'."""
    hours, rest = divmod(minutes, 60)
    if _language == "zh_CN":
        if short:
            return f"{hours}时{rest:02d}分" if hours else f"{rest}分"
        return f"{hours}小时{rest:02d}分钟" if hours else f"{rest}分钟"
    if short:
        return f"{hours}h {rest:02d}m" if hours else f"{rest}m"
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


# --- the shipped categories' names ----------------------------------------------------------

#: The shipped rule set's category names (resources/rules/categories.json). Names the user gave
#: their own categories are theirs and shown as written.
_CATEGORY_PARTS_ZH = {
    "Work": "工作",
    "Programming": "编程",
    "Office": "办公",
    "Design": "设计",
    "AI assistant": "AI 助手",
    "Communication": "沟通",
    "Email": "邮件",
    "Chat": "聊天",
    "Meeting": "会议",
    "Distracting": "分心",
    "Video": "视频",
    "Social": "社交",
    "Games": "游戏",
    "Shopping": "购物",
    "News": "新闻",
    "Media": "媒体",
    "Music": "音乐",
    "Personal": "个人",
    "Finance": "财务",
    "Travel": "出行",
    "Food": "饮食",
    "Health": "健康",
    "Home": "居家",
    "System": "系统",
    "Uncategorized": "未分类",
}


def category_name(label: str) -> str:
    """A category as shown ('Work › Programming' / '工作 › 编程'): each part of a shipped
    category's name in the current language. Only for display: stored names, rules and JSON
    keep the English name, which the colours and the distracting check read."""
    if _language != "zh_CN":
        return label
    return " › ".join(_CATEGORY_PARTS_ZH.get(part, part) for part in label.split(" › "))


# --- more units, dates and clock times for the command line (additions) -------------------


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural` for `count`, translated (Chinese has one form: the catalogue's
    entry for the plural is used for both)."""
    english = singular if count == 1 else plural
    if _language == "en":
        return english
    return gettext(plural)


def seconds(value: float) -> str:
    """Whole seconds as '20 s' / '20秒'."""
    if _language == "zh_CN":
        return f"{value:.0f}秒"
    return f"{value:.0f} s"


def full_date(day: date) -> str:
    """A day with its weekday: 'Mon 2026-11-30' / '2026年11月30日 周一'."""
    if _language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日 {weekday(day)}"
    return f"{day:%a} {day.isoformat()}"


def iso_day(day: date) -> str:
    """A day as a command line shows it: '2026-11-30' / '2026年11月30日'."""
    if _language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def width(text: str) -> int:
    """How many terminal columns `text` takes: East Asian wide and full-width characters
    take two (so Chinese columns line up as English ones do)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` terminal columns (`right`: aligned right), as
    f"{text:<8}" / f"{text:>8}" do for English."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill
