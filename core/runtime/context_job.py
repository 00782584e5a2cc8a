"""Context for the running drift rule, without the text encoder in the tray (issue 12).

The tray's budget is 150 MB and the encoder alone takes about that, so meaning is judged in a
short-lived child process, `focuscoach categories context` (core/categorize/task_context.py),
which stores which distracting (app, title) are on-task for which task
(core/store/context.py). Here, on the coach's scheduler:

- at start and every CHECK_EVERY_S the on-task pairs are read from the store and handed to the
  drift rule (`DriftWatch.on_task`: a set lookup; `train` writes pairs too);
- the pairs not judged yet are counted (the user's categories, no encoder); when the running
  focus block's task has one, or NEW_PAIRS_TO_RUN are waiting, the child is started (one at a
  time, at most every MIN_RUN_INTERVAL_S) and its pairs are read as soon as it ends.

A title first seen during a focus block therefore counts as the rules say until the child has
judged it (within about CHECK_EVERY_S of its first appearance).
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Callable, Sequence

from focuscoach.core.coaching.coach import Coach
from focuscoach.core.runtime.lifecycle import Runtime
from focuscoach.core.store import context as stored

log = logging.getLogger("focuscoach.runtime")

CHECK_EVERY_S = 300.0
FIRST_CHECK_S = 60.0
NEW_PAIRS_TO_RUN = 20
MIN_RUN_INTERVAL_S = 900.0
#: After a failed run (no encoder installed, a broken database) wait this long.
RETRY_AFTER_FAILURE_S = 6 * 3600.0
WORKER_TIMEOUT_S = 600.0


def worker_command(runtime: Runtime) -> list[str]:
    """`focuscoach categories context` for this data folder."""
    from focuscoach.core.autostart import app_command

    paths = runtime.paths
    command = app_command()
    if paths.data_dir == paths.config_dir:  # started with --home
        command += ["--home", str(paths.data_dir)]
    return [*command, "categories", "context"]


class ContextJob:
    """Thread-safe: the scheduler's jobs, the waiting thread and a test may call it alike."""

    def __init__(self, runtime: Runtime, command: Sequence[str] | None = None) -> None:
        self._runtime = runtime
        self._command = list(command) if command is not None else None
        self._lock = threading.Lock()
        self._worker: subprocess.Popen[bytes] | None = None
        self._waiter: threading.Thread | None = None
        self._last_run: float | None = None
        self._failed_at: float | None = None
        self.pairs: frozenset[stored.OnTaskPair] = frozenset()
        self.runs = 0

    def install(self) -> None:
        runner = self._runtime.runner
        if runner is None:
            return
        self._safe(self.load)
        runner.every(CHECK_EVERY_S, lambda: self._safe(self.check), "task-context")
        runner.once(FIRST_CHECK_S, lambda: self._safe(self.check), "task-context-first")

    def load(self) -> frozenset[stored.OnTaskPair]:
        """Read the on-task pairs and hand them to the running drift rule."""
        with self._runtime.read() as db:
            pairs = stored.on_task_pairs(db.conn)
        self.pairs = pairs
        runner = self._runtime.runner
        if runner is not None:

            def apply(coach: Coach) -> None:
                if coach.drift is not None:
                    coach.drift.on_task = pairs

            runner.inspect(apply)
        return pairs

    def check(self, now: float | None = None) -> bool:
        """Load the pairs; start the child when worth it. Whether it was started."""
        from focuscoach.core.categorize.task_context import pending

        moment = self._runtime.clock() if now is None else now
        self.load()
        runner = self._runtime.runner
        with self._lock:
            if runner is None or self._worker is not None:
                return False
            if self._failed_at is not None and moment - self._failed_at < RETRY_AFTER_FAILURE_S:
                return False
            if self._last_run is not None and moment - self._last_run < MIN_RUN_INTERVAL_S:
                return False
        # Only for a drift rule that runs (`train` judges for its labels by itself).
        rules = runner.inspect(
            lambda coach: (
                coach.drift.categorizer
                if coach.drift is not None and coach.drift.settings.enabled
                else None
            )
        )
        if rules is None:
            return False
        with self._runtime.read() as db:
            _tasks, _windows, new = pending(db.conn, rules, moment, self._runtime.tz)
        block_task = self._runtime.status().block_title
        if not new or (len(new) < NEW_PAIRS_TO_RUN and not any(t == block_task for t, _, _ in new)):
            return False
        return self._start(moment, len(new))

    def _start(self, moment: float, count: int) -> bool:
        command = self._command or worker_command(self._runtime)
        with self._lock:
            if self._worker is not None:
                return False
            log.info("task context: judging %d new pairs in a child process", count)
            try:
                worker = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            except OSError as exc:
                log.warning("task context: cannot start %s: %s", command[0], exc)
                self._failed_at = moment
                return False
            self._worker, self._last_run = worker, moment
            self.runs += 1
            self._waiter = threading.Thread(
                target=self._wait, args=(worker, moment), name="task-context", daemon=True
            )
            self._waiter.start()
        return True

    def _wait(self, worker: subprocess.Popen[bytes], moment: float) -> None:
        try:
            _out, err = worker.communicate(timeout=WORKER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            worker.kill()
            _out, err = worker.communicate()
        with self._lock:
            self._worker = None
            if worker.returncode != 0:
                self._failed_at = moment
        if worker.returncode != 0:
            last = (err or b"").decode(errors="replace").strip().splitlines()[-1:]
            log.warning("task context: the child failed (%s): %s", worker.returncode, last)
            return
        self._safe(self.load)

    def wait(self, timeout: float) -> bool:
        """Wait for a running child and the reading of its pairs (tests). Whether done."""
        waiter = self._waiter
        if waiter is not None:
            waiter.join(timeout)
            return not waiter.is_alive()
        return True

    def close(self) -> None:
        """At exit: a child still running is stopped (it writes in one transaction)."""
        with self._lock:
            worker = self._worker
        if worker is not None:
            worker.terminate()
        self.wait(10.0)

    @staticmethod
    def _safe(job: Callable[[], object]) -> None:
        try:
            job()
        except Exception:  # a failed check must not stop the scheduler's other jobs
            log.exception("task context check failed")
