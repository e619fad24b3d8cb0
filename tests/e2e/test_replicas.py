#!/usr/bin/env python3
"""Replicas: 3 storage nodes, R = 2, 200 files (some several blocks). With the server stopped, one node directory
is deleted and one byte of a replica on another node flipped. Every file still downloads byte-identical (whole and
ranges); fsck exits 1 naming the missing and the corrupt replicas; fsck --repair restores 2 good replicas of every
blob on distinct nodes (checked on disk against the blob records) and then fsck is clean; finally a different node
is deleted and every file still downloads byte-identical."""
import os
import random
import shutil
import sqlite3
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import Client, Server, check, log, problem_lines, run_test, sha1, tempdir  # noqa: E402

COUNT = 200
MiB = 1 << 20
rng = random.Random(20261124)


def sizes() -> list[int]:
    out = []
    for i in range(COUNT):
        if i % 20 == 0:
            out.append(rng.randrange(2 * MiB, 4 * MiB))      # 3–4 blocks
        elif i % 10 == 5:
            out.append(rng.randrange(MiB + 1, 2 * MiB))       # 2 blocks
        elif i % 7 == 0:
            out.append(rng.choice([0, 1, 4095, 4096, MiB, MiB - 1]))   # edges
        else:
            out.append(rng.randrange(1, 200_000))
    return out


def name(i: int) -> str:
    return f"rep/d{i % 4}/file-{i:03d}.bin"


def download_all(server: Server, contents: list[bytes], what: str) -> None:
    local = threading.local()

    def one(i: int):
        if not hasattr(local, "c"):
            local.c = Client(server)
        status, _, body = local.c.get(name(i))
        check(status == 200, f"{what}: GET {name(i)} answered {status}")
        check(body == contents[i], f"{what}: {name(i)} differs (got {len(body)} bytes, sha1 {sha1(body)}, "
                                   f"expected {len(contents[i])}, {sha1(contents[i])})")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(COUNT)))
    log(f"{what}: all {COUNT} files byte-identical")


def node_blob_files(node: str) -> dict[str, str]:
    """blob id → path of its replica file on this node."""
    out = {}
    for shard_dir, _, files in os.walk(os.path.join(node, "blobs")):
        for f in files:
            out[f] = os.path.join(shard_dir, f)
    return out


def file_sha1(path: str) -> str:
    with open(path, "rb") as f:
        return sha1(f.read())


def blob_records(data_dir: str) -> dict[str, str]:
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'metadata.sqlite')}?mode=ro", uri=True)
    try:
        return {bid: s.lower() for bid, s in db.execute("SELECT id, sha1 FROM blobs")}
    finally:
        db.close()


def main():
    data = tempdir("replicas")
    nodes = [os.path.join(data, f"node{i}") for i in range(3)]
    server = Server(data, nodes=nodes, replicas=2).start()
    contents = [os.urandom(n) for n in sizes()]
    c = Client(server)
    for d in ("rep/", "rep/d0/", "rep/d1/", "rep/d2/", "rep/d3/"):
        check(c.mkcol(d)[0] == 201, f"MKCOL {d} failed")
    local = threading.local()

    def up(i: int):
        if not hasattr(local, "c"):
            local.c = Client(server)
        status = local.c.put(name(i), contents[i])[0]
        check(status == 201, f"PUT {name(i)} answered {status}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(up, range(COUNT)))
    log(f"uploaded {COUNT} files, {sum(map(len, contents)) / MiB:.1f} MiB, "
        f"{sum(len(x) > MiB for x in contents)} of them over 1 MiB")
    check(server.stop() == 0, "hepbox did not exit 0 on SIGTERM")

    records = blob_records(data)
    per_node = [node_blob_files(n) for n in nodes]
    log(f"{len(records)} blobs; replica files per node: {[len(p) for p in per_node]}")
    check(sum(len(p) for p in per_node) == 2 * len(records), "not exactly 2 replica files per blob after upload")

    # Damage: one node disappears; one byte of a multi-block replica on another node flips. The flipped blob's
    # twin lives on the third node, which stays, so the data remains recoverable. The flip is in the second block,
    # so a range request has to cross it.
    victim_i = next(i for i in range(COUNT) if len(contents[i]) > 2 * MiB)
    victim_blob = _blob_of(records, contents[victim_i])
    check(victim_blob is not None, f"no blob record has the SHA1 of {name(victim_i)}")
    holders = [k for k in range(3) if victim_blob in per_node[k]]
    check(len(holders) == 2, f"blob {victim_blob} is on nodes {holders}")
    keep, flipped = holders
    deleted = ({0, 1, 2} - set(holders)).pop()
    flip_at = MiB + 12345
    shutil.rmtree(nodes[deleted])
    with open(per_node[flipped][victim_blob], "r+b") as f:
        f.seek(flip_at)
        b = f.read(1)
        f.seek(flip_at)
        f.write(bytes([b[0] ^ 0x01]))
    log(f"deleted node{deleted}; flipped byte {flip_at} of blob {victim_blob} ({name(victim_i)}) on node{flipped}")

    server.start()
    download_all(server, contents, "after damage")
    c = Client(server)
    big = [i for i in range(COUNT) if len(contents[i]) > 2 * MiB][:4]
    for i in [victim_i] + big:
        body = contents[i]
        for lo, hi in ((0, 0), (MiB - 10, MiB + 20000), (flip_at - 5, flip_at + 5), (100, len(body) - 100)):
            status, headers, part = c.get(name(i), {"Range": f"bytes={lo}-{hi}"})
            check(status == 206, f"GET {name(i)} Range bytes={lo}-{hi} answered {status}")
            check(part == body[lo:hi + 1], f"GET {name(i)} Range bytes={lo}-{hi}: wrong bytes")
            check(headers.get("content-range") == f"bytes {lo}-{hi}/{len(body)}",
                  f"Content-Range {headers.get('content-range')!r} for bytes={lo}-{hi}")
        status, _, part = c.get(name(i), {"Range": "bytes=-1000"})
        check(status == 206 and part == body[-1000:], f"suffix range of {name(i)}: {status}")
    log(f"range requests on {1 + len(big)} multi-block files are byte-identical")

    rc, out = server.fsck()
    problems = problem_lines(out)
    missing = [p for p in problems if "missing" in p]
    corrupt = [p for p in problems if "corrupt" in p]
    log(f"fsck: exit {rc}, {len(problems)} problems, {len(missing)} missing, {len(corrupt)} corrupt")
    check(rc == 1, f"fsck exit {rc} after the damage, expected 1:\n{out[-3000:]}")
    check(len(missing) == len(per_node[deleted]),
          f"fsck reports {len(missing)} missing replicas, node{deleted} held {len(per_node[deleted])}")
    check(any(victim_blob in p for p in corrupt), f"fsck does not report the corrupt replica of {victim_blob}:\n"
                                                  + "\n".join(corrupt or problems[:10]))
    rc, out = server.fsck(repair=True)
    check(rc in (0, 1), f"fsck --repair exited {rc}:\n{out[-3000:]}")
    rc, out = server.fsck()
    check(rc == 0, f"fsck after --repair exits {rc}:\n{out[-3000:]}")
    check(server.stop() == 0, "hepbox did not exit 0 on SIGTERM")

    # Every blob: exactly 2 good replica files, on distinct nodes; nothing else on the nodes.
    records = blob_records(data)
    per_node = [node_blob_files(n) for n in nodes]
    log(f"after repair: {len(records)} blobs; replica files per node: {[len(p) for p in per_node]}")
    for bid, want in records.items():
        holders = [k for k in range(3) if bid in per_node[k]]
        check(len(holders) == 2, f"blob {bid} has replica files on nodes {holders}, expected 2")
        for k in holders:
            check(file_sha1(per_node[k][bid]) == want, f"blob {bid} on node{k} is not good after repair")
    extra = [(k, b) for k in range(3) for b in per_node[k] if b not in records]
    check(not extra, f"replica files without a blob record: {extra[:5]}")

    # Prove it through the server: delete a different node (the one that kept the good twin of the flipped replica).
    shutil.rmtree(nodes[keep])
    log(f"deleted node{keep}")
    server.start()
    download_all(server, contents, f"after deleting node{keep}")
    server.stop()


def _blob_of(records: dict[str, str], body: bytes) -> str | None:
    h = sha1(body)
    return next((b for b, s in records.items() if s == h), None)


if __name__ == "__main__":
    run_test(main)
