"""Unanswered suggestions for the model's labels: answered windows are never re-used."""

from __future__ import annotations

from pathlib import Path

from focuscoach.core.activity import WindowSpan
from focuscoach.core.categories import default_categorizer, user_categorizer
from focuscoach.core.categorize import answers
from focuscoach.core.categorize.encoder import UseEncoder
from focuscoach.core.categorize.suggest import Suggestion
from focuscoach.core.categorize.unanswered import for_training, unanswered

SOCIAL = ("Distracting", "Social")
LINKEDIN = ("firefox", "Feed | LinkedIn — Mozilla Firefox")
FEED = ("陌陌", "")
DOCS = ("firefox", "asyncio — Asynchronous I/O — Python 3.12 documentation — Mozilla Firefox")
CATEGORISED = [
    ("Code", "main.py - api - Visual Studio Code"),
    ("firefox", "rust tutorial - YouTube — Mozilla Firefox"),
    ("Google-chrome", "如何学习 - 知乎 - Google Chrome"),
    ("微信", "微信"),
    ("Slack", "#dev - Acme - Slack"),
    ("firefox", "Inbox - Gmail — Mozilla Firefox"),
]


def _suggestion(window: tuple[str, str], sure: bool = True) -> Suggestion:
    return Suggestion(window[0], window[1], 600.0, SOCIAL, True, 0.8 if sure else 0.4, sure, None)


def test_only_sure_suggestions_for_unanswered_windows_are_kept() -> None:
    other = ("微博", "")
    found = unanswered(
        [_suggestion(LINKEDIN), _suggestion(FEED), _suggestion(DOCS), _suggestion(other, False)],
        rejected={(*FEED, ("Distracting", "Video"))},  # any answer about a window counts
        accepted={DOCS},
    )
    assert found.labels == {LINKEDIN: (True, 0.8)}
    assert found.answered == 2 and found.distracting == 1


def _windows() -> list[WindowSpan]:
    out, t = [], 0.0
    for i, (app, title) in enumerate([*CATEGORISED, LINKEDIN, FEED, DOCS]):
        out.append(WindowSpan(t, t + 600 + i, app, title))
        t += 700
    return out


def test_accepted_and_rejected_suggestions_are_not_reused_as_unanswered(
    tmp_path: Path, encoder: UseEncoder
) -> None:
    rules_file, data_dir = tmp_path / "categories.json", tmp_path / "data"
    data_dir.mkdir()
    windows = _windows()
    before = for_training(windows, [], default_categorizer(), rules_file, data_dir, encoder)
    assert before.labels[LINKEDIN][0] is True and before.labels[FEED][0] is True
    assert before.labels[DOCS][0] is False and before.answered == 0
    assert all(confidence >= 0.6 for _, confidence in before.labels.values())

    answers.accept(rules_file, *LINKEDIN, SOCIAL)
    answers.reject(data_dir, *FEED, SOCIAL)
    rules = user_categorizer(rules_file)
    assert rules.categorize(*LINKEDIN) == SOCIAL  # accepted: a rule now, full weight
    after = for_training(windows, [], rules, rules_file, data_dir, encoder)
    # Neither the accepted window nor the rejected one (nor its runner-up category) is reused.
    assert LINKEDIN not in after.labels and FEED not in after.labels
    assert after.labels[DOCS][0] is False  # still unanswered
    # Accepted windows are read back from the rules' notes, even if the rule was edited since.
    assert answers.accepted(rules_file) == {LINKEDIN}
    assert answers.accepted(tmp_path / "missing.json") == set()
