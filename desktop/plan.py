"""Today's plan: a timeline of focus blocks, breaks and meetings; accept, re-plan, start."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from focuscoach.core import config
from focuscoach.core.planning.calendar import CalendarError
from focuscoach.core.planning.from_settings import planner_settings
from focuscoach.core.planning.planner import BlockKind, Plan, PlanBlock
from focuscoach.desktop.icons import icon
from focuscoach.desktop.ops import command
from focuscoach.desktop.store import PlanCommands

log = logging.getLogger("focuscoach.desktop")

COLORS = {BlockKind.FOCUS: "#d0ebff", BlockKind.BREAK: "#fff3bf", BlockKind.MEETING: "#e9ecef"}


class PlanWindow(QWidget):
    """Shows the accepted plan of today, or a proposal. `accepted(plan)` and
    `start_requested(minutes, task_id or -1)` go to the tray, which runs them as App commands."""

    accepted = Signal(object)
    start_requested = Signal(float, int)

    def __init__(
        self,
        store: PlanCommands,
        settings: config.Settings,
        tz: tzinfo,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.store = store
        self.settings = settings
        self.tz = tz
        self.plan: Plan | None = None
        self.is_accepted = False
        #: Whether today already has an accepted plan (a new proposal would replace it).
        self.has_accepted_plan = False
        self.setWindowTitle(self.tr("Today's plan — Focus Coach"))
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.timeline = QListWidget()
        self.timeline.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.timeline)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.replan_button = QPushButton(self.tr("Re-plan"))
        self.accept_button = QPushButton(self.tr("Accept plan"))
        self.start_button = QPushButton(self.tr("Start this block now"))
        buttons.addWidget(self.replan_button)
        buttons.addStretch()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.accept_button)
        layout.addLayout(buttons)
        self.replan_button.clicked.connect(self.replan)
        self.accept_button.clicked.connect(self.accept)
        self.start_button.clicked.connect(self.start_selected)
        # Nothing to accept or start until the plan arrives from the background.
        self.accept_button.setEnabled(False)
        self.start_button.setEnabled(False)
        self.resize(560, 560)
        self.load()

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock(), self.tz).date()

    def load(self) -> None:
        """The accepted plan of today, else a fresh proposal (read in the background)."""
        day, tz = self.today(), self.tz
        (
            command(self, lambda: self.store.load_plan(day, tz))
            .success(
                lambda stored: (
                    self.replan() if stored is None else self.show_plan(stored, accepted=True)
                )
            )
            .run()
        )

    def replan(self) -> None:
        """A new proposal, built in the background (tasks, moods, calendars)."""
        now = datetime.fromtimestamp(self.clock(), UTC).astimezone(self.tz)
        day, tz, planning = self.today(), self.tz, self.settings.planning

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, CalendarError):
                log.error("planning failed", exc_info=exc)
            self.message.setText(str(exc))

        (
            command(self, lambda: self.store.propose_plan(day, now, planning, tz))
            .success(lambda plan: self.show_plan(plan, accepted=False))
            .failure(failed)
            .run()
        )

    def show_plan(self, plan: Plan, *, accepted: bool) -> None:
        self.plan, self.is_accepted = plan, accepted
        self.has_accepted_plan = self.has_accepted_plan or accepted
        self.heading.setText(
            (
                self.tr("Accepted plan for {day}")
                if accepted
                else self.tr("Proposed plan for {day}")
            ).format(day=plan.date.isoformat())
        )
        self.timeline.clear()
        names = {
            BlockKind.FOCUS: self.tr("Focus"),
            BlockKind.BREAK: self.tr("Break"),
            BlockKind.MEETING: self.tr("Meeting"),
        }
        for block in plan.blocks:
            start, end = block.start.astimezone(self.tz), block.end.astimezone(self.tz)
            text = f"{start:%H:%M}–{end:%H:%M}  {names[block.kind]}"
            if block.title and block.kind is not BlockKind.BREAK:
                text += f": {block.title}"
            item = QListWidgetItem(text)
            item.setBackground(QBrush(QColor(COLORS[block.kind])))
            item.setData(Qt.ItemDataRole.UserRole, block)
            self.timeline.addItem(item)
        notes = []
        if not any(b.kind is BlockKind.FOCUS for b in plan.blocks):
            notes.append(self._why_nothing_planned(plan))
        if plan.unscheduled:
            notes.append(self.tr("{n} task(s) did not fit today.").format(n=len(plan.unscheduled)))
        if plan.low_energy:
            notes.append(self.tr("Low energy and urgent work: shorter blocks, longer breaks."))
        if not accepted and self.has_accepted_plan:
            notes.append(self.tr("Accepting this proposal replaces the plan you accepted."))
        self.message.setText(" ".join(notes))
        self.accept_button.setEnabled(bool(plan.blocks) and not accepted)
        self._selected()

    def _why_nothing_planned(self, plan: Plan) -> str:
        """Why there is no focus block: no open tasks, the day not begun, or it is over."""
        try:
            hours = planner_settings(self.settings.planning).working_hours
        except ValueError:  # settings the planner refused; its message is shown instead
            return self.tr("Nothing planned.")
        start, end = hours.window(plan.date, self.tz)
        now = datetime.fromtimestamp(self.clock(), UTC)
        span = {"start": f"{hours.start:%H:%M}", "end": f"{hours.end:%H:%M}"}
        if not plan.unscheduled:
            if now < start:
                return self.tr(
                    "Nothing planned yet: add tasks, and they are planned into your working"
                    " hours ({start}–{end})."
                ).format(**span)
            if now < end:
                return self.tr("Nothing planned: add tasks in the Tasks window.")
        if now >= end:
            return self.tr(
                "Nothing planned: today's working hours ({start}–{end}) are over."
            ).format(**span)
        return self.tr("Nothing planned: no free time left in today's working hours.")

    def selected_block(self) -> PlanBlock | None:
        items = self.timeline.selectedItems()
        if not items:
            return None
        block: PlanBlock = items[0].data(Qt.ItemDataRole.UserRole)
        return block

    def _selected(self) -> None:
        block = self.selected_block()
        self.start_button.setEnabled(block is not None and block.kind is BlockKind.FOCUS)

    def accept(self) -> None:
        if self.plan is None:
            return
        self.accepted.emit(self.plan)
        self.show_plan(self.plan, accepted=True)

    def start_selected(self) -> None:
        block = self.selected_block()
        if block is None or block.kind is not BlockKind.FOCUS:
            return
        minutes = max(1.0, round(block.minutes))
        self.start_requested.emit(minutes, block.task_id if block.task_id is not None else -1)
        self.message.setText(
            self.tr("Focus block started at {time}.").format(time=time.strftime("%H:%M"))
        )
