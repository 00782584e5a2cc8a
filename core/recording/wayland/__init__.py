"""Wayland window and idle backends.

- wlroots compositors (sway, Hyprland, labwc, river...): `zwlr_foreign_toplevel_manager_v1`
  for the focused window's title and app id, and `ext_idle_notifier_v1` (or the older
  `org_kde_kwin_idle`) for idle time, through pywayland (wlroots.py).

The protocol XML files the bindings were generated from are in protocols/ with their
licences; the generated modules (wlr_foreign_toplevel.py, kde_idle.py) carry the same
headers. ext-idle-notify-v1 comes with pywayland itself. Nothing here is imported until a
Wayland session picks it (core/recording/backends.py).
"""
