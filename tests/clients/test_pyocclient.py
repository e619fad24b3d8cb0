"""pyocclient 0.6 (PyPI): login, put_file/get_file (a 12 MiB file: v1 '-chunking-' upload in 10 MiB chunks),
put/get_file_contents, mkdir, move, copy, delete, list and file_info, on both DAV trees pyocclient can pick
(default: /remote.php/webdav because the server advertises dav.chunking; dav_endpoint_version=2:
/remote.php/dav/files/<user>)."""
from __future__ import annotations

import calendar
import os
import random
import time
import urllib.parse

import owncloud

from clientlib import run_main, PASSWORD, USER, Reporter, hb, sha1_file

R = Reporter("pyocclient")
BIG = 12 * 1024 * 1024 + 4321


def scenario(server, work: str, label: str, **client_kwargs):
    oc = owncloud.Client(server.base, **client_kwargs)
    seen: list[tuple[str, str, int]] = []

    def login():
        oc.login(USER, PASSWORD)
        oc._session.hooks["response"].append(
            lambda r, *a, **k: seen.append((r.request.method, urllib.parse.unquote(r.request.path_url), r.status_code)))
        hb.check(oc.get_version(), "no version after login")
        want = "/remote.php/webdav" if label == "webdav" else f"/remote.php/dav/files/{USER}"
        hb.check(oc._davpath == want, f"pyocclient chose {oc._davpath}, expected {want}")
        hb.check(oc.get_capabilities().get("dav", {}).get("chunking") == "1.0", "dav.chunking not 1.0")
    if R.step(f"{label}/login", login) is None:
        return
    base = f"/pyoc {label} ✓"

    def mkdir_put_get():
        oc.mkdir(base)
        oc.mkdir(f"{base}/sub dir")
        big = os.path.join(work, f"big-{label}.bin")
        with open(big, "wb") as f:
            f.write(random.Random(5).randbytes(BIG))
        mtime = int(time.time()) - 86400 * 10
        os.utime(big, (mtime, mtime))
        start = len(seen)
        hb.check(oc.put_file(f"{base}/sub dir/big ü.bin", big), "put_file returned False")
        puts = [s for s in seen[start:] if s[0] == "PUT"]
        hb.check(len(puts) == 2 and all("-chunking-" in p[1] for p in puts),
                 f"expected 2 v1 chunk PUTs, saw {puts}")
        hb.check(puts[-1][2] in (201, 204), f"last chunk answered {puts[-1][2]}")
        back = os.path.join(work, f"back-{label}.bin")
        hb.check(oc.get_file(f"{base}/sub dir/big ü.bin", back), "get_file returned False")
        hb.check(sha1_file(back) == sha1_file(big), "downloaded big file differs")
        info = oc.file_info(f"{base}/sub dir/big ü.bin")
        hb.check(info is not None and info.get_size() == BIG, f"file_info size {info and info.get_size()}")
        lm = info.get_last_modified()
        got = calendar.timegm(lm.timetuple()) if lm else None   # naive UTC datetime
        hb.check(got is not None and abs(got - mtime) <= 1, f"mtime {got} != X-OC-MTIME {mtime}")
        hb.check(oc.put_file_contents(f"{base}/small ✓.txt", b"hello pyocclient\n"), "put_file_contents failed")
        hb.check(oc.get_file_contents(f"{base}/small ✓.txt") == b"hello pyocclient\n", "get_file_contents differs")
        empty = os.path.join(work, "empty")
        open(empty, "wb").close()
        hb.check(oc.put_file(f"{base}/empty.txt", empty), "put_file of an empty file failed")
        hb.check(oc.get_file_contents(f"{base}/empty.txt") == b"", "empty file not empty")
    R.step(f"{label}/mkdir-put-get-chunked", mkdir_put_get)

    def listing(path):
        return sorted((f.get_name(), f.is_dir(), f.get_size() if not f.is_dir() else None) for f in oc.list(path))

    def list_():
        got = listing(base)
        want = sorted([("sub dir", True, None), ("small ✓.txt", False, 17), ("empty.txt", False, 0)])
        hb.check(got == want, f"list {base}: {got} != {want}")
        sub = oc.list(f"{base}/sub dir")
        hb.check([f.get_name() for f in sub] == ["big ü.bin"], f"list sub dir: {sub}")
        try:
            oc.file_info(f"{base}/missing")
            raise AssertionError("file_info of a missing file succeeded")
        except owncloud.HTTPResponseError as e:
            hb.check(e.status_code == 404, f"PROPFIND of a missing file answered {e.status_code}")
    def list_safe():
        try:
            list_()
        except owncloud.HTTPResponseError as e:
            raise AssertionError(f"HTTP error {e.status_code}: {e.res.text[:300]}")
    R.step(f"{label}/list", list_safe)

    def move_copy_delete():
        hb.check(oc.copy(f"{base}/small ✓.txt", f"{base}/sub dir/copy of small.txt"), "copy failed")
        hb.check(oc.get_file_contents(f"{base}/sub dir/copy of small.txt") == b"hello pyocclient\n", "copy content")
        hb.check(oc.move(f"{base}/small ✓.txt", f"{base}/moved small.txt"), "move failed")
        names = [f.get_name() for f in oc.list(base)]
        hb.check("moved small.txt" in names and "small ✓.txt" not in names, f"after move: {names}")
        hb.check(oc.copy(f"{base}/sub dir", f"{base}/sub dir copy"), "folder copy failed")
        hb.check(oc.get_file_contents(f"{base}/sub dir copy/big ü.bin") ==
                 oc.get_file_contents(f"{base}/sub dir/big ü.bin"), "copied folder content differs")
        hb.check(oc.move(f"{base}/sub dir copy", f"{base}/sub dir/moved folder"), "folder move failed")
        hb.check(oc.delete(f"{base}/moved small.txt"), "delete failed")
        hb.check(oc.delete(f"{base}/sub dir/moved folder"), "folder delete failed")
        got = listing(f"{base}/sub dir")
        want = sorted([("big ü.bin", False, BIG), ("copy of small.txt", False, 17)])
        hb.check(got == want, f"final listing {got} != {want}")
        try:
            oc.get_file_contents(f"{base}/moved small.txt")
            raise AssertionError("a deleted file can still be read")
        except owncloud.HTTPResponseError as e:
            hb.check(e.status_code == 404, f"GET of a deleted file answered {e.status_code}")
        hb.check(oc.delete(base), "delete of the test folder failed")
    def mcd_safe():
        try:
            move_copy_delete()
        except owncloud.HTTPResponseError as e:
            raise AssertionError(f"HTTP error {e.status_code}: {e.res.request.method} {e.res.request.url}: "
                                 f"{e.res.text[:300]}")
    R.step(f"{label}/move-copy-delete", mcd_safe)
    oc.logout()


def main():
    work = hb.tempdir("clients-pyoc")
    data = os.path.join(work, "server")
    os.makedirs(data)
    server = hb.Server(data).start()
    server.add_user(USER, PASSWORD)
    scenario(server, work, "webdav")
    # pyocclient 0.6 only picks the new tree when dav_endpoint_version > dav.chunking (None crashes on Python 3)
    scenario(server, work, "dav-files", dav_endpoint_version=2)

    def wrong_password():
        # login() only reads the capabilities, which (as on Nextcloud) need no valid credentials; files do
        oc = owncloud.Client(server.base)
        try:
            oc.login(USER, "wrong password")
            oc.list("/")
        except owncloud.HTTPResponseError as e:
            hb.check(e.status_code == 401, f"wrong password answered {e.status_code}")
            return
        raise AssertionError("a listing with a wrong password succeeded")
    R.step("wrong-password-401", wrong_password)
    server.stop()
    R.exit()


if __name__ == "__main__":
    run_main(main, "pyocclient")
