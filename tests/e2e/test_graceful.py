#!/usr/bin/env python3
"""Graceful stop: SIGTERM while uploads are in flight. The server stops accepting new connections, lets the
uploads that already started finish (each is acknowledged and stored whole), and then exits 0."""
import http.client
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import Client, Server, basic_auth, check, log, run_test, sha1, tempdir  # noqa: E402

SIZE = 2 * 1024 * 1024
CHUNK = 64 * 1024


def slow_put(port: int, path: str, data: bytes, results: dict, started: threading.Event) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.putrequest("PUT", path, skip_accept_encoding=True)
    conn.putheader("Authorization", basic_auth())
    conn.putheader("Content-Length", str(len(data)))
    conn.endheaders()
    for offset in range(0, len(data), CHUNK):
        conn.send(data[offset:offset + CHUNK])
        if offset == 0:
            started.set()
        time.sleep(0.02)  # about 0.7 s per upload, so SIGTERM lands in the middle of the bodies
    results[path] = conn.getresponse().status
    conn.close()


def main() -> None:
    work = tempdir("graceful")
    os.makedirs(os.path.join(work, "data"))
    server = Server(os.path.join(work, "data")).start()
    client = Client(server)
    payloads = {f"/remote.php/dav/files/admin/g{i}.bin": os.urandom(SIZE) for i in range(4)}
    results: dict[str, int] = {}
    events = [threading.Event() for _ in payloads]
    threads = [threading.Thread(target=slow_put, args=(server.port, path, data, results, ev))
               for (path, data), ev in zip(payloads.items(), events)]
    for t in threads:
        t.start()
    for ev in events:
        check(ev.wait(10), "an upload did not start")
    time.sleep(0.1)
    log("SIGTERM with 4 uploads in flight")
    status = server.stop(timeout=30)
    for t in threads:
        t.join(30)
    check(status == 0, f"hepbox exited with {status} after SIGTERM")
    check(all(code == 201 for code in results.values()) and len(results) == len(payloads),
          f"in-flight uploads were not all completed: {results}")
    server.start()
    for path, data in payloads.items():
        code, _, body = client.request("GET", path, raw_path=True)
        check(code == 200 and sha1(body) == sha1(data), f"{path} is not the uploaded content after the restart")
    server.stop()
    log("all in-flight uploads finished, were stored whole, and the server exited 0")


if __name__ == "__main__":
    run_test(main)
