#!/bin/sh
# make install-desktop / make uninstall-desktop: put the built bundle where it can stay, then
# let its own install-desktop.sh add the menu entry and icons for the current user.
#
#   install-bundle.sh BUNDLE_DIR INSTALL_DIR [--autostart]
#   install-bundle.sh --uninstall INSTALL_DIR
set -eu

is_bundle() { [ -x "$1/focuscoach" ] && [ -x "$1/install-desktop.sh" ]; }

if [ "${1:-}" = --uninstall ]; then
  target=$2
  if [ ! -e "$target" ]; then
    echo "nothing installed at $target"
    exit 0
  fi
  is_bundle "$target" || { echo "$target is not a Focus Coach bundle; left alone" >&2; exit 2; }
  "$target/install-desktop.sh" --uninstall
  rm -rf "$target"
  echo "Removed $target"
  exit 0
fi

bundle=$1 target=$2
shift 2
is_bundle "$bundle" || { echo "$bundle is not a built bundle (make package)" >&2; exit 2; }
if [ -e "$target" ] && ! is_bundle "$target"; then
  echo "$target exists and is not a Focus Coach bundle; choose another INSTALL_DIR" >&2
  exit 2
fi
# Copy beside the old one, then swap: a failed copy leaves the installed app as it was.
mkdir -p "$(dirname "$target")"
rm -rf "$target.new"
cp -a "$bundle" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
"$target/install-desktop.sh" "$@"
