#!/usr/bin/env python3
"""The window's live capture end to end (issue 5): two network namespaces
joined by a veth pair, created here and removed at the end (also on
failure). The real window runs under Xvfb in one of them
(test-live-window.c, through tests/gui/run-under-xvfb.sh) and captures the
veth through its actions; the traffic comes from the other namespace: an
HTTP exchange with a python3 http.server, a UDP request and its reply, and a
flood of UDP at 10,000 packets a second. The two programs take turns
through files in a shared directory (see test-live-window.c).

Afterwards, here: the capture the window saved reads back with
synscope-cli to the exchanges that were made, and no spool file is left
(the window's XDG_RUNTIME_DIR is a directory of this test).

Needs root, `ip` and xvfb-run: without them it says so and is skipped
(TAP "1..0 # SKIP"). Traffic never leaves the namespaces: the addresses
(TEST-NET-2, RFC 5737) exist only inside them.

Usage: test-live-window.py TEST-PROGRAM RUN-UNDER-XVFB SYNSCOPE-CLI
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

PROG, XVFB, CLI = (os.path.abspath(a) for a in sys.argv[1:4])
PID = os.getpid()
NS_A = f"ss-win-{PID}-a"    # makes the traffic
NS_B = f"ss-win-{PID}-b"    # the window, the servers
VETH_A, VETH_B = f"sswa{PID % 100000}", f"sswb{PID % 100000}"
ADDR_A, ADDR_B = "198.51.100.1", "198.51.100.2"
HTTP_PORT, UDP_PORT = 8080, 9999
FLOWS, FLOOD_PACKETS, FLOOD_RATE = 100, 30000, 10000

failures = []
tests = 0


def check(cond, what):
    global tests
    tests += 1
    print(("ok" if cond else "not ok") + f" {tests} - {what}", flush=True)
    if not cond:
        failures.append(what)


def run(*args, ns=None, timeout=30, check_rc=True):
    cmd = (["ip", "netns", "exec", ns] if ns else []) + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if check_rc and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return r


def cleanup():
    for ns in (NS_A, NS_B):
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def setup():
    run("ip", "netns", "add", NS_A)
    run("ip", "netns", "add", NS_B)
    run("ip", "link", "add", VETH_A, "netns", NS_A, "type", "veth", "peer", "name", VETH_B, "netns", NS_B)
    for ns, dev, addr in ((NS_A, VETH_A, ADDR_A), (NS_B, VETH_B, ADDR_B)):
        # no IPv6: no router solicitations or MLD reports in the capture
        run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", ns=ns)
        run("sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1", ns=ns)
        run("ip", "addr", "add", f"{addr}/24", "dev", dev, ns=ns)
        run("ip", "link", "set", dev, "up", ns=ns)
        run("ip", "link", "set", "lo", "up", ns=ns)


UDP_SERVER = f"""
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("{ADDR_B}", {UDP_PORT}))
s.settimeout(300)
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"pong:" + data, peer)
"""

CLIENT = f"""
import socket, urllib.request
body = urllib.request.urlopen("http://{ADDR_B}:{HTTP_PORT}/", timeout=10).read()
assert len(body) > 0
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(5)
u.sendto(b"ping", ("{ADDR_B}", {UDP_PORT}))
assert u.recvfrom(2048)[0] == b"pong:ping"
"""

# FLOWS sockets, each to its own port: FLOWS flows, FLOOD_RATE packets a second.
FLOOD = f"""
import socket, time
socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range({FLOWS})]
payload = b"x" * 64
t0 = time.monotonic()
for i in range({FLOOD_PACKETS}):
    try:
        socks[i % {FLOWS}].sendto(payload, ("{ADDR_B}", 20000 + i % {FLOWS}))
    except OSError:
        pass
    if i % 50 == 49:
        ahead = t0 + (i + 1) / {FLOOD_RATE} - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
print(f"{{{FLOOD_PACKETS} / (time.monotonic() - t0):.0f}}")
"""


def wait_listening(proto, port):
    flag = "-ltn" if proto == "tcp" else "-lun"
    for _ in range(100):
        if f":{port} " in run("ss", "-H", flag, ns=NS_B).stdout:
            return
        time.sleep(0.05)
    raise RuntimeError(f"no {proto} server on port {port} in {NS_B}")


def drive(tmp, env):
    """Runs the window's test program and answers its requests; returns
    its exit status and its output lines."""
    shared = os.path.join(tmp, "shared")
    os.makedirs(shared)
    env = dict(env, SS_LIVE_DIR=shared)
    lines = []
    proc = subprocess.Popen(["ip", "netns", "exec", NS_B, XVFB, PROG], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    done = set()
    deadline = time.monotonic() + 200
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            for request, answer in (("capturing", "traffic-done"), ("flood", "flood-done"),
                                    ("remove-link", None)):
                if request in done or not os.path.exists(os.path.join(shared, request)):
                    continue
                done.add(request)
                if request == "capturing":
                    r = run("python3", "-c", CLIENT, ns=NS_A, check_rc=False)
                    check(r.returncode == 0, f"the HTTP and UDP exchanges from {NS_A} ({r.stderr.strip()})")
                elif request == "flood":
                    r = run("python3", "-c", FLOOD, ns=NS_A, timeout=60, check_rc=False)
                    check(r.returncode == 0, f"{FLOOD_PACKETS} UDP packets at {r.stdout.strip()} packets/s "
                          f"over {FLOWS} flows ({r.stderr.strip()})")
                else:
                    run("ip", "link", "del", VETH_B, ns=NS_B, check_rc=False)
                if answer:
                    open(os.path.join(shared, answer), "w").close()
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        reader.join(timeout=10)
    return proc.returncode, lines, shared


def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP the window's live test needs root (network namespaces), as CI runs it", flush=True)
        return 0
    for tool in ("ip", "xvfb-run"):
        if shutil.which(tool) is None:
            print(f"1..0 # SKIP {tool} is not installed (packages iproute2, xvfb and xauth)", flush=True)
            return 0
    try:
        setup()
    except Exception as e:   # noqa: BLE001
        cleanup()
        print(f"Bail out! cannot create network namespaces: {e}", flush=True)
        return 1
    tmp = tempfile.mkdtemp(prefix="ss-live-window-")
    http = udp = None
    try:
        webroot = os.path.join(tmp, "www")
        runtime = os.path.join(tmp, "runtime")
        os.makedirs(webroot)
        os.makedirs(runtime, mode=0o700)
        with open(os.path.join(webroot, "index.html"), "w") as f:
            f.write("<p>synscope live window test</p>\n" * 40)
        http = subprocess.Popen(["ip", "netns", "exec", NS_B, "python3", "-m", "http.server",
                                 str(HTTP_PORT), "--bind", ADDR_B, "--directory", webroot],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        udp = subprocess.Popen(["ip", "netns", "exec", NS_B, "python3", "-c", UDP_SERVER])
        wait_listening("tcp", HTTP_PORT)
        wait_listening("udp", UDP_PORT)

        env = dict(os.environ,
                   SS_CLI=CLI, SS_LIVE_IFACE=VETH_B, SS_LIVE_PEER=ADDR_A,
                   SS_LIVE_HTTP_PORT=str(HTTP_PORT), SS_LIVE_UDP_PORT=str(UDP_PORT),
                   SS_LIVE_FLOWS=str(FLOWS), XDG_RUNTIME_DIR=runtime,
                   XDG_DATA_HOME=os.path.join(tmp, "data"), XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"), CMOCKA_MESSAGE_OUTPUT="TAP")
        env.pop("SYNSCOPE_CAPTURE", None)
        rc, lines, shared = drive(tmp, env)

        # the window program's own TAP, renumbered into ours
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("ok ") or line.startswith("not ok "):
                name = line.split(" - ", 1)[1] if " - " in line else line
                check(line.startswith("ok "), f"window: {name}")
            elif line and not line.startswith("1.."):
                print(f"# {line}", flush=True)
        check(rc == 0, f"the window's test program exits 0 (got {rc})")
        check(any(l.startswith("ok ") for l in lines), "the window's test program ran its tests")

        saved = os.path.join(shared, "saved.pcapng")
        r = subprocess.run([CLI, "connections", "--json", saved], capture_output=True, text=True, timeout=30)
        conns = [json.loads(l) for l in r.stdout.splitlines() if l.strip()] if r.returncode == 0 else []
        by_server = {c["server"]: c for c in conns}
        web = by_server.get(f"{ADDR_B}:{HTTP_PORT}")
        dgram = by_server.get(f"{ADDR_B}:{UDP_PORT}")
        check(r.returncode == 0 and len(conns) == 2,
              f"the saved capture reads back: 2 connections ({sorted(by_server)}; {r.stderr.strip()})")
        check(web is not None and web["proto"] == "tcp" and web["conn_state"] == "SF"
              and web["client"].startswith(ADDR_A + ":") and web["payload_bytes"] > 0,
              f"saved: the HTTP exchange from {ADDR_A}, closed normally (SF)")
        check(dgram is not None and dgram["proto"] == "udp" and dgram["udp_exchanges"] == 1,
              "saved: the UDP request and its reply, one exchange")
        left = sorted(os.listdir(runtime))
        check(left == [], f"no spool file is left behind ({left})")
    finally:
        for p in (http, udp):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    left_ns = run("ip", "netns", "list").stdout
    check(NS_A not in left_ns and NS_B not in left_ns, "the namespaces are removed")
    print(f"1..{tests}")
    print(f"# {tests - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
