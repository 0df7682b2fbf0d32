#!/usr/bin/env bash
# tests/bench/window-run.sh: the synscope window on a large capture, under
# Xvfb; prints the table that README.md ("Benchmark", "The window") shows.
#
#   sudo tests/bench/make-capture.sh      # once: /tmp/synscope-bench/capture.pcap
#   tests/bench/window-run.sh [CAPTURE]   # build, measure, print Markdown
#
# It builds tests/bench/window-bench.c (ss-bench-window) in BUILD (default
# /tmp/synscope-bench/build-window, meson --buildtype=BUILDTYPE, default
# release) from this checkout's working tree, then runs it RUNS times (default
# 3) on a private Xvfb (xvfb-run, 1280x800, 24 bits), each run a fresh process
# with the capture in the page cache. Each run opens CAPTURE in the real
# window and reports: the time from ss_window_open () until the first
# connection is in the list and until loading ends (and until the next frame
# is painted after each); then the ladder of the connection with the most
# events is scrolled on the frame clock (FRAMES frames of STEP px, then JUMPS
# frames each to a random place), with the time from frame to frame and the
# time each frame took (tick to end of paint); and peak RSS. The table gives
# the median of the runs for each figure.
#
# Xvfb has no GPU. GTK's renderer is GSK_RENDERER (default here: cairo, as
# the GUI tests use; GSK_RENDERER=gl tries Mesa's software GL); the table
# names the one GTK used. Without a compositor GTK paces frames with a timer
# at 60 Hz, so frame to frame is at least 16.7 ms whatever the work.
#
# Run it on a quiet machine: it prints the load average before and after.
# Not a test: `meson test` never runs it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
capture=${1:-/tmp/synscope-bench/capture.pcap}
build=${BUILD:-/tmp/synscope-bench/build-window}
buildtype=${BUILDTYPE:-release}
runs=${RUNS:-3}
frames=${FRAMES:-600}
step=${STEP:-60}
jumps=${JUMPS:-120}
renderer=${GSK_RENDERER:-cairo}

if [[ ! -s $capture ]]; then
  echo "window-run.sh: no capture at $capture; make one with: sudo $here/make-capture.sh $capture" >&2
  exit 1
fi
for tool in python3 xvfb-run; do
  command -v "$tool" >/dev/null || { echo "window-run.sh: $tool is missing (Debian: python3, xvfb xauth)" >&2; exit 1; }
done

commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$src" status --porcelain 2>/dev/null) ]]; then
  commit="working tree on top of $commit"
fi

echo "==> building ss-bench-window from $src in $build ($buildtype)" >&2
if [[ ! -f $build/build.ninja ]]; then
  meson setup "$build" "$src" --buildtype="$buildtype" >/dev/null
else
  meson configure "$build" --buildtype="$buildtype" >/dev/null
fi
if ! ninja -C "$build" tests/bench/ss-bench-window > "$build/bench-build.log" 2>&1; then
  tail -20 "$build/bench-build.log" >&2
  echo "window-run.sh: the build failed (log: $build/bench-build.log)" >&2
  exit 1
fi
bench=$build/tests/bench/ss-bench-window

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$capture" > /dev/null   # into the page cache

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= runs; i++)); do
  echo "==> run $i of $runs" >&2
  # The window as the GUI tests run it: X11, no accessibility bus, settings
  # in memory, recent files in a scratch folder.
  env GDK_BACKEND=x11 GSK_RENDERER="$renderer" NO_AT_BRIDGE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory \
      XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    xvfb-run -a -s '-screen 0 1280x800x24' \
      "$bench" --frames "$frames" --step "$step" --jumps "$jumps" "$capture" >> "$tmp/runs.jsonl"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cc_version=$(cc --version 2>/dev/null | head -1)
gtk_version=$(pkg-config --modversion gtk4 2>/dev/null || echo unknown)

echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $commit, $buildtype build ($cc_version), GTK $gtk_version."
echo
echo "- Machine: $(nproc) cores, ${cpu:-unknown CPU} ($(uname -r)), $(free -g | awk '/^Mem:/ { print $2 }') GiB;" \
     "load average $load_before before, $load_after after"
python3 - "$tmp/runs.jsonl" <<'EOF'
import json, statistics, sys

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = lambda f: statistics.median(f(r) for r in runs)
r0 = runs[0]
print(f"- Display: Xvfb 1280x800, no GPU; GTK's renderer: {r0['renderer']} (GSK_RENDERER={r0['gsk_renderer_env'] or 'unset'})")
print(f"- Capture: {r0['frames_loaded']:,} frames, {r0['connections']:,} connections; the largest, connection "
      f"{r0['largest_conn']}, has {r0['largest_events']:,} events, a ladder {r0['ladder_height_px']:,.0f} px tall "
      f"(the ladder pane shows {r0['page_px']:.0f} px of it)")
print(f"- Median of {len(runs)} runs; scrolling {r0['scroll']['frames'] + 1} frames of {r0['step_px']:.0f} px, "
      f"then {r0['jump']['frames'] + 1} jumps to random places")
print()
print("| what | measured |")
print("| --- | ---: |")
print(f"| first connection in the list | {med(lambda r: r['first_row_ms']):.0f} ms (painted at {med(lambda r: r['first_row_shown_ms']):.0f} ms) |")
print(f"| loading ends | {med(lambda r: r['loaded_ms']) / 1000:.2f} s (painted at {med(lambda r: r['loaded_shown_ms']) / 1000:.2f} s) |")
print(f"| the largest connection selected: its ladder laid out and painted | {med(lambda r: r['select_shown_ms']):.0f} ms |")
for key, what in (("scroll", "scrolling the ladder"), ("jump", "jumping around the ladder")):
    print(f"| {what}: frame to frame, median / 95th percentile / worst | "
          f"{med(lambda r: r[key]['interval_median_ms']):.1f} / {med(lambda r: r[key]['interval_p95_ms']):.1f} / "
          f"{med(lambda r: r[key]['interval_max_ms']):.1f} ms |")
    print(f"| {what}: work in a frame (tick to end of paint), median / 95th percentile | "
          f"{med(lambda r: r[key]['work_median_ms']):.1f} / {med(lambda r: r[key]['work_p95_ms']):.1f} ms |")
print(f"| memory after loading / peak RSS | {med(lambda r: r['rss_loaded_mb']):.0f} / {med(lambda r: r['peak_rss_mb']):.0f} MB |")
print()
print("Each run:")
print()
print("```")
for r in runs:
    print(json.dumps(r))
print("```")
EOF
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > 0.5 * n) }'; then
  echo
  echo "window-run.sh: warning: the load average was ${load_before%% *} on $(nproc) cores before the run;" \
       "the machine was not quiet, so the times are only indicative" >&2
fi
