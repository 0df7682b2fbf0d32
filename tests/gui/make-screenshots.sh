#!/bin/sh
# tests/gui/make-screenshots.sh [BUILD_DIR] [OUT_DIR]
#
# Makes the README's screenshots from the real application: runs
# BUILD_DIR/ui/gtk/synscope (default: build/ in the checkout) on
# data/sample.pcap under a private Xvfb, clicks the refused connection and
# grabs the window with ImageMagick's import; then shows the Problems filter;
# then clicks connection 1 and steps to its fourth event (Right, Right, Right).
# Writes OUT_DIR/synscope-connections.png, synscope-problems.png and
# synscope-ladder.png (default OUT_DIR: data/screenshots/).
#
# Needs (Debian): xvfb xauth xdotool imagemagick. Not a test: look at the
# pictures before committing them.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
out=${2:-$src/data/screenshots}
capture=$src/data/sample.pcap

if [ "${SS_SCREENSHOT_INNER:-}" != 1 ]; then
  for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null 2>&1 || {
      echo "make-screenshots.sh: $tool is missing (apt-get install xvfb xauth xdotool imagemagick)" >&2
      exit 1
    }
  done
  [ -x "$build/ui/gtk/synscope" ] || {
    echo "make-screenshots.sh: no $build/ui/gtk/synscope; build first (ninja -C $build)" >&2
    exit 1
  }
  mkdir -p "$out"
  export SS_SCREENSHOT_INNER=1
  exec xvfb-run -a -s '-screen 0 1366x860x24' "$0" "$build" "$out"
fi

# Inside the X server: the same settings as the GUI tests, a clean home so
# no recent files or settings of the user show.
home=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
export GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

"$build/ui/gtk/synscope" "$capture" &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name 'sample\.pcap' | head -n 1)
sleep 2

# The fourth row (connection 4: refused). Rows start under the header bar,
# the search bar and the column titles.
xdotool mousemove --window "$wid" 300 192 click 1
sleep 1
import -window "$wid" "$out/synscope-connections.png"

xdotool key --window "$wid" ctrl+4
sleep 1
import -window "$wid" "$out/synscope-problems.png"

xdotool key --window "$wid" ctrl+1
sleep 1
xdotool mousemove --window "$wid" 300 133 click 1
sleep 1
xdotool key --window "$wid" Right Right Right
sleep 1
import -window "$wid" "$out/synscope-ladder.png"

kill "$pid"
wait "$pid" 2>/dev/null || true
echo "wrote $out/synscope-connections.png $out/synscope-problems.png $out/synscope-ladder.png"
