"""Starting and stopping the tray app: one instance per data folder, translations, the crash
handler, the runtime (through its App facade), the tray; SIGTERM and Quit flush everything and
exit 0."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import socket
import sys
import time

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from focuscoach.core import i18n as core_i18n
from focuscoach.core import logsetup
from focuscoach.core.appinfo import APP_ID
from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.runtime import App, RecorderBusy, Runtime
from focuscoach.core.runtime.app import StoreError
from focuscoach.desktop import i18n
from focuscoach.desktop.crash import CrashHandler
from focuscoach.desktop.icons import icon
from focuscoach.desktop.instance import SingleInstance
from focuscoach.desktop.tray import TRAY_WAIT_S, TrayController

log = logging.getLogger("focuscoach.desktop")

#: Seconds to wait for a system tray before the fallback window (tests shorten it).
TRAY_WAIT_ENV = "FOCUSCOACH_TRAY_WAIT"


class SignalWatcher:
    """Lets SIGTERM/SIGINT reach Python while Qt's loop sleeps in C: the C-level handler
    writes to a socket (set_wakeup_fd), a QSocketNotifier wakes the loop, and the Python
    handler then runs and asks the app to quit."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.received: list[int] = []
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno())
        self.notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._drain)
        self._old = {s: signal.signal(s, self._handle) for s in (signal.SIGTERM, signal.SIGINT)}

    def _handle(self, signum: int, _frame: object) -> None:
        log.info("signal %d: quitting", signum)
        self.received.append(signum)
        # Through the loop: a signal that comes while the app is still starting (the tray
        # icon can dock before the loop runs) would be lost to quit(), which a loop that has
        # not started ignores; the timer fires as soon as the loop runs.
        QTimer.singleShot(0, self.app.quit)

    def _drain(self) -> None:
        try:
            while self._read.recv(64):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        self.notifier.setEnabled(False)
        signal.set_wakeup_fd(self._old_fd)
        for signum, handler in self._old.items():
            signal.signal(signum, handler)
        self._read.close()
        self._write.close()


#: How long the "database unusable" box waits for the user before the app exits anyway.
PROBLEM_BOX_TIMEOUT_MS = 120_000


def show_store_problem(app: QApplication, problem: StoreError) -> None:
    """The database cannot be used: say so in a window (the tray app has no terminal)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        app.translate("App", "Focus Coach cannot use its database"),
        str(problem),
        QMessageBox.StandardButton.Ok,
    )
    timer = QTimer(box)  # owned and stopped here, so no timer outlives the box
    timer.setSingleShot(True)
    timer.timeout.connect(box.close)
    timer.start(PROBLEM_BOX_TIMEOUT_MS)
    box.exec()
    timer.stop()


def tell_recording_note(app: App, tray: QSystemTrayIcon) -> str | None:
    """Say once, at start, when this session records less than usual and why (for example
    GNOME on Wayland without the extension that gives window titles, and how to enable it);
    returns what was said."""
    note = app.recording_note()
    if note is not None:
        title = QApplication.translate("App", "Focus Coach records less here")
        tray.showMessage(title, note, QSystemTrayIcon.MessageIcon.Warning, 15_000)
        log.info("told the user: %s", note)
    return note


class StoreWatcher(QObject):
    """Tells the user once when the database cannot be written (disk full) and once when
    recording is saved again; the writer keeps everything in memory meanwhile."""

    def __init__(self, app: App, tray: QSystemTrayIcon, interval_ms: int = 5000) -> None:
        super().__init__()
        self.app = app
        self.tray = tray
        self.shown: str | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        problem = self.app.store_problem()  # the writer's last word, in memory
        text = str(problem) if problem is not None else None
        if text == self.shown:
            return
        if text is not None:
            self.tray.showMessage(
                self.tr("Focus Coach cannot save"), text, QSystemTrayIcon.MessageIcon.Warning
            )
        elif self.shown is not None:
            self.tray.showMessage(self.tr("Focus Coach"), self.tr("Recording is saved again."))
        self.shown = text


def settle_heap() -> None:
    """What the app made to run (modules, Qt's wrappers, the runtime) lives as long as it
    does: collected once, then frozen out of the cyclic collector's full passes. A full pass
    holds every thread, the main one included, for as long as it walks every object; without
    the app's start in it, it walks only what came later. Measured here: a full pass over the
    app's modules took 17 ms, 26 ms with the review's matplotlib; frozen, under 0.1 ms."""
    gc.collect()
    gc.freeze()


def run(ctx: Context, args: argparse.Namespace) -> int:
    """The tray app until Quit or SIGTERM; 0 on a clean exit."""
    started = time.monotonic()
    ctx.offer_privacy_defaults()
    settings = ctx.settings()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "focuscoach"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Focus Coach")
    app.setApplicationDisplayName("Focus Coach")
    app.setDesktopFileName(APP_ID)
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(icon("app"))
    language, translators = i18n.install(app, settings.app.language)
    core_i18n.set_language(language)  # the review's charts and tables, and core's texts

    instance = SingleInstance(ctx.paths.data_dir)
    if not instance.acquire():
        if instance.notify_running("show"):
            print(app.translate("App", "Focus Coach is already running."))
            return 0
        raise UsageError("Focus Coach is already running but does not answer")

    crash = CrashHandler(ctx.paths.log_dir / logsetup.LOG_NAME)
    crash.install()
    core_app = App(Runtime(ctx.paths, settings))
    try:
        core_app.start()
    except RecorderBusy as exc:
        instance.release()
        crash.uninstall()
        raise UsageError(f"{exc}: stop `focuscoach record` first") from None
    except StoreError as exc:
        instance.release()
        crash.uninstall()
        log.info("cannot start: %s", exc)  # the one stderr line is the UsageError's
        show_store_problem(app, exc)
        raise UsageError(str(exc)) from None
    watcher = SignalWatcher(app)
    wait = float(os.environ.get(TRAY_WAIT_ENV, TRAY_WAIT_S))
    controller = TrayController(core_app, tray_wait_s=wait)
    controller.started = started
    controller.quit_requested.connect(app.quit)
    instance.activated.connect(controller.bring_forward)
    store_watcher = StoreWatcher(core_app, controller.tray)
    tell_recording_note(core_app, controller.tray)
    settle_heap()
    log.info(
        "Focus Coach started (language %s, pid %d, %s; %d objects frozen)",
        language,
        os.getpid(),
        ctx.paths.data_dir,
        gc.get_freeze_count(),
    )
    try:
        code = app.exec()
    finally:
        stopping = time.monotonic()
        store_watcher.timer.stop()
        controller.shutdown()
        core_app.close(timeout=4.0)
        watcher.close()
        instance.release()
        crash.uninstall()
        del translators
        log.info("Focus Coach stopped in %.2f s", time.monotonic() - stopping)
    return int(code)
