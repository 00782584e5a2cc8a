"""Recorders: the active window, input activity and AFK, merged into spans."""
