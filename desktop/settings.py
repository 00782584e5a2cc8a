"""Settings: working hours, break and nudge rules, calendars, privacy, data, login, language.

The form is built from the options table (`focuscoach.core.options`): one editor per option
with a tab, chosen by the option's kind, with its bounds and unit. Saving turns the form into
the same mapping config.toml holds and validates it with `config.parse`, so a bad value gets
the same one-line message as a bad file and nothing is saved. A field the user did not touch
gives back exactly the value it was shown with (90 s is shown as 90 s, not rounded to 2 min),
and `config_writer.save` writes only what changed into the user's file, comments and all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core import autostart, config, config_writer
from focuscoach.core import i18n as core_i18n
from focuscoach.core.options import BY_NAME, OPTIONS, Option, Tab
from focuscoach.core.paths import Paths
from focuscoach.core.timeutil import local_zone, parse_when
from focuscoach.desktop.icons import icon
from focuscoach.desktop.ops import command
from focuscoach.desktop.settings_editors import (
    BoolEditor,
    Editor,
    PathsEditor,
    RulesEditor,
    make_editor,
    translate,
)
from focuscoach.desktop.settings_editors import DurationEditor as DurationEditor  # for tests
from focuscoach.desktop.store import SettingsData

log = logging.getLogger("focuscoach.desktop")
T = TypeVar("T")


def _done(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future


class SettingsWindow(QWidget):
    """`saved(settings)` after a valid save; `forgotten(since, until)` after a deletion.

    The Data tab's export and deletion are the app's commands (`app`, the runtime's App): the
    export is read on its executor, the deletion runs on its one writer. Without an app (a
    form on its own) the two buttons are off."""

    saved = Signal(object)
    forgotten = Signal(float, float)

    def __init__(
        self,
        settings: config.Settings,
        paths: Paths,
        *,
        app: SettingsData | None = None,
        autostart_kwargs: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.paths = paths
        # Export and delete are App commands: they never run on the main thread.
        self.app = app
        self.autostart_kwargs = autostart_kwargs or {}
        self.confirm = True
        self.fields: dict[str, Editor] = {}
        self._shown: dict[str, Any] = {}
        self.setWindowTitle(self.tr("Settings — Focus Coach"))
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        for tab in (Tab.GENERAL, Tab.COACHING, Tab.CALENDARS, Tab.PRIVACY):
            self._tab(tab)
        self._data()
        self.show_settings(settings)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c92a2a")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(buttons)
        self.resize(620, 560)

    # --- tabs ----------------------------------------------------------------------------

    def _tab(self, tab: Tab) -> None:
        """One page of the form: the table's options for `tab`, in the table's order."""
        page = QWidget()
        form = QFormLayout(page)
        for option in OPTIONS:
            if option.tab is not tab:
                continue
            editor = make_editor(option)
            editor.setToolTip(translate(option.help))
            self.fields[option.name] = editor
            if isinstance(editor, BoolEditor | PathsEditor | RulesEditor):
                form.addRow(editor)  # they carry their own label
            else:
                form.addRow(translate(option.label), editor)
            if option.note:
                note = QLabel(translate(option.note))
                note.setWordWrap(True)
                form.addRow(note)
        self.tabs.addTab(page, translate(tab.value))

    def show_settings(self, settings: config.Settings) -> None:
        """Fill the form from `settings` and remember what each field shows."""
        for name, editor in self.fields.items():
            editor.set_value(config_writer.dump(BY_NAME[name], settings))
        self._shown = {name: editor.value() for name, editor in self.fields.items()}

    def _add_rule(self, app: str, title: str) -> None:
        rules = self.fields["privacy.exclude"]
        assert isinstance(rules, RulesEditor)
        rules.add_rule(app, title)

    def _data(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        folder = QLabel(str(self.paths.data_dir))
        folder.setTextInteractionFlags(
            folder.textInteractionFlags() | folder.textInteractionFlags().TextSelectableByMouse
        )
        form.addRow(self.tr("Data folder:"), folder)
        self.since = QLineEdit()
        self.since.setPlaceholderText(self.tr("e.g. 2026-04-14, 2026-04-14T09:30, yesterday, 2h"))
        self.until = QLineEdit("now")
        form.addRow(self.tr("From:"), self.since)
        form.addRow(self.tr("To:"), self.until)
        self.export_format = QComboBox()
        for code in ("json", "csv", "activitywatch"):
            self.export_format.addItem(code, code)
        form.addRow(self.tr("Export format:"), self.export_format)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export…"))
        self.forget_button = QPushButton(self.tr("Delete this time range…"))
        self.export_button.clicked.connect(lambda: self.export_to(None))
        self.forget_button.clicked.connect(self.forget)
        row.addWidget(self.export_button)
        row.addWidget(self.forget_button)
        for button in (self.export_button, self.forget_button):
            button.setEnabled(self.app is not None)
        form.addRow(row)
        self.data_message = QLabel("")
        self.data_message.setWordWrap(True)
        form.addRow(self.data_message)
        self.tabs.addTab(page, self.tr("Data"))

    # --- saving --------------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        """The form as config.toml's mapping (validated by config.parse, not here). A field
        left as it was shown, and every option the form does not show, keeps its value."""
        raw: dict[str, Any] = {"schema_version": config.SCHEMA_VERSION}
        for option in OPTIONS:
            editor = self.fields.get(option.name)
            value = editor.value() if editor is not None else None
            if editor is None or value == self._shown[option.name]:
                value = config_writer.dump(option, self.settings)
            raw.setdefault(option.section, {})[option.key] = value
        return raw

    def save(self) -> bool:
        try:
            settings = config.parse(self.raw(), source=self.tr("Settings"))
        except config.ConfigError as exc:
            self.error.setText(str(exc))
            return False
        missing = [str(p) for p in settings.planning.calendars if not p.is_file()]
        if missing:
            self.error.setText(self.tr("Calendar file not found: {path}").format(path=missing[0]))
            return False
        try:
            if settings.app.launch_at_login != autostart.is_enabled(**self.autostart_kwargs):
                autostart.set_enabled(settings.app.launch_at_login, **self.autostart_kwargs)
            changed = config_writer.save(self.paths.config_file, settings, base=self.settings)
        except (OSError, config.ConfigError) as exc:
            self.error.setText(self.tr("Cannot save: {error}").format(error=exc))
            return False
        self.error.setText("")
        self.status.setText(self._saved_message(changed))
        self.settings = settings
        self.show_settings(settings)
        self.saved.emit(settings)
        return True

    def _saved_message(self, changed: list[Option]) -> str:
        if not changed:
            return self.tr("Nothing changed; {path} was left as it was.").format(
                path=self.paths.config_file
            )
        names = [translate(o.label).rstrip(":：") or o.name for o in changed]
        return self.tr("Saved to {path}: {changes}.").format(
            path=self.paths.config_file, changes="; ".join(names)
        )

    def cancel(self) -> None:
        """Forget the edits (the form shows the saved settings again) and close."""
        self.show_settings(self.settings)
        self.error.setText("")
        self.status.setText("")
        self.close()

    # --- data ----------------------------------------------------------------------------

    def _range(self, *, required: bool) -> tuple[float | None, float | None] | None:
        now = time.time()
        texts = (self.since.text().strip(), self.until.text().strip())
        try:
            since, until = (parse_when(t, now) if t else None for t in texts)
        except ValueError as exc:
            self.data_message.setText(str(exc))
            return None
        if required and (since is None or until is None):
            self.data_message.setText(self.tr("Give both ends of the time range."))
            return None
        if since is not None and until is not None and until <= since:
            self.data_message.setText(self.tr("The end of the range must come after its start."))
            return None
        return since, until

    def export_to(self, target: Path | None) -> Future[Path | None]:
        """Export the range to `target` in the background (the database is read and the file
        written off the main thread); the Future holds the file written, or None."""
        app = self.app
        if app is None:
            return _done(None)
        span = self._range(required=False)
        if span is None:
            return _done(None)
        fmt = self.export_format.currentData()
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export"),
                str(Path.home() / f"focuscoach.{'csv' if fmt == 'csv' else 'json'}"),
            )
            if not name:
                return _done(None)
            target = Path(name)
        if not self.paths.database.exists():
            self.data_message.setText(self.tr("Nothing recorded yet."))
            return _done(None)
        chosen = target
        since, until = span

        def failed(exc: BaseException) -> None:
            self.data_message.setText(
                self.tr("Cannot write {path}: {error}").format(path=chosen, error=exc)
            )

        # Private (0600), through a temporary file and a rename; never through a link.
        return self._data_op(
            lambda: app.export(chosen, fmt, since, until),
            lambda path: self.data_message.setText(
                self.tr("Exported to {path}.").format(path=path)
            ),
            failed,
            (OSError, ValueError),
        )

    def _data_op(
        self,
        start: Callable[[], Future[T]],
        shown: Callable[[T], None],
        failed: Callable[[BaseException], None],
        expected: tuple[type[BaseException], ...],
    ) -> Future[T | None]:
        """The App command `start()` in the background; the message follows on the main
        thread. The Future is done once the message is shown: with the command's result, or
        None when it failed."""
        result: Future[T | None] = Future()

        def success(value: T) -> None:
            shown(value)
            result.set_result(value)

        def failure(exc: BaseException) -> None:
            if not isinstance(exc, expected):
                log.error("settings data operation failed", exc_info=exc)
            failed(exc)
            result.set_result(None)

        command(self, start).success(success).failure(failure).run()
        return result

    def forget_question(self, since: float, until: float) -> str:
        """The confirmation names the range the fields resolved to ("3h" to "1h" are times
        the user never saw), in local time with its zone."""
        zone = local_zone()

        def moment(ts: float) -> str:
            local = datetime.fromtimestamp(ts, zone)
            return f"{core_i18n.full_date(local.date())} {local:%H:%M:%S}"

        name = datetime.fromtimestamp(until, zone).tzname() or ""
        return self.tr(
            "Delete everything recorded from {since} to {until} ({zone})? This cannot be undone."
        ).format(since=moment(since), until=moment(until), zone=name)

    def forget(self) -> Future[bool | None]:
        """Delete the range in the background; the Future holds True once it is deleted (and
        the message shown), False when nothing was done, None when it failed."""
        app = self.app
        if app is None:
            return _done(False)
        span = self._range(required=True)
        if span is None:
            return _done(False)
        since, until = span
        assert since is not None and until is not None
        if not self.paths.database.exists():
            self.data_message.setText(self.tr("Nothing recorded yet."))
            return _done(False)
        if self.confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete a time range"), self.forget_question(since, until)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return _done(False)

        def shown(deleted: int) -> None:
            self.data_message.setText(self.tr("Deleted {n} records.").format(n=deleted))
            self.forgotten.emit(since, until)

        deleted = self._data_op(
            lambda: app.forget_range(since, until),
            shown,
            lambda exc: self.data_message.setText(str(exc)),
            (),
        )
        result: Future[bool | None] = Future()
        deleted.add_done_callback(lambda f: result.set_result(None if f.result() is None else True))
        return result
