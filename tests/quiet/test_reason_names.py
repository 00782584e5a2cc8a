"""The quiet reasons a person reads (the tray's tooltip) are in the app's language: every
reason a probe is built with in core/quiet has a Chinese entry; the state keeps English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from focuscoach.core import i18n
from focuscoach.core.quiet.state import ZH_CN, shown_reason

QUIET = Path(__file__).resolve().parents[2] / "core" / "quiet" / "__init__.py"


def _probe_reasons() -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(QUIET.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Probe":
            reason = node.args[1]
            assert isinstance(reason, ast.Constant) and isinstance(reason.value, str)
            found.add(reason.value)
    return found


def test_every_probe_reason_has_a_chinese_name() -> None:
    reasons = _probe_reasons()
    assert {"fullscreen", "in a call (camera)", "Do Not Disturb"} <= reasons
    assert reasons <= set(ZH_CN)


def test_reasons_are_shown_in_the_current_language(monkeypatch: pytest.MonkeyPatch) -> None:
    # The catalogue's record of texts asked for without an entry is this test's own: other
    # tests (tests/reports/test_report_i18n.py) check that nothing they show is missing.
    monkeypatch.setattr(i18n, "_missing", {"zh_CN": set()})
    assert shown_reason("in a call (microphone)") == "in a call (microphone)"
    with i18n.language("zh_CN"):
        assert shown_reason("in a call (microphone)") == "通话中（麦克风）"
        assert shown_reason("something new") == "something new"  # unknown: shown as it is
    assert i18n.missing("zh_CN") == {"something new"}
