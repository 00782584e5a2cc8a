from focuscoach.core.recording.afk import AfkState, afk_state


def test_becomes_afk_after_the_timeout_dated_from_the_last_input() -> None:
    state = AfkState(afk=False, since=0.0)
    assert afk_state(state, last_input=100.0, now=279.0, timeout=180.0) == state
    assert afk_state(state, last_input=100.0, now=280.0, timeout=180.0) == AfkState(True, 100.0)


def test_returns_from_afk_at_the_first_input() -> None:
    state = AfkState(afk=True, since=100.0)
    assert afk_state(state, last_input=100.0, now=900.0, timeout=180.0) == state
    assert afk_state(state, last_input=950.0, now=951.0, timeout=180.0) == AfkState(False, 950.0)
