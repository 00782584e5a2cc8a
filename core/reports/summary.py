"""A week's report: its statistics, the previous week's for comparison, and the numbers as
text (the same tables in the HTML export and the app's review window)."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from focuscoach.core.categories import Categorizer, default_categorizer
from focuscoach.core.i18n import _, category_name
from focuscoach.core.reports import catalogue_zh as catalogue_zh  # registers the Chinese
from focuscoach.core.reports.formats import day_label as day_label
from focuscoach.core.reports.formats import fmt_duration as fmt_duration
from focuscoach.core.reports.formats import fmt_number as fmt_number
from focuscoach.core.reports.formats import fmt_percent as fmt_percent
from focuscoach.core.reports.formats import week_label as week_label
from focuscoach.core.reports.stats import SCORE_DEFINITION, WeekStats, compute_week
from focuscoach.core.reports.week import Week
from focuscoach.core.store.handles import Connection
from focuscoach.core.store.week import WeekData, first_activity, load_week

NO_DATA = "no data yet"
EMPTY_MESSAGE = (
    "Nothing was recorded in this week yet. Keep Focus Coach running while you work, "
    "and this page fills in with where your focus went."
)


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    week: Week
    zone: str
    current: WeekStats
    previous: WeekStats
    generated_at: float
    #: The current week is shown "so far": its data ends here (now), and `previous` holds
    #: the same stretch of the week before (Monday 00:00 to this weekday and time), so the
    #: two compare like with like. None for a week that is over.
    until: float | None = None
    #: The week of the earliest recorded activity (None: nothing recorded): no week before it
    #: is offered.
    first_week: Week | None = None
    #: How many days of the week have begun (7 for a week that is over).
    days_begun: int = 7

    @property
    def empty(self) -> bool:
        return self.current.empty

    @property
    def so_far(self) -> bool:
        return self.until is not None

    def day_started(self, index: int) -> bool:
        """Whether day `index` (0 = Monday) of the week has begun (days to come show "–")."""
        return index < self.days_begun


def build_report(
    conn: Connection | None,
    week: Week,
    tz: tzinfo,
    categorizer: Categorizer | None = None,
    now: float | None = None,
) -> WeeklyReport:
    """The report of `week`; `conn` None (nothing recorded yet) gives the empty report.

    Reads two weeks of rows (this one and the one before, for the comparison), nothing more.
    """
    rules = categorizer or default_categorizer()
    moment = time.time() if now is None else now
    start, end = week.bounds(tz)
    until = moment if start <= moment < end else None

    def stats(which: Week, cut: float | None = None) -> WeekStats:
        start, end = which.bounds(tz)
        end = end if cut is None else max(start, min(end, cut))
        data = load_week(conn, start, end) if conn is not None else WeekData(start, end)
        return compute_week(data, which, tz, rules)

    # A week in progress is compared with the same days (to the same time) of the week
    # before: wall-clock time a week earlier, so a daylight-saving change in between does
    # not shift the cut by an hour.
    before = None if until is None else same_moment_a_week_earlier(until, tz)
    first = first_activity(conn) if conn is not None else None
    return WeeklyReport(
        week=week,
        zone=zone_name(tz, week),
        current=stats(week, until),
        previous=stats(week.previous(), before),
        generated_at=moment,
        until=until,
        first_week=None if first is None else Week.containing(first, tz),
        days_begun=7 if until is None else sum(a <= until for a, _ in week.day_bounds(tz)),
    )


def same_moment_a_week_earlier(moment: float, tz: tzinfo) -> float:
    return (datetime.fromtimestamp(moment, tz) - timedelta(days=7)).timestamp()


def zone_name(tz: tzinfo, week: Week) -> str:
    """'Europe/Berlin' for a named zone, else the abbreviation in force on the week's Monday."""
    key = getattr(tz, "key", None)
    if isinstance(key, str) and key:
        return key
    moment = datetime.fromtimestamp(week.bounds(tz)[0], tz)
    return moment.tzname() or moment.strftime("UTC%z")


@dataclass(frozen=True, slots=True)
class Headline:
    """One figure of the week, compared with the week before."""

    label: str
    value: float | None
    previous: float | None
    text: str
    previous_text: str
    higher_is_better: bool | None  # None: neither (e.g. time worked)

    @property
    def change(self) -> str:
        if self.value is None or self.previous is None:
            return ""
        delta = self.value - self.previous
        if abs(delta) < 1e-9:
            return _("same")
        arrow = "▲" if delta > 0 else "▼"
        if self.previous:
            return f"{arrow} {abs(delta) / abs(self.previous) * 100:.0f} %"
        return arrow

    @property
    def verdict(self) -> str:
        """'better', 'worse' or '' (for colouring the change)."""
        if self.higher_is_better is None or self.value is None or self.previous is None:
            return ""
        if abs(self.value - self.previous) < 1e-9:
            return ""
        up = self.value > self.previous
        return "better" if up == self.higher_is_better else "worse"


def headlines(report: WeeklyReport) -> list[Headline]:
    cur, prev = report.current, report.previous
    rows: list[Headline] = []

    def add(
        label: str,
        get: Callable[[WeekStats], float | None],
        fmt: Callable[[float | None], str],
        better: bool | None,
    ) -> None:
        value, before = get(cur), get(prev)
        rows.append(Headline(_(label), value, before, fmt(value), fmt(before), better))

    add("Focus score", lambda s: s.score, lambda v: fmt_number(v), True)
    add("Focused time", lambda s: s.focus_s, fmt_duration, True)
    add("Active time", lambda s: s.active_s, fmt_duration, None)
    add("Distraction time", lambda s: s.distraction_s, fmt_duration, False)
    add("Distraction episodes", lambda s: float(s.episodes), lambda v: fmt_number(v), False)
    add("Longest focus stretch", lambda s: s.longest_stretch_s, fmt_duration, True)
    add(
        "Fragmentation (switches per active hour)",
        lambda s: s.fragmentation,
        lambda v: fmt_number(v, 1),
        False,
    )
    add("Mood (1–5, mean of days)", _mean_mood, lambda v: fmt_number(v, 1), True)
    add("Energy (1–5, mean of days)", _mean_energy, lambda v: fmt_number(v, 1), True)
    add(
        "Breaks taken",
        lambda s: None if s.breaks is None else float(s.breaks.taken),
        lambda v: fmt_number(v),
        True,
    )
    add(
        "Breaks skipped",
        lambda s: None if s.breaks is None else float(s.breaks.skipped),
        lambda v: fmt_number(v),
        False,
    )
    add(
        "Nudges shown",
        lambda s: None if s.nudges is None else float(s.nudges.shown),
        lambda v: fmt_number(v),
        None,
    )
    add(
        "Nudge false-alarm rate",
        lambda s: None if s.nudges is None else s.nudges.false_alarm_rate,
        fmt_percent,
        False,
    )
    return rows


def _mean_mood(stats: WeekStats) -> float | None:
    values = [d.mood for d in stats.days if d.mood is not None]
    return sum(values) / len(values) if values else None


def _mean_energy(stats: WeekStats) -> float | None:
    values = [d.energy for d in stats.days if d.energy is not None]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    note: str = ""


def tables(report: WeeklyReport) -> list[Table]:
    """Every number behind the charts, as text."""
    cur = report.current
    if report.so_far:
        title = _("This week so far compared with the same days of the week before")
        header = (
            _("{week} so far").format(week=report.week),
            _("{week} same days").format(week=report.week.previous()),
        )
    else:
        title = _("This week compared with the week before")
        header = (str(report.week), str(report.week.previous()))
    result = [
        Table(
            title,
            ("", *header, _("change")),
            [(h.label, h.text, h.previous_text, h.change) for h in headlines(report)],
        )
    ]
    prev_days = report.previous.days
    result.append(
        Table(
            _("Day by day"),
            tuple(
                _(h)
                for h in (
                    "day",
                    "focused",
                    "active",
                    "distraction",
                    "episodes",
                    "longest stretch",
                    "switches / h",
                    "score",
                    "mood",
                    "energy",
                    "focused last week",
                )
            ),
            [
                (
                    (
                        day_label(d.day),
                        fmt_duration(d.focus_s),
                        fmt_duration(d.active_s),
                        fmt_duration(d.distraction_s),
                        str(d.episodes),
                        fmt_duration(d.longest_stretch_s),
                        fmt_number(d.fragmentation, 1),
                        fmt_number(d.score),
                        fmt_number(d.mood, 1),
                        fmt_number(d.energy, 1),
                        fmt_duration(p.focus_s),
                    )
                    if report.day_started(index)
                    else (day_label(d.day), *["–"] * 10)  # a day still to come
                )
                for index, (d, p) in enumerate(zip(cur.days, prev_days, strict=True))
            ],
        )
    )
    result.append(
        Table(
            _("Mood and energy against focused time"),
            (_("pair"), _("correlation r"), _("days")),
            [
                (_("mood ↔ focused hours"), _r(cur.mood_focus.r), str(cur.mood_focus.n)),
                (_("energy ↔ focused hours"), _r(cur.energy_focus.r), str(cur.energy_focus.n)),
            ],
            note=(
                _(
                    "Pearson correlation over the days with both a check-in and activity; "
                    "it needs at least 3 days, and a week is a small sample."
                )
                if cur.has_mood
                else _("Mood check-ins: no data yet.")
            ),
        )
    )
    result.append(
        Table(
            _("Time by category"),
            (_("category"), _("time"), _("share")),
            [
                (
                    category_name(name),
                    fmt_duration(s),
                    fmt_percent(s / cur.active_s if cur.active_s else None),
                )
                for name, s in cur.categories
            ],
        )
    )
    result.append(
        Table(_("Top apps"), (_("app"), _("time")), [(a, fmt_duration(s)) for a, s in cur.apps])
    )
    result.append(
        Table(
            _("Top windows"),
            (_("app"), _("title"), _("time")),
            [(a, t, fmt_duration(s)) for a, t, s in cur.titles],
        )
    )
    if cur.tasks:
        result.append(
            Table(
                _("Tasks: planned and actual time"),
                tuple(_(h) for h in ("task", "planned", "actual", "estimate", "done this week")),
                [
                    (
                        t.title,
                        fmt_duration(t.planned_s),
                        fmt_duration(t.actual_s),
                        fmt_duration(t.estimate_s),
                        _("yes") if t.done else "",
                    )
                    for t in cur.tasks
                ],
                note=_(
                    "Actual: active time in windows matching the task's patterns, or, for a "
                    "task without patterns, focused time inside its planned blocks."
                ),
            )
        )
    else:
        result.append(
            Table(_("Tasks: planned and actual time"), (), [], note=_("Tasks: no data yet."))
        )
    coach_rows: list[tuple[str, ...]] = []
    if cur.breaks is not None:
        coach_rows += [
            (_("breaks taken"), str(cur.breaks.taken)),
            (_("breaks postponed"), str(cur.breaks.postponed)),
            (_("breaks skipped"), str(cur.breaks.skipped)),
        ]
    if cur.nudges is not None:
        coach_rows += [
            (_("nudges shown"), str(cur.nudges.shown)),
            (_("nudges answered"), str(cur.nudges.answered)),
            (_("answered “I wasn't distracted”"), str(cur.nudges.not_distracted)),
            (_("false-alarm rate"), fmt_percent(cur.nudges.false_alarm_rate)),
        ]
    if cur.predictions is not None:
        coach_rows.append(
            (_("detector checks (alerts ≥ 0.7)"), f"{cur.predictions} ({cur.alerts})")
        )
    result.append(
        Table(
            _("Breaks and nudges"),
            ("", _("count")) if coach_rows else (),
            coach_rows,
            note="" if coach_rows else _("Breaks and nudges: no data yet."),
        )
    )
    return result


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def tables_html(report: WeeklyReport) -> str:
    """The tables as an HTML fragment (titles escaped): used by the export and the app."""
    return "\n".join(table_sections_html(report))


def table_sections_html(report: WeeklyReport) -> list[str]:
    """Each table with its title and note, as its own HTML fragment (the app shows them one
    at a time: desktop/review.py)."""
    sections = []
    for table in tables(report):
        parts = [f"<h3>{html.escape(table.title)}</h3>"]
        if table.rows:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in table.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif not table.note:
            parts.append(f"<p>{html.escape(_('No data yet.'))}</p>")
        if table.note:
            parts.append(f'<p class="note">{html.escape(table.note)}</p>')
        sections.append("\n".join(parts))
    return sections


def score_definition() -> str:
    """How the score is computed, in the current language."""
    return _(SCORE_DEFINITION)
