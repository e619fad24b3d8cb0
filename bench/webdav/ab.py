#!/usr/bin/env python3
"""Two hepbox builds side by side: the server CPU per request and the rate of each, in alternating passes.

  ab.py OLD_BIN NEW_BIN [--method GET|PUT|PROPFIND] [--pairs 10] [--files 2000] [--clients 16] [--procs 2]
        [--after-commit]

Both servers run at once, each on a fresh data directory and a free loopback port, with the same 2000 × 4 KiB files
(PROPFIND: Depth 1 of that folder). Each pair of passes runs the same requests on both, in alternating order, and
the figure to read is the median over the pairs of NEW/OLD server CPU per request (below 1: NEW is cheaper). On a VM
whose speed drifts within minutes this shows a change of a few percent that interleaved runs against Apache
(run.sh) cannot tell from the drift. `--after-commit` uploads one more file before each pass, so every pass
starts with a read cache that a commit has just emptied, as the benchmark's GETs do after its PUTs (without it,
passes after the first find the files' lookups cached). Standard library only; stops both servers (by pid) and removes their data."""
from __future__ import annotations

import argparse
import base64
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402

PASSWORD = "ab-password"
AUTH = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
FOLDER = "/remote.php/dav/files/admin/ab/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, label: str, binary: str, work: str):
        self.label, self.port = label, free_port()
        self.data = os.path.join(work, label)
        env = dict(os.environ, HEPBOX_ADMIN_PASSWORD=PASSWORD)
        self.log = open(os.path.join(work, f"{label}.log"), "wb")
        self.proc = subprocess.Popen([binary, "serve", "--data-dir", self.data, "--port", str(self.port)], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 30
        while True:
            try:
                status, _, _ = driver.Conn("127.0.0.1", self.port, None).request("GET", "/status.php")
                if status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit(f"{label}: {binary} did not start (log {self.log.name})")
            time.sleep(0.1)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def jobs_for(method: str, files: int, pass_number: int):
    if method == "GET":
        return [("GET", f"{FOLDER}f-{i:05d}.bin", b"", "") for i in range(files)], (200,)
    if method == "PUT":
        return [("PUT", f"{FOLDER}p{pass_number}-{i:05d}.bin", os.urandom(4096), "") for i in range(files)], (201,)
    body = driver.PROPFIND_BODY
    return [("PROPFIND", FOLDER, body, driver.PROPFIND_HEADERS) for _ in range(50)], (207,)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--method", choices=["GET", "PUT", "PROPFIND"], default="GET")
    p.add_argument("--pairs", type=int, default=10)
    p.add_argument("--files", type=int, default=2000)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--after-commit", action="store_true", help="one upload before each pass (an emptied read cache)")
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="hepbox-ab-")
    servers: list[Server] = []
    try:
        servers = [Server("old", a.old, work), Server("new", a.new, work)]
        for s in servers:
            c = driver.Conn("127.0.0.1", s.port, AUTH)
            status, _, _ = c.request("MKCOL", FOLDER)
            if status != 201:
                raise SystemExit(f"{s.label}: MKCOL {FOLDER} answered {status}")
            files = [("PUT", f"{FOLDER}f-{i:05d}.bin", os.urandom(4096), "") for i in range(a.files)]
            driver.run_parallel("127.0.0.1", s.port, AUTH, files, a.clients, a.procs, (201,))
        cpu = {s.label: [] for s in servers}
        rate = {s.label: [] for s in servers}
        for pair in range(a.pairs):
            for s in (servers if pair % 2 == 0 else servers[::-1]):
                jobs, expect = jobs_for(a.method, a.files, pair)
                if a.after_commit:
                    status, _, _ = driver.Conn("127.0.0.1", s.port, AUTH).request("PUT", f"{FOLDER}commit-{pair}", b"x")
                    if status != 201:
                        raise SystemExit(f"{s.label}: PUT before the pass answered {status}")
                before = driver.cpu_seconds(s.proc.pid)
                seconds, _ = driver.run_parallel("127.0.0.1", s.port, AUTH, jobs, a.clients, a.procs, expect)
                cpu[s.label].append((driver.cpu_seconds(s.proc.pid) - before) / len(jobs) * 1000)
                rate[s.label].append(len(jobs) / seconds)
            print(f"pair {pair + 1}/{a.pairs}: server CPU ms/request old {cpu['old'][-1]:.3f}, new {cpu['new'][-1]:.3f}; "
                  f"requests/s old {rate['old'][-1]:,.0f}, new {rate['new'][-1]:,.0f}", flush=True)
        ratios = [n / o for n, o in zip(cpu["new"], cpu["old"]) if o > 0]
        speed = [n / o for n, o in zip(rate["new"], rate["old"])]
        print(f"{a.method}, {a.pairs} pairs: server CPU per request new/old median {statistics.median(ratios):.3f} "
              f"({' '.join(f'{r:.2f}' for r in ratios)}); requests/s new/old median {statistics.median(speed):.3f}")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
