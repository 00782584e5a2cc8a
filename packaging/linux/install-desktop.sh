#!/bin/sh
# Install Focus Coach's desktop integration for the current user, pointing at this folder:
# the menu entry, the icons, the AppStream metainfo and a `focuscoach` command in ~/.local/bin.
#
#   ./install-desktop.sh                 install (or refresh after moving the folder)
#   ./install-desktop.sh --autostart     ... and start Focus Coach when you log in
#   ./install-desktop.sh --no-autostart  ... and stop starting it at log-in
#   ./install-desktop.sh --uninstall     remove all of it again (your data stays)
#
# Nothing outside your home is touched, and no root rights are needed.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
exe="$here/focuscoach"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
config="${XDG_CONFIG_HOME:-$HOME/.config}"
bindir="$HOME/.local/bin"

autostart=keep
uninstall=no
for arg in "$@"; do
  case "$arg" in
    --autostart) autostart=yes ;;
    --no-autostart) autostart=no ;;
    --uninstall) uninstall=yes ;;
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

set -- "$here"/share/applications/*.desktop
if [ "$#" -ne 1 ] || [ ! -f "$1" ] || [ ! -x "$exe" ]; then
  echo "install-desktop.sh: run it from the unpacked Focus Coach folder" >&2
  exit 2
fi
app_id=$(basename "$1" .desktop)
desktop_src="$1"
autostart_file="$config/autostart/$app_id.desktop"

# The files under share/, relative to it: the icons, the metainfo (the .desktop file is
# written separately, with this folder's program in it).
shared_files() {
  (cd "$here/share" && find icons metainfo -type f)
}

refresh_caches() {  # where the desktop has these tools; menus also notice without them
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "$uninstall" = yes ]; then
  shared_files | while IFS= read -r f; do rm -f "$data/$f"; done
  rm -f "$data/applications/$app_id.desktop" "$autostart_file"
  if [ -L "$bindir/focuscoach" ] && [ "$(readlink "$bindir/focuscoach")" = "$exe" ]; then
    rm -f "$bindir/focuscoach"
  fi
  refresh_caches
  echo "Removed Focus Coach's menu entry, icons and autostart entry."
  echo "Your data stays in ${XDG_DATA_HOME:-~/.local/share}/focuscoach and your settings in"
  echo "${XDG_CONFIG_HOME:-~/.config}/focuscoach: delete those folders to remove them too."
  exit 0
fi

# Exec= quoting (Desktop Entry spec): double quotes, with " \` $ \\ escaped inside.
quoted_exe="\"$(printf '%s' "$exe" | sed 's/[\\"`$]/\\\\&/g')\""
# ...and sed's own replacement escaping: \ and & and the | delimiter.
sed_exe=$(printf '%s' "$quoted_exe" | sed 's/[\\&|]/\\&/g')
sed_try=$(printf '%s' "$exe" | sed 's/[\\&|]/\\&/g')

write_entry() {  # write_entry TARGET [EXTRA-LINE]
  mkdir -p "$(dirname "$1")"
  sed -e "s|^Exec=focuscoach|Exec=$sed_exe|" -e "/^Exec=/a TryExec=$sed_try" \
    "$desktop_src" >"$1.tmp"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" >>"$1.tmp"; fi
  mv "$1.tmp" "$1"
}

shared_files | while IFS= read -r f; do
  mkdir -p "$(dirname "$data/$f")"
  cp "$here/share/$f" "$data/$f"
done
write_entry "$data/applications/$app_id.desktop"

case "$autostart" in
  yes) write_entry "$autostart_file" "X-GNOME-Autostart-enabled=true" ;;
  no) rm -f "$autostart_file" ;;
  keep)
    if [ -f "$autostart_file" ]; then
      write_entry "$autostart_file" "X-GNOME-Autostart-enabled=true"
    fi
    ;;
esac

# The command: a link, unless something else of that name is there (a pip install, say);
# a link into another copy of this bundle, or a dangling one, is replaced.
linked=no
if [ -L "$bindir/focuscoach" ]; then
  old=$(readlink "$bindir/focuscoach")
  if [ ! -e "$bindir/focuscoach" ] || [ -f "$(dirname "$old")/install-desktop.sh" ]; then
    linked=yes
  fi
elif [ ! -e "$bindir/focuscoach" ]; then
  linked=yes
fi
if [ "$linked" = yes ]; then
  mkdir -p "$bindir"
  ln -sfn "$exe" "$bindir/focuscoach"
fi
refresh_caches

echo "Installed Focus Coach's menu entry for $exe"
if [ -f "$autostart_file" ]; then
  echo "Focus Coach starts when you log in ($autostart_file)."
fi
if [ "$linked" = yes ]; then
  case ":$PATH:" in
    *":$bindir:"*) echo "The command 'focuscoach' runs it from a terminal." ;;
    *) echo "$bindir/focuscoach runs it from a terminal (add $bindir to PATH)." ;;
  esac
else
  echo "Left $bindir/focuscoach alone (another program); run $exe from a terminal."
fi
