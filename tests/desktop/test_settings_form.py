"""The settings form is built from the options table, shows every value exactly, and saving
changes only what the user changed in config.toml (issue 15: 90 s became 120 s and every
comment was lost), says what it saved, and Cancel forgets the edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from focuscoach.core import config, options
from focuscoach.core.paths import Paths
from focuscoach.desktop import i18n
from focuscoach.desktop.settings import SettingsWindow
from focuscoach.desktop.settings_editors import (
    BoolEditor,
    DurationEditor,
    IntegerEditor,
    NumberEditor,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "config"


def _home_with(paths: Paths, tmp_path: Path, name: str) -> str:
    """The fixture file as the user's config.toml, its calendars pointing at real files."""
    text = (DATA / name).read_text(encoding="utf-8")
    for calendar in ("/home/user/cal/工作 work.ics", "/home/user/personal.ics"):
        real = tmp_path / Path(calendar).name
        real.write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n", encoding="utf-8")
        text = text.replace(calendar, str(real))
    text = text.replace("~/calendars/work.ics", str(tmp_path / "personal.ics"))
    paths.config_file.write_text(text, encoding="utf-8")
    return text


def _window(paths: Paths, qtbot: QtBot, tmp_path: Path) -> SettingsWindow:
    login: dict[str, Any] = {
        "platform": "linux",
        "env": {"XDG_CONFIG_HOME": str(tmp_path / "xdg")},
        "home": tmp_path,
    }
    window = SettingsWindow(config.load(paths.config_file), paths, autostart_kwargs=login)
    qtbot.addWidget(window)
    return window


def _duration(window: SettingsWindow, name: str) -> DurationEditor:
    editor = window.fields[name]
    assert isinstance(editor, DurationEditor)
    return editor


def test_the_form_has_one_editor_per_option_with_a_tab(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(paths, qtbot, tmp_path)
    shown = [
        o.name
        for tab in options.Tab
        if tab is not options.Tab.NONE
        for o in options.OPTIONS
        if o.tab is tab
    ]
    assert list(window.fields) == shown
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "General",
        "Breaks and nudges",
        "Calendars",
        "Privacy",
        "Data",
    ]


@pytest.mark.parametrize("name", ["written-custom-v1.toml", "hand-edited-v1.toml"])
def test_saving_untouched_settings_keeps_the_file_byte_for_byte(
    paths: Paths, qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    text = _home_with(paths, tmp_path, name)
    window = _window(paths, qtbot, tmp_path)
    with qtbot.waitSignal(window.saved) as saved:
        assert window.save() is True, window.error.text()
    assert paths.config_file.read_text(encoding="utf-8") == text
    assert saved.args == [config.load(paths.config_file)]
    assert "Nothing changed" in window.status.text()


def test_seconds_are_shown_as_seconds_unless_whole_minutes(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    _home_with(paths, tmp_path, "written-custom-v1.toml")
    window = _window(paths, qtbot, tmp_path)
    shown = {
        name: (_duration(window, name).spin.value(), _duration(window, name).unit.currentText())
        for name in (
            "breaks.micro_interval_s",
            "breaks.micro_duration_s",
            "breaks.long_duration_s",
            "breaks.postpone_s",
            "checkins.interval_s",
            "nudges.min_interval_s",
        )
    }
    assert shown == {
        "breaks.micro_interval_s": (25.0, "min"),
        "breaks.micro_duration_s": (90.0, "s"),
        "breaks.long_duration_s": (40.0, "s"),
        "breaks.postpone_s": (30.0, "s"),
        "checkins.interval_s": (150.0, "s"),
        "nudges.min_interval_s": (15.0, "min"),
    }
    postpone = _duration(window, "breaks.postpone_s")
    postpone.unit.setCurrentIndex(postpone.unit.findText("min"))
    assert postpone.spin.value() == 0.5 and postpone.value() == 30.0
    postpone.spin.setValue(2)
    assert postpone.value() == 120.0
    postpone.unit.setCurrentIndex(postpone.unit.findText("s"))
    assert postpone.spin.value() == 120.0


def test_an_edit_changes_one_line_keeps_comments_and_says_what_was_saved(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    text = _home_with(paths, tmp_path, "hand-edited-v1.toml")
    window = _window(paths, qtbot, tmp_path)
    _duration(window, "breaks.micro_duration_s").spin.setValue(60)
    nudges = window.fields["nudges.enabled"]
    assert isinstance(nudges, BoolEditor)
    nudges.setChecked(False)
    with qtbot.waitSignal(window.saved) as saved:
        assert window.save() is True, window.error.text()
    # The changed value in place (its comment kept); the table the file lacked at the end.
    assert (
        paths.config_file.read_text(encoding="utf-8")
        == text.replace(
            "micro_duration_s = 90     # ninety", "micro_duration_s = 60.0     # ninety"
        ).replace("schema_version = 1", "schema_version = 2")  # upgraded along with the edit
        + "\n[nudges]\nenabled = false\n"
    )
    settings = saved.args[0]
    assert settings.coaching.micro_duration_s == 60 and settings.coaching.nudges_enabled is False
    assert settings.coaching.postpone_s == 30 and settings.app.review_notify_at == "Fri 17:00"
    assert window.status.text() == (
        f"Saved to {paths.config_file}: Micro break length; Nudge me when I drift off."
    )


def test_settings_the_form_does_not_show_are_kept(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    """review_notify_at, snooze and the detector's timing used to fall back to defaults."""
    _home_with(paths, tmp_path, "written-custom-v1.toml")
    window = _window(paths, qtbot, tmp_path)
    window.fields["app.language"].set_value("en")  # type: ignore[arg-type]
    assert window.save() is True, window.error.text()
    saved = config.load(paths.config_file)
    assert saved.app.review_notify_at == "" and saved.coaching.snooze_s == 60
    assert saved.coaching.tick_s == 10 and saved.recording.poll_interval == 2
    assert saved.app.language == "en"


def test_an_untouched_number_the_field_would_round_is_kept(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    paths.config_file.write_text(
        "[nudges]\nforecast_budget = 0.7251234567\nmin_interval_s = 61.123456789\n",
        encoding="utf-8",
    )
    window = _window(paths, qtbot, tmp_path)
    assert isinstance(window.fields["nudges.forecast_budget"], NumberEditor)
    window.fields["app.launch_at_login"].set_value(True)  # type: ignore[arg-type]
    assert window.save() is True, window.error.text()
    text = paths.config_file.read_text(encoding="utf-8")
    assert "forecast_budget = 0.7251234567\nmin_interval_s = 61.123456789\n" in text


def test_cancel_forgets_the_edits_and_writes_nothing(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    text = _home_with(paths, tmp_path, "hand-edited-v1.toml")
    window = _window(paths, qtbot, tmp_path)
    closed: list[bool] = []

    def close() -> bool:  # not shown: offscreen Qt warns on show(), which the tests forbid
        closed.append(True)
        return True

    window.close = close  # type: ignore[method-assign]
    micro = _duration(window, "breaks.micro_duration_s")
    micro.spin.setValue(300)
    window.fields["planning.day_start"].set_value("18:00")  # type: ignore[arg-type]
    assert window.save() is False and "day_start must come before" in window.error.text()
    window.cancel_button.click()
    assert closed == [True] and window.error.text() == ""
    assert micro.value() == 90 and window.fields["planning.day_start"].value() == "08:00"
    assert paths.config_file.read_text(encoding="utf-8") == text


def test_a_broken_file_is_not_overwritten_from_the_form(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(paths, qtbot, tmp_path)
    paths.config_file.write_text("[breaks\n", encoding="utf-8")  # broken while the window is open
    window.fields["app.launch_at_login"].set_value(False)  # type: ignore[arg-type]
    _duration(window, "breaks.postpone_s").spin.setValue(7)
    assert window.save() is False
    assert "not valid TOML, not overwritten" in window.error.text()
    assert paths.config_file.read_text(encoding="utf-8") == "[breaks\n"


def test_labels_and_messages_are_translated(paths: Paths, qtbot: QtBot, tmp_path: Path) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    _language, translators = i18n.install(app, "zh_CN")
    try:
        for option in options.OPTIONS:
            for text in (option.label, option.note, option.tab.value):
                if text:
                    translated = QCoreApplication.translate("SettingsWindow", text)
                    assert translated != text, text
        window = _window(paths, qtbot, tmp_path)
        window.fields["app.language"].set_value("en")  # type: ignore[arg-type]
        assert window.save() is True, window.error.text()
        assert window.status.text().startswith("已保存到")
        assert window.save() is True
        assert "没有" in window.status.text()
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_field_ranges_are_the_parsers_bounds_in_the_shown_unit(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(paths, qtbot, tmp_path)
    for name, editor in window.fields.items():
        option = options.BY_NAME[name]
        if isinstance(editor, DurationEditor):
            for unit in ("s", "min"):
                editor.unit.setCurrentIndex(editor.unit.findText(unit))
                factor = 60 if unit == "min" else 1
                low, high = editor.spin.minimum() * factor, editor.spin.maximum() * factor
                assert option.lo is not None and option.hi is not None
                assert option.lo <= low < option.lo + factor, (name, unit)
                assert option.hi - factor < high <= option.hi, (name, unit)
            assert editor.value() == option.default  # switching units changed nothing
        elif isinstance(editor, IntegerEditor | NumberEditor):
            assert (editor.minimum(), editor.maximum()) == (option.lo, option.hi), name
    micro = _duration(window, "breaks.micro_interval_s")
    assert (micro.spin.minimum(), micro.spin.maximum()) == (1, 1440)


def test_working_days_are_chosen_by_name_and_saved(
    paths: Paths, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QComboBox

    window = _window(paths, qtbot, tmp_path)
    combo = window.fields["planning.workdays"]
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names == [
        "Monday to Friday",
        "Sunday to Thursday",
        "Saturday to Wednesday",
        "Monday to Saturday",
        "Every day",
    ]
    assert combo.currentText() == "Monday to Friday"
    combo.setCurrentIndex(names.index("Sunday to Thursday"))
    assert window.save() is True, window.error.text()
    assert config.load(paths.config_file).planning.workdays == "sun-thu"
    assert 'workdays = "sun-thu"' in paths.config_file.read_text(encoding="utf-8")


def test_the_privacy_tab_explains_its_rules(paths: Paths, qtbot: QtBot, tmp_path: Path) -> None:
    """Never empty without a word: the rules' note says how they match, with examples."""
    from PySide6.QtWidgets import QLabel

    window = _window(paths, qtbot, tmp_path)
    rules = window.fields["privacy.exclude"]
    page = rules.parentWidget()
    assert page is not None
    notes = [label.text() for label in page.findChildren(QLabel) if "ignoring case" in label.text()]
    assert notes and "keepass" in notes[0] and "never recorded" in notes[0]
