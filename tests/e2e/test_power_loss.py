#!/usr/bin/env python3
"""Power loss: every operation hepbox acknowledged survives a crash of the whole machine, not only of the process.

The data directory lives on an ext4 file system in a loop device. After a burst of acknowledged operations (small,
medium and large uploads, overwrites, a chunked upload, then metadata-only ones: MKCOL, MOVE, DELETE, PROPPATCH) the
server is killed and the loop device's backing file is copied at once: the copy holds every write the file system
had sent to its disk and nothing that was still only in the page cache, i.e. what a disk would hold after the power
went out (a disk that lost writes it had been sent but not told to flush is not modelled). The copy is checked with
e2fsck (as after any power loss), mounted, and a new server on it must show every acknowledged change, byte for
byte, with an fsck that finds nothing but orphans. With a journal (the usual ext4) and without one (this VM's root
file system), right after the first start, and with two storage nodes on disks of their own (R = 2: both replicas
must be there). Needs root (losetup, mount)."""
import concurrent.futures
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import (Client, Server, check, check_props, log, problem_lines, register_mount,  # noqa: E402
                    run_test, sha1, tempdir)

KiB, MiB = 1 << 10, 1 << 20
# name → size: small files go through the grouped syncfs path, medium and large ones are fsynced one by one.
FILES = {**{f"s{i:02d}.bin": 4 * KiB for i in range(24)},
         **{f"m{i:02d}.bin": 256 * KiB for i in range(8)},
         **{f"l{i}.bin": 4 * MiB for i in range(2)}}
PROPPATCH = b"""<?xml version="1.0"?>
<d:propertyupdate xmlns:d="DAV:" xmlns:x="urn:hepbox-test"><d:set><d:prop><x:note>kept</x:note></d:prop></d:set>
</d:propertyupdate>"""
# The window between the first write and the copy must stay well inside the kernel's dirty-page expiry (30 s), or
# write-back would put page-cache-only data on the "disk" and the test could no longer tell.
WINDOW = 20.0


def run(cmd: list[str], ok=(0,)) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, capture_output=True, text=True)
    check(r.returncode in ok, f"{' '.join(cmd)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return r


def mount_image(image: str, mountpoint: str, options: str) -> None:
    os.makedirs(mountpoint, exist_ok=True)
    run(["mount", "-o", f"loop,{options}", image, mountpoint])
    register_mount(mountpoint)


def put_all(server: Server, contents: dict[str, bytes]) -> None:
    """Uploads concurrently (so syncfs rounds and metadata commits are shared); every one must be acknowledged."""
    def one(item):
        name, body = item
        c = Client(server)
        try:
            return name, c.put(f"keep/{name}", body)[0]
        finally:
            c.close()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for name, status in pool.map(one, contents.items()):
            check(status in (201, 204), f"PUT keep/{name} answered {status}")


def acknowledged_burst(server: Server) -> dict[str, bytes]:
    """The operations whose effects must survive; returns what keep/ must then hold."""
    c = Client(server)
    check(c.mkcol("keep/")[0] == 201, "MKCOL keep/")
    expected = {name: os.urandom(size) for name, size in FILES.items()}
    put_all(server, expected)
    overwritten = {name: os.urandom(len(body)) for name, body in expected.items() if name.endswith(("0.bin", "5.bin"))}
    put_all(server, overwritten)
    expected.update(overwritten)
    # A chunked upload as the desktop clients send a large file: the final MOVE assembles it.
    chunked = os.urandom(3 * MiB + 12345)
    upload = f"/remote.php/dav/uploads/{c.user}/power-loss-transfer"
    check(c.request("MKCOL", upload)[0] == 201, "MKCOL of the upload folder")
    for index, offset in enumerate(range(0, len(chunked), MiB), 1):
        status = c.request("PUT", f"{upload}/{index:05d}", chunked[offset:offset + MiB])[0]
        check(status == 201, f"PUT chunk {index} answered {status}")
    status = c.request("MOVE", f"{upload}/.file", headers={"Destination": server.url(path="keep/chunked.bin"),
                                                            "OC-Total-Length": str(len(chunked))})[0]
    check(status in (201, 204), f"MOVE .file answered {status}")
    expected["chunked.bin"] = chunked
    # Metadata-only changes last: nothing after them syncs the file system on their behalf.
    check(c.mkcol("keep/sub/")[0] == 201, "MKCOL keep/sub/")
    check(c.move("keep/s01.bin", "keep/sub/moved.bin")[0] == 201, "MOVE keep/s01.bin")
    expected["sub/moved.bin"] = expected.pop("s01.bin")
    check(c.delete("keep/s02.bin")[0] == 204, "DELETE keep/s02.bin")
    del expected["s02.bin"]
    status = c.request("PROPPATCH", server.dav_path(path="keep/s03.bin"), PROPPATCH,
                       {"Content-Type": "application/xml"})[0]
    check(status == 207, f"PROPPATCH keep/s03.bin answered {status}")
    c.close()
    return expected


def verify(server: Server, expected: dict[str, bytes]) -> None:
    c = Client(server)
    listing = c.listing("keep/", depth="1")
    listed = sorted(h.rsplit("/", 1)[-1] for h in listing if not h.endswith("/"))
    check(listed == sorted(n for n in expected if "/" not in n), f"keep/ lists {listed}")
    check(server.dav_path(path="keep/sub/") in listing, "keep/sub/ (MKCOL) is gone")
    for name, body in expected.items():
        status, _, got = c.get(f"keep/{name}")
        check(status == 200, f"GET keep/{name} answered {status} after the power loss")
        check(sha1(got) == sha1(body), f"keep/{name} is not the acknowledged content ({len(got)} bytes)")
    for info_path, body in ((f"keep/{n}", b) for n, b in expected.items() if "/" not in n):
        check_props(listing[server.dav_path(path=info_path)], body, info_path)
    check(c.get("keep/s01.bin")[0] == 404, "keep/s01.bin is back although it was moved")
    check(c.get("keep/s02.bin")[0] == 404, "keep/s02.bin is back although it was deleted")
    props = c.request("PROPFIND", server.dav_path(path="keep/s03.bin"), b"""<?xml version="1.0"?>
<d:propfind xmlns:d="DAV:" xmlns:x="urn:hepbox-test"><d:prop><x:note/></d:prop></d:propfind>""", {"Depth": "0"})
    check(props[0] == 207 and b">kept</" in props[2], f"the PROPPATCH'ed property is gone: {props[2][:300]!r}")
    c.close()


OC_ID = b"""<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:id/>
</d:prop></d:propfind>"""


def file_id(server: Server, path: str) -> str:
    client = Client(server)
    status, _, body = client.propfind(path, "0", OC_ID)
    client.close()
    check(status == 207, f"PROPFIND {path} answered {status}")
    return body.split(b"<oc:id>")[1].split(b"</oc:id>")[0].decode()


def first_start(server: Server):
    """Right after the very first start: one folder. The database, its directory entry and the instance id (part of
    every oc:id) must be on disk too, or the clients' file ids would change."""
    check(Client(server).mkcol("first/")[0] == 201, "MKCOL first/")
    return file_id(server, "first/")


def verify_first_start(server: Server, expected_id: str) -> None:
    found = file_id(server, "first/")
    check(found == expected_id, f"first/ has oc:id {found} after the power loss, {expected_id} before")


class Disk:
    """An ext4 file system in a loop device: the "disk" is its backing file."""

    def __init__(self, work: str, name: str, mkfs_options: list[str], mount_options: str):
        self.image = os.path.join(work, f"{name}.img")
        self.snapshot = os.path.join(work, f"{name}-after-power-loss.img")
        self.live, self.after = os.path.join(work, f"{name}-live"), os.path.join(work, f"{name}-after")
        with open(self.image, "wb") as f:
            f.truncate(192 * MiB)
        run(["mkfs.ext4", "-q", "-F", *mkfs_options, self.image])
        mount_image(self.image, self.live, mount_options)

    def power_cut(self) -> None:
        run(["cp", "--sparse=always", self.image, self.snapshot])

    def boot(self) -> int:
        """e2fsck (as after any power loss) and mount of what the disk held; returns e2fsck's exit status."""
        status = run(["e2fsck", "-fy", self.snapshot], ok=(0, 1, 2)).returncode
        mount_image(self.snapshot, self.after, "rw")
        return status

    def unmount(self) -> None:
        run(["umount", self.after])
        run(["umount", self.live])


def scenario(label: str, mkfs_options: list[str], mount_options: str, burst=acknowledged_burst, check_after=verify,
             nodes: int = 0) -> None:
    """The data directory on one disk, and each of `nodes` storage nodes (R = 2) on a disk of its own."""
    work = tempdir(f"power-{label}")
    disks = [Disk(work, name, mkfs_options, mount_options) for name in ["data"] + [f"node{i}" for i in range(nodes)]]

    def layout(mounted: str) -> tuple[str, list[str]]:
        return (os.path.join(getattr(disks[0], mounted), "data"),
                [os.path.join(getattr(d, mounted), "node") for d in disks[1:]])
    data, node_dirs = layout("live")
    os.makedirs(data)
    replicas = 2 if nodes else None
    started = time.time()
    server = Server(data, nodes=node_dirs, replicas=replicas).start()
    expected = burst(server)
    server.kill()
    for disk in disks:  # one after the other, but nothing writes to them any more
        disk.power_cut()
    window = time.time() - started
    log(f"{label}: power cut {window:.1f}s after the server's first start")
    check(window < WINDOW, f"that took {window:.1f}s; past {WINDOW}s write-back could hide a lost write")
    log(f"{label}: e2fsck of the disks after the power loss exited {[d.boot() for d in disks]}")
    data, node_dirs = layout("after")
    # The log (in the data directory) was itself cut short; the new server appends to it.
    restarted = Server(data, nodes=node_dirs, replicas=replicas).start()
    check_after(restarted, expected)
    rc = restarted.stop()
    check(rc == 0, f"hepbox exited {rc} on SIGTERM")
    # Only orphans: with R = 2 this also says that both replicas of every blob are there and intact.
    rc, out = restarted.fsck()
    problems = problem_lines(out)
    check(rc == 0 or all("orphan" in p for p in problems), f"fsck after the power loss: more than orphans:\n{out}")
    log(f"{label}: every acknowledged change survived; fsck: {len(problems)} orphan(s)")
    for disk in disks:
        disk.unmount()


def main():
    scenario("ext4", [], "commit=600")
    scenario("ext4-no-journal", ["-O", "^has_journal"], "rw")
    scenario("first-start", ["-O", "^has_journal"], "rw", first_start, verify_first_start)
    scenario("two-replicas", ["-O", "^has_journal"], "rw", nodes=2)


if __name__ == "__main__":
    run_test(main)
