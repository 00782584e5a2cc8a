"""The compositor fixtures start again once when a compositor never becomes ready."""

from __future__ import annotations

import pytest

from tests.wayland.compositors import NotReady, _Compositor


class _Flaky(_Compositor):
    def __init__(self, failures: int, error: type[Exception] = NotReady) -> None:
        super().__init__("fc-flaky-", "flaky.log")
        self.failures = failures
        self.error = error
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        assert self.runtime_dir.is_dir() and self.home.is_dir()
        assert not any(self.runtime_dir.iterdir())  # a fresh runtime folder each time
        self._log = self.log_path.open("wb")
        (self.runtime_dir / "socket").touch()
        if self.starts <= self.failures:
            raise self.error("never ready")


def test_a_compositor_that_never_became_ready_is_started_once_more() -> None:
    with _Flaky(failures=1) as session:
        assert session.starts == 2
    assert not session.root.exists()


def test_it_is_not_started_a_third_time_and_an_exit_is_not_retried() -> None:
    twice = _Flaky(failures=2)
    with pytest.raises(NotReady), twice:
        pass
    assert twice.starts == 2 and not twice.root.exists()
    exited = _Flaky(failures=1, error=RuntimeError)
    with pytest.raises(RuntimeError), exited:
        pass
    assert exited.starts == 1 and not exited.root.exists()
