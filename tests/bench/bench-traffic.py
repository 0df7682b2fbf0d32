"""Traffic for tests/bench/make-capture.sh: an HTTP/1.1-like server and a client.

Runs inside the network namespaces that make-capture.sh creates (see there);
it never names an address outside them. HTTP/1.1 message syntax: RFC 9112.

  bench-traffic.py serve READY_FILE
      TCP port 80: one request per connection.
        GET /N            answers with an N-byte body, then closes first
                          (or, with "X-Close: client", waits for the client's FIN)
        PUT /N            reads an N-byte body, answers 201, closes first
      UDP port 7: echoes each datagram.
      Writes READY_FILE when it listens.

  bench-traffic.py client SECONDS
      Until SIGTERM or SECONDS pass, in parallel:
        - HTTP_WORKERS threads of short requests: bodies of 100 B to 200 kB
          (log-uniform), a fifth closed by the client first, one in 50 sent to
          closed port 81 (refused with RST), a pause of up to PAUSE_MS between;
        - BULK_DOWN threads of bulk downloads, 20 to 80 MB each, one after another;
        - BULK_UP threads of bulk uploads, 10 to 40 MB each;
        - one UDP thread: a 64-byte datagram to port 7 every 10 ms, every 50th to
          closed port 9 (ICMP port unreachable).
      Prints what it did on exit.

The counts come from the environment (HTTP_WORKERS=16, BULK_DOWN=4, BULK_UP=1,
PAUSE_MS=20) so make-capture.sh can change the mix. Random choices use a fixed
seed per thread, so two runs ask for the same sequence of requests.
"""
import math
import os
import random
import signal
import socket
import socketserver
import sys
import threading
import time

SERVER = "198.51.100.1"
CHUNK = memoryview (bytes (range (256)) * 4096)   # 1 MiB to send from


class Http (socketserver.BaseRequestHandler):
    def handle (self):
        s = self.request
        s.settimeout (30)
        head = b""
        while b"\r\n\r\n" not in head:
            data = s.recv (4096)
            if not data or len (head) > 16384:
                return
            head += data
        head, _, rest = head.partition (b"\r\n\r\n")
        lines = head.decode ("latin-1").split ("\r\n")
        method, target, _ = (lines[0].split (" ") + ["", "", ""])[:3]
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition (":")
            fields[name.strip ().lower ()] = value.strip ()
        try:
            size = int (target.lstrip ("/"))
        except ValueError:
            s.sendall (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        if method == "PUT":
            got = len (rest)
            buf = bytearray (1 << 20)
            while got < size:
                n = s.recv_into (buf)
                if n == 0:
                    return
                got += n
            s.sendall (b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        s.sendall (f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n".encode ())
        left = size
        while left > 0:
            n = min (left, len (CHUNK))
            s.sendall (CHUNK[:n])
            left -= n
        if fields.get ("x-close") == "client":
            while s.recv (4096):
                pass


class Server (socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 1024


def serve (ready):
    http = Server ((SERVER, 80), Http)
    threading.Thread (target=http.serve_forever, daemon=True).start ()
    udp = socket.socket (socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind ((SERVER, 7))
    with open (ready, "w") as f:
        f.write ("ready\n")
    while True:
        data, peer = udp.recvfrom (2048)
        udp.sendto (data, peer)


class Counts:
    def __init__ (self):
        self.lock = threading.Lock ()
        self.n = {}

    def add (self, what, k=1):
        with self.lock:
            self.n[what] = self.n.get (what, 0) + k


def read_reply (s, buf):
    """Reads a reply's header and its Content-Length body; returns the body size."""
    head = b""
    while b"\r\n\r\n" not in head:
        n = s.recv_into (buf)
        if n == 0:
            raise ConnectionError ("closed inside the header")
        head += bytes (buf[:n])
    head, _, rest = head.partition (b"\r\n\r\n")
    size = 0
    for line in head.split (b"\r\n")[1:]:
        name, _, value = line.partition (b":")
        if name.strip ().lower () == b"content-length":
            size = int (value)
    got = len (rest)
    while got < size:
        n = s.recv_into (buf)
        if n == 0:
            raise ConnectionError ("closed inside the body")
        got += n
    return got


def http_worker (seed, stop, counts, pause):
    rng = random.Random (seed)
    buf = bytearray (1 << 16)
    while not stop.is_set ():
        if rng.random () < 0.02:
            try:
                with socket.create_connection ((SERVER, 81), timeout=5):
                    pass
            except ConnectionRefusedError:
                counts.add ("refused")
            except OSError:
                counts.add ("errors")
        else:
            size = int (math.exp (rng.uniform (math.log (100), math.log (200_000))))
            client_closes = rng.random () < 0.2
            extra = "X-Close: client\r\n" if client_closes else ""
            try:
                with socket.create_connection ((SERVER, 80), timeout=10) as s:
                    s.sendall (f"GET /{size} HTTP/1.1\r\nHost: {SERVER}\r\nUser-Agent: synscope-bench\r\n"
                               f"{extra}Connection: close\r\n\r\n".encode ())
                    read_reply (s, buf)
                    if not client_closes:
                        while s.recv_into (buf):   # to the server's FIN
                            pass
                counts.add ("http")
            except OSError:
                counts.add ("errors")
        stop.wait (rng.uniform (0, pause))


def bulk_down (seed, stop, counts):
    rng = random.Random (seed)
    buf = bytearray (1 << 20)
    while not stop.is_set ():
        size = rng.randrange (20, 81) * 1_000_000
        try:
            with socket.create_connection ((SERVER, 80), timeout=10) as s:
                s.sendall (f"GET /{size} HTTP/1.1\r\nHost: {SERVER}\r\nConnection: close\r\n\r\n".encode ())
                counts.add ("bulk_down_bytes", read_reply (s, buf))
                while s.recv_into (buf):
                    pass
            counts.add ("bulk_down")
        except OSError:
            counts.add ("errors")


def bulk_up (seed, stop, counts):
    rng = random.Random (seed)
    buf = bytearray (1 << 12)
    while not stop.is_set ():
        size = rng.randrange (10, 41) * 1_000_000
        try:
            with socket.create_connection ((SERVER, 80), timeout=10) as s:
                s.sendall (f"PUT /{size} HTTP/1.1\r\nHost: {SERVER}\r\nContent-Length: {size}\r\n"
                           f"Connection: close\r\n\r\n".encode ())
                left = size
                while left > 0 and not stop.is_set ():
                    n = min (left, len (CHUNK))
                    s.sendall (CHUNK[:n])
                    left -= n
                if left == 0:
                    read_reply (s, buf)
                    counts.add ("bulk_up_bytes", size)
                    counts.add ("bulk_up")
        except OSError:
            counts.add ("errors")


def udp_worker (stop, counts):
    u = socket.socket (socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout (0.2)
    i = 0
    while not stop.is_set ():
        i += 1
        port = 9 if i % 50 == 0 else 7
        try:
            u.sendto (i.to_bytes (4, "big") * 16, (SERVER, port))
            if port == 7:
                u.recvfrom (2048)
                counts.add ("udp")
        except (TimeoutError, socket.timeout, OSError):
            counts.add ("udp_lost")
        stop.wait (0.01)


def client (seconds):
    stop = threading.Event ()
    counts = Counts ()
    signal.signal (signal.SIGTERM, lambda *_: stop.set ())
    signal.signal (signal.SIGINT, lambda *_: stop.set ())
    env = os.environ
    pause = int (env.get ("PAUSE_MS", "20")) / 1000
    threads = []
    for i in range (int (env.get ("HTTP_WORKERS", "16"))):
        threads.append (threading.Thread (target=http_worker, args=(100 + i, stop, counts, pause), daemon=True))
    for i in range (int (env.get ("BULK_DOWN", "4"))):
        threads.append (threading.Thread (target=bulk_down, args=(200 + i, stop, counts), daemon=True))
    for i in range (int (env.get ("BULK_UP", "1"))):
        threads.append (threading.Thread (target=bulk_up, args=(300 + i, stop, counts), daemon=True))
    threads.append (threading.Thread (target=udp_worker, args=(stop, counts), daemon=True))
    for t in threads:
        t.start ()
    stop.wait (seconds)
    stop.set ()
    for t in threads:
        t.join (timeout=2)
    print ("client: " + ", ".join (f"{k}={v}" for k, v in sorted (counts.n.items ())), flush=True)


if __name__ == "__main__":
    if len (sys.argv) == 3 and sys.argv[1] == "serve":
        serve (sys.argv[2])
    elif len (sys.argv) == 3 and sys.argv[1] == "client":
        client (float (sys.argv[2]))
    else:
        sys.exit (__doc__)
