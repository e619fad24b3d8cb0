#!/usr/bin/env python3
"""WebDAV benchmark driver: the same raw HTTP/1.1 keep-alive client against any WebDAV server.

  driver.py run --name NAME --url http://127.0.0.1:P/base/ [--user U --password PW] [--pid PID] --out FILE.json
  driver.py report hepbox.json apache.json --md results.md

Phases: PROPFIND Depth 1 of a 1000-file folder (repeated), PUT and GET of 2000 4-KiB files with 16 concurrent
clients, PUT and GET of one 1 GiB file (with the server's peak RSS sampled during the upload when --pid is given).
The client is a minimal socket-level HTTP/1.1 implementation (no http.client header parsing) spread over worker
processes so that it is not the bottleneck; its CPU use is reported next to each figure."""
from __future__ import annotations

import argparse
import base64
import json
import multiprocessing as mp
import os
import socket
import statistics
import sys
import threading
import time
import urllib.parse

MiB = 1 << 20


class Conn:
    def __init__(self, host: str, port: int, auth: str | None):
        self.addr = (host, port)
        self.auth = f"Authorization: {auth}\r\n" if auth else ""
        self.sock = None
        self.buf = bytearray()
        self.scratch = bytearray(4 * MiB)

    def connect(self):
        self.sock = socket.create_connection(self.addr)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None

    def _fill(self):
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def _line(self) -> bytes:
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line = bytes(self.buf[:i])
                del self.buf[:i + 2]
                return line
            self._fill()

    def _read_exact(self, n: int, keep: bool) -> bytes:
        out = bytearray() if keep else None
        take = min(n, len(self.buf))
        if keep:
            out += self.buf[:take]
        del self.buf[:take]
        n -= take
        view = memoryview(self.scratch)
        while n > 0:
            got = self.sock.recv_into(view, min(n, len(self.scratch)))
            if got == 0:
                raise ConnectionError("short body")
            if keep:
                out += view[:got]
            n -= got
        return bytes(out) if keep else b""

    def request(self, method: str, path: str, body: bytes = b"", headers: str = "", keep_body: bool = False,
                body_chunks: tuple[bytes, int] | None = None) -> tuple[int, int, bytes]:
        """Returns (status, body length, body if keep_body). body_chunks=(buffer, repeat) streams a large body."""
        if self.sock is None:
            self.connect()
        length = len(body) if body_chunks is None else len(body_chunks[0]) * body_chunks[1]
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.addr[0]}:{self.addr[1]}\r\n{self.auth}{headers}"
                f"Content-Length: {length}\r\n\r\n").encode()
        if body_chunks is None:
            self.sock.sendall(head + body)
        else:
            self.sock.sendall(head)
            buf, repeat = body_chunks
            for _ in range(repeat):
                self.sock.sendall(buf)
        status = int(self._line().split(b" ", 2)[1])
        clen, chunked, close = None, False, False
        while True:
            line = self._line()
            if not line:
                break
            k, _, v = line.partition(b":")
            k = k.strip().lower()
            if k == b"content-length":
                clen = int(v)
            elif k == b"transfer-encoding" and b"chunked" in v.lower():
                chunked = True
            elif k == b"connection" and b"close" in v.lower():
                close = True
        if method == "HEAD" or status in (204, 304) or (100 <= status < 200):
            data, n = b"", 0
        elif chunked:
            parts, n = [], 0
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    break
                parts.append(self._read_exact(size, keep_body))
                n += size
                self._line()
            data = b"".join(parts)
        else:
            n = clen or 0
            data = self._read_exact(n, keep_body)
        if close:
            self.close()
        return status, n, data


def parse_url(url: str):
    u = urllib.parse.urlsplit(url)
    return u.hostname, u.port, u.path if u.path.endswith("/") else u.path + "/"


def worker(args):
    """One process: `threads` clients, each doing its share of `jobs` (a list of (method, path, body?))."""
    (host, port, auth, jobs, threads, expect, start_evt, ready) = args
    errors = []
    lock = threading.Lock()
    it = iter(jobs)

    def client():
        c = Conn(host, port, auth)
        c.connect()
        ready.release()
        start_evt.wait()
        while True:
            with lock:
                job = next(it, None)
            if job is None:
                break
            method, path, body, headers = job
            try:
                status, _, _ = c.request(method, path, body, headers)
            except Exception as e:  # noqa: BLE001
                errors.append(f"{method} {path}: {type(e).__name__} {e}")
                c.close()
                continue
            if status not in expect:
                errors.append(f"{method} {path}: {status}")
        c.close()

    ts = [threading.Thread(target=client) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    cpu = os.times()
    return errors, cpu.user + cpu.system


def run_parallel(host, port, auth, jobs, clients, procs, expect):
    """Runs the jobs with `clients` keep-alive connections over `procs` forked processes; returns (seconds,
    client CPU seconds). The clock starts once every client is connected."""
    ctx = mp.get_context("fork")
    start = ctx.Event()
    ready = ctx.Semaphore(0)
    queue = ctx.Queue()
    shares = [jobs[i::procs] for i in range(procs)]
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]

    def child(i):
        t0 = os.times()
        errors, _ = worker((host, port, auth, shares[i], per[i], expect, start, ready))
        t1 = os.times()
        queue.put((errors, (t1.user - t0.user) + (t1.system - t0.system)))

    ps = [ctx.Process(target=child, args=(i,)) for i in range(procs)]
    for p in ps:
        p.start()
    for _ in range(clients):
        ready.acquire(timeout=30)
    t0 = time.perf_counter()
    start.set()
    out = [queue.get() for _ in ps]
    dt = time.perf_counter() - t0
    for p in ps:
        p.join()
    errors = [e for errs, _ in out for e in errs]
    cpu = sum(c for _, c in out)
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[:5]}")
    return dt, cpu


class RSSSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, status_kib(self.pid, "VmRSS"))
            time.sleep(0.02)


def cpu_seconds(pid: int | None) -> float:
    """utime + stime of a process (0 without a pid)."""
    if not pid:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmd_run(a):
    host, port, base = parse_url(a.url)
    auth = "Basic " + base64.b64encode(f"{a.user}:{a.password}".encode()).decode() if a.user else None
    c = Conn(host, port, auth)
    results = {"name": a.name, "clients": a.clients, "procs": a.procs}

    def mk(path):
        s, _, _ = c.request("MKCOL", path)
        if s not in (201, 405):
            raise SystemExit(f"MKCOL {path}: {s}")

    root = base + "bench/"
    for p in (root, root + "pf/", root + "small/", root + "big/"):
        mk(p)

    # --- PROPFIND Depth 1 of a 1000-file folder
    jobs = [("PUT", f"{root}pf/file-{i:04d}.txt", os.urandom(100), "") for i in range(1000)]
    run_parallel(host, port, auth, jobs, a.clients, a.procs, (201, 204))
    body = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/>'
            b'<d:getetag/><d:getlastmodified/></d:prop></d:propfind>')
    s, n, data = c.request("PROPFIND", root + "pf/", body, "Depth: 1\r\nContent-Type: application/xml\r\n", True)
    responses = data.lower().count(b"</d:response>")
    assert s == 207 and responses == 1001, f"PROPFIND of the 1000-file folder: {s}, {responses} responses"
    results["propfind_bytes"] = n
    single = []
    for _ in range(a.propfind_repeat):           # one client: latency
        t0 = time.perf_counter()
        s, _, _ = c.request("PROPFIND", root + "pf/", body, "Depth: 1\r\nContent-Type: application/xml\r\n")
        single.append(time.perf_counter() - t0)
        assert s == 207
    results["propfind_ms_median"] = statistics.median(single) * 1000
    jobs = [("PROPFIND", root + "pf/", body, "Depth: 1\r\nContent-Type: application/xml\r\n")] * (a.propfind_repeat * 4)
    s0 = cpu_seconds(a.pid)
    dt, cpu = run_parallel(host, port, auth, jobs, 4, min(a.procs, 4), (207,))
    results["propfind_server_cpu"] = (cpu_seconds(a.pid) - s0) / dt
    results["propfind_rps"] = len(jobs) / dt
    results["propfind_client_cpu"] = cpu / dt
    print(f"[{a.name}] PROPFIND Depth 1 (1000 files, {n / 1024:.0f} KiB): {statistics.median(single) * 1000:.1f} ms "
          f"median single; {len(jobs) / dt:.1f} req/s with 4 clients"
          + (f", server CPU {results['propfind_server_cpu']:.2f} cores" if a.pid else ""), flush=True)

    # --- 2000 small files, 16 clients
    small = [os.urandom(4096) for _ in range(2000)]
    jobs = [("PUT", f"{root}small/f-{i:04d}.bin", small[i], "") for i in range(2000)]
    s0 = cpu_seconds(a.pid)
    dt, cpu = run_parallel(host, port, auth, jobs, a.clients, a.procs, (201, 204))
    scpu = (cpu_seconds(a.pid) - s0) / dt
    results["put_small_rps"], results["put_small_cpu"], results["put_small_server_cpu"] = 2000 / dt, cpu / dt, scpu
    print(f"[{a.name}] PUT 2000 × 4 KiB, {a.clients} clients: {2000 / dt:.0f} req/s "
          f"({2000 * 4096 / dt / 1e6:.1f} MB/s), client CPU {cpu / dt:.2f} cores"
          + (f", server CPU {scpu:.2f} cores" if a.pid else ""), flush=True)
    # a second pass overwriting the same files
    dt, cpu = run_parallel(host, port, auth, jobs, a.clients, a.procs, (201, 204))
    results["put_small_over_rps"] = 2000 / dt
    print(f"[{a.name}] PUT 2000 × 4 KiB overwrite: {2000 / dt:.0f} req/s", flush=True)
    s, n, data = c.request("GET", f"{root}small/f-0007.bin", keep_body=True)
    assert s == 200 and data == small[7], f"GET returned {s}, {n} bytes"
    gets = []
    jobs = [("GET", f"{root}small/f-{i:04d}.bin", b"", "") for i in range(2000)]
    for _ in range(3):
        s0 = cpu_seconds(a.pid)
        dt, cpu = run_parallel(host, port, auth, jobs, a.clients, a.procs, (200,))
        gets.append((dt, cpu, cpu_seconds(a.pid) - s0))
    dt, cpu, scpu = sorted(gets)[1]       # the median of three passes
    scpu /= dt
    results["get_small_rps"], results["get_small_cpu"], results["get_small_server_cpu"] = 2000 / dt, cpu / dt, scpu
    print(f"[{a.name}] GET 2000 × 4 KiB, {a.clients} clients: {2000 / dt:.0f} req/s "
          f"({2000 * 4096 / dt / 1e6:.1f} MB/s), client CPU {cpu / dt:.2f} cores"
          + (f", server CPU {scpu:.2f} cores" if a.pid else ""), flush=True)

    # --- one 1 GiB file
    chunk = os.urandom(16 * MiB)
    repeat = a.big_mib // 16
    size = len(chunk) * repeat
    sampler = None
    if a.pid:
        try:
            with open(f"/proc/{a.pid}/clear_refs", "w") as f:
                f.write("5")                     # resets VmHWM, so it measures this upload only
        except OSError:
            pass
        sampler = RSSSampler(a.pid)
        sampler.start()
    big = Conn(host, port, auth)
    t0 = time.perf_counter()
    s, _, _ = big.request("PUT", f"{root}big/one.bin", body_chunks=(chunk, repeat))
    dt_put = time.perf_counter() - t0
    assert s in (201, 204), f"PUT 1 GiB: {s}"
    if sampler:
        sampler.stop.set()
        sampler.join()
        results["rss_peak_mib"] = max(sampler.peak, status_kib(a.pid, "VmHWM")) / 1024
        results["rss_sampled_mib"] = sampler.peak / 1024
    t0 = time.perf_counter()
    s, n, _ = big.request("GET", f"{root}big/one.bin")
    dt_get = time.perf_counter() - t0
    assert s == 200 and n == size, f"GET 1 GiB: {s}, {n} bytes"
    big.close()
    results["put_big_mbs"], results["get_big_mbs"] = size / dt_put / 1e6, size / dt_get / 1e6
    results["big_bytes"] = size
    print(f"[{a.name}] PUT {size >> 20} MiB: {size / dt_put / 1e6:.0f} MB/s; GET: {size / dt_get / 1e6:.0f} MB/s"
          + (f"; peak RSS during the upload {results['rss_peak_mib']:.0f} MiB" if sampler else ""), flush=True)
    c.close()
    with open(a.out, "w") as f:
        json.dump(results, f, indent=1)


ROWS = [
    ("PROPFIND Depth 1, 1000 files (4 clients)", "propfind_rps", "req/s"),
    ("PROPFIND Depth 1, 1000 files (1 client, median)", "propfind_ms_median", "ms"),
    ("PUT 2000 × 4 KiB, 16 clients (new files)", "put_small_rps", "req/s"),
    ("PUT 2000 × 4 KiB, 16 clients (overwrite)", "put_small_over_rps", "req/s"),
    ("GET 2000 × 4 KiB, 16 clients", "get_small_rps", "req/s"),
    ("PUT {big}, 1 client", "put_big_mbs", "MB/s"),
    ("GET {big}, 1 client", "get_big_mbs", "MB/s"),
]


def cmd_report(a):
    h = json.load(open(a.hepbox))
    x = json.load(open(a.apache))
    lines = ["| measurement | hepbox | Apache mod_dav | hepbox/Apache |", "|---|---:|---:|---:|"]
    big = h.get("big_bytes", 1 << 30)
    big = f"{big >> 30} GiB" if big >= 1 << 30 else f"{big >> 20} MiB"
    for label, key, unit in ROWS:
        label = label.format(big=big)
        hv, av = h.get(key), x.get(key)
        if hv is None or av is None:
            continue
        ratio = (av / hv) if unit == "ms" else (hv / av)   # > 1 means hepbox is better, for every row
        extra = f" {unit}"
        if key.endswith("_rps") and "small" in key:
            extra = f" req/s ({{:.1f}} MB/s)"
            hs = f"{hv:,.0f}" + extra.format(hv * 4096 / 1e6)
            as_ = f"{av:,.0f}" + extra.format(av * 4096 / 1e6)
        else:
            fmt = "{:,.1f}" if unit == "ms" or hv < 100 else "{:,.0f}"
            hs, as_ = fmt.format(hv) + extra, fmt.format(av) + extra
        lines.append(f"| {label} | {hs} | {as_} | {ratio:.2f}× |")
    if "rss_peak_mib" in h:
        lines.append(f"| hepbox peak RSS during the {big} upload | {h['rss_peak_mib']:.0f} MiB | | |")
    if a.disk_mbs:
        lines.append(f"| the disk itself: 1 GiB written with O_DIRECT + fsync (dd) | {a.disk_mbs:,.0f} MB/s | | |")
    table = "\n".join(lines)
    notes = (f"\nRatios are hepbox/Apache throughput (for the latency row Apache/hepbox), so > 1 means hepbox is "
             f"faster. Client: {h['clients']} keep-alive connections over {h['procs']} processes; client CPU during "
             f"small GETs {h.get('get_small_cpu', 0):.2f} cores (hepbox) / {x.get('get_small_cpu', 0):.2f} (Apache). "
             f"hepbox CPU use (cores): PROPFIND {h.get('propfind_server_cpu', 0):.2f}, small PUT "
             f"{h.get('put_small_server_cpu', 0):.2f}, small GET {h.get('get_small_server_cpu', 0):.2f}.")
    print(table)
    print(notes)
    if a.md:
        meta = a.meta or ""
        with open(a.md, "w") as f:
            f.write(f"# WebDAV benchmark: hepbox vs Apache 2 mod_dav\n\n{meta}\n\n{table}\n{notes}\n")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--name", required=True)
    r.add_argument("--url", required=True)
    r.add_argument("--user")
    r.add_argument("--password")
    r.add_argument("--pid", type=int)
    r.add_argument("--out", required=True)
    r.add_argument("--clients", type=int, default=16)
    r.add_argument("--procs", type=int, default=2)
    r.add_argument("--propfind-repeat", type=int, default=25)
    r.add_argument("--big-mib", type=int, default=1024)
    q = sub.add_parser("report")
    q.add_argument("hepbox")
    q.add_argument("apache")
    q.add_argument("--md")
    q.add_argument("--meta")
    q.add_argument("--disk-mbs", type=float, help="durable sequential write speed of the data disk, for reference")
    a = p.parse_args()
    {"run": cmd_run, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
