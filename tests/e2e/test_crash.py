#!/usr/bin/env python3
"""Crash safety: SIGKILL hepbox while 20 uploads overwrite existing files, at three different moments.
After each restart every file is exactly its complete old or complete new content (SHA1), an upload that was
acknowledged before the kill is the new content, PROPFIND sizes/checksums match the bytes, fsck finds nothing but
orphans, and fsck --repair leaves it clean (and the storage node holds exactly the live blobs)."""
import http.client
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import (Client, Server, basic_auth, check, check_props, log, problem_lines, run_test, sha1,  # noqa: E402
                    tempdir)

FILES = 20
SIZE = 3 * 1024 * 1024
CHUNK = 64 * 1024
# (kill after seconds, upload durations spread over [lo, hi] seconds): early in the bodies, in the middle
# (some finished and acknowledged, some not), and around the end of the bodies (commits in flight).
ROUNDS = [(0.5, 2.0, 4.0), (2.0, 1.0, 3.5), (2.6, 2.0, 3.0)]


def slow_put(port: int, path: str, data: bytes, duration: float, results: list, i: int, sent: list) -> None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.putrequest("PUT", path, skip_accept_encoding=True)
        conn.putheader("Authorization", basic_auth())
        conn.putheader("Content-Length", str(len(data)))
        conn.putheader("Content-Type", "application/octet-stream")
        conn.endheaders()
        chunks = (len(data) + CHUNK - 1) // CHUNK
        pause = duration / chunks
        for c in range(chunks):
            conn.send(data[c * CHUNK:(c + 1) * CHUNK])
            time.sleep(pause)
        sent[i] = True
        resp = conn.getresponse()
        resp.read()
        results[i] = resp.status
        conn.close()
    except Exception as e:  # the kill: connection reset / refused
        results[i] = f"{type(e).__name__}"


def verify(server: Server, current: list[bytes], new: list[bytes] | None, acked: list[bool]) -> list[bytes]:
    """Every file is old or new (new if acknowledged); PROPFIND agrees with the bytes. Returns the state."""
    client = Client(server)
    listing = client.listing("crash/")
    state, counts = [], {"old": 0, "new": 0}
    for i in range(FILES):
        name = f"crash/f{i:02d}.bin"
        status, _, body = client.get(name)
        check(status == 200, f"GET {name} answered {status}")
        h = sha1(body)
        if new is not None and h == sha1(new[i]):
            counts["new"] += 1
        elif h == sha1(current[i]):
            counts["old"] += 1
            check(not acked[i], f"{name}: the upload was acknowledged before the kill but the old content is back")
        else:
            raise AssertionError(f"{name}: content is neither the complete old nor the complete new one "
                                 f"(size {len(body)}, sha1 {h})")
        info = listing.get(server.dav_path(path=name))
        check(info is not None, f"PROPFIND Depth 1 of crash/ does not list {name}")
        check_props(info, body, name)
        state.append(body)
    names = sorted(h for h in listing if not h.endswith("/"))
    check(len(names) == FILES, f"crash/ lists {len(names)} files, expected {FILES}: {names[:5]}…")
    client.close()
    log(f"  contents: {counts['old']} old, {counts['new']} new")
    return state


def fsck_cycle(server: Server, data_dir: str, node: str) -> None:
    rc, out = server.fsck()
    problems = problem_lines(out)
    log(f"  fsck: exit {rc}, {len(problems)} problem(s)" + (f", e.g. {problems[0]}" if problems else ""))
    if rc != 0:
        check(rc == 1 and problems and all("orphan" in p for p in problems),
              f"fsck after the crash reports more than orphans (exit {rc}):\n{out}")
    rc, out = server.fsck(repair=True)
    check(rc in (0, 1), f"fsck --repair exited {rc}:\n{out}")
    rc, out = server.fsck()
    check(rc == 0, f"fsck after fsck --repair exits {rc}:\n{out}")
    # After the repair the node holds exactly the recorded blobs (the live files' and any kept versions').
    blobs = {f for _, _, fs in os.walk(os.path.join(node, "blobs")) for f in fs}
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'metadata.sqlite')}?mode=ro", uri=True)
    try:
        records = {row[0] for row in db.execute("SELECT id FROM blobs")}
    finally:
        db.close()
    temps = os.listdir(os.path.join(node, "tmp")) if os.path.isdir(os.path.join(node, "tmp")) else []
    check(len(records) >= FILES, f"only {len(records)} blob records for {FILES} files")
    check(blobs == records, f"after repair the node holds {len(blobs)} blob files for {len(records)} blob records: "
                            f"{len(blobs - records)} unrecorded, {len(records - blobs)} missing")
    check(not temps, f"after repair the node still has temporaries: {temps[:5]}")


def main():
    data = tempdir("crash")
    node = os.path.join(data, "node")
    server = Server(data, nodes=[node], replicas=1).start()
    client = Client(server)
    check(client.mkcol("crash/")[0] == 201, "MKCOL crash/ failed")
    current = [os.urandom(SIZE) for _ in range(FILES)]
    for i, body in enumerate(current):
        status = client.put(f"crash/f{i:02d}.bin", body)[0]
        check(status == 201, f"initial PUT f{i:02d} answered {status}")
    client.close()
    log(f"created {FILES} files of {SIZE >> 20} MiB")

    for rnd, (kill_at, lo, hi) in enumerate(ROUNDS, 1):
        new = [os.urandom(SIZE) for _ in range(FILES)]
        results: list = [None] * FILES
        sent = [False] * FILES
        threads = []
        for i in range(FILES):
            duration = lo + (hi - lo) * i / (FILES - 1)
            t = threading.Thread(target=slow_put, args=(server.port, server.dav_path(path=f"crash/f{i:02d}.bin"),
                                                        new[i], duration, results, i, sent),
                                 daemon=True)
            threads.append(t)
        t0 = time.time()
        for t in threads:
            t.start()
        time.sleep(max(0.0, kill_at - (time.time() - t0)))
        acked = [r in (200, 201, 204) for r in results]   # answers received before the kill
        body_done = sum(sent) - sum(acked)
        server.kill()
        log(f"round {rnd}: SIGKILL at {time.time() - t0:.2f}s: {sum(acked)} of {FILES} uploads acknowledged, "
            f"{body_done} sent completely but not yet answered, {FILES - sum(sent)} still sending")
        for t in threads:
            t.join(30)
        bad = [r for r in results if isinstance(r, int) and r >= 300]
        check(not bad, f"round {rnd}: some uploads were refused before the kill: {bad}")
        server.start()
        current = verify(server, current, new, acked)
        rc = server.stop()
        check(rc == 0, f"hepbox exited {rc} on SIGTERM")
        fsck_cycle(server, data, node)
        server.start()
    # the last state survives one more clean restart
    verify(server, current, None, [False] * FILES)
    server.stop()


if __name__ == "__main__":
    run_test(main)
