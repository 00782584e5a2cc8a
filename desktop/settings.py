"""Settings: working hours, break and nudge rules, calendars, privacy, data, login, language.

The form is turned into the same mapping config.toml holds and validated by `config.parse`,
so a bad value gets the same one-line message as a bad file, and nothing is saved.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core import autostart, config, config_writer, files
from focuscoach.core.interop import activitywatch, export
from focuscoach.core.paths import Paths
from focuscoach.core.store import queries
from focuscoach.core.store.database import connect
from focuscoach.core.timeutil import parse_when
from focuscoach.desktop.icons import icon


def _spin(lo: int, hi: int, value: float, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(round(value))
    box.setSuffix(suffix)
    return box


class SettingsWindow(QWidget):
    """`saved(settings)` after a valid save; `forgotten(since, until)` after a deletion."""

    saved = Signal(object)
    forgotten = Signal(float, float)

    def __init__(
        self,
        settings: config.Settings,
        paths: Paths,
        *,
        flush: Callable[[], None] = lambda: None,
        autostart_kwargs: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.paths = paths
        self.flush = flush
        self.autostart_kwargs = autostart_kwargs or {}
        self.confirm = True
        self.setWindowTitle(self.tr("Settings — Focus Coach"))
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self._general()
        self._coaching()
        self._calendars()
        self._privacy()
        self._data()
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c92a2a")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.resize(620, 560)

    # --- tabs ----------------------------------------------------------------------------

    def _general(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.language = QComboBox()
        for code, name in (
            ("system", self.tr("System language")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.settings.app.language)))
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(QLabel(self.tr("A new language applies when Focus Coach restarts.")))
        self.launch_at_login = QCheckBox(self.tr("Start Focus Coach when I log in"))
        self.launch_at_login.setChecked(self.settings.app.launch_at_login)
        form.addRow(self.launch_at_login)
        p = self.settings.planning
        self.day_start = QTimeEdit(QTime.fromString(p.day_start, "HH:mm"))
        self.day_end = QTimeEdit(QTime.fromString(p.day_end, "HH:mm"))
        for edit in (self.day_start, self.day_end):
            edit.setDisplayFormat("HH:mm")
        form.addRow(self.tr("Working day starts:"), self.day_start)
        form.addRow(self.tr("Working day ends:"), self.day_end)
        self.focus_minutes = _spin(15, 240, p.focus_minutes, " min")
        self.break_minutes = _spin(1, 120, p.break_minutes, " min")
        form.addRow(self.tr("Focus block length:"), self.focus_minutes)
        form.addRow(self.tr("Planned break length:"), self.break_minutes)
        self.tabs.addTab(page, self.tr("General"))

    def _coaching(self) -> None:
        c = self.settings.coaching
        page = QWidget()
        form = QFormLayout(page)
        self.breaks_enabled = QCheckBox(self.tr("Remind me to take breaks"))
        self.breaks_enabled.setChecked(c.breaks_enabled)
        form.addRow(self.breaks_enabled)
        self.micro_interval = _spin(1, 240, c.micro_interval_s / 60, " min")
        self.micro_duration = _spin(5, 600, c.micro_duration_s, " s")
        self.long_interval = _spin(1, 480, c.long_interval_s / 60, " min")
        self.long_duration = _spin(1, 120, c.long_duration_s / 60, " min")
        self.postpone = _spin(1, 120, c.postpone_s / 60, " min")
        self.max_postpones = _spin(0, 20, c.max_postpones)
        form.addRow(self.tr("Micro break every:"), self.micro_interval)
        form.addRow(self.tr("Micro break length:"), self.micro_duration)
        form.addRow(self.tr("Long break every:"), self.long_interval)
        form.addRow(self.tr("Long break length:"), self.long_duration)
        form.addRow(self.tr("Postpone by:"), self.postpone)
        form.addRow(self.tr("Postpones per reminder:"), self.max_postpones)
        self.nudges_enabled = QCheckBox(self.tr("Nudge me when I drift off"))
        self.nudges_enabled.setChecked(c.nudges_enabled)
        form.addRow(self.nudges_enabled)
        self.only_in_blocks = QCheckBox(self.tr("Only during focus blocks"))
        self.only_in_blocks.setChecked(c.nudge_only_in_focus_blocks)
        form.addRow(self.only_in_blocks)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(c.nudge_threshold)
        form.addRow(self.tr("Nudge when the detector is at least this sure:"), self.threshold)
        self.nudge_gap = _spin(0, 240, c.nudge_min_interval_s / 60, " min")
        self.daily_cap = _spin(0, 100, c.nudge_daily_cap)
        form.addRow(self.tr("At least this long between nudges:"), self.nudge_gap)
        form.addRow(self.tr("At most this many nudges a day:"), self.daily_cap)
        self.checkins_enabled = QCheckBox(self.tr("Ask how I feel now and then"))
        self.checkins_enabled.setChecked(c.checkins_enabled)
        form.addRow(self.checkins_enabled)
        self.checkin_interval = _spin(1, 480, c.checkin_interval_s / 60, " min")
        form.addRow(self.tr("Mood check-in about every:"), self.checkin_interval)
        self.tabs.addTab(page, self.tr("Breaks and nudges"))

    def _calendars(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(
            QLabel(self.tr("Calendar files (.ics) whose meetings the plan works around:"))
        )
        self.calendar_list = QListWidget()
        for path in self.settings.planning.calendars:
            self.calendar_list.addItem(str(path))
        box.addWidget(self.calendar_list)
        row = QHBoxLayout()
        add, remove = QPushButton(self.tr("Add…")), QPushButton(self.tr("Remove"))
        add.clicked.connect(self._add_calendar)
        remove.clicked.connect(lambda: self.calendar_list.takeItem(self.calendar_list.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        box.addLayout(row)
        self.tabs.addTab(page, self.tr("Calendars"))

    def _add_calendar(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a calendar"), str(Path.home()), self.tr("Calendars (*.ics)")
        )
        if name:
            self.calendar_list.addItem(name)

    def _privacy(self) -> None:
        rec = self.settings.recording
        page = QWidget()
        box = QVBoxLayout(page)
        self.record_titles = QCheckBox(self.tr("Record window titles (not only application names)"))
        self.record_titles.setChecked(rec.record_titles)
        box.addWidget(self.record_titles)
        box.addWidget(
            QLabel(self.tr("Never record windows matching these rules (regular expressions):"))
        )
        self.exclusions = QTableWidget(0, 2)
        self.exclusions.setHorizontalHeaderLabels([self.tr("Application"), self.tr("Title")])
        self.exclusions.horizontalHeader().setStretchLastSection(True)
        for rule in rec.exclusions:
            self._add_rule(
                rule.app.pattern if rule.app else "", rule.title.pattern if rule.title else ""
            )
        box.addWidget(self.exclusions)
        row = QHBoxLayout()
        add, remove = QPushButton(self.tr("Add rule")), QPushButton(self.tr("Remove rule"))
        add.clicked.connect(lambda: self._add_rule("", ""))
        remove.clicked.connect(lambda: self.exclusions.removeRow(self.exclusions.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        box.addLayout(row)
        self.tabs.addTab(page, self.tr("Privacy"))

    def _add_rule(self, app: str, title: str) -> None:
        row = self.exclusions.rowCount()
        self.exclusions.insertRow(row)
        self.exclusions.setItem(row, 0, QTableWidgetItem(app))
        self.exclusions.setItem(row, 1, QTableWidgetItem(title))

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
        form.addRow(row)
        self.data_message = QLabel("")
        self.data_message.setWordWrap(True)
        form.addRow(self.data_message)
        self.tabs.addTab(page, self.tr("Data"))

    # --- saving --------------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        """The form as config.toml's mapping (validated by config.parse, not here)."""
        rec = self.settings.recording
        rules = []
        for row in range(self.exclusions.rowCount()):
            cells = [self.exclusions.item(row, col) for col in (0, 1)]
            app, title = ((c.text().strip() if c else "") for c in cells)
            rule = {k: v for k, v in (("app", app), ("title", title)) if v}
            if rule:
                rules.append(rule)
        return {
            "schema_version": config.SCHEMA_VERSION,
            "app": {
                "language": self.language.currentData(),
                "launch_at_login": self.launch_at_login.isChecked(),
            },
            "recording": {
                "poll_interval": rec.poll_interval,
                "input_interval": rec.input_interval,
                "afk_timeout": rec.afk_timeout,
            },
            "privacy": {
                "record_titles": self.record_titles.isChecked(),
                "max_title_length": rec.max_title_length,
                "exclude": rules,
            },
            "planning": {
                "calendars": [
                    self.calendar_list.item(i).text() for i in range(self.calendar_list.count())
                ],
                "day_start": self.day_start.time().toString("HH:mm"),
                "day_end": self.day_end.time().toString("HH:mm"),
                "focus_minutes": self.focus_minutes.value(),
                "break_minutes": self.break_minutes.value(),
            },
            "breaks": {
                "enabled": self.breaks_enabled.isChecked(),
                "micro_interval_s": self.micro_interval.value() * 60.0,
                "micro_duration_s": float(self.micro_duration.value()),
                "long_interval_s": self.long_interval.value() * 60.0,
                "long_duration_s": self.long_duration.value() * 60.0,
                "postpone_s": self.postpone.value() * 60.0,
                "max_postpones": self.max_postpones.value(),
            },
            "nudges": {
                "enabled": self.nudges_enabled.isChecked(),
                "threshold": self.threshold.value(),
                "min_interval_s": self.nudge_gap.value() * 60.0,
                "daily_cap": self.daily_cap.value(),
                "snooze_s": self.settings.coaching.snooze_s,
                "only_in_focus_blocks": self.only_in_blocks.isChecked(),
            },
            "checkins": {
                "enabled": self.checkins_enabled.isChecked(),
                "interval_s": self.checkin_interval.value() * 60.0,
            },
            "detector": {
                "interval_s": self.settings.coaching.detector_interval_s,
                "tick_s": self.settings.coaching.tick_s,
            },
        }

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
            config_writer.save(self.paths.config_file, settings)
        except OSError as exc:
            self.error.setText(self.tr("Cannot save: {error}").format(error=exc))
            return False
        self.error.setText("")
        self.settings = settings
        self.saved.emit(settings)
        return True

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

    def export_to(self, target: Path | None) -> Path | None:
        span = self._range(required=False)
        if span is None:
            return None
        fmt = self.export_format.currentData()
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export"),
                str(Path.home() / f"focuscoach.{'csv' if fmt == 'csv' else 'json'}"),
            )
            if not name:
                return None
            target = Path(name)
        if not self.paths.database.exists():
            self.data_message.setText(self.tr("Nothing recorded yet."))
            return None
        self.flush()
        conn = connect(self.paths.database, readonly=True)
        try:
            if fmt == "csv":
                text = export.export_csv(conn, *span)
            elif fmt == "json":
                text = json.dumps(export.export_json(conn, *span), ensure_ascii=False) + "\n"
            else:
                text = (
                    json.dumps(activitywatch.export_buckets(conn, *span), ensure_ascii=False) + "\n"
                )
        finally:
            conn.close()
        try:
            # Private (0600), through a temporary file and a rename; never through a link.
            files.write_private(target, text.encode("utf-8"))
        except (OSError, ValueError) as exc:
            self.data_message.setText(
                self.tr("Cannot write {path}: {error}").format(path=target, error=exc)
            )
            return None
        self.data_message.setText(self.tr("Exported to {path}.").format(path=target))
        return target

    def forget(self) -> bool:
        span = self._range(required=True)
        if span is None:
            return False
        since, until = span
        assert since is not None and until is not None
        if not self.paths.database.exists():
            self.data_message.setText(self.tr("Nothing recorded yet."))
            return False
        if self.confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete a time range"),
                self.tr("Delete everything recorded in this range? This cannot be undone."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.flush()
        # A one-off deletion on its own connection (SQLite's busy timeout lets it wait for
        # the writer's current commit): forget_range manages its own transaction.
        conn = connect(self.paths.database)
        try:
            counts = queries.forget_range(conn, since, until)
        finally:
            conn.close()
        self.data_message.setText(self.tr("Deleted {n} records.").format(n=counts.total))
        self.forgotten.emit(since, until)
        return True
