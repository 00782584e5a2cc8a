"""An imported event's data comes back exactly from its row (columns + leftover + shape)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from focuscoach.core.store import events

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
)
_DATA = st.dictionaries(
    st.sampled_from(["app", "title", "status", "presses", "clicks", "url", "x"]), _VALUES
)


def _columns(table: str, data: dict[str, Any], draw_int: int) -> dict[str, Any]:
    """Columns as the importer fills them: from the data when it can, else anything."""
    if table == "windows":
        app, title = data.get("app", ""), data.get("title", "")
        return {"app": str(app), "title": str(title)}
    if table == "afk_spans":
        return {"afk": int(data.get("status") == "afk")}
    return {
        "keys": data["presses"] if type(data.get("presses")) is int else draw_int,
        "clicks": data["clicks"] if type(data.get("clicks")) is int else 0,
        "moves": 0,
        "scrolls": 0,
    }


@given(st.sampled_from(sorted(events.CARRIED)), _DATA, st.integers(0, 10))
def test_split_then_join_gives_the_data_back(table: str, data: dict[str, Any], n: int) -> None:
    columns = _columns(table, data, n)
    extra, shape = events.split(table, columns, data)
    assert events.join(table, columns, extra, shape) == data
    if extra is not None:
        assert events.parse_stored(extra) != {}


def test_a_window_event_of_app_and_title_keeps_nothing_else() -> None:
    data = {"app": "code", "title": "main.py"}
    assert events.split("windows", {"app": "code", "title": "main.py"}, data) == (None, 0)
    # 1 (an int) is not True (a bool) nor 1.0 (a float): those are kept as they came.
    assert events.split("input_activity", {"keys": 1, "clicks": 1}, {"presses": True}) == (
        '{"presses":true}',
        3,
    )
