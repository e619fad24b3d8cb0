#!/usr/bin/env python3
"""Concurrency: 50 clients PUT/GET/PROPFIND/MOVE/DELETE in parallel for 30 s (bounded loops, loopback only).
Each client works in its own folder under one shared parent (so every commit contends on the common ancestors'
sizes and etags), checks every answer as it goes and remembers what it wrote. No 5xx, no unexpected status; at
the end every expected file exists with its content, nothing unexpected exists, and fsck is clean."""
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import Client, Server, check, log, run_test, sha1, tempdir  # noqa: E402

CLIENTS = 50
SECONDS = float(os.environ.get("HEPBOX_CONCURRENCY_SECONDS", "30"))
MAX_OPS = 20000            # per client: the loop is bounded even if the clock misbehaves


class Worker(threading.Thread):
    def __init__(self, server: Server, n: int, deadline: float):
        super().__init__(daemon=True)
        self.server, self.n, self.deadline = server, n, deadline
        self.rng = random.Random(n)
        self.files: dict[str, bytes] = {}     # path → expected content
        self.errors: list[str] = []
        self.ops: dict[str, int] = {}
        self.counter = 0
        self.root = f"conc/c{self.n:02d}/"

    def fail(self, msg: str):
        self.errors.append(msg)

    def new_name(self) -> str:
        self.counter += 1
        sub = self.rng.choice(["", "sub/"])
        return f"{self.root}{sub}f{self.counter:05d}.bin"

    def payload(self) -> bytes:
        size = self.rng.choice([0, 1, 100, 4096, 20_000, 65_536]) if self.rng.random() < 0.9 else 300_000
        return os.urandom(size)

    def expect(self, op: str, path: str, status: int, allowed: tuple, body: bytes = b""):
        self.ops[op] = self.ops.get(op, 0) + 1
        if status not in allowed:
            self.fail(f"{op} {path} answered {status} (expected {allowed}): {body[:200]!r}")
            return False
        return True

    def run(self):
        c = Client(self.server)
        try:
            for d in (self.root, self.root + "sub/"):
                s, _, b = c.mkcol(d)
                self.expect("MKCOL", d, s, (201,), b)
            for _ in range(MAX_OPS):
                if time.time() >= self.deadline or len(self.errors) > 5:
                    break
                self.step(c)
        except Exception as e:
            self.fail(f"client {self.n}: {type(e).__name__}: {e}")
        finally:
            c.close()

    def step(self, c: Client):
        r = self.rng.random()
        paths = list(self.files)
        if r < 0.30 or not paths:                       # PUT a new file
            path, data = self.new_name(), self.payload()
            s, _, b = c.put(path, data)
            if self.expect("PUT-new", path, s, (201,), b):
                self.files[path] = data
        elif r < 0.42:                                   # overwrite
            path, data = self.rng.choice(paths), self.payload()
            s, _, b = c.put(path, data)
            if self.expect("PUT-over", path, s, (204, 200), b):
                self.files[path] = data
        elif r < 0.67:                                   # GET and compare
            path = self.rng.choice(paths)
            s, _, b = c.get(path)
            if self.expect("GET", path, s, (200,), b) and b != self.files[path]:
                self.fail(f"GET {path}: {len(b)} bytes sha1 {sha1(b)}, expected {len(self.files[path])} bytes "
                          f"sha1 {sha1(self.files[path])}")
        elif r < 0.80:                                   # PROPFIND my folder (or the shared parent)
            folder = self.rng.choice([self.root, self.root + "sub/", "conc/"])
            s, _, b = c.propfind(folder, "1")
            if self.expect("PROPFIND", folder, s, (207,), b) and folder != "conc/":
                from hepbox import parse_multistatus
                listed = {h for h, i in parse_multistatus(b).items() if not i["collection"]}
                want = {self.server.dav_path(path=p) for p in self.files
                        if p.rsplit("/", 1)[0] + "/" == folder}
                if listed != want:
                    self.fail(f"PROPFIND {folder}: listed {len(listed)} files, expected {len(want)}; "
                              f"missing {sorted(want - listed)[:3]}, unexpected {sorted(listed - want)[:3]}")
        elif r < 0.95:                                   # MOVE (rename, sometimes onto an existing file)
            src = self.rng.choice(paths)
            if self.rng.random() < 0.3 and len(paths) > 1:
                dst = self.rng.choice([p for p in paths if p != src])
                s, _, b = c.move(src, dst, overwrite=True)
                ok = self.expect("MOVE-over", f"{src} → {dst}", s, (204,), b)
            else:
                dst = self.new_name()
                s, _, b = c.move(src, dst)
                ok = self.expect("MOVE", f"{src} → {dst}", s, (201,), b)
            if ok:
                self.files[dst] = self.files.pop(src)
        else:                                            # DELETE
            path = self.rng.choice(paths)
            s, _, b = c.delete(path)
            if self.expect("DELETE", path, s, (204,), b):
                del self.files[path]


def main():
    data = tempdir("concurrency")
    server = Server(data).start()
    c = Client(server)
    check(c.mkcol("conc/")[0] == 201, "MKCOL conc/ failed")
    deadline = time.time() + SECONDS
    workers = [Worker(server, n, deadline) for n in range(CLIENTS)]
    t0 = time.time()
    for w in workers:
        w.start()
    for w in workers:
        w.join(SECONDS + 120)
    hung = [w.n for w in workers if w.is_alive()]
    check(not hung, f"clients still running 120 s after the deadline: {hung}")
    ops: dict[str, int] = {}
    for w in workers:
        for k, v in w.ops.items():
            ops[k] = ops.get(k, 0) + v
    total = sum(ops.values())
    log(f"{CLIENTS} clients, {time.time() - t0:.1f}s: {total} requests ({total / (time.time() - t0):.0f}/s): "
        + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())))
    errors = [e for w in workers for e in w.errors]
    check(not errors, f"{len(errors)} errors during the run, e.g.:\n" + "\n".join(errors[:15]))

    # Final state: exactly the expected files with the expected bytes.
    expected = {server.dav_path(path=p): d for w in workers for p, d in w.files.items()}
    found: dict[str, dict] = {}
    for w in workers:
        for folder in (w.root, w.root + "sub/"):
            for href, info in c.listing(folder).items():
                if not info["collection"]:
                    found[href] = info
    top = c.listing("conc/")
    check(sorted(h for h in top if h != server.dav_path(path="conc/")) ==
          sorted(server.dav_path(path=w.root) for w in workers), "conc/ holds something besides the 50 folders")
    missing = sorted(set(expected) - set(found))
    unexpected = sorted(set(found) - set(expected))
    check(not missing, f"{len(missing)} files lost, e.g. {missing[:5]}")
    check(not unexpected, f"{len(unexpected)} unexpected files, e.g. {unexpected[:5]}")
    for href, data_ in expected.items():
        check(found[href]["size"] == len(data_), f"{href}: PROPFIND size {found[href]['size']} != {len(data_)}")
        s, _, b = c.request("GET", href, raw_path=True)
        check(s == 200 and b == data_, f"GET {href}: status {s}, {len(b)} bytes, expected {len(data_)}")
    log(f"final state: {len(expected)} files, all present with the expected content, nothing unexpected")
    c.close()
    rc, out = server.fsck()
    check(rc == 0, f"fsck (server running) exits {rc}:\n{out[-3000:]}")
    check(server.stop() == 0, "hepbox did not exit 0 on SIGTERM")
    rc, out = server.fsck()
    check(rc == 0, f"fsck (server stopped) exits {rc}:\n{out[-3000:]}")


if __name__ == "__main__":
    run_test(main)
