"""The settings form's fields: one editor per kind of option (core/options.py).

Each editor shows an option's value as config.toml holds it and gives it back with `value()`;
`set_value()` fills it. Numbers keep the option's bounds; seconds are shown in the unit that
keeps them exact. Labels come from the options table and are translated in the settings
window's context.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core.options import Kind, Option

# The table's labels are translated in this context (resources/i18n).
CONTEXT = "SettingsWindow"


def translate(text: str) -> str:
    """A label from the options table in the user's language ("" stays "")."""
    return QCoreApplication.translate(CONTEXT, text) if text else ""


# Editors: one per kind, each giving back the value as config.toml holds it ----------------------


class BoolEditor(QCheckBox):
    def __init__(self, option: Option) -> None:
        super().__init__(translate(option.label))

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: bool) -> None:
        self.setChecked(value)


class ChoiceEditor(QComboBox):
    def __init__(self, option: Option) -> None:
        super().__init__()
        names = {
            "system": QCoreApplication.translate("SettingsWindow", "System language"),
            "en": "English",
            "zh_CN": "简体中文",
            "mon-fri": QCoreApplication.translate("SettingsWindow", "Monday to Friday"),
            "sun-thu": QCoreApplication.translate("SettingsWindow", "Sunday to Thursday"),
            "sat-wed": QCoreApplication.translate("SettingsWindow", "Saturday to Wednesday"),
            "mon-sat": QCoreApplication.translate("SettingsWindow", "Monday to Saturday"),
            "every-day": QCoreApplication.translate("SettingsWindow", "Every day"),
        }
        for code in option.choices:
            self.addItem(names.get(code, code), code)

    def value(self) -> str:
        return str(self.currentData())

    def set_value(self, value: str) -> None:
        self.setCurrentIndex(max(0, self.findData(value)))


class ClockEditor(QTimeEdit):
    def __init__(self, option: Option) -> None:
        super().__init__()
        self.setDisplayFormat("HH:mm")

    def value(self) -> str:
        return self.time().toString("HH:mm")

    def set_value(self, value: str) -> None:
        self.setTime(QTime.fromString(value, "HH:mm"))


class IntegerEditor(QSpinBox):
    def __init__(self, option: Option) -> None:
        super().__init__()
        self.setRange(int(option.lo or 0), int(option.hi or 0))
        if option.unit:
            self.setSuffix(f" {option.unit}")

    def value(self) -> int:
        return super().value()

    def set_value(self, value: int) -> None:
        self.setValue(int(value))


def _decimals(value: float) -> int:
    """The fewest decimals (up to 6) that show `value` exactly."""
    for places in range(7):
        if round(value, places) == value:
            return places
    return 6


class NumberEditor(QDoubleSpinBox):
    """A plain number such as the nudge threshold (0 to 1)."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.setRange(option.lo or 0.0, option.hi or 0.0)
        self.setSingleStep(0.05)

    def value(self) -> float:
        return float(super().value())

    def set_value(self, value: float) -> None:
        self.setDecimals(max(2, _decimals(value)))
        self.setValue(value)


class DurationEditor(QWidget):
    """Seconds, shown in minutes when that is exact and the option prefers it, else in seconds
    (with as many decimals as the value needs); the unit can be switched. A field showing only
    whole minutes used to turn 90 s into 120 s on every save."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option
        self.spin = QDoubleSpinBox()
        self.unit = QComboBox()
        self.unit.addItem("s", 1.0)
        self.unit.addItem("min", 60.0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.spin, 1)
        row.addWidget(self.unit)
        self._seconds = 0.0
        self.unit.currentIndexChanged.connect(lambda _index: self._show(self._seconds))
        self.spin.valueChanged.connect(self._remember)

    def _factor(self) -> float:
        return float(self.unit.currentData())

    def _show(self, seconds: float) -> None:
        factor = self._factor()
        shown = seconds / factor
        places = _decimals(shown)
        scale = 10.0**places
        # The option's bounds in this unit, rounded inwards to what the field can show.
        lo = math.ceil((self.option.lo or 0.0) / factor * scale) / scale
        hi = math.floor((self.option.hi or 0.0) / factor * scale) / scale
        self.spin.blockSignals(True)  # the steps below would round the value on the way
        self.spin.setDecimals(places)
        self.spin.setRange(lo, hi)
        self.spin.setValue(shown)
        self.spin.blockSignals(False)

    def value(self) -> float:
        """The seconds set or typed; switching units alone never changes them (20 s shown as
        0.333333 min stays 20 s)."""
        return self._seconds

    def set_value(self, seconds: float) -> None:
        self._seconds = float(seconds)
        minutes = self.option.show_as == "min" and seconds % 60 == 0
        self.unit.blockSignals(True)
        self.unit.setCurrentIndex(1 if minutes else 0)
        self.unit.blockSignals(False)
        self._show(self._seconds)

    def _remember(self) -> None:
        self._seconds = round(self.spin.value() * self._factor(), 6)


class PathsEditor(QWidget):
    """Calendar files: a list with Add… and Remove."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(translate(option.label)))
        self.list = QListWidget()
        box.addWidget(self.list)
        row = QHBoxLayout()
        add = QPushButton(QCoreApplication.translate("SettingsWindow", "Add…"))
        remove = QPushButton(QCoreApplication.translate("SettingsWindow", "Remove"))
        add.clicked.connect(self._add)
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        box.addLayout(row)

    def _add(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("SettingsWindow", "Add a calendar"),
            str(Path.home()),
            QCoreApplication.translate("SettingsWindow", "Calendars (*.ics)"),
        )
        if name:
            self.list.addItem(name)

    def value(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_value(self, paths: list[str]) -> None:
        self.list.clear()
        self.list.addItems(paths)


class RulesEditor(QWidget):
    """Exclusion rules: a table of (application, title) regexes; an empty row is dropped."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(translate(option.label)))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("SettingsWindow", "Application"),
                QCoreApplication.translate("SettingsWindow", "Title"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.table)
        row = QHBoxLayout()
        add = QPushButton(QCoreApplication.translate("SettingsWindow", "Add rule"))
        remove = QPushButton(QCoreApplication.translate("SettingsWindow", "Remove rule"))
        add.clicked.connect(lambda: self.add_rule("", ""))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        box.addLayout(row)

    def add_rule(self, app: str, title: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(app))
        self.table.setItem(row, 1, QTableWidgetItem(title))

    def value(self) -> list[dict[str, str]]:
        rules = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, col) for col in (0, 1)]
            app, title = ((c.text().strip() if c else "") for c in cells)
            rule = {k: v for k, v in (("app", app), ("title", title)) if v}
            if rule:
                rules.append(rule)
        return rules

    def set_value(self, rules: list[dict[str, str]]) -> None:
        self.table.setRowCount(0)
        for rule in rules:
            self.add_rule(rule.get("app", ""), rule.get("title", ""))


Editor = (
    BoolEditor
    | ChoiceEditor
    | ClockEditor
    | IntegerEditor
    | NumberEditor
    | DurationEditor
    | PathsEditor
    | RulesEditor
)


def make_editor(option: Option) -> Editor:
    """The widget for one option, by its kind (and unit: seconds get a duration field)."""
    if option.kind is Kind.NUMBER and option.unit == "s":
        return DurationEditor(option)
    editors: dict[Kind, type[Editor]] = {
        Kind.BOOL: BoolEditor,
        Kind.CHOICE: ChoiceEditor,
        Kind.CLOCK: ClockEditor,
        Kind.INTEGER: IntegerEditor,
        Kind.NUMBER: NumberEditor,
        Kind.PATHS: PathsEditor,
        Kind.RULES: RulesEditor,
    }
    return editors[option.kind](option)
