#!/usr/bin/env bash
# tests/bench/run.sh: time synscope-cli against the bare libpcap read loop and
# tshark on a large capture; print the table that README.md ("Benchmark") shows.
#
#   sudo tests/bench/make-capture.sh      # once: /tmp/synscope-bench/capture.pcap
#   tests/bench/run.sh [CAPTURE]          # build, measure, print Markdown
#   REV=HEAD tests/bench/run.sh           # the same for a commit
#
# It builds synscope-cli and tests/bench/bare-read.c (ss-bench-bare-read) in
# BUILD (default /tmp/synscope-bench/build, meson --buildtype=BUILDTYPE,
# default release) from this checkout's working tree or, with REV=COMMIT, from
# that commit (exported with git archive beside BUILD, with this checkout's
# tests/bench; BUILD then ends in -HASH), then runs tests/bench/measure.py, which
# times, taking turns after a warm-up run each:
#   synscope-cli connections --json CAPTURE > /dev/null    RUNS times (default 9)
#   ss-bench-bare-read CAPTURE                             RUNS times
#   tshark -q -z conv,tcp -r CAPTURE > /dev/null           TSHARK_RUNS times (default 3;
#                                                          0 leaves tshark out)
# and reports median and best wall time, CPU time, peak RSS, peak RSS per packet
# (also over each program's baseline RSS on an empty capture), the ratios
# against the targets, and what the capture holds (connections; retransmissions
# as tshark counts them). tshark is optional: without it that row is skipped.
#
# Run it on a quiet machine: it prints the load average before and after, and
# warns when the machine was busy. Not a test: `meson test` never runs it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
capture=${1:-/tmp/synscope-bench/capture.pcap}
build=${BUILD:-/tmp/synscope-bench/build}
buildtype=${BUILDTYPE:-release}

if [[ ! -s $capture ]]; then
  echo "run.sh: no capture at $capture; make one with: sudo $here/make-capture.sh $capture" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "run.sh: python3 is missing" >&2; exit 1; }
if [[ ! -x /usr/bin/time ]]; then
  echo "run.sh: GNU time (/usr/bin/time) is missing; Debian: apt-get install time" >&2
  exit 1
fi

commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n ${REV:-} ]]; then
  # A commit, exported read-only (git archive) with this checkout's tests/bench.
  commit=$(git -C "$src" rev-parse --short "$REV^{commit}")
  tree=$(dirname "$build")/src-$commit
  build=$(dirname "$build")/build-$commit
  rm -rf "$tree"
  mkdir -p "$tree"
  git -C "$src" archive "$commit" | tar -x -C "$tree"
  rm -rf "$tree/tests/bench"
  cp -r "$here" "$tree/tests/bench"
  grep -q "subdir('bench')" "$tree/tests/meson.build" || echo "subdir('bench')" >> "$tree/tests/meson.build"
  commit="$commit (its synscope-cli; tests/bench from the working tree)"
else
  tree=$src
  if [[ -n $(git -C "$src" status --porcelain 2>/dev/null) ]]; then
    commit="working tree on top of $commit"
  fi
fi

echo "==> building synscope-cli and ss-bench-bare-read from $tree in $build ($buildtype)" >&2
if [[ ! -f $build/build.ninja ]]; then
  meson setup "$build" "$tree" --buildtype="$buildtype" >/dev/null
else
  meson configure "$build" --buildtype="$buildtype" >/dev/null
fi
if ! ninja -C "$build" ui/cli/synscope-cli tests/bench/ss-bench-bare-read > "$build/bench-build.log" 2>&1; then
  tail -20 "$build/bench-build.log" >&2
  echo "run.sh: the build failed (log: $build/bench-build.log); REV=COMMIT measures a commit instead" >&2
  exit 1
fi
cli=$build/ui/cli/synscope-cli
bare=$build/tests/bench/ss-bench-bare-read

if [[ ${TSHARK_RUNS:-3} == 0 ]]; then
  tshark=-
  tshark_version=
  echo "==> TSHARK_RUNS=0: leaving tshark out (its row and the retransmission count)" >&2
elif command -v tshark >/dev/null; then
  tshark=$(command -v tshark)
  tshark_version=$(tshark --version 2>/dev/null | head -1)
  echo "==> tshark is installed ($tshark_version): timing it too" >&2
else
  tshark=-
  tshark_version=
  echo "==> tshark is not installed: skipping its row and the retransmission count" \
       "(Debian: apt-get install tshark)" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The capture's own file header and no packets: the same link type and snap
# length, for each program's baseline memory.
head -c 24 "$capture" > "$tmp/empty.pcap"
cat "$capture" > /dev/null   # into the page cache

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$here/measure.py" "$capture" "$tmp/empty.pcap" "$cli" "$bare" "$tshark" > "$tmp/table.md"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cc_version=$(cc --version 2>/dev/null | head -1)

echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $commit, $buildtype build ($cc_version)."
echo
echo "- Machine: $(nproc) cores, ${cpu:-unknown CPU} ($(uname -r)), $(free -g | awk '/^Mem:/ { print $2 }') GiB;" \
     "load average $load_before before, $load_after after"
if [[ -f $capture.info ]]; then
  echo "- Recorded by make-capture.sh: $(sed -n 's/^recorded: //p' "$capture.info"), snap length" \
       "$(sed -n 's/^snaplen: //p' "$capture.info"); $(sed -n 's/^bottleneck: //p' "$capture.info");" \
       "$(sed -n 's/^bottleneck drops: //p' "$capture.info")"
fi
[[ -n $tshark_version ]] && echo "- $tshark_version"
cat "$tmp/table.md"
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > 0.5 * n) }'; then
  echo
  echo "run.sh: warning: the load average was ${load_before%% *} on $(nproc) cores before the run;" \
       "the machine was not quiet, so the times are only indicative" >&2
fi
