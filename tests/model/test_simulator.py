"""The simulator behind the prior: reproducible and plausible."""

from __future__ import annotations

from focuscoach.core.categories import categorize, is_distracting
from focuscoach.core.model.simulator import SimConfig, simulate


def test_same_seed_same_records() -> None:
    config = SimConfig(seed=42, users=2, days=2, phone_share=0.5)
    assert simulate(config) == simulate(config)


def test_other_seed_other_records() -> None:
    a = simulate(SimConfig(seed=1, users=1, days=1))[0]
    b = simulate(SimConfig(seed=2, users=1, days=1))[0]
    assert a.windows != b.windows


def test_records_are_ordered_and_contain_distraction_episodes() -> None:
    for h in simulate(SimConfig(seed=9, users=3, days=3, phone_share=0.34)):
        starts = [w.start for w in h.windows]
        assert starts == sorted(starts)
        assert all(w.end >= w.start for w in h.windows)
        distracting = sum(
            w.duration for w in h.windows if is_distracting(categorize(w.app, w.title))
        )
        total = sum(w.duration for w in h.windows)
        assert 0.05 < distracting / total < 0.95
        if h.phone:
            assert all(w.title == "" for w in h.windows) and not h.inputs
        else:
            assert h.inputs and any(a.afk for a in h.afk)


def test_desktop_workdays_have_breaks_and_work_hours() -> None:
    h = simulate(SimConfig(seed=4, users=1, days=1, chinese_share=0.0))[0]
    first, last = h.windows[0].start, h.windows[-1].end
    day = SimConfig().start
    assert 7.5 * 3600 < first - day < 10.5 * 3600
    assert 15 * 3600 < last - day < 21 * 3600
    assert any(a.end - a.start >= 300 for a in h.afk)
