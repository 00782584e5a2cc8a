"""pynput picks its backend module at run time. The contributed hook lists pynput's submodules
by importing pynput, which fails on a build machine without a display; name them instead."""

import sys

if sys.platform == "win32":
    _backend, _keys = "win32", "win32_vks"
elif sys.platform == "darwin":
    _backend, _keys = "darwin", "darwin_vks"
else:
    _backend, _keys = "xorg", "xorg_keysyms"

hiddenimports = [
    f"pynput.keyboard._{_backend}",
    f"pynput.mouse._{_backend}",
    f"pynput._util.{_backend}",
    f"pynput._util.{_keys}",
]
