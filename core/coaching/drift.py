"""The drift nudge (issue 13): a rule, not a forecast. In a focus block, once the user has
spent `after_s` (default 2 min) in distracting windows, say so with the facts: "12 min on
YouTube during 'Write report'".

- Distracting time counts while present in a distracting window of the user's categories,
  from the block's start or the last drift nudge; 5 minutes in other windows or away
  (`recovered_s`) start the count afresh (the user came back by themselves, or left).
- It comes only while the user is still in a distracting window, with its own spacing and
  daily cap (`min_interval_s` after any nudge, `daily_cap`: it is right by construction, so
  it may come more often than a forecast) and the nudges' snooze (the coach's NudgeState).
- Where nudges may come outside focus blocks (`[nudges] only_in_focus_blocks = false`), the
  time between blocks is watched as one stretch too.
- Once per episode: after a drift nudge the next waits until the user has been back in other
  windows for `back_s` (1 min), or away for `recovered_s`, then for `after_s` more. A long
  binge costs one nudge, not one every 10 minutes, so the daily cap is left for the next
  episodes (the drift rule alone replayed on the phone log: 63 of 171 episodes caught
  instead of 44, with fewer nudges). Shorter time away (a phone put down, a video watched without input) neither counts
  nor ends the episode.
- It is held by the same quiet rules as every nudge (meeting, fullscreen, away, another
  notice waiting, calm).
- "It's work" (the answer `not_distracted`) spares the site or app it named for the rest of
  the focus block: it stops counting as distracting there.
- Context (issue 12): a distracting window close in meaning to the block's task (a Python
  tutorial on YouTube during "Write the asyncio scheduler") is on-task, not distraction. The
  rule does not judge meaning (the tray never loads the text encoder): it receives `on_task`,
  the (task, app, title) a worker process judged (core/categorize/task_context.py, stored by
  core/store/context.py), and looks the window up under the block's task. A title first seen
  during the block is judged when that job next runs; until then the rules decide.
- Its settings come from config.toml's [nudges] table (`drift_enabled`, `drift_after_s`,
  core.options); the running app and `focuscoach replay` both set `Coach.drift` with the
  user's categories.

Pure: `step` takes the observation's facts and `now`; the coach calls it once per step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from ..appinfo import OWN_APPS
from .events import CoachEvent, NudgeDue
from .nudges import NudgeLabel, NudgeSettings, NudgeState, ShownNudge

if TYPE_CHECKING:
    from ..categories import Categorizer

#: Browsers are named by the page's site, taken from the window title.
BROWSERS = frozenset(
    name.casefold()
    for name in (
        "firefox",
        "firefox-esr",
        "firefox developer edition",
        "navigator",
        "google-chrome",
        "google chrome",
        "chrome",
        "chromium",
        "chromium-browser",
        "brave-browser",
        "brave",
        "microsoft-edge",
        "msedge",
        "safari",
        "opera",
        "vivaldi",
        "epiphany",
        "librewolf",
        "zen",
    )
)
_TITLE_PARTS = re.compile(r"\s+[-\u2013\u2014|·]\s+")
_BROWSER_WORDS = re.compile(
    r"mozilla|firefox|chrome|chromium|brave|edge|safari|opera|vivaldi|librewolf", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DriftSettings:
    enabled: bool = True
    #: Distracting time in a focus block before the nudge.
    after_s: float = 2 * 60
    #: Time in other windows after which the count starts again.
    recovered_s: float = 5 * 60
    #: Once per episode: after a drift nudge the next needs this long outside distracting
    #: windows first (None: again after `after_s` more, within the nudge spacing).
    back_s: float | None = 60.0
    #: Its own spacing and cap: a drift nudge speaks about drift that is happening (it is
    #: right by construction), so it may come sooner after another nudge and more often in a
    #: day than a forecast; snooze and the quiet rules hold it all the same.
    min_interval_s: float = 5 * 60
    daily_cap: int = 16


@dataclass(frozen=True, slots=True)
class DriftNudgeDue(NudgeDue):
    """A drift nudge: a NudgeDue (same buttons, same label) with the facts it is about."""

    nudge_kind: ClassVar[str] = "drift"
    distracted_s: float = 0.0
    what: str = ""
    #: In a focus block (False: between blocks, where nudges may come outside them).
    in_block: bool = True

    def detail(self) -> dict[str, Any]:
        """The coach log tells a drift nudge from a forecast one."""
        return {**NudgeDue.detail(self), "nudge_kind": self.nudge_kind}


@dataclass(frozen=True, slots=True)
class DriftState:
    block: tuple[float, float] | None = None
    distracted_s: float = 0.0
    #: Seconds per name (site or app) in the current count.
    by_name: tuple[tuple[str, float], ...] = ()
    elsewhere_s: float = 0.0
    #: Time away in a row (a sleep or an absence of `recovered_s` starts afresh).
    away_s: float = 0.0
    #: A drift nudge was given in this episode (cleared once the user is back for `back_s`).
    nudged: bool = False
    #: Names the user said were work ("It's work") in this block.
    excused: tuple[str, ...] = ()


@dataclass(slots=True)
class DriftWatch:
    """The rule with its settings, the user's categories and its running count."""

    categorizer: Categorizer
    settings: DriftSettings = field(default_factory=DriftSettings)
    state: DriftState = field(default_factory=DriftState)
    #: (task, app, title) judged on-task: such a window is not distracting in that task's block.
    on_task: frozenset[tuple[str, str, str]] = frozenset()
    _cache: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: The last drift nudge: when, and the name it was about (for its answer).
    _last: tuple[float, str] | None = None

    def distracting(self, app: str, title: str, task: str = "") -> bool:
        """Whether the window counts as distraction while working on `task` ("": no task)."""
        if task and (task, app, title) in self.on_task:
            return False
        key = (app, title)
        known = self._cache.get(key)
        if known is None:
            if len(self._cache) > 10_000:
                self._cache.clear()
            known = self._cache[key] = (
                app.casefold() not in OWN_APPS
                and self.categorizer.is_distracting_window(app, title)
            )
        return known and display_name(app, title) not in self.state.excused

    def reconfigured(self, categorizer: Categorizer, settings: DriftSettings) -> DriftWatch:
        """The same running count under new settings or categories: a change in the settings
        window applies at once (the rule has no timer a change could reset)."""
        return DriftWatch(categorizer, settings, self.state, self.on_task, _last=self._last)

    def answered(self, label: NudgeLabel) -> None:
        """The answer to a nudge: "It's work" to this rule's last one spares what it named
        (site or app) for the rest of the block."""
        last = self._last
        if last is None or label.at != last[0] or label.distracted:
            return
        if last[1] not in self.state.excused:
            self.state = replace(self.state, excused=(*self.state.excused, last[1]))

    def step(
        self,
        *,
        now: float,
        elapsed_s: float,
        prev: tuple[str, str] | None,
        current: tuple[str, str] | None,
        block: tuple[float, float] | None,
        task_id: int | None,
        task_title: str,
        quiet: bool,
        nudges: NudgeState,
        nudge_settings: NudgeSettings,
        day: str,
    ) -> tuple[NudgeState, list[CoachEvent]]:
        """Count the last `elapsed_s` (spent in `prev`; away when None), then nudge if due.
        Returns the nudge state (a drift nudge counts as a nudge) and the events."""
        s = self.settings
        st = self.state
        if block != st.block:
            st = self.state = DriftState(block=block)
        if block is not None and prev is None and elapsed_s > 0:
            st = replace(st, away_s=st.away_s + elapsed_s)
            if st.away_s >= s.recovered_s:  # a real absence ends the episode and the count
                st = DriftState(block=block, excused=st.excused)
        elif block is not None and prev is not None and elapsed_s > 0:
            st = replace(st, away_s=0.0)
            if self.distracting(*prev, task_title):
                name = display_name(*prev)
                counts = dict(st.by_name)
                counts[name] = counts.get(name, 0.0) + elapsed_s
                st = replace(
                    st,
                    distracted_s=st.distracted_s + elapsed_s,
                    by_name=tuple(counts.items()),
                    elsewhere_s=0.0,
                )
            else:
                st = replace(st, elsewhere_s=st.elsewhere_s + elapsed_s)
                back = st.nudged and s.back_s is not None and st.elsewhere_s >= s.back_s
                if back or st.elsewhere_s >= s.recovered_s:
                    st = DriftState(block=block, excused=st.excused)
        self.state = st
        if (
            not s.enabled
            or not nudge_settings.enabled
            or block is None
            or quiet
            or current is None
            or st.distracted_s < s.after_s
            or (st.nudged and s.back_s is not None)
            or not self.distracting(*current, task_title)
        ):
            return nudges, []
        if nudges.day != day:
            nudges = replace(nudges, day=day, nudges_today=0)
        if nudges.nudges_today >= s.daily_cap:
            return nudges, []
        if nudges.snoozed_until is not None and now < nudges.snoozed_until:
            return nudges, []
        last = nudges.last_nudge_at
        if last is not None and now - last < s.min_interval_s:
            return nudges, []
        what = max(st.by_name, key=lambda item: item[1])[0]
        text = f"{_duration(st.distracted_s)} on {what}"
        if task_title:
            text += f" during '{task_title}'"
        event = DriftNudgeDue(
            now, 1.0, text, task_id, task_title, st.distracted_s, what, block[1] != float("inf")
        )
        self.state = DriftState(block=block, excused=st.excused, nudged=True)
        self._last = (now, what)
        shown = ShownNudge(now, 1.0, text, task_id)
        nudges = replace(
            nudges, last_nudge_at=now, nudges_today=nudges.nudges_today + 1, shown=shown
        )
        return nudges, [event]


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes} min" if minutes else f"{int(seconds)} s"


def display_name(app: str, title: str) -> str:
    """What to call a window in a drift nudge: a browser by its site (the title's part that
    names it, e.g. "Cats - YouTube — Mozilla Firefox" is YouTube), anything else by its app."""
    if app.casefold() not in BROWSERS or not title.strip():
        return app or title or "?"
    parts = [p.strip() for p in _TITLE_PARTS.split(title) if p.strip()]
    parts = [p for p in parts if not _BROWSER_WORDS.search(p)]
    if not parts:
        return app
    return parts[-1] if len(parts) > 1 else parts[0]
