"""Wayland window and idle backends (chosen in core/recording/backends.py).

- wlroots compositors (sway, Hyprland, labwc, river...): `zwlr_foreign_toplevel_manager_v1`
  for the focused window's title and app id, and `ext_idle_notifier_v1` (or the older
  `org_kde_kwin_idle`) for idle time, through pywayland on a helper thread (wlroots.py).
  The same module has the idle-only connection (KWin) and the fullscreen quiet signal.
- KDE Plasma: a small KWin script loaded over D-Bus reports the active window (kwin.py).
- GNOME Shell: the Focused Window D-Bus extension's `Get`, and Mutter's IdleMonitor for idle
  time, over the session bus with jeepney (gnome.py).
- idle.py turns the compositor's idle/resumed notifications into the recorder's
  `last_input`; no Wayland backend gives key or click counts.

The protocol XML files the pywayland bindings were generated from are in protocols/ with
their licences; the generated modules (wlr_foreign_toplevel.py, kde_idle.py) carry the same
headers. ext-idle-notify-v1 comes with pywayland itself. pywayland and jeepney are imported
only when a Wayland session picks a backend.
"""
