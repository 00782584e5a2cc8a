"""The application's identity, shared by the app, its autostart entry and the packaging."""

from __future__ import annotations

# Reverse-DNS id: the .desktop file's name (menu entry and autostart alike, so the two never
# start the app twice), the icon's name, the AppStream id and the macOS bundle identifier.
APP_ID = "io.github.focuscoach.FocusCoach"
APP_NAME = "Focus Coach"

#: How Focus Coach's own windows name their app (Qt's application name on macOS, the Wayland
#: app id, the bundle's executable on Windows): never recorded, scored, counted or blamed.
OWN_APPS = frozenset(name.casefold() for name in (APP_NAME, APP_ID, "focuscoach"))
