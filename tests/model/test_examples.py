"""Candidate moments and onset labels, including the user's feedback overriding them."""

from __future__ import annotations

import numpy as np
import pytest

from focuscoach.core.activity import AfkSpan, WindowSpan
from focuscoach.core.model.examples import Feedback, build_examples, candidate_times

CODE = ("Code", "main.py — focus — Visual Studio Code")
VIDEO = ("firefox", "Funny cats - YouTube — Mozilla Firefox")


def span(start: float, end: float, window: tuple[str, str]) -> WindowSpan:
    return WindowSpan(start, end, window[0], window[1])


def test_candidates_are_non_distracting_moments_after_switches_and_every_minute() -> None:
    windows = [span(0, 250, CODE), span(250, 400, VIDEO), span(400, 500, CODE)]
    assert candidate_times(windows).tolist() == [1.0, 61.0, 121.0, 181.0, 241.0, 401.0, 461.0]


def test_refocus_events_of_one_window_are_one_run() -> None:
    windows = [span(0, 100, CODE), span(101, 200, CODE)]
    assert candidate_times(windows).tolist() == [1.0, 61.0, 121.0, 181.0]


def test_afk_moments_are_not_candidates() -> None:
    windows = [span(0, 300, CODE)]
    assert candidate_times(windows, [AfkSpan(50, 200, True)]).tolist() == [1.0, 241.0]


def test_label_is_thirty_seconds_of_distraction_within_five_minutes() -> None:
    windows = [span(0, 600, CODE), span(600, 700, VIDEO), span(700, 2000, CODE)]
    ex = build_examples(windows)
    labelled = dict(zip(ex.times.tolist(), ex.labels.tolist(), strict=True))
    # (t, t+300] must hold >= 30 s of [600, 700]: t >= 330.
    assert labelled[301.0] == 0.0
    assert labelled[361.0] == 1.0
    assert labelled[541.0] == 1.0
    assert labelled[701.0] == 0.0
    # Moments whose horizon passes the end of the history have no label and are dropped.
    assert ex.times.max() + 300.0 <= 2000.0
    assert ex.weights.tolist() == [1.0] * len(ex)


def test_feedback_overrides_weak_labels_nearby() -> None:
    windows = [span(0, 600, CODE), span(600, 700, VIDEO), span(700, 2000, CODE)]
    feedback: list[Feedback | tuple[float, bool]] = [Feedback(560.0, False), (1000.0, True)]
    ex = build_examples(windows, feedback=feedback)
    labelled = dict(zip(ex.times.tolist(), ex.labels.tolist(), strict=True))
    weights = dict(zip(ex.times.tolist(), ex.weights.tolist(), strict=True))
    # "I wasn't distracted" at 560 s covers moments from 260 s to 620 s.
    assert labelled[361.0] == 0.0 and labelled[541.0] == 0.0
    assert weights[541.0] == 2.0
    # "Back to task" at 1000 s makes 701..1060 positive, later moments keep weak labels.
    assert labelled[701.0] == 1.0 and labelled[1001.0] == 1.0
    assert labelled[1121.0] == 0.0 and weights[1121.0] == 1.0
    assert int(ex.from_feedback.sum()) == int(np.sum(np.array(list(weights.values())) == 2.0))


def test_the_closest_answer_wins() -> None:
    windows = [span(0, 3000, CODE)]
    ex = build_examples(windows, feedback=[(300.0, True), (420.0, False)])
    labelled = dict(zip(ex.times.tolist(), ex.labels.tolist(), strict=True))
    assert labelled[301.0] == 1.0
    assert labelled[421.0] == 0.0


FEED = ("陌陌", "陌陌")  # an app the shipped rules leave uncategorised


def test_a_sure_distracting_suggestion_labels_with_low_weight() -> None:
    """Time in an uncategorised window that an unanswered suggestion calls distracting makes
    the moments before it positive at 0.3 x confidence; without the map they stay negative."""
    windows = [span(0, 600, CODE), span(600, 700, FEED), span(700, 2000, CODE)]
    plain = build_examples(windows)
    assert plain.positives == 0 and not plain.from_suggestion.any()
    assert 601.0 in plain.times.tolist()  # the feed's moments are candidates without the map
    ex = build_examples(windows, suggested={FEED: (True, 0.8)})
    labelled = dict(zip(ex.times.tolist(), ex.labels.tolist(), strict=True))
    weights = dict(zip(ex.times.tolist(), ex.weights.tolist(), strict=True))
    assert labelled[301.0] == 0.0 and weights[301.0] == 1.0
    assert labelled[361.0] == 1.0 and labelled[541.0] == 1.0
    assert weights[361.0] == pytest.approx(0.3 * 0.8) and weights[541.0] == pytest.approx(0.24)
    assert labelled[701.0] == 0.0 and weights[701.0] == 1.0
    # Moments inside the suggested-distracting window are not candidates, as for rule ones.
    assert 601.0 not in labelled and 661.0 not in labelled
    positives = ex.labels == 1.0
    assert ex.from_suggestion.tolist() == positives.tolist()
    # The same history with the rules calling the window distracting: full weight.
    video = [span(0, 600, CODE), span(600, 700, VIDEO), span(700, 2000, CODE)]
    assert set(build_examples(video).weights.tolist()) == {1.0}


def test_suggestions_do_not_override_rules_or_answers() -> None:
    windows = [span(0, 600, CODE), span(600, 700, FEED), span(700, 2000, CODE)]
    # "Not distracting" suggestions, unsure ones (confidence 0) and ones for windows a rule
    # categorises change nothing.
    for suggested in ({FEED: (False, 0.9)}, {FEED: (True, 0.0)}, {CODE: (True, 0.9)}):
        ex = build_examples(windows, suggested=suggested)
        assert ex.positives == 0 and set(ex.weights.tolist()) == {1.0}
    # Rule distraction enough on its own keeps the rule label's full weight.
    mixed = [span(0, 600, CODE), span(600, 650, VIDEO), span(650, 700, FEED), span(700, 2000, CODE)]
    ex = build_examples(mixed, suggested={FEED: (True, 0.8)})
    assert ex.positives > 0 and set(ex.weights.tolist()) == {1.0}
    assert not ex.from_suggestion.any()
    # 20 s of rule distraction is not enough; with the feed's 80 s it is, at the low weight.
    mixed = [span(0, 600, CODE), span(600, 620, VIDEO), span(620, 700, FEED), span(700, 2000, CODE)]
    assert build_examples(mixed).positives == 0
    ex = build_examples(mixed, suggested={FEED: (True, 0.8)})
    weights = dict(zip(ex.times.tolist(), ex.weights.tolist(), strict=True))
    assert ex.positives == int(ex.from_suggestion.sum()) > 0
    assert weights[361.0] == pytest.approx(0.24) and weights[541.0] == pytest.approx(0.24)
    # An answer overrides a suggestion label.
    ex = build_examples(windows, feedback=[Feedback(560.0, False)], suggested={FEED: (True, 0.8)})
    weights = dict(zip(ex.times.tolist(), ex.weights.tolist(), strict=True))
    assert weights[541.0] == 2.0 and not ex.from_suggestion[ex.times.tolist().index(541.0)]
