"""One-line explanations from the model's attention (numpy only: runs in the tray).

The network returns, for each scored moment, the last layer's attention from its CLS position to
every span (averaged over heads). The spans holding most of that attention are the ones the
model leaned on, and the explanation says the facts about them that a person would: "opened
小红书 3 times in 10 min", "25 min on reddit since 14:05", "switched 14 times in 5 min, between
微信 and 哔哩哔哩", else how long and how long ago.

Not named, ever: glimpses under 3 s (a window passed through on the way to another), Focus
Coach's own windows and system windows (the launcher, the settings: the "System" category). A
browser is named by the site or page in its title, never by the browser; another app by its
name, or its title when the title is what decides its category.

The text is in core's current language (core/i18n.py: the app sets it from `[app] language`),
with durations in that language's form; `replay --json` asks for English.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from focuscoach.core import i18n
from focuscoach.core.appinfo import OWN_APPS
from focuscoach.core.categorize.titles import reduce
from focuscoach.core.i18n import _
from focuscoach.core.model.features import History

_MASS = 0.5  # explain with the fewest spans that hold this share of the attention
_MAX_SPANS = 4
_RAPID_SWITCHES = 3
_TITLE_CHARS = 40
_GLIMPSE_S = 3.0  # shorter spans are never named
_OPENED_WINDOW_S = 600.0  # "opened X 3 times in 10 min"
_OPENED_TIMES = 3
_LONG_STAY_S = 300.0  # "25 min on X since 14:05"
_SWITCH_WINDOW_S = 300.0  # "switched 14 times in 5 min"

#: A title's site and page, worked out once per window: every prediction names the same
#: recent windows again (`reduce` is a pure function of the app and title).
_reduce = lru_cache(maxsize=4096)(reduce)


@dataclass(frozen=True, slots=True)
class SpanReason:
    """A span the model attended to."""

    index: int  # into History.spans
    name: str
    weight: float
    start: float
    end: float  # clipped at the scored moment


def _short(text: str) -> str:
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1] + "…"


def display_name(history: History, index: int) -> str:
    """A browser page's site (else its page), never the browser; another app's name, or a
    shortened title when the title (not the app) decides the category."""
    span = history.spans[index]
    app = span.app.strip() or "unknown app"
    title = " ".join(span.title.split())
    if not title:
        return app
    page = _reduce(span.app, title)
    if page.browser:
        return _short(page.site or page.page or app)
    cat = history.categorizer
    if cat.categorize(span.app, "") == cat.categorize(span.app, span.title):
        return app
    return _short(title)


def named(history: History, index: int, t: float) -> bool:
    """Whether a span may be named at t: not a glimpse (so far), not Focus Coach, not a
    system window."""
    if min(float(history.ends[index]), t) - float(history.starts[index]) < _GLIMPSE_S:
        return False
    span = history.spans[index]
    if span.app.strip().casefold() in OWN_APPS:
        return False
    category = history.categorizer.categorize(span.app, span.title)
    return not (category and category[0] == "System")


def format_duration(seconds: float) -> str:
    """'45 s', '12 min', '1 h 05 min' in the current language, as the rest of the app says
    them (core/i18n.py)."""
    s = max(0.0, seconds)
    if s < 60:
        return i18n.seconds(round(s))
    return i18n.duration(round(s / 60.0))


def top_spans(
    history: History, span_index: NDArray[np.int32], attention: NDArray[np.float32], t: float
) -> list[SpanReason]:
    """The most-attended real spans of one scored moment, heaviest first."""
    valid = span_index >= 0
    if not valid.any():
        return []
    idx = span_index[valid].astype(int)
    att = np.asarray(attention, dtype=float)[valid]
    total = float(att.sum())
    weights = att / total if total > 0 else np.full(att.size, 1.0 / att.size)
    order = np.argsort(-weights, kind="stable")
    chosen: list[SpanReason] = []
    mass = 0.0
    for k in order:
        if len(chosen) >= _MAX_SPANS:
            break
        i = int(idx[k])
        if not named(history, i, t):
            continue
        start = float(history.starts[i])
        end = min(float(history.ends[i]), t)
        chosen.append(SpanReason(i, display_name(history, i), float(weights[k]), start, end))
        mass += float(weights[k])
        if mass >= _MASS:
            break
    return chosen


def _clock(history: History, t: float) -> str:
    """Local HH:MM of a moment, in the history's time zone."""
    offset = history.config.utc_offset_s
    if offset is None:
        return time.strftime("%H:%M", time.localtime(t))
    seconds = int((t + offset) % 86400)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _openings(history: History, name: str, t: float) -> int:
    """How many separate times a window of this name was opened in the last 10 minutes."""
    lo = int(np.searchsorted(history.starts, t - _OPENED_WINDOW_S, side="left"))
    hi = int(np.searchsorted(history.starts, t, side="left"))
    count, previous = 0, False
    for i in range(lo, hi):
        this = named(history, i, t) and display_name(history, i) == name
        count += this and not previous
        previous = this
    return count


def explain(
    history: History,
    span_index: NDArray[np.int32],
    attention: NDArray[np.float32],
    t: float,
    reasons: list[SpanReason] | None = None,
) -> str:
    """A one-line reason, e.g. "switched 9 times in 4 min, between 微信 and 哔哩哔哩"
    (`reasons`: the moment's top_spans, when the caller has them already)."""
    if reasons is None:
        reasons = top_spans(history, span_index, attention, t)
    if not reasons:
        return _("no recent activity")
    by_name: dict[str, float] = {}
    for r in reasons:
        by_name[r.name] = by_name.get(r.name, 0.0) + r.weight
    names = sorted(by_name, key=lambda n: -by_name[n])
    earliest = min(r.start for r in reasons)
    if len(names) >= 2 and history.switches_between(earliest, t) >= _RAPID_SWITCHES:
        switches = int(history.switches_between(t - _SWITCH_WINDOW_S, t))
        return _("switched {count} times in 5 min, between {first} and {second}").format(
            count=switches, first=names[0], second=names[1]
        )
    top = reasons[0]
    opened = _openings(history, top.name, t)
    if opened >= _OPENED_TIMES:
        return _("opened {name} {count} times in 10 min").format(name=top.name, count=opened)
    stay = top.end - top.start
    if top.end >= t - 1.0 and stay >= _LONG_STAY_S:
        return _("{duration} on {name} since {clock}").format(
            duration=format_duration(stay), name=top.name, clock=_clock(history, top.start)
        )
    dwell = format_duration(stay)
    if top.end >= t - 1.0:
        text = _("after {duration} in {name}").format(duration=dwell, name=top.name)
    else:
        text = _("{duration} in {name} {ago} ago").format(
            duration=dwell, name=top.name, ago=format_duration(t - top.end)
        )
    others = [n for n in names if n != top.name]
    if others:
        text += _(", following {name}").format(name=others[0])
    return text


#: The explanations in Chinese (core/i18n.py), by their English text.
ZH_CN = {
    "no recent activity": "最近没有活动",
    "switched {count} times in 5 min, between {first} and {second}": (
        "5分钟内在 {first} 和 {second} 之间切换了 {count} 次"
    ),
    "opened {name} {count} times in 10 min": "10分钟内打开了 {name} {count} 次",
    "{duration} on {name} since {clock}": "自 {clock} 起在 {name} 上 {duration}",
    "after {duration} in {name}": "在 {name} 中 {duration} 之后",
    "{duration} in {name} {ago} ago": "{ago}前在 {name} 中 {duration}",
    ", following {name}": "，之前是 {name}",
}
i18n.add("zh_CN", ZH_CN)
