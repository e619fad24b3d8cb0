"""rclone 1.60 (webdav backend, vendor nextcloud, configured by environment variables, --config /dev/null):
copy, sync, check (hashes from oc:checksums), hashsum and lsl, with modification times kept in both directions."""
from __future__ import annotations

import calendar
import os
import random
import shutil
import subprocess
import time

from clientlib import (run_main, ARTIFACTS, PASSWORD, USER, Reporter, diff, hb, manifest, mtimes, server_manifest, snapshot,
                       write)

R = Reporter("rclone")
LOG = open(ARTIFACTS / "rclone-commands.log", "w")


def rclone(env: dict, *args: str, ok: bool = True, timeout: float = 180) -> subprocess.CompletedProcess:
    cmd = ["rclone", "--config", "/dev/null", "--low-level-retries", "1", "--retries", "1", *args]
    t0 = time.time()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    LOG.write(f"$ {' '.join(cmd)}\n# exit {r.returncode} in {time.time() - t0:.1f}s\n{r.stdout}{r.stderr}\n")
    LOG.flush()
    if ok and r.returncode != 0:
        raise AssertionError(f"rclone {' '.join(args)} exited {r.returncode}:\n{(r.stdout + r.stderr)[-1500:]}")
    return r


def lsl(env: dict, remote: str) -> dict[str, tuple[int, int]]:
    """path → (size, mtime in whole seconds, UTC) from `rclone lsl` (TZ=UTC)."""
    out = {}
    for line in rclone(env, "lsl", remote).stdout.splitlines():
        parts = line.strip().split(" ", 3)
        size, day, clock, path = int(parts[0]), parts[1], parts[2], parts[3]
        t = calendar.timegm(time.strptime(f"{day} {clock.split('.')[0]}", "%Y-%m-%d %H:%M:%S"))
        out[path] = (size, t)
    return out


def local_lsl(root: str) -> dict[str, tuple[int, int]]:
    return {p: (os.path.getsize(os.path.join(root, p)), m) for p, m in mtimes(root).items()}


def make_tree(root: str) -> None:
    rnd = random.Random(11)
    base = int(time.time()) - 86400 * 400
    names = ["plain.txt", "with space.txt", "ünïcödé ✓.md", "日本語.bin", "100% #1 & more.csv", "empty.dat",
             "deep/a/b/c/leaf.txt", "deep/a/sib ling.txt", "Folder Ü/x.bin", "Folder Ü/y y.bin",
             "big/three-MB.bin", "big/one-MB.bin"]
    for i in range(20):
        names.append(f"many/file {i:02d}.txt")
    for i, name in enumerate(names):
        size = 0 if name == "empty.dat" else 3_000_000 if "three-MB" in name else 1_048_576 if "one-MB" in name \
            else rnd.randint(1, 30_000)
        write(os.path.join(root, name), rnd.randbytes(size), base + i * 3607)


def main():
    work = hb.tempdir("clients-rclone")
    data = os.path.join(work, "server")
    os.makedirs(data)
    server = hb.Server(data).start()
    server.add_user(USER, PASSWORD)
    dav = hb.Client(server, USER, PASSWORD)
    obscured = subprocess.run(["rclone", "obscure", PASSWORD], capture_output=True, text=True, check=True).stdout.strip()
    env = dict(os.environ, TZ="UTC", RCLONE_CONFIG_NC_TYPE="webdav", RCLONE_CONFIG_NC_VENDOR="nextcloud",
               RCLONE_CONFIG_NC_URL=f"{server.base}/remote.php/dav/files/{USER}",
               RCLONE_CONFIG_NC_USER=USER, RCLONE_CONFIG_NC_PASS=obscured,
               RCLONE_CONFIG_LEGACY_TYPE="webdav", RCLONE_CONFIG_LEGACY_VENDOR="owncloud",
               RCLONE_CONFIG_LEGACY_URL=f"{server.base}/remote.php/webdav",
               RCLONE_CONFIG_LEGACY_USER=USER, RCLONE_CONFIG_LEGACY_PASS=obscured)
    local = os.path.join(work, "local")
    make_tree(local)
    remote = "nc:rclone test/dst ü"
    prefix = "rclone test/dst ü/"

    def remote_manifest():
        return {p[len(prefix):]: v for p, v in server_manifest(dav).items() if p.startswith(prefix) and p != prefix}

    def same_tree(what: str):
        want = manifest(local)
        got = remote_manifest()
        hb.check(got == want, f"{what}: server tree differs from the local one:\n" + diff(want, got, "local", "server"))

    def same_mtimes(what: str, listing: dict):
        want = local_lsl(local)
        hb.check(listing == want, f"{what}: rclone lsl (size, mtime) differs from the local files:\n"
                 + diff(want, listing, "local", "lsl"))

    def copy():
        rclone(env, "copy", local, remote)
        same_tree("after rclone copy")
        same_mtimes("after rclone copy", lsl(env, remote))
    R.step("copy", copy)

    def check():
        r = rclone(env, "check", local, remote)
        text = r.stdout + r.stderr
        hb.check("No common hash" not in text and "hashes could not be checked" not in text,
                 f"rclone check compared no hashes:\n{text[-800:]}")
        # rclone hashsum sha1 reads oc:checksums: it must equal the local SHA1 of every file
        r = rclone(env, "hashsum", "sha1", remote)
        got = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in r.stdout.splitlines() if "  " in line}
        want = {p: v for p, v in manifest(local).items() if v is not None}
        hb.check(got == want, "rclone hashsum sha1 differs from the local SHA1s:\n" + diff(want, got, "local", "hashsum"))
        # a remote change of the same size and mtime is found by the hash alone
        victim = "many/file 03.txt"
        path = os.path.join(local, victim)
        original = open(path, "rb").read()
        forged = bytes(b ^ 0x55 for b in original)
        st, _, body = dav.put(prefix + victim, forged, {"X-OC-Mtime": str(int(os.stat(path).st_mtime))})
        hb.check(st in (201, 204), f"PUT of the forged file: {st} {body[:200]!r}")
        r = rclone(env, "check", local, remote, ok=False)
        hb.check(r.returncode != 0 and "1 differences found" in r.stdout + r.stderr,
                 f"rclone check missed a same-size, same-mtime content change (exit {r.returncode}):\n"
                 f"{(r.stdout + r.stderr)[-800:]}")
        st, _, _ = dav.put(prefix + victim, original, {"X-OC-Mtime": str(int(os.stat(path).st_mtime))})
        hb.check(st in (201, 204), f"PUT of the original back: {st}")
        rclone(env, "check", local, remote)
    R.step("check-hashes", check)

    def sync():
        now = int(time.time())
        write(os.path.join(local, "plain.txt"), b"changed content, new size\n", now - 1000)
        os.remove(os.path.join(local, "with space.txt"))
        shutil.rmtree(os.path.join(local, "deep/a/b"))
        os.rename(os.path.join(local, "Folder Ü/x.bin"), os.path.join(local, "Folder Ü/x renamed.bin"))
        write(os.path.join(local, "new folder/new ✓.txt"), b"new\n", now - 500)
        rclone(env, "sync", local, remote)
        same_tree("after rclone sync")
        same_mtimes("after rclone sync", lsl(env, remote))
        rclone(env, "check", local, remote)
        # a second sync with nothing changed leaves the server untouched
        before = snapshot(dav)
        r = rclone(env, "sync", "-v", local, remote)
        after = snapshot(dav)
        changed = [p for p in set(before) | set(after) if before.get(p) != after.get(p)]
        hb.check(not changed, f"a no-change rclone sync changed etags/fileids of {changed[:5]}:\n{r.stderr[-600:]}")
        hb.check("There was nothing to transfer" in r.stderr, f"a no-change rclone sync transferred:\n{r.stderr[-600:]}")
    R.step("sync", sync)

    def copy_back():
        back = os.path.join(work, "back")
        rclone(env, "copy", remote, back)
        want, got = manifest(local), manifest(back)
        hb.check(got == want, "downloaded tree differs:\n" + diff(want, got, "local", "downloaded"))
        hb.check(local_lsl(back) == local_lsl(local), "downloaded mtimes differ:\n"
                 + diff(local_lsl(local), local_lsl(back), "local", "downloaded"))
    R.step("copy-back-mtimes", copy_back)

    def legacy():
        listing = lsl(env, "legacy:rclone test/dst ü")
        same_mtimes("rclone lsl on /remote.php/webdav", listing)
    R.step("lsl-legacy-webdav", legacy)

    server.stop()
    R.exit()


if __name__ == "__main__":
    run_main(main, "rclone")
