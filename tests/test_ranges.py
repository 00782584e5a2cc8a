"""core/ranges.py: merging and cutting half-open time ranges (away time, context blocks, the
ranges `forget` deleted)."""

from __future__ import annotations

from focuscoach.core.ranges import cut, merge


def test_merge_joins_overlapping_and_touching_ranges_and_drops_empty_ones() -> None:
    assert merge([(5.0, 8.0), (0.0, 2.0), (1.0, 3.0), (3.0, 4.0), (6.0, 6.0), (9.0, 9.0)]) == [
        (0.0, 4.0),
        (5.0, 8.0),
    ]
    assert merge([]) == []


def test_cut_splits_at_the_edges_of_the_ranges() -> None:
    ranges = [(10.0, 20.0), (30.0, 40.0)]
    assert cut(0.0, 5.0, ranges) == [(0.0, 5.0, False)]
    assert cut(15.0, 45.0, ranges) == [
        (15.0, 20.0, True),
        (20.0, 30.0, False),
        (30.0, 40.0, True),
        (40.0, 45.0, False),
    ]
    assert cut(12.0, 18.0, ranges) == [(12.0, 18.0, True)]
    assert cut(40.0, 50.0, ranges) == [(40.0, 50.0, False)]  # a range's end is outside it
    # A span of no length: inside a range, or not.
    assert cut(15.0, 15.0, ranges) == [(15.0, 15.0, True)]
    assert cut(20.0, 20.0, ranges) == [(20.0, 20.0, False)]
