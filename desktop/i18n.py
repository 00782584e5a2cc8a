"""Loading the translation that matches the settings (or the system locale)."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

log = logging.getLogger("focuscoach.desktop")

#: Languages with a shipped .qm besides the source language (English).
TRANSLATED = ("zh_CN",)


def i18n_dir() -> Path:
    return Path(str(resources.files("focuscoach.resources") / "i18n"))


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """ "en" or a shipped language: the setting, or for "system" the best match of the locale
    (any Chinese but Traditional falls back to Simplified, rather than to English)."""
    if setting != "system":
        return setting
    locale = system or QLocale.system()
    for name in locale.uiLanguages():
        code = name.replace("-", "_")
        if code.startswith("zh") and not any(t in code for t in ("Hant", "TW", "HK", "MO")):
            return "zh_CN"
        if code.startswith("en"):
            return "en"
    return "en"


def install(app: QCoreApplication, setting: str) -> tuple[str, list[QTranslator]]:
    """Install the app's translator (and Qt's own, for standard buttons); returns the language
    and the translators, which must be kept alive."""
    language = choose_language(setting)
    installed: list[QTranslator] = []
    if language == "en":
        return language, installed
    ours = QTranslator(app)
    if ours.load(f"focuscoach_{language}", str(i18n_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation for %s in %s", language, i18n_dir())
        return "en", installed
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    name_windows(app)
    return language, installed


def name_windows(app: QCoreApplication) -> None:
    """The app's name in the language shown. X11 and Wayland add it to every window title
    ("Tasks — Focus Coach") unless the title already ends with it: with the English name, a
    Chinese title that names the app ("任务 — 专注教练") got it a second time ("任务 — 专注教练
    — Focus Coach"), and one that does not ("每周回顾") got it in English."""
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(QCoreApplication.translate("App", "Focus Coach"))
