#!/bin/sh
# run-under-xvfb.sh PROGRAM [ARGS...]: runs a GUI test on its own X server.
#
# CI runs `meson test` as root with no display, so every GUI test starts a
# private Xvfb through xvfb-run (packages xvfb and xauth). GTK draws with
# cairo, GL switched off (Xvfb has only software GL, and mesa's EGL set-up
# leaks), without the accessibility bus or dconf. In the sanitizer build,
# leaks inside the libraries under GTK (caches kept for the life of the
# process) are suppressed with lsan.supp; leaks in our code are not.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export NO_AT_BRIDGE=1
export GTK_A11Y=none
export GSETTINGS_BACKEND=memory
export GDK_DEBUG=gl-disable
# A GTK or GLib critical is a bug in how we use them: fail the test on it.
export G_DEBUG=fatal-criticals
# GLib 2.74 hands out GObjects from GSlice slabs, which hide leaks from
# LeakSanitizer: one malloc per object instead.
export G_SLICE=always-malloc
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

for d in "${XDG_DATA_HOME:-}" "${XDG_CONFIG_HOME:-}" "${XDG_CACHE_HOME:-}"; do
  if [ -n "$d" ]; then mkdir -p "$d"; fi
done

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "Bail out! xvfb-run is not installed (Debian packages xvfb and xauth)"
  exit 1
fi
exec xvfb-run -a -s '-screen 0 1280x800x24' "$@"
