#!/usr/bin/env python3
"""Issue #3: a big file uploaded in chunks through the uploads tree, the way nextcloudcmd does it (MKCOL
/remote.php/dav/uploads/<user>/<id>/, PUT of numbered 10 MB chunks one after the other, MOVE .file with
OC-Total-Length and OC-Checksum), and the time the final MOVE takes to answer.

    python3 bench/webdav/chunked.py --url http://127.0.0.1:PORT --user admin --password PW [--mib 1024]
"""
import argparse
import base64
import hashlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402  (the same socket-level client as the WebDAV benchmark)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--mib", type=int, default=1024)
    p.add_argument("--chunk", type=int, default=10_000_000)
    a = p.parse_args()
    host, port, _ = driver.parse_url(a.url + "/")
    auth = "Basic " + base64.b64encode(f"{a.user}:{a.password}".encode()).decode()
    c = driver.Conn(host, port, auth)
    size = a.mib << 20
    block = os.urandom(a.chunk)
    upload = f"/remote.php/dav/uploads/{a.user}/bench-{os.getpid()}-{int(time.time())}/"
    target = f"/remote.php/dav/files/{a.user}/chunked-{a.mib}MiB.bin"
    s, _, _ = c.request("MKCOL", upload)
    assert s == 201, f"MKCOL {upload}: {s}"
    sha1 = hashlib.sha1()
    sent, index = 0, 1
    t0 = time.perf_counter()
    while sent < size:
        n = min(a.chunk, size - sent)
        data = block[:n]
        sha1.update(data)
        s, _, _ = c.request("PUT", f"{upload}{index:05d}", data, f"OC-Total-Length: {size}\r\n")
        assert s in (201, 204), f"chunk {index}: {s}"
        sent += n
        index += 1
    t_chunks = time.perf_counter() - t0
    t1 = time.perf_counter()
    s, _, _ = c.request("MOVE", upload + ".file", b"",
                        f"Destination: {a.url}{target}\r\nOC-Total-Length: {size}\r\n"
                        f"OC-Checksum: SHA1:{sha1.hexdigest()}\r\nX-OC-Mtime: 1700000000\r\n")
    t_move = time.perf_counter() - t1
    assert s in (201, 204), f"MOVE: {s}"
    s, n, _ = c.request("GET", target)
    assert s == 200 and n == size, f"GET after MOVE: {s}, {n} bytes"
    print(f"chunked upload of {a.mib} MiB in {index - 1} chunks: chunks {size / t_chunks / 1e6:.0f} MB/s, "
          f"final MOVE {t_move:.2f} s")


if __name__ == "__main__":
    main()
