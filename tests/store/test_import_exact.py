"""The import's duplicate check is exact: two different events whose 48-bit digests collide
(and start in the same microsecond) are both kept, and importing either again adds nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from focuscoach.core.store import imported
from focuscoach.core.store.database import open_database


class _Constant:
    """A blake2b whose every digest is the same: every event collides with every other."""

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        pass

    def digest(self) -> bytes:
        return b"\x01\x02\x03\x04\x05\x06"


def _rows(*titles: str, start: float = 1000.0) -> list[imported.MappedRow]:
    return [(start, start + 30.0, ("firefox", t), {"app": "firefox", "title": t}) for t in titles]


def _titles(path: Path) -> list[str]:
    db = open_database(path)
    try:
        rows = db.conn.execute(
            "SELECT t.text FROM windows w JOIN strings t ON t.id = w.title ORDER BY w.digest"
        ).fetchall()
    finally:
        db.close()
    return [r[0] for r in rows]


def _add(path: Path, rows: list[imported.MappedRow]) -> int:
    db = open_database(path)
    try:
        with imported.transaction(db.conn):
            return imported.add_mapped(db.conn, imported.WINDOW, "aw-watcher-window_h", rows)
    finally:
        db.close()


def test_colliding_events_are_both_kept_and_found_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imported, "hashlib", SimpleNamespace(blake2b=_Constant))
    path = tmp_path / "focuscoach.db"
    assert _add(path, _rows("Cats - YouTube")) == 1
    # A different event, same start, same (forced) digest: kept, not taken for the first.
    assert _add(path, _rows("Docs - Python")) == 1
    assert _titles(path) == ["Cats - YouTube", "Docs - Python"]
    # Importing both again (and one twice in the same file) adds nothing.
    assert _add(path, _rows("Docs - Python", "Cats - YouTube", "Docs - Python")) == 0
    # A third colliding one goes to the next free digest.
    assert _add(path, _rows("News", "Cats - YouTube")) == 1
    assert _titles(path) == ["Cats - YouTube", "Docs - Python", "News"]


def test_without_collisions_a_second_import_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "focuscoach.db"
    rows = _rows("a", "b", start=1.0) + _rows("c", start=2.0)
    assert _add(path, rows) == 3
    assert _add(path, rows) == 0
    assert sorted(_titles(path)) == ["a", "b", "c"]


def _windows(path: Path) -> list[tuple[float, float, str]]:
    db = open_database(path)
    try:
        rows = db.conn.execute(
            "SELECT w.start, w.stop, t.text FROM windows w JOIN strings t ON t.id = w.title"
            " ORDER BY w.start, w.stop, t.text"
        ).fetchall()
    finally:
        db.close()
    return [(r[0], r[1], r[2]) for r in rows]


def _forget(path: Path, since: float, until: float) -> None:
    from focuscoach.core.store.queries import forget_range

    db = open_database(path)
    try:
        forget_range(db.conn, since, until)
    finally:
        db.close()


def test_two_copies_cut_to_the_same_event_by_forget_keep_one(tmp_path: Path) -> None:
    """Two imported events of one window from the same start (a watcher's overlapping
    copies), cut by `forget` at the same place, are then one event: counted once, and a
    second import of the cut event finds it."""
    path = tmp_path / "focuscoach.db"
    first = (1000.0, 1100.0, ("firefox", "Docs"), {"app": "firefox", "title": "Docs"})
    longer = (1000.0, 1300.0, ("firefox", "Docs"), {"app": "firefox", "title": "Docs"})
    other = (1000.0, 1200.0, ("firefox", "News"), {"app": "firefox", "title": "News"})
    assert _add(path, [first, longer, other]) == 3
    _forget(path, 1050.0, 2000.0)
    assert _windows(path) == [(1000.0, 1050.0, "Docs"), (1000.0, 1050.0, "News")]
    cut = (1000.0, 1050.0, ("firefox", "Docs"), {"app": "firefox", "title": "Docs"})
    assert _add(path, [cut]) == 0


def test_a_cut_event_whose_digest_collides_with_another_takes_the_next_free_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from focuscoach.core.store import events

    monkeypatch.setattr(imported, "hashlib", SimpleNamespace(blake2b=_Constant))
    monkeypatch.setattr(events, "hashlib", SimpleNamespace(blake2b=_Constant))
    path = tmp_path / "focuscoach.db"
    assert _add(path, _rows("Docs", "News")) == 2  # both collide: digests d and d + 1
    _forget(path, 1010.0, 2000.0)  # both cut: still two different events, both kept
    assert _windows(path) == [(1000.0, 1010.0, "Docs"), (1000.0, 1010.0, "News")]
