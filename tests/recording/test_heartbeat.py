from focuscoach.core.recording.heartbeat import Heartbeat, Span, merge_heartbeat, merge_heartbeats


def test_same_data_within_pulsetime_extends_the_span() -> None:
    last = Span(10.0, 12.0, "a")
    assert merge_heartbeat(last, Heartbeat(14.0, "a"), pulsetime=2.0) == Span(10.0, 14.0, "a")


def test_gap_longer_than_pulsetime_starts_a_new_span() -> None:
    assert merge_heartbeat(Span(10.0, 12.0, "a"), Heartbeat(14.5, "a"), pulsetime=2.0) is None


def test_other_data_starts_a_new_span() -> None:
    assert merge_heartbeat(Span(10.0, 12.0, "a"), Heartbeat(12.5, "b"), pulsetime=2.0) is None


def test_heartbeat_before_the_span_does_not_merge() -> None:
    assert merge_heartbeat(Span(10.0, 12.0, "a"), Heartbeat(9.0, "a"), pulsetime=2.0) is None


def test_duration_of_the_heartbeat_extends_the_end() -> None:
    merged = merge_heartbeat(Span(0.0, 5.0, "a"), Heartbeat(4.0, "a", duration=3.0), 1.0)
    assert merged == Span(0.0, 7.0, "a")


def test_an_older_heartbeat_inside_the_span_keeps_the_end() -> None:
    assert merge_heartbeat(Span(0.0, 5.0, "a"), Heartbeat(2.0, "a"), 1.0) == Span(0.0, 5.0, "a")


def test_sequence_of_samples_becomes_spans() -> None:
    data = ["a", "a", "a", "b", "b", "a"]
    beats = [Heartbeat(float(t), d) for t, d in enumerate(data)]
    beats.append(Heartbeat(20.0, "a"))  # after a long gap: a new span of the same window
    spans = merge_heartbeats(beats, pulsetime=2.0)
    assert spans == [
        Span(0.0, 2.0, "a"),
        Span(3.0, 4.0, "b"),
        Span(5.0, 5.0, "a"),
        Span(20.0, 20.0, "a"),
    ]
