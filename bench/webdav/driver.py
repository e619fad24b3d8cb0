#!/usr/bin/env python3
"""WebDAV benchmark driver: the same raw HTTP/1.1 keep-alive client against any WebDAV server.

  driver.py compare --hepbox-url http://127.0.0.1:P/remote.php/dav/files/admin/ --user U --password PW --pid PID
                    --apache-url http://127.0.0.1:Q/dav/ [--rounds 3] [--disk-dir DIR] [--md results.md]

Phases: PROPFIND Depth 1 of a 1000-file folder (repeated), PUT and GET of 2000 4-KiB files with 16 concurrent
clients, PUT and GET of one 1 GiB file (with hepbox's peak RSS sampled during the upload), ranged GETs of that file
as uproot reads a ROOT file (multi-range requests; small ranges walking the file). Each phase runs on both
servers back to back, for several rounds, so that both see the same state of the machine.
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
import subprocess
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
    """utime + stime of a process and its live children (Apache's workers are children of its parent process;
    0 without a pid)."""
    if not pid:
        return 0.0
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Target:
    """One server under test: where it listens, how to authenticate, its pid (for CPU and RSS) and its results."""

    def __init__(self, name: str, url: str, user: str | None, password: str | None, pid: int | None):
        self.name, self.pid = name, pid
        self.host, self.port, self.base = parse_url(url)
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() if user else None
        self.root = self.base + "bench/"
        self.rounds: list[dict] = []

    def conn(self) -> Conn:
        return Conn(self.host, self.port, self.auth)

    def parallel(self, jobs, clients, procs, expect):
        return run_parallel(self.host, self.port, self.auth, jobs, clients, procs, expect)

    def mkcol(self, c: Conn, path: str):
        s, _, _ = c.request("MKCOL", path)
        if s not in (201, 405):
            raise SystemExit(f"[{self.name}] MKCOL {path}: {s}")


PROPFIND_BODY = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/>'
                 b'<d:getetag/><d:getlastmodified/></d:prop></d:propfind>')
PROPFIND_HEADERS = "Depth: 1\r\nContent-Type: application/xml\r\n"


def setup(t: Target, a):
    """The 1000-file folder that PROPFIND lists (once per server)."""
    c = t.conn()
    for p in (t.root, t.root + "pf/"):
        t.mkcol(c, p)
    jobs = [("PUT", f"{t.root}pf/file-{i:04d}.txt", os.urandom(100), "") for i in range(1000)]
    t.parallel(jobs, a.clients, a.procs, (201, 204))
    s, n, data = c.request("PROPFIND", t.root + "pf/", PROPFIND_BODY, PROPFIND_HEADERS, True)
    responses = data.lower().count(b"</d:response>")
    assert s == 207 and responses == 1001, f"[{t.name}] PROPFIND of the 1000-file folder: {s}, {responses} responses"
    print(f"[{t.name}] the PROPFIND answer lists 1000 files in {n / 1024:.0f} KiB", flush=True)
    c.close()


def phase_propfind(t: Target, a, r: int) -> dict:
    c = t.conn()
    single = []
    for _ in range(a.propfind_repeat):           # one client: latency
        t0 = time.perf_counter()
        s, _, _ = c.request("PROPFIND", t.root + "pf/", PROPFIND_BODY, PROPFIND_HEADERS)
        single.append(time.perf_counter() - t0)
        assert s == 207
    c.close()
    jobs = [("PROPFIND", t.root + "pf/", PROPFIND_BODY, PROPFIND_HEADERS)] * (a.propfind_repeat * 4)
    s0 = cpu_seconds(t.pid)
    dt, cpu = t.parallel(jobs, 4, min(a.procs, 4), (207,))
    scpu = cpu_seconds(t.pid) - s0
    return {"propfind_ms_median": statistics.median(single) * 1000, "propfind_rps": len(jobs) / dt,
            "propfind_server_cpu": scpu / dt, "propfind_server_ms": scpu / len(jobs) * 1000}


def phase_small(t: Target, a, r: int) -> dict:
    """2000 new 4-KiB files in a folder of this round, a second pass overwriting them, then GETs (median of 3)."""
    c = t.conn()
    folder = f"{t.root}r{r}/"
    t.mkcol(c, folder)
    small = [os.urandom(4096) for _ in range(2000)]
    jobs = [("PUT", f"{folder}f-{i:04d}.bin", small[i], "") for i in range(2000)]
    out = {}
    s0 = cpu_seconds(t.pid)
    dt, cpu = t.parallel(jobs, a.clients, a.procs, (201, 204))
    out["put_small_rps"], out["put_small_cpu"] = 2000 / dt, cpu / dt
    scpu = cpu_seconds(t.pid) - s0
    out["put_small_server_cpu"], out["put_small_server_ms"] = scpu / dt, scpu / 2000 * 1000
    dt, _ = t.parallel(jobs, a.clients, a.procs, (201, 204))
    out["put_small_over_rps"] = 2000 / dt
    s, n, data = c.request("GET", f"{folder}f-0007.bin", keep_body=True)
    assert s == 200 and data == small[7], f"[{t.name}] GET returned {s}, {n} bytes"
    c.close()
    gets = []
    jobs = [("GET", f"{folder}f-{i:04d}.bin", b"", "") for i in range(2000)]
    for _ in range(3):
        s0 = cpu_seconds(t.pid)
        dt, cpu = t.parallel(jobs, a.clients, a.procs, (200,))
        gets.append((dt, cpu, cpu_seconds(t.pid) - s0))
    dt, cpu, scpu = sorted(gets)[1]
    out["get_small_rps"], out["get_small_cpu"], out["get_small_server_cpu"] = 2000 / dt, cpu / dt, scpu / dt
    out["get_small_server_ms"] = scpu / 2000 * 1000
    # The HTTP floor: OPTIONS touches no file and no metadata, so its cost is the server's HTTP stack.
    jobs = [("OPTIONS", f"{folder}f-{i:04d}.bin", b"", "") for i in range(2000)]
    s0 = cpu_seconds(t.pid)
    t.parallel(jobs, a.clients, a.procs, (200,))
    out["options_server_ms"] = (cpu_seconds(t.pid) - s0) / 2000 * 1000
    return out


def phase_big(t: Target, a, r: int) -> dict:
    """One big file up (with the server's peak RSS sampled when its pid is known) and down again."""
    chunk = os.urandom(16 * MiB)
    repeat = a.big_mib // 16
    size = len(chunk) * repeat
    out = {"big_bytes": size}
    sampler = None
    if t.pid:
        try:
            with open(f"/proc/{t.pid}/clear_refs", "w") as f:
                f.write("5")                     # resets VmHWM, so it measures this upload only
        except OSError:
            pass
        sampler = RSSSampler(t.pid)
        sampler.start()
    big = t.conn()
    path = f"{t.root}big-{r}.bin"
    t0 = time.perf_counter()
    s, _, _ = big.request("PUT", path, body_chunks=(chunk, repeat))
    dt_put = time.perf_counter() - t0
    assert s in (201, 204), f"[{t.name}] PUT {size >> 20} MiB: {s}"
    if sampler:
        sampler.stop.set()
        sampler.join()
        out["rss_peak_mib"] = max(sampler.peak, status_kib(t.pid, "VmHWM")) / 1024
    t0 = time.perf_counter()
    s, n, _ = big.request("GET", path)
    dt_get = time.perf_counter() - t0
    assert s == 200 and n == size, f"[{t.name}] GET {size >> 20} MiB: {s}, {n} bytes"
    big.close()
    out["put_big_mbs"], out["get_big_mbs"] = size / dt_put / 1e6, size / dt_get / 1e6
    return out


def disk_probe(directory: str) -> float:
    """MB/s of 1 GiB written with O_DIRECT and fsynced next to the servers' data (what a durable upload can reach)."""
    path = os.path.join(directory, "disk-probe.bin")
    try:
        t0 = time.perf_counter()
        subprocess.run(["dd", "if=/dev/zero", f"of={path}", "bs=4M", "count=256", "oflag=direct", "conv=fsync"],
                       check=True, capture_output=True)
        return (1 << 30) / (time.perf_counter() - t0) / 1e6
    finally:
        if os.path.exists(path):
            os.unlink(path)


def phase_ranges(t: Target, a, r: int) -> dict:
    """Ranged reads of the big file the way uproot (and `hepbox analyze` over HTTP) read a ROOT file's baskets:
    multi-range requests (50 ranges of 4 KiB, 16 KiB apart, each request in another MiB of the file, 4 clients),
    then single 12 KiB ranges walking the file basket by basket (16 clients, each in its own part of the file)."""
    path = f"{t.root}big-{r}.bin"
    size = (a.big_mib // 16) * 16 * MiB
    c = t.conn()
    first = ",".join(f"{i * 16384}-{i * 16384 + 4095}" for i in range(50))
    s, n, data = c.request("GET", path, headers=f"Range: bytes={first}\r\n", keep_body=True)
    parts = data.lower().count(b"content-range: bytes ")  # Apache writes "Content-range"
    assert s == 206 and parts == 50, f"[{t.name}] multi-range GET: {s}, {n} bytes, {parts} parts"
    c.close()
    out = {}
    jobs = []
    for k in range(400):
        base = (k * 7 % (size // MiB - 1)) * MiB
        ranges = ",".join(f"{base + i * 16384}-{base + i * 16384 + 4095}" for i in range(50))
        jobs.append(("GET", path, b"", f"Range: bytes={ranges}\r\n"))
    s0 = cpu_seconds(t.pid)
    dt, _ = t.parallel(jobs, 4, a.procs, (206,))
    out["multirange_rps"], out["multirange_server_ms"] = len(jobs) / dt, (cpu_seconds(t.pid) - s0) / len(jobs) * 1000
    per_client = 500
    region = size // 16
    jobs = []
    for step in range(per_client):
        for client in range(16):
            start = client * region + step * 16384
            jobs.append(("GET", path, b"", f"Range: bytes={start}-{start + 12287}\r\n"))
    s0 = cpu_seconds(t.pid)
    dt, _ = t.parallel(jobs, 16, a.procs, (206,))
    out["range_walk_rps"], out["range_walk_server_ms"] = len(jobs) / dt, (cpu_seconds(t.pid) - s0) / len(jobs) * 1000
    return out


PHASES = [phase_propfind, phase_small, phase_big, phase_ranges]


def cmd_compare(a):
    """Both servers phase by phase, in alternating order, for several rounds; everything written is flushed to disk
    between two measurements, so neither server pays for the other's write-back."""
    hepbox = Target("hepbox", a.hepbox_url, a.user, a.password, a.pid)
    apache = Target("apache", a.apache_url, None, None, a.apache_pid)
    for t in (hepbox, apache):
        setup(t, a)
    disk = []
    for r in range(1, a.rounds + 1):
        order = (hepbox, apache) if r % 2 else (apache, hepbox)
        for t in order:
            t.rounds.append({})
        for phase in PHASES:
            for t in order:
                os.sync()
                t.rounds[-1].update(phase(t, a, r))
        os.sync()
        if a.disk_dir:
            disk.append(disk_probe(a.disk_dir))
        h, x = hepbox.rounds[-1], apache.rounds[-1]
        print(f"round {r}/{a.rounds} ({order[0].name} first): " + "; ".join(
            f"{key} {h[key]:,.{1 if unit == 'ms' else 0}f}/{x[key]:,.{1 if unit == 'ms' else 0}f}"
            for _, key, unit in ROWS) + (f"; disk {disk[-1]:.0f} MB/s" if disk else ""),
            flush=True)
    report(hepbox, apache, disk, a)


ROWS = [
    ("PROPFIND Depth 1, 1000 files (4 clients)", "propfind_rps", "req/s"),
    ("PROPFIND Depth 1, 1000 files (1 client, median)", "propfind_ms_median", "ms"),
    ("PUT 2000 × 4 KiB, 16 clients (new files)", "put_small_rps", "req/s"),
    ("PUT 2000 × 4 KiB, 16 clients (overwrite)", "put_small_over_rps", "req/s"),
    ("GET 2000 × 4 KiB, 16 clients", "get_small_rps", "req/s"),
    ("PUT {big}, 1 client", "put_big_mbs", "MB/s"),
    ("GET {big}, 1 client", "get_big_mbs", "MB/s"),
    ("GET of {big} in ranges: 50 × 4 KiB per request (uproot's multi-range reads), 4 clients", "multirange_rps", "req/s"),
    ("GET of {big} in ranges: 12 KiB ranges walking the file, 16 clients", "range_walk_rps", "req/s"),
]


CPU_ROWS = [
    ("PROPFIND Depth 1, 1000 files", "propfind_server_ms"),
    ("PUT 4 KiB (new files)", "put_small_server_ms"),
    ("GET 4 KiB", "get_small_server_ms"),
    ("GET of 50 ranges × 4 KiB", "multirange_server_ms"),
    ("GET of a 12 KiB range", "range_walk_server_ms"),
    ("OPTIONS of a file (no file or metadata access: the HTTP stack, and for hepbox the credentials)", "options_server_ms"),
]


def report(h: Target, x: Target, disk: list[float], a):
    """Medians over the rounds; the ratio is the median of the rounds' ratios (each from adjacent measurements)."""
    med = statistics.median
    lines = ["| measurement | hepbox | Apache mod_dav | hepbox/Apache | ratio per round |",
             "|---|---:|---:|---:|---|"]
    big = h.rounds[0].get("big_bytes", 1 << 30)
    big = f"{big >> 30} GiB" if big >= 1 << 30 else f"{big >> 20} MiB"
    for label, key, unit in ROWS:
        hv, av = med(r[key] for r in h.rounds), med(r[key] for r in x.rounds)
        # > 1 means hepbox is better, for every row (for the latency row the ratio is Apache/hepbox)
        ratios = [(xr[key] / hr[key]) if unit == "ms" else (hr[key] / xr[key]) for hr, xr in zip(h.rounds, x.rounds)]
        if key.endswith("_rps") and "small" in key:
            hs, as_ = (f"{v:,.0f} req/s ({v * 4096 / 1e6:.1f} MB/s)" for v in (hv, av))
        else:
            fmt = "{:,.1f}" if unit == "ms" or hv < 100 else "{:,.0f}"
            hs, as_ = fmt.format(hv) + f" {unit}", fmt.format(av) + f" {unit}"
        lines.append(f"| {label.format(big=big)} | {hs} | {as_} | {med(ratios):.2f}× | "
                     + ", ".join(f"{q:.2f}" for q in ratios) + " |")
    if "rss_peak_mib" in h.rounds[0]:
        lines.append(f"| hepbox peak RSS during the {big} upload (highest round) | "
                     f"{max(r['rss_peak_mib'] for r in h.rounds):.0f} MiB | | | |")
    if disk:
        lines.append(f"| the disk itself: 1 GiB written with O_DIRECT + fsync (dd, after each round) | "
                     f"{med(disk):,.0f} MB/s | | | " + ", ".join(f"{d:.0f}" for d in disk) + " |")
    cpu_rows = [(label, key) for label, key in CPU_ROWS if all(key in r for r in h.rounds + x.rounds)]
    if cpu_rows and all(r[cpu_rows[0][1]] > 0 for r in x.rounds):
        lines += ["", "| server CPU per request (all its threads and processes) | hepbox | Apache mod_dav | "
                      "Apache/hepbox | ratio per round |", "|---|---:|---:|---:|---|"]
        for label, key in cpu_rows:
            ratios = [xr[key] / hr[key] for hr, xr in zip(h.rounds, x.rounds) if hr[key] > 0]
            lines.append(f"| {label} | {med(r[key] for r in h.rounds):.3f} ms | {med(r[key] for r in x.rounds):.3f} ms"
                         f" | {med(ratios):.2f}× | " + ", ".join(f"{q:.2f}" for q in ratios) + " |")
    table = "\n".join(lines)
    notes = (f"\n{len(h.rounds)} rounds; in each, every phase runs on both servers back to back (hepbox first in odd "
             f"rounds, Apache first in even ones) after a `sync`, so neither pays for the other's write-back. Figures "
             f"are medians over the rounds; the ratio is the median of the per-round ratios, and > 1 means hepbox is "
             f"faster (for the latency row it is Apache/hepbox). Client: {a.clients} keep-alive connections over "
             f"{a.procs} processes; client CPU during small GETs "
             f"{med(r['get_small_cpu'] for r in h.rounds):.2f} cores (hepbox) / "
             f"{med(r['get_small_cpu'] for r in x.rounds):.2f} (Apache). hepbox CPU use (cores): PROPFIND "
             f"{med(r['propfind_server_cpu'] for r in h.rounds):.2f}, small PUT "
             f"{med(r['put_small_server_cpu'] for r in h.rounds):.2f}, small GET "
             f"{med(r['get_small_server_cpu'] for r in h.rounds):.2f}.")
    print(table)
    print(notes)
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"hepbox": h.rounds, "apache": x.rounds, "disk_mbs": disk}, f, indent=1)
    if a.md:
        # The latest run replaces only the top of the file: the sessions' notes below its first `## ` stay.
        kept = ""
        if os.path.exists(a.md):
            with open(a.md) as f:
                old = f.read()
            cut = old.find("\n## ")
            kept = old[cut:] if cut >= 0 else ""
        with open(a.md, "w") as f:
            f.write(f"# WebDAV benchmark: hepbox vs Apache 2 mod_dav\n\n{a.meta or ''}\n\n{table}\n{notes}\n{kept}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)  # one command today; the name keeps room for others
    r = sub.add_parser("compare")
    r.add_argument("--hepbox-url", required=True)
    r.add_argument("--user")
    r.add_argument("--password")
    r.add_argument("--pid", type=int, help="hepbox's pid: its CPU use and peak RSS")
    r.add_argument("--apache-url", required=True)
    r.add_argument("--apache-pid", type=int, help="Apache's parent process: its and its workers' CPU use")
    r.add_argument("--rounds", type=int, default=3)
    r.add_argument("--clients", type=int, default=16)
    r.add_argument("--procs", type=int, default=2)
    r.add_argument("--propfind-repeat", type=int, default=25)
    r.add_argument("--big-mib", type=int, default=1024)
    r.add_argument("--disk-dir", help="where to measure the disk's durable write speed after each round")
    r.add_argument("--out", help="every round's figures as JSON")
    r.add_argument("--md", help="the table as Markdown")
    r.add_argument("--meta", help="a line about the run, above the table")
    a = p.parse_args()
    cmd_compare(a)


if __name__ == "__main__":
    main()
