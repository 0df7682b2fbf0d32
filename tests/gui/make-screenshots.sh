#!/bin/sh
# tests/gui/make-screenshots.sh [BUILD_DIR] [OUT_DIR]
#
# Makes the README's screenshots from the real application: runs
# BUILD_DIR/ui/gtk/synscope (default: build/ in the checkout) on
# data/sample.pcap under a private Xvfb, clicks the refused connection and
# grabs the window with ImageMagick's import; then shows the Problems filter;
# then clicks connection 1 and steps to its fourth event (Right, Right, Right).
# Writes OUT_DIR/synscope-connections.png, synscope-problems.png and
# synscope-ladder.png (default OUT_DIR: data/screenshots/). Then
# synscope-flow.png: the flow-and-congestion graph of ndpi__ipp.pcap's
# connection 2 ($SS_FLOW_CAPTURE, from the shared corpus; skipped when it is
# not there). Last, synscope-tsg.png: the time-sequence graph of a download that lost a
# segment ($SS_TSG_CAPTURE, default zeek__retransmit-fast009.pcap of the
# shared corpus beside the checkout; skipped when it is not there).
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
# the search bar, the overview strip (96 px and its border) and the column
# titles.
xdotool mousemove --window "$wid" 300 289 click 1
sleep 1
import -window "$wid" "$out/synscope-connections.png"

xdotool key --window "$wid" ctrl+4
sleep 1
import -window "$wid" "$out/synscope-problems.png"

xdotool key --window "$wid" ctrl+1
sleep 1
xdotool mousemove --window "$wid" 300 230 click 1
sleep 1
xdotool key --window "$wid" Right Right Right
sleep 1
import -window "$wid" "$out/synscope-ladder.png"

kill "$pid"
wait "$pid" 2>/dev/null || true
echo "wrote $out/synscope-connections.png $out/synscope-problems.png $out/synscope-ladder.png"

# The flow-and-congestion graph of ndpi__ipp.pcap's connection 2 (an upload
# held back by a printer's window, a retransmission, a zero window;
# $SS_FLOW_CAPTURE, skipped when it is not there): the connection selected,
# the page shown and given more room (the pane's handle dragged up), the
# ladder stepped to the retransmission (End, then 22 Left: event 212 of 234).
flow_capture=${SS_FLOW_CAPTURE:-$src/../shared/pcaps/tcp/ndpi__ipp.pcap}
if [ -f "$flow_capture" ]; then
  "$build/ui/gtk/synscope" "$flow_capture" &
  pid=$!
  wid=$(timeout 20 xdotool search --sync --onlyvisible --name "$(basename "$flow_capture" | sed 's/\./\\./g')" | head -n 1)
  sleep 2
  xdotool mousemove --window "$wid" 300 250 click 1
  sleep 1
  xdotool mousemove --window "$wid" 220 362 click 1
  sleep 1
  xdotool mousemove --window "$wid" 640 339 mousedown 1 mousemove --window "$wid" 640 300 \
    mousemove --window "$wid" 640 200 mouseup 1
  sleep 1
  xdotool key --window "$wid" End
  xdotool key --window "$wid" --delay 30 --repeat 22 Left
  sleep 1
  import -window "$wid" "$out/synscope-flow.png"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "wrote $out/synscope-flow.png"
else
  echo "make-screenshots.sh: no $flow_capture: synscope-flow.png not made" >&2
fi

# The time-sequence graph: the banner dismissed, the connection selected,
# the graph's page shown and given more room (the pane's handle dragged
# up); a click on an empty part of the graph, then the ladder stepped to
# the fast retransmission (event 32, Right), the time zoomed in around it
# (x) and panned back to the start of the transfer (Shift+Left).
tsg_capture=${SS_TSG_CAPTURE:-$src/../shared/pcaps/tcp/zeek__retransmit-fast009.pcap}
if [ ! -f "$tsg_capture" ]; then
  echo "make-screenshots.sh: no $tsg_capture: synscope-tsg.png not made" >&2
  exit 0
fi
"$build/ui/gtk/synscope" "$tsg_capture" &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name "$(basename "$tsg_capture" | sed 's/\./\\./g')" | head -n 1)
sleep 2
xdotool mousemove --window "$wid" 1219 75 click 1
sleep 1
xdotool mousemove --window "$wid" 300 229 click 1
sleep 1
xdotool mousemove --window "$wid" 364 362 click 1
sleep 1
xdotool mousemove --window "$wid" 640 339 mousedown 1 mousemove --window "$wid" 640 300 \
  mousemove --window "$wid" 640 250 mouseup 1
sleep 1
xdotool mousemove --window "$wid" 400 520 click 1
sleep 0.5
xdotool key --window "$wid" --delay 30 --repeat 31 Right
sleep 0.5
xdotool key --window "$wid" --delay 30 --repeat 20 x
sleep 0.5
xdotool key --window "$wid" --delay 30 --repeat 5 shift+Left
sleep 1
import -window "$wid" "$out/synscope-tsg.png"
kill "$pid"
wait "$pid" 2>/dev/null || true
echo "wrote $out/synscope-tsg.png"
