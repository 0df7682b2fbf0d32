#!/usr/bin/env bash
# tests/bench/make-capture.sh: record a large capture of real TCP traffic with
# congestion loss, for tests/bench/run.sh.
#
# Three network namespaces, joined by two veth pairs, with documentation
# addresses (RFC 5737) that exist only inside them:
#
#   ss-bench-cli 192.0.2.1 ==veth== 192.0.2.254 ss-bench-rtr 198.51.100.254 ==veth== 198.51.100.1 ss-bench-srv
#
# The router forwards between the two and is the bottleneck: a token bucket
# (tc-tbf(8), RATE, default 400mbit) with a short queue (QLIMIT bytes, default
# 256kb, about 5 ms at 400 Mbit/s) on each of its two egress interfaces; with
# the default mix about 4% of the segments recorded are retransmissions (the
# loss rate follows QLIMIT: 128kb doubles it, 512kb quarters it; a lower
# TIMEOUT or RATE changes it too). TCP's congestion control fills
# that queue and the router drops what does not fit, so the senders lose
# segments and retransmit them, as at any real bottleneck. (This kernel has no
# netem; tbf drops by overflowing, not at random. The senders sit in other
# namespaces than the queue, so TCP Small Queues does not hold them back.)
#
# The server namespace runs tests/bench/bench-traffic.py serve; the client
# namespace runs bench-traffic.py client: short HTTP-like requests from many
# threads (a few thousand connections, some closed by the client first, some
# refused), bulk downloads and an upload in parallel, and a trickle of UDP.
#
# tcpdump records on the client's interface, downstream of the bottleneck, as
# a capture taken at the receiving host would: the first PACKETS packets
# (default 1,000,000; tcpdump -c), pcap format, Ethernet link type.
# Snap length SNAPLEN, default 96 bytes: headers only, as most large captures
# are taken. 96 bytes hold Ethernet (14) + IPv4 (20) + the longest TCP header
# (60); synscope's connection analysis needs nothing past the TCP header, and
# a full snap length would make the file about 14 times bigger (~1.4 GB for a
# million mostly full-sized segments) without giving the programs more to do
# than copy bytes. SNAPLEN=0 records whole packets if you want that instead.
#
# Bounded: the whole recording stops after TIMEOUT seconds (default 600) and
# the script fails if tcpdump has not got PACKETS packets by then. A trap
# stops every process it started and removes the namespaces, on success,
# failure or Ctrl-C. Nothing leaves the namespaces.
#
# Needs root, iproute2 (ip, tc), tcpdump, python3; ethtool when present turns
# segmentation offloads off so every frame on the wire is at most the MTU.
#
# Usage: sudo tests/bench/make-capture.sh [OUT.pcap]
#        (default /tmp/synscope-bench/capture.pcap; never inside the repository)
# Also writes OUT.pcap.info: how it was recorded and what the bottleneck dropped.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(realpath -m "${1:-/tmp/synscope-bench/capture.pcap}")
packets=${PACKETS:-1000000}
snaplen=${SNAPLEN:-96}
rate=${RATE:-400mbit}
qlimit=${QLIMIT:-256kb}
burst=${BURST:-16kb}
limit_s=${TIMEOUT:-600}
cli_ns=ss-bench-cli
rtr_ns=ss-bench-rtr
srv_ns=ss-bench-srv

if [[ $(id -u) -ne 0 ]]; then
  echo "make-capture.sh: needs root (network namespaces, tc and tcpdump); try: sudo $0" >&2
  exit 1
fi
for tool in ip tc tcpdump python3 timeout; do
  command -v "$tool" >/dev/null || { echo "make-capture.sh: $tool is missing" >&2; exit 1; }
done
case $out in
  "$(cd "$here/../.." && pwd)"/*)
    echo "make-capture.sh: $out is inside the repository; write the capture elsewhere" >&2
    exit 1 ;;
esac
mkdir -p "$(dirname "$out")"

tmp=$(mktemp -d)
srv_pid=
cli_pid=
dump_pid=

cleanup ()
{
  set +e
  for pid in $cli_pid $dump_pid $srv_pid; do
    kill "$pid" 2>/dev/null
  done
  for pid in $cli_pid $dump_pid $srv_pid; do
    wait "$pid" 2>/dev/null
  done
  ip netns del "$cli_ns" 2>/dev/null
  ip netns del "$rtr_ns" 2>/dev/null
  ip netns del "$srv_ns" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Left over from an earlier run that was killed hard.
for ns in "$cli_ns" "$rtr_ns" "$srv_ns"; do
  ip netns del "$ns" 2>/dev/null || true
done

for ns in "$cli_ns" "$rtr_ns" "$srv_ns"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # IPv4 only: no router solicitations or MLD reports in the capture.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip netns exec "$rtr_ns" sysctl -qw net.ipv4.ip_forward=1

ip link add ss-bc0 netns "$cli_ns" address 02:00:00:00:0b:01 type veth \
  peer name ss-rc0 netns "$rtr_ns" address 02:00:00:00:0b:fe
ip link add ss-bs0 netns "$srv_ns" address 02:00:00:00:0c:01 type veth \
  peer name ss-rs0 netns "$rtr_ns" address 02:00:00:00:0c:fe
ip -n "$cli_ns" addr add 192.0.2.1/24 dev ss-bc0
ip -n "$rtr_ns" addr add 192.0.2.254/24 dev ss-rc0
ip -n "$rtr_ns" addr add 198.51.100.254/24 dev ss-rs0
ip -n "$srv_ns" addr add 198.51.100.1/24 dev ss-bs0
for pair in "$cli_ns ss-bc0" "$rtr_ns ss-rc0" "$rtr_ns ss-rs0" "$srv_ns ss-bs0"; do
  set -- $pair
  ip -n "$1" link set "$2" up
  if command -v ethtool >/dev/null; then
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off >/dev/null 2>&1 || true
  fi
done
ip -n "$cli_ns" route add default via 192.0.2.254
ip -n "$srv_ns" route add default via 198.51.100.254
# Static neighbours: no ARP in the capture and nothing to wait for.
ip -n "$cli_ns" neigh replace 192.0.2.254 lladdr 02:00:00:00:0b:fe dev ss-bc0 nud permanent
ip -n "$rtr_ns" neigh replace 192.0.2.1 lladdr 02:00:00:00:0b:01 dev ss-rc0 nud permanent
ip -n "$rtr_ns" neigh replace 198.51.100.1 lladdr 02:00:00:00:0c:01 dev ss-rs0 nud permanent
ip -n "$srv_ns" neigh replace 198.51.100.254 lladdr 02:00:00:00:0c:fe dev ss-bs0 nud permanent

# The bottleneck, both ways.
for dev in ss-rc0 ss-rs0; do
  tc -n "$rtr_ns" qdisc add dev "$dev" root tbf rate "$rate" burst "$burst" limit "$qlimit"
done

ip netns exec "$srv_ns" python3 "$here/bench-traffic.py" serve "$tmp/ready" > "$tmp/server.log" 2>&1 &
srv_pid=$!

# -B: a 64 MiB kernel buffer, so tcpdump itself drops nothing.
ip netns exec "$cli_ns" tcpdump -i ss-bc0 -n -s "$snaplen" -B 65536 -c "$packets" -Z root \
  -w "$tmp/capture.pcap" 'tcp or udp or icmp' 2> "$tmp/tcpdump.err" &
dump_pid=$!

ready ()
{
  [[ -e $tmp/ready ]] && grep -q 'listening on' "$tmp/tcpdump.err"
}
for _ in $(seq 200); do
  ready && break
  sleep 0.05
done
if ! ready; then
  echo "make-capture.sh: the server or tcpdump did not start" >&2
  cat "$tmp/server.log" "$tmp/tcpdump.err" >&2
  exit 1
fi

echo "make-capture.sh: recording $packets packets (snap length $snaplen, bottleneck $rate," \
     "queue $qlimit), at most ${limit_s}s"
start=$SECONDS
ip netns exec "$cli_ns" python3 "$here/bench-traffic.py" client "$limit_s" > "$tmp/client.log" 2>&1 &
cli_pid=$!

# tcpdump stops by itself after $packets packets; the deadline is the bound.
while kill -0 "$dump_pid" 2>/dev/null && (( SECONDS - start < limit_s )); do
  sleep 0.2
done
timed_out=0
if kill -0 "$dump_pid" 2>/dev/null; then
  timed_out=1
  kill -INT "$dump_pid"
fi
wait "$dump_pid" || true
dump_pid=
elapsed=$(( SECONDS - start ))

kill -TERM "$cli_pid" 2>/dev/null || true
wait "$cli_pid" || true
cli_pid=
cat "$tmp/client.log"
cat "$tmp/tcpdump.err" >&2
drops=$(tc -n "$rtr_ns" -s qdisc show | awk '
  /^qdisc/ { dev = ($2 == "tbf") ? $5 : "" }
  /dropped/ && dev != "" { gsub (/,/, ""); printf "%s%s sent %s packets, dropped %s", sep, dev, $4, $7; sep = "; " }')
echo "bottleneck: $drops"

if (( timed_out )); then
  echo "make-capture.sh: tcpdump had not recorded $packets packets after ${limit_s}s;" \
       "raise TIMEOUT or RATE" >&2
  exit 1
fi

mv -f "$tmp/capture.pcap" "$out"
{
  echo "recorded: $(date -u +%Y-%m-%dT%H:%M:%SZ) in ${elapsed}s by tests/bench/make-capture.sh"
  echo "packets: $packets"
  echo "snaplen: $snaplen"
  echo "bytes: $(wc -c < "$out")"
  echo "bottleneck: tbf rate $rate burst $burst limit $qlimit, both ways"
  echo "bottleneck drops: $drops"
  echo "traffic: $(sed -n 's/^client: //p' "$tmp/client.log")"
  echo "tcpdump: $(grep -E 'captured|received|dropped' "$tmp/tcpdump.err" | paste -sd ';' | sed 's/;/; /g')"
} > "$out.info"
echo "wrote $out ($(wc -c < "$out") bytes, $packets packets, ${elapsed}s) and $out.info"
