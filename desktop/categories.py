"""The Categories window: the rules as a tree (with this week's time), a regex test box over
recent titles, and the suggestions to accept or reject, with the windows the suggester is not
sure of asked as questions (the user picks the category).

The suggestions come from `focuscoach categories suggest --json` run as a child process: the
text encoder (about 150 MB) never loads in the tray. Accepting and rejecting are plain file
writes (core/categorize/answers.py) and happen here. Category names show in the user's
language and are stored in English, as the rules keep them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core import files, saferegex
from focuscoach.core.categories import (
    UNCATEGORIZED,
    Categorizer,
    parse_rules,
    user_categorizer,
)
from focuscoach.core.categorize import answers
from focuscoach.core.categorize.examples import name_of, parse_name
from focuscoach.core.i18n import category_name
from focuscoach.core.paths import Paths

Window = tuple[str, str]
MAX_MATCHES_SHOWN = 200


def _shown(name: str) -> str:
    """'Work > Office' as the user reads it ('工作 > 办公' in Chinese); stored in English."""
    return " > ".join(category_name(part) for part in parse_name(name))


class CategoriesWindow(QWidget):
    """`week` is the active seconds per (app, title) of the last seven days; `command` the
    `focuscoach` command line to run `categories suggest --json` with."""

    rules_saved = Signal()

    def __init__(
        self,
        paths: Paths,
        week: Mapping[Window, float],
        command: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Categories"))
        self.paths = paths
        self.week = dict(week)
        self.command = list(command)
        self.process: QProcess | None = None
        self.suggestions: list[dict[str, Any]] = []
        tabs = QTabWidget(self)
        tabs.addTab(self._rules_tab(), self.tr("Rules"))
        tabs.addTab(self._test_tab(), self.tr("Test a regex"))
        tabs.addTab(self._suggestions_tab(), self.tr("Suggestions"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.tabs = tabs
        self.resize(820, 560)
        self.reload_rules()

    # --- rules ---------------------------------------------------------------------------

    def _rules_tab(self) -> QWidget:
        page = QWidget()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Category"), self.tr("Regex"), self.tr("This week")])
        self.tree.setColumnWidth(0, 240)
        self.tree.setColumnWidth(1, 420)
        self.rules_error = QLabel()
        self.save_button = QPushButton(self.tr("Save rules"))
        self.save_button.clicked.connect(self.save_rules)
        row = QHBoxLayout()
        row.addWidget(self.rules_error, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(self.tr("Double-click a regex to edit it; the deepest matching category wins."))
        )
        layout.addWidget(self.tree)
        layout.addLayout(row)
        return page

    def _rules(self) -> Categorizer:
        return user_categorizer(self.paths.categories_file)

    def reload_rules(self) -> None:
        try:
            rules = self._rules()
        except ValueError as exc:
            self.rules_error.setText(str(exc))
            return
        self.rules_error.setText("")
        seconds: dict[tuple[str, ...], float] = {}
        for (app, title), secs in self.week.items():
            name = rules.categorize(app, title)
            seconds[name] = seconds.get(name, 0.0) + secs
        self.tree.clear()
        items: dict[tuple[str, ...], QTreeWidgetItem] = {}
        for rule in rules.rules:
            for depth in range(1, len(rule.name) + 1):
                name = rule.name[:depth]
                if name in items:
                    continue
                parent = items.get(name[:-1])
                item = QTreeWidgetItem([category_name(name[-1]), "", ""])
                item.setData(0, Qt.ItemDataRole.UserRole, list(name))
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                items[name] = item
            item = items[rule.name]
            if rule.pattern is not None:
                item.setText(1, rule.pattern.pattern)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        for name, item in items.items():
            total = sum(s for n, s in seconds.items() if n[: len(name)] == name)
            item.setText(2, self.tr("%1 min").replace("%1", str(round(total / 60))))
        self.tree.expandAll()
        self._fill_category_box(rules)

    def _fill_category_box(self, rules: Categorizer) -> None:
        """Every category of the rules, for answering a suggestion (the current one kept)."""
        current = self.category_box.currentData()
        self.category_box.clear()
        names = (r.name[:depth] for r in rules.rules for depth in range(1, len(r.name) + 1))
        for name in dict.fromkeys(name_of(n) for n in names if n != UNCATEGORIZED):
            self.category_box.addItem(_shown(name), name)
        if current:
            self._choose_category(current)

    def _choose_category(self, name: str) -> None:
        """Select `name` (English, as stored) in the category box, adding it if it is new."""
        if self.category_box.findData(name) < 0:
            self.category_box.addItem(_shown(name), name)
        self.category_box.setCurrentIndex(self.category_box.findData(name))

    def save_rules(self) -> bool:
        """Write the edited regexes into categories.json (checked first, 0600, atomic)."""
        file = self.paths.categories_file
        if file.exists():
            document: Any = json.loads(file.read_text(encoding="utf-8"))
        else:
            from importlib import resources

            shipped = resources.files("focuscoach.resources").joinpath("rules", "categories.json")
            document = json.loads(shipped.read_text(encoding="utf-8"))
        entries = document if isinstance(document, list) else document["categories"]
        edited = self._edited_regexes()
        for entry in entries:
            name = tuple(entry.get("name", []))
            if name in edited and not entry.get("accepted"):
                regex = edited[name]
                if regex:
                    rule = dict(entry.get("rule") or {})
                    rule.update({"type": "regex", "regex": regex})
                    rule.setdefault("ignore_case", True)
                    entry["rule"] = rule
                else:
                    entry["rule"] = {"type": "none"}
        try:
            parse_rules(document, str(file))
        except ValueError as exc:
            self.rules_error.setText(str(exc))
            return False
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        files.write_private(file, text.encode("utf-8"))
        self.reload_rules()
        self.rules_saved.emit()
        return True

    def _edited_regexes(self) -> dict[tuple[str, ...], str]:
        out: dict[tuple[str, ...], str] = {}

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            out[tuple(item.data(0, Qt.ItemDataRole.UserRole))] = item.text(1).strip()
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out

    # --- regex test ----------------------------------------------------------------------

    def _test_tab(self) -> QWidget:
        page = QWidget()
        self.regex_box = QLineEdit()
        self.regex_box.setPlaceholderText(self.tr("A regex, searched in app and title"))
        self.regex_box.textChanged.connect(self.test_regex)
        self.regex_result = QLabel()
        self.matches = QListWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.regex_box)
        layout.addWidget(self.regex_result)
        layout.addWidget(self.matches)
        return page

    def test_regex(self, text: str) -> None:
        self.matches.clear()
        if not text:
            self.regex_result.setText("")
            return
        try:
            pattern = saferegex.compile_pattern(text, ignore_case=True)
        except saferegex.RegexError as exc:
            self.regex_result.setText(self.tr("Not a usable regex: %1").replace("%1", str(exc)))
            return
        hits = sorted(
            (
                (s, app, title)
                for (app, title), s in self.week.items()
                if pattern.search(app) or pattern.search(title)
            ),
            reverse=True,
        )
        minutes = round(sum(s for s, _, _ in hits) / 60)
        self.regex_result.setText(
            self.tr("%1 windows, %2 min this week")
            .replace("%1", str(len(hits)))
            .replace("%2", str(minutes))
        )
        for seconds, app, title in hits[:MAX_MATCHES_SHOWN]:
            self.matches.addItem(f"{seconds / 60:5.1f} min  {app} — {title}" if title else app)

    # --- suggestions ---------------------------------------------------------------------

    def _suggestions_tab(self) -> QWidget:
        page = QWidget()
        self.find_button = QPushButton(self.tr("Find suggestions"))
        self.find_button.clicked.connect(self.find_suggestions)
        self.suggest_status = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Window"), self.tr("Suggested"), self.tr("Confidence")]
        )
        self.table.setColumnWidth(1, 380)
        self.table.setColumnWidth(2, 240)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.currentCellChanged.connect(lambda row, *_: self._row_chosen(row))
        self.category_box = QComboBox()
        self.category_box.setMinimumContentsLength(28)
        self.whole_app = QCheckBox(self.tr("Every window of this app"))
        self.accept_button = QPushButton(self.tr("Accept"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.accept_button.clicked.connect(lambda: self.answer(True))
        self.reject_button.clicked.connect(lambda: self.answer(False))
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.suggest_status, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Category:")))
        bottom.addWidget(self.category_box)
        bottom.addWidget(self.whole_app)
        bottom.addStretch(1)
        bottom.addWidget(self.accept_button)
        bottom.addWidget(self.reject_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Where the suggester is not sure, pick the category yourself: "
                    "accepting makes it a rule."
                )
            )
        )
        layout.addLayout(bottom)
        self._row_chosen(-1)
        return page

    def find_suggestions(self) -> None:
        """Run `categories suggest --json` in a child process (the encoder stays out of here)."""
        if self.process is not None:
            return
        process = QProcess(self)
        self.process = process
        self.find_button.setEnabled(False)
        self.suggest_status.setText(self.tr("Looking at your windows…"))
        process.finished.connect(lambda code, _status: self._suggested(process, code))
        arguments = [*self.command[1:], "categories", "suggest", "--json"]
        process.start(self.command[0], arguments)

    def _suggested(self, process: QProcess, code: int) -> None:
        out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        err = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        process.deleteLater()
        self.process = None
        self.find_button.setEnabled(True)
        if code != 0:
            self.suggest_status.setText(err.splitlines()[-1] if err else self.tr("Failed"))
            return
        try:
            self.show_suggestions(json.loads(out))
        except (ValueError, KeyError, TypeError):
            self.suggest_status.setText(self.tr("Failed"))

    def show_suggestions(self, report: Mapping[str, Any]) -> None:
        """Sure suggestions and, as questions, the unsure ones: the encoder cannot know every
        app, and one answer categorises all of an app's time. A browser window without a page
        title is left out: nothing tells what it showed."""
        self.suggestions = [s for s in report["suggestions"] if not s.get("untitled_browser")]
        self._fill_table()
        sure = sum(1 for s in self.suggestions if s.get("sure", True))
        uncategorised = round(float(report["uncategorized_seconds"]) / 60)
        self.suggest_status.setText(
            self.tr("%1 suggestions and %2 questions for %3 min of uncategorised time")
            .replace("%1", str(sure))
            .replace("%2", str(len(self.suggestions) - sure))
            .replace("%3", str(uncategorised))
        )

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.suggestions))
        for row, s in enumerate(self.suggestions):
            window = f"{s['app']} — {s['title']}" if s["title"] else s["app"]
            sure = s.get("sure", True)
            shown = _shown(s["category"])
            suggested = shown if sure else self.tr("Not sure — maybe %1").replace("%1", shown)
            values = (f"{s['seconds'] / 60:.0f} min", window, suggested, f"{s['confidence']:.2f}")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if not sure:
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self._row_chosen(self.table.currentRow())

    def _row_chosen(self, row: int) -> None:
        """The category box starts at the row's suggestion; "every window of this app" is
        offered for an app's titled window (a browser's pages are no one category)."""
        chosen = 0 <= row < len(self.suggestions)
        for widget in (self.category_box, self.accept_button, self.reject_button):
            widget.setEnabled(chosen)
        if not chosen:
            self.whole_app.setEnabled(False)
            return
        s = self.suggestions[row]
        self._choose_category(s["category"])
        titled_app = bool(s["title"]) and not s.get("browser", False)
        self.whole_app.setEnabled(titled_app)
        self.whole_app.setChecked(not s["title"])

    def answer(self, accepted: bool) -> None:
        """Accept the selected window into the chosen category, or reject its suggestion."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.suggestions):
            return
        s = self.suggestions[row]
        try:
            suggested = parse_name(s["category"])
            if accepted:
                category = parse_name(str(self.category_box.currentData()))
                title = "" if self.whole_app.isChecked() else s["title"]
                answers.accept(self.paths.categories_file, s["app"], title, category)
            else:
                answers.reject(self.paths.data_dir, s["app"], s["title"], suggested)
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Categories"), str(exc))
            return
        if not accepted:
            del self.suggestions[row]
            self.table.removeRow(row)
            self._row_chosen(self.table.currentRow())
            return
        self.reload_rules()
        self.rules_saved.emit()
        # The new rule may take in more than this row (every window of the app).
        try:
            rules = self._rules()
        except ValueError:
            return
        self.suggestions = [
            other
            for other in self.suggestions
            if rules.categorize(other["app"], other["title"]) == UNCATEGORIZED
        ]
        self._fill_table()
