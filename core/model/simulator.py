"""A simulator of work sessions with distraction episodes: the training data of the prior.

The prior must come from somewhere before a user has any history, and it must ship without
anyone's personal data. This module generates plausible activity records
(WindowSpan / AfkSpan / InputInterval, plus mood check-ins) from a small generative model. It
is reproducible: the same ``SimConfig`` (seed included) gives the same records.

The model (every number below is an *approximation* chosen to match the order of magnitude of
published figures, not a fit to any data set):

* **Attention on screens.** Dwell in one window is log-normal with a median of about 45 s during
  focused work. Gloria Mark's studies measured an average of about 47 s on one screen before
  switching (Mark, *Attention Span*, 2023; Mark et al., CHI 2016), down from about 2.5 min in
  2004 (González & Mark, CHI 2004, who also found about 11 min per "working sphere").
* **Self-interruption.** A large share of switches are self-initiated rather than external
  (Dabbish, Mark & González, CHI 2011). Here the onset of a distraction episode is a hazard per
  second of focused work that grows with time since the last break (vigilance decrement), after
  lunch and late in the afternoon, with low mood and right after a communication check
  (Mark et al., CHI 2014 "Bored Mondays and focused afternoons": more switching and more
  social-media visits when bored or tired). Base rate: about one episode per 40 min of work.
* **Drift precursor.** In about 65 % of episodes the user first drifts for 1-4 min: short dwell
  (5-25 s), switching between work, chat and neutral windows, less typing. About 25 % of drift
  phases end back in focus (false alarms). This is the assumption the prior encodes: rapid
  switching and falling input precede a detour.
* **Communication.** E-mail/chat checks interleave with work; Mark et al. (CHI 2016) counted
  about 77 e-mail checks a day for heavy users. Here: about one check per 8 min of work,
  20-90 s each.
* **Distraction episodes.** Log-normal lengths with medians of about 8 min for long-form video,
  6 min for short-form video feeds, 4 min for social feeds, 3 min for news and shopping and
  15 min for games (order of magnitude of published average session lengths for YouTube,
  TikTok/Douyin, Instagram/Reddit and web shopping sessions).
* **Breaks.** A break of 5-15 min (AFK, screen locked) every 50-90 min of work, lunch of
  30-60 min around noon, a workday of about 8.5 h starting around 9:00 (DeskTime's
  "52 min work / 17 min break" observation and the Pomodoro habit bracket this).
* **Phone profile.** Some simulated users are phones (no titles, no input counts, no AFK
  watcher): sessions start at the launcher, about 60 pickups a day between 8:00 and 24:00
  (RescueTime 2019 reported about 58 pickups a day), with the same drift/episode mechanism.
* **Input.** Counts per minute by window kind: typing 60-200 keys/min in editors and chat,
  scrolling in feeds, almost nothing while watching video.

Times are generated as if the user's local time were UTC: train the prior with
``FeatureConfig(utc_offset_s=0)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from focuscoach.core.activity import AfkSpan, InputInterval, WindowSpan
from focuscoach.core.model.sim_windows import COMM as COMM
from focuscoach.core.model.sim_windows import DISTRACTING as DISTRACTING
from focuscoach.core.model.sim_windows import EPISODE_MEDIAN_S as EPISODE_MEDIAN_S
from focuscoach.core.model.sim_windows import FILLERS as FILLERS
from focuscoach.core.model.sim_windows import INPUT_RATES as INPUT_RATES
from focuscoach.core.model.sim_windows import NEUTRAL as NEUTRAL
from focuscoach.core.model.sim_windows import PHONE_APPS as PHONE_APPS
from focuscoach.core.model.sim_windows import WORK as WORK
from focuscoach.core.model.sim_windows import SimWindow


@dataclass(frozen=True, slots=True)
class SimConfig:
    """What to simulate. ``users`` independent people, each ``days`` days long."""

    seed: int = 0
    users: int = 1
    days: int = 14
    phone_share: float = 0.0  # share of users simulated as phones
    chinese_share: float = 0.5  # share of users with Chinese app names
    start: float = 1_704_067_200.0  # 2024-01-01 00:00 "local" (a Monday)
    weekend: bool = True


@dataclass(slots=True)
class SimulatedHistory:
    windows: list[WindowSpan] = field(default_factory=list)
    afk: list[AfkSpan] = field(default_factory=list)
    inputs: list[InputInterval] = field(default_factory=list)
    moods: list[tuple[float, float]] = field(default_factory=list)
    phone: bool = False


def _lognormal(rng: np.random.Generator, median: float, sigma: float) -> float:
    return float(median * math.exp(sigma * rng.standard_normal()))


class _User:
    """One simulated person; methods append records and return the new time."""

    def __init__(self, rng: np.random.Generator, lang: str, phone: bool) -> None:
        self.rng = rng
        self.lang = lang
        self.phone = phone
        self.out = SimulatedHistory(phone=phone)
        self.distractibility = _lognormal(rng, 1.0, 0.4)
        kinds = list(EPISODE_MEDIAN_S)
        pref = rng.dirichlet(np.ones(len(kinds)) * 0.7)
        self.kind_p = dict(zip(kinds, pref.tolist(), strict=True))
        self.kind_p["games"] *= 0.3
        total = sum(self.kind_p.values())
        self.kind_p = {k: v / total for k, v in self.kind_p.items()}
        self.mood = 3.0
        self.last_comm = -1e9

    # ----------------------------------------------------------------- records

    def _title(self, template: str) -> str:
        rng = self.rng
        filler = FILLERS[int(rng.integers(len(FILLERS)))]
        return template.replace("{x}", filler).replace("{n}", str(int(rng.integers(1, 400))))

    def span(self, t: float, window: SimWindow, dwell: float, kind: str) -> float:
        dwell = max(0.5, dwell)
        app, template = window
        self.out.windows.append(WindowSpan(t, t + dwell, app, self._title(template)))
        if not self.phone:
            self._input(t, t + dwell, kind)
        return t + dwell

    def _input(self, start: float, end: float, kind: str) -> None:
        keys, clicks, moves = INPUT_RATES.get(kind, INPUT_RATES["neutral"])
        t = start
        while t < end - 1e-9:
            stop = min(end, (math.floor(t / 60.0) + 1.0) * 60.0)
            minutes = (stop - t) / 60.0
            k, c, m = self.rng.poisson([keys * minutes, clicks * minutes, moves * minutes])
            self.out.inputs.append(InputInterval(t, stop, int(k), int(c), int(m), 0))
            t = stop

    def afk(self, t: float, length: float) -> float:
        self.out.afk.append(AfkSpan(t, t + length, True))
        return t + length

    def pick(self, pool: list[SimWindow]) -> SimWindow:
        return pool[int(self.rng.integers(len(pool)))]

    # ----------------------------------------------------------------- desktop

    def onset_rate(self, t: float, since_break: float, day_start: float) -> float:
        """Hazard of starting a distraction episode, per second of focused work."""
        hour = (t - day_start) / 3600.0 + 9.0
        rate = self.distractibility / 2400.0
        rate *= 1.0 + 0.6 * since_break / 3600.0
        if 13.0 <= hour < 14.5 or hour >= 16.5:
            rate *= 1.4
        if self.mood <= 2.0:
            rate *= 1.5
        elif self.mood >= 4.0:
            rate *= 0.75
        if t - self.last_comm < 120.0:
            rate *= 1.6
        return rate

    def episode(self, t: float, end: float) -> float:
        """A distraction episode: one or two distracting kinds, until its length is used."""
        rng = self.rng
        kinds = list(self.kind_p)
        kind = kinds[int(rng.choice(len(kinds), p=list(self.kind_p.values())))]
        stop = min(end, t + _lognormal(rng, EPISODE_MEDIAN_S[kind], 0.7))
        while t < stop:
            if rng.random() < 0.15:
                kind = kinds[int(rng.choice(len(kinds), p=list(self.kind_p.values())))]
            if rng.random() < 0.08:
                t = self.span(t, self.pick(COMM[self.lang]), _lognormal(rng, 25, 0.6), "comm")
                self.last_comm = t
                continue
            pool = DISTRACTING[self.lang][kind]
            dwell = _lognormal(rng, 150.0 if kind in ("video", "games") else 50.0, 0.9)
            t = self.span(t, self.pick(pool), min(dwell, stop - t + 1.0), kind)
        return t

    def drift(self, t: float) -> float:
        rng = self.rng
        stop = t + float(rng.uniform(60.0, 240.0))
        while t < stop:
            r = rng.random()
            pool = WORK if r < 0.4 else COMM if r < 0.7 else NEUTRAL
            t = self.span(t, self.pick(pool[self.lang]), float(rng.uniform(5.0, 25.0)), "drift")
        return t

    def work_day(self, day_start: float, weekend: bool) -> None:
        rng = self.rng
        self.mood = float(np.clip(np.round(rng.normal(3.2, 0.9)), 1, 5))
        start = day_start + 9 * 3600 + rng.normal(0, 1800)
        length = (2.0 if weekend else 8.5) * 3600 + rng.normal(0, 2400)
        if weekend:
            start += 5 * 3600
        end = start + max(1800.0, length)
        lunch_at = day_start + 12 * 3600 + rng.uniform(0, 3600)
        had_lunch = weekend
        t, since_break = start, 0.0
        next_break = rng.uniform(50, 90) * 60
        next_mood = t
        work = self.pick(WORK[self.lang])
        while t < end:
            if t >= next_mood:
                self.mood = float(np.clip(self.mood + rng.choice([-1, 0, 0, 0, 1]), 1, 5))
                self.out.moods.append((t, self.mood))
                next_mood = t + rng.uniform(45, 90) * 60
            if not had_lunch and t >= lunch_at:
                t = self.afk(t, rng.uniform(30, 60) * 60)
                had_lunch, since_break = True, 0.0
                continue
            if since_break >= next_break and rng.random() < 0.7:
                t = self.afk(t, rng.uniform(5, 15) * 60)
                since_break, next_break = 0.0, rng.uniform(50, 90) * 60
                continue
            t0 = t
            if weekend:
                rate = self.onset_rate(t, since_break, day_start) * 4.0
            else:
                rate = self.onset_rate(t, since_break, day_start)
            dwell = _lognormal(rng, 45.0, 1.0)
            if rng.random() < 1.0 - math.exp(-rate * dwell):
                if rng.random() < 0.65:
                    t = self.drift(t)
                    if rng.random() < 0.25:
                        since_break += t - t0
                        continue
                t = self.episode(t, end + 600)
            elif rng.random() < dwell / 480.0:
                t = self.span(t, self.pick(COMM[self.lang]), rng.uniform(20, 90), "comm")
                self.last_comm = t
            else:
                if rng.random() < 0.35:
                    work = self.pick(WORK[self.lang])
                t = self.span(t, work, dwell, "work")
                if rng.random() < 0.03:  # reading or thinking away from the keys
                    self.out.afk.append(AfkSpan(t - min(dwell, 180.0), t, True))
            since_break += t - t0

    # ----------------------------------------------------------------- phone

    def phone_day(self, day_start: float) -> None:
        rng = self.rng
        self.mood = float(np.clip(np.round(rng.normal(3.2, 0.9)), 1, 5))
        d = min(self.distractibility, 1.6)
        pickups = int(rng.poisson(55 * d**0.5))
        # Pickups between 8:00 and 24:00, denser in the evening.
        hours = np.sort(8.0 + 16.0 * rng.beta(1.3, 1.0, size=pickups))
        t_prev_end = day_start
        for h in hours:
            t = max(day_start + h * 3600.0, t_prev_end + 20.0)
            evening = 1.5 if h >= 19.0 else 1.0
            t = self._phone_app(t, "launcher", rng.uniform(1, 5))
            drifting = rng.random() < 0.25 * d * evening
            steps = int(rng.integers(1, 4))
            for _ in range(steps):
                r = rng.random()
                if drifting or r < 0.1 * d:
                    kinds = list(self.kind_p)
                    kind = kinds[int(rng.choice(len(kinds), p=list(self.kind_p.values())))]
                    stop = t + _lognormal(rng, EPISODE_MEDIAN_S[kind] * 0.8, 0.8)
                    while t < stop:
                        t = self._phone_app(t, kind, _lognormal(rng, 40.0, 1.0))
                        if rng.random() < 0.1:
                            t = self._phone_app(t, "chat", _lognormal(rng, 20.0, 0.8))
                    drifting = False
                elif r < 0.7:
                    t = self._phone_app(t, "chat", _lognormal(rng, 35.0, 1.0))
                    # Chat often tips into a feed: the phone's drift precursor.
                    drifting = rng.random() < 0.3 * d * evening
                elif r < 0.8:
                    t = self._phone_app(t, "music", _lognormal(rng, 15.0, 0.8))
                else:
                    t = self._phone_app(t, "utility", _lognormal(rng, 40.0, 1.0))
                if rng.random() < 0.5:
                    t = self._phone_app(t, "launcher", rng.uniform(1, 4))
            t_prev_end = t

    def _phone_app(self, t: float, kind: str, dwell: float) -> float:
        names = PHONE_APPS[self.lang][kind]
        app = names[int(self.rng.integers(len(names)))]
        dwell = max(0.5, dwell)
        self.out.windows.append(WindowSpan(t, t + dwell, app, ""))
        return t + dwell


def simulate(config: SimConfig | None = None) -> list[SimulatedHistory]:
    """One history per simulated user, reproducible from ``config.seed``."""
    cfg = config or SimConfig()
    rng = np.random.default_rng(cfg.seed)
    histories = []
    for _ in range(cfg.users):
        lang = "zh" if rng.random() < cfg.chinese_share else "west"
        phone = bool(rng.random() < cfg.phone_share)
        user = _User(np.random.default_rng(int(rng.integers(2**63))), lang, phone)
        for day in range(cfg.days):
            day_start = cfg.start + day * 86400.0
            weekend = day % 7 >= 5
            if weekend and not cfg.weekend:
                continue
            if phone:
                user.phone_day(day_start)
            else:
                user.work_day(day_start, weekend)
        histories.append(user.out)
    return histories
