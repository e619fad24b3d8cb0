#!/usr/bin/env python3
"""Uploads written the way the desktop clients' Qt network stack writes them (nextcloudcmd, owncloudcmd): Nagle's
algorithm on, the request head in one write and the body in a second. The body then stays in the client's kernel
until the head is acknowledged, and a server that lets Linux delay that ACK (40 ms and more) makes every small
upload wait for it. Such uploads must be answered as fast as ones written in a single piece, and store their bytes.
A build that sends no early ACK fails this test (median 48 ms on the development VM, against 3–5 ms)."""
import os
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import Client, Server, basic_auth, check, log, read_answer, run_test, sha1, tempdir  # noqa: E402

UPLOADS = 60
STALL_MS = 40  # Linux's minimum delayed-ACK time


def upload_in_two_writes(sock: socket.socket, path: str, body: bytes) -> float:
    """Milliseconds from the first write to the whole answer."""
    head = (f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {basic_auth()}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    started = time.perf_counter()
    sock.sendall(head)
    sock.sendall(body)
    status, _ = read_answer(sock)
    check(status == 201, f"PUT {path} answered {status}")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    server = Server(tempdir("split-writes")).start()
    client = Client(server)
    check(client.request("MKCOL", "small")[0] == 201, "MKCOL small")
    bodies = [os.urandom(1024 + 97 * i) for i in range(UPLOADS)]
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        check(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0, "the test needs Nagle's algorithm on")
        # Warm up: the first upload pays the password hash and the storage's first directories.
        upload_in_two_writes(sock, server.dav_path(path="small/warm-up"), b"warm-up")
        times = [upload_in_two_writes(sock, server.dav_path(path=f"small/f{i}"), body) for i, body in enumerate(bodies)]
    median = statistics.median(times)
    stalled = sum(t >= STALL_MS for t in times)
    log(f"{UPLOADS} uploads in two writes each: median {median:.1f} ms, {stalled} of them {STALL_MS} ms or longer")
    check(median < STALL_MS / 2, f"uploads written in two pieces waited for the delayed ACK: median {median:.1f} ms")
    check(stalled <= UPLOADS // 10, f"{stalled} of {UPLOADS} uploads took {STALL_MS} ms or longer")
    for i, body in enumerate(bodies):
        status, _, data = client.request("GET", f"small/f{i}")
        check(status == 200 and sha1(data) == sha1(body), f"small/f{i} does not hold what was uploaded")
    log("each upload holds its bytes")
    check(server.stop() == 0, "hepbox did not stop cleanly")


if __name__ == "__main__":
    run_test(main)
