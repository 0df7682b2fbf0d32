#!/usr/bin/env bash
# data/make-sample.sh: record data/sample.pcap from real traffic.
#
# Two network namespaces joined by a veth pair, with documentation addresses
# (RFC 5737 192.0.2.0/24, RFC 3849 2001:db8::/32) that exist only inside them:
#
#   ss-sample-client  192.0.2.1  2001:db8::1  ==veth==  192.0.2.2  2001:db8::2  ss-sample-server
#
# The server namespace runs an HTTP/1.0 server (port 80, closes each connection
# first), a TCP echo server (port 7, the client closes first) and a small DNS
# server (UDP 53). The client then makes, in this order:
#   1. GET /           over IPv4 (200; the server closes first)
#   2. GET /missing    over IPv4 (404)
#   3. GET /hello.txt  over IPv6
#   4. a TCP connection to closed port 9        -> refused with RST
#   5. two DNS queries (A, AAAA) from one UDP socket
#   6. a UDP datagram to closed port 9          -> ICMP port unreachable
#   7. a TCP echo exchange closed by the client first
# tcpdump records it all on the client's end of the veth (Ethernet link type,
# pcap format, microsecond timestamps). Nothing leaves the two namespaces.
#
# Needs root, iproute2, tcpdump and python3; uses ethtool when present to turn
# checksum offload off (else the recorded TCP/UDP checksums are partial).
# Usage: data/make-sample.sh [OUT.pcap]      (default: data/sample.pcap beside this script)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/sample.pcap}
cli_ns=ss-sample-client
srv_ns=ss-sample-server

if [[ $(id -u) -ne 0 ]]; then
  echo "make-sample.sh: needs root (network namespaces and tcpdump); try: sudo $0" >&2
  exit 1
fi
for tool in ip tcpdump python3; do
  command -v "$tool" >/dev/null || { echo "make-sample.sh: $tool is missing" >&2; exit 1; }
done

tmp=$(mktemp -d)
srv_pid=
dump_pid=

cleanup ()
{
  set +e
  if [[ -n $dump_pid ]]; then kill -INT "$dump_pid"; wait "$dump_pid"; fi 2>/dev/null
  if [[ -n $srv_pid ]]; then kill "$srv_pid"; wait "$srv_pid"; fi 2>/dev/null
  ip netns del "$cli_ns" 2>/dev/null
  ip netns del "$srv_ns" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Left over from an earlier run that was killed hard.
ip netns del "$cli_ns" 2>/dev/null || true
ip netns del "$srv_ns" 2>/dev/null || true

ip netns add "$cli_ns"
ip netns add "$srv_ns"
# No duplicate address detection: a tentative link-local address would hold the
# first IPv6 SYN for a second while neighbour discovery waits.
for ns in "$cli_ns" "$srv_ns"; do
  ip netns exec "$ns" sh -c 'echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad'
done
ip link add ss-c0 netns "$cli_ns" address 02:00:00:00:00:01 type veth \
  peer name ss-s0 netns "$srv_ns" address 02:00:00:00:00:02
for ns in "$cli_ns" "$srv_ns"; do
  ip -n "$ns" link set lo up
done
ip -n "$cli_ns" addr add 192.0.2.1/24 dev ss-c0
ip -n "$cli_ns" addr add 2001:db8::1/64 dev ss-c0 nodad
ip -n "$srv_ns" addr add 192.0.2.2/24 dev ss-s0
ip -n "$srv_ns" addr add 2001:db8::2/64 dev ss-s0 nodad
ip -n "$cli_ns" link set ss-c0 up
ip -n "$srv_ns" link set ss-s0 up
# Static neighbours: no ARP or neighbour discovery to wait for, on either side.
ip -n "$cli_ns" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:02 dev ss-c0 nud permanent
ip -n "$cli_ns" neigh replace 2001:db8::2 lladdr 02:00:00:00:00:02 dev ss-c0 nud permanent
ip -n "$srv_ns" neigh replace 192.0.2.1 lladdr 02:00:00:00:00:01 dev ss-s0 nud permanent
ip -n "$srv_ns" neigh replace 2001:db8::1 lladdr 02:00:00:00:00:01 dev ss-s0 nud permanent
if command -v ethtool >/dev/null; then
  ip netns exec "$cli_ns" ethtool -K ss-c0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec "$srv_ns" ethtool -K ss-s0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
fi

mkdir "$tmp/www"
printf '<!doctype html>\n<title>synscope sample</title>\n<p>Hello from the server namespace.</p>\n' > "$tmp/www/index.html"
printf 'hello over IPv6\n' > "$tmp/www/hello.txt"

cat > "$tmp/sample.py" <<'EOF'
"""Servers and client for data/make-sample.sh (see there)."""
import http.server
import os
import socket
import socketserver
import struct
import sys
import threading
import time

SERVER4 = "192.0.2.2"
SERVER6 = "2001:db8::2"


class Http (http.server.SimpleHTTPRequestHandler):
    server_version = "synscope-sample"
    sys_version = ""
    protocol_version = "HTTP/1.0"   # one request per connection, server closes first

    def log_message (self, *args):
        pass


class Http6Server (http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6   # bound to "::", takes IPv4 too


class Echo (socketserver.BaseRequestHandler):
    def handle (self):
        while True:
            data = self.request.recv (4096)
            if not data:
                return
            self.request.sendall (data)


def dns_reply (query):
    """An answer for one A or AAAA question; other types get an empty answer."""
    ident, _flags, qdcount = struct.unpack ("!HHH", query[:6])
    end = 12
    while query[end] != 0:
        end += 1 + query[end]
    question = query[12:end + 5]
    qtype = struct.unpack ("!H", query[end + 1:end + 3])[0]
    answers = b""
    if qtype == 1:
        answers = b"\xc0\x0c" + struct.pack ("!HHIH", 1, 1, 60, 4) + socket.inet_pton (socket.AF_INET, SERVER4)
    elif qtype == 28:
        answers = b"\xc0\x0c" + struct.pack ("!HHIH", 28, 1, 60, 16) + socket.inet_pton (socket.AF_INET6, SERVER6)
    header = struct.pack ("!HHHHHH", ident, 0x8180, qdcount, 1 if answers else 0, 0, 0)
    return header + question + answers


def dns_query (ident, name, qtype):
    qname = b"".join (bytes ([len (p)]) + p.encode () for p in name.split (".")) + b"\0"
    return struct.pack ("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + qname + struct.pack ("!HH", qtype, 1)


def serve (root, ready):
    os.chdir (root)
    http_srv = Http6Server (("::", 80), Http)
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    echo_srv = socketserver.ThreadingTCPServer ((SERVER4, 7), Echo)
    dns = socket.socket (socket.AF_INET, socket.SOCK_DGRAM)
    dns.bind ((SERVER4, 53))
    for srv in (http_srv, echo_srv):
        threading.Thread (target=srv.serve_forever, daemon=True).start ()
    with open (ready, "w") as f:
        f.write ("ready\n")
    while True:
        query, peer = dns.recvfrom (512)
        dns.sendto (dns_reply (query), peer)


def get (host, path):
    """HTTP/1.0 GET that reads until the server closes, so the server's FIN comes first."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket (family, socket.SOCK_STREAM) as s:
        s.settimeout (5)
        s.connect ((host, 80))
        name = f"[{host}]" if ":" in host else host
        s.sendall (f"GET {path} HTTP/1.0\r\nHost: {name}\r\nUser-Agent: synscope-sample\r\n\r\n".encode ())
        reply = b""
        while chunk := s.recv (4096):
            reply += chunk
    status = reply.split (b"\r\n", 1)[0].decode ()
    print (f"GET {path} on {host}: {status}, {len (reply)} bytes")


def client ():
    pause = 0.1
    get (SERVER4, "/")
    time.sleep (pause)
    get (SERVER4, "/missing")
    time.sleep (pause)
    get (SERVER6, "/hello.txt")
    time.sleep (pause)

    s = socket.socket (socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout (5)
    try:
        s.connect ((SERVER4, 9))
        sys.exit ("port 9 should be closed")
    except ConnectionRefusedError:
        print ("TCP port 9: refused")
    s.close ()
    time.sleep (pause)

    u = socket.socket (socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout (5)
    u.connect ((SERVER4, 53))
    for ident, qtype in ((0x5301, 1), (0x5302, 28)):
        u.send (dns_query (ident, "sample.synscope.test", qtype))
        print (f"DNS {qtype}: {len (u.recv (512))} bytes back")
    u.close ()
    time.sleep (pause)

    u = socket.socket (socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout (5)
    u.connect ((SERVER4, 9))
    u.send (b"anyone there?\n")
    try:
        u.recv (512)
        sys.exit ("UDP port 9 should be closed")
    except ConnectionRefusedError:
        print ("UDP port 9: port unreachable")
    u.close ()
    time.sleep (pause)

    e = socket.create_connection ((SERVER4, 7), timeout=5)
    e.sendall (b"hello, echo\n")
    print (f"echo: {e.recv (512)!r}")
    e.close ()   # the client closes first; the server answers the FIN with its own
    time.sleep (pause)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve (sys.argv[2], sys.argv[3])
    else:
        client ()
EOF

ip netns exec "$srv_ns" python3 "$tmp/sample.py" serve "$tmp/www" "$tmp/ready" &
srv_pid=$!

ip netns exec "$cli_ns" tcpdump -i ss-c0 -n -s 0 -U -Z root -w "$tmp/sample.pcap" \
  'tcp or udp or icmp' 2> "$tmp/tcpdump.err" &
dump_pid=$!

ready ()
{
  [[ -e $tmp/ready ]] && grep -q 'listening on' "$tmp/tcpdump.err" &&
    ! ip -n "$cli_ns" link show ss-c0 | grep -q NO-CARRIER &&
    ! ip -n "$srv_ns" link show ss-s0 | grep -q NO-CARRIER
}
for _ in $(seq 100); do
  ready && break
  sleep 0.05
done
if ! ready; then
  echo "make-sample.sh: the servers or tcpdump did not start" >&2
  cat "$tmp/tcpdump.err" >&2
  exit 1
fi

ip netns exec "$cli_ns" python3 "$tmp/sample.py" client
sleep 0.3   # the last ACKs

kill -INT "$dump_pid"
wait "$dump_pid" || true
dump_pid=
cat "$tmp/tcpdump.err" >&2

mv -f "$tmp/sample.pcap" "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
