#!/bin/sh
# Gives the installed synscope-capture the capabilities live capture needs
# (DESIGN.md "Privileges"); says so when it cannot, without failing the
# install (reading files never needs them). $1: the helper's path under the
# prefix (bindir/synscope-capture).

# meson 1.0 keeps an install script's output to itself unless it fails:
# when our stderr is its pipe, write to meson's own stderr instead.
say () {
  if [ -p /dev/stderr ] && [ -w "/proc/$PPID/fd/2" ]; then
    echo "$1" > "/proc/$PPID/fd/2"
  else
    echo "$1" >&2
  fi
}

case "$1" in
  /*) helper="${DESTDIR}$1"; target="$1" ;;
  *)  helper="${MESON_INSTALL_DESTDIR_PREFIX}/$1"; target="${MESON_INSTALL_PREFIX}/$1" ;;
esac
if [ -n "$DESTDIR" ]; then
  say "synscope: installed into DESTDIR: on the target, run 'sudo setcap cap_net_raw,cap_net_admin=eip $target' for live capture"
elif command -v setcap >/dev/null 2>&1 && setcap cap_net_raw,cap_net_admin=eip "$helper" 2>/dev/null; then
  say "synscope: $helper can now capture (cap_net_raw,cap_net_admin)"
else
  say "synscope: could not give $helper its capabilities; live capture needs root until you run: sudo setcap cap_net_raw,cap_net_admin=eip $helper"
fi
exit 0
