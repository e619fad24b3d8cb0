"""Two nextcloudcmd clients (A, B) and one owncloudcmd client (C) on one account, through a logging proxy:
a 500-file tree (nested folders, unicode and space names, empty files, a 25 MB file uploaded in 5 MB chunks)
syncs to all; an edit, a rename, a folder move and a delete on one side reach the others; owncloudcmd overwrites
the big file (uploads tree with If: header); a concurrent edit on A and B ends with both contents kept (one as a
conflict copy) and nothing lost; re-syncs without changes send nothing that changes the server.
Every step compares SHA1 manifests of A, B, C and the server (oc:checksums; the final step also GETs every file)."""
from __future__ import annotations

import os
import random
import re
import time
from urllib.parse import unquote

from clientlib import (run_main, ARTIFACTS, PASSWORD, USER, Reporter, SyncClient, diff, hb, manifest, mtimes, same,
                       server_manifest, server_tree, snapshot, write)
from davproxy import LoggingProxy

CHUNK = 5_000_000
BIG = 25_000_000
MUTATING = {"PUT", "MKCOL", "DELETE", "MOVE", "COPY", "PROPPATCH", "POST", "PATCH", "LOCK", "UNLOCK"}
R = Reporter("sync")

DIR_NAMES = ["Documents", "Photos 2026", "ünï cödé", "日本語 フォルダ", "Ελληνικά", "a b  c", "data-set_1",
             "Zürich (copy)", "100% done #1 & more", "emoji 📁", "x", "deep"]
FILE_STEMS = ["report", "notes", "résumé final", "数据", "файл", "file with spaces", "a+b=c", "chart 2026-11",
              "100% #tag & co", "ça va", "naïve", "log"]
EXTS = [".txt", ".dat", ".bin", ".csv", ".md", ""]


def make_tree(root: str, n_files: int = 500, seed: int = 7) -> None:
    rnd = random.Random(seed)
    dirs = [""]
    for i in range(40):  # nested folders, up to 4 deep
        parent = rnd.choice([d for d in dirs if d.count("/") < 4])
        name = f"{rnd.choice(DIR_NAMES)} {i:02d}"
        dirs.append(f"{parent}{name}/")
    for d in dirs:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    base_mtime = time.time() - 86400 * 30
    files = []
    for i in range(n_files - 2):
        d = rnd.choice(dirs)
        name = f"{d}{rnd.choice(FILE_STEMS)} {i:03d}{rnd.choice(EXTS)}"
        kind = i % 25
        if kind == 0:
            size = 0                                  # 20 empty files
        elif kind == 1:
            size = rnd.randint(1_000_000, 3_000_000)  # 20 files of 1-3 MB
        else:
            size = rnd.choice([1, 17, 100, 4096, rnd.randint(1, 40_000)])
        files.append(name)
        write(os.path.join(root, name), rnd.randbytes(size), base_mtime + i)
    write(os.path.join(root, "big/25 MB file ü.bin"), rnd.randbytes(BIG), base_mtime)
    write(os.path.join(root, "top level.txt"), b"top\n", base_mtime)  # 498 + 2 = 500 files
    files.append("big/25 MB file ü.bin")


def methods(entries) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in entries:
        out[e.method] = out.get(e.method, 0) + 1
    return out


def main():
    work = hb.tempdir("clients-sync")
    data = os.path.join(work, "server")
    os.makedirs(data)
    server = hb.Server(data).start()
    server.add_user(USER, PASSWORD)
    proxy = LoggingProxy(server.port).start()
    url = proxy.base + "/"
    hb.log(f"hepbox pid {server.pid} port {server.port}; proxy {url}; work {work}")
    dav = hb.Client(server, USER, PASSWORD)
    empty = os.path.join(work, "empty-exclude.lst")
    open(empty, "w").close()
    env = {"OWNCLOUD_CHUNK_SIZE": str(CHUNK), "OWNCLOUD_MIN_CHUNK_SIZE": str(CHUNK),
           "OWNCLOUD_MAX_CHUNK_SIZE": str(CHUNK), "OWNCLOUD_UPLOAD_CONFLICT_FILES": "1"}
    A = SyncClient("A", "nextcloud", os.path.join(work, "A"), url, env=env)
    B = SyncClient("B", "nextcloud", os.path.join(work, "B"), url, env=env)
    C = SyncClient("C", "owncloud", os.path.join(work, "C"), url, env=env, exclude_file=empty)
    clients = [A, B, C]
    step_marks: dict[str, int] = {}
    edited: dict[str, object] = {}

    def all_same(what: str, verify_bytes: bool = False):
        ms = {c.name: manifest(c.folder) for c in clients}
        ms["server"] = server_manifest(dav, verify_bytes=verify_bytes)
        same(ms, what)
        return ms["server"]

    def propagate(origin: SyncClient, label: str):
        """origin syncs (uploads), then the others download; origin syncs once more (no-op)."""
        origin.sync(label)
        for c in clients:
            if c is not origin:
                c.sync(label)

    def no_downloads(mark: int, who: str, paths: list[str]):
        gets = [e for e in proxy.since(mark) if e.method == "GET" and any(p in unquote(e.path) for p in paths)]
        hb.check(not gets, f"{who} downloaded moved/renamed content instead of renaming locally: "
                 f"{[e.short() for e in gets[:3]]} (client log: 'file etag different, not a rename' means the "
                 f"server changed the file's etag on MOVE)")

    # 1. initial upload by A, download by B and C
    def initial():
        make_tree(A.folder)
        local = manifest(A.folder)
        n_files = sum(1 for v in local.values() if v is not None)
        hb.check(n_files == 500, f"tree has {n_files} files")
        m = proxy.mark()
        A.sync("initial")
        upload = proxy.since(m)
        B.sync("initial")
        C.sync("initial")
        srv = all_same("after the initial sync")
        hb.check(srv == local, "server differs from A's tree:\n" + diff(local, srv, "A", "server"))
        # modification times travel with X-OC-Mtime and come back in getlastmodified
        ta = mtimes(A.folder)
        for c in (B, C):
            tc = mtimes(c.folder)
            hb.check(tc == ta, f"{c.name}'s file mtimes differ from A's:\n" + diff(ta, tc, "A", c.name))
        # the 25 MB file went through the uploads tree in 5 MB chunks
        chunk_puts = [e for e in upload if e.method == "PUT" and e.path.startswith(f"/remote.php/dav/uploads/{USER}/")]
        moves = [e for e in upload if e.method == "MOVE" and e.path.endswith("/.file")]
        hb.check(len(chunk_puts) == BIG // CHUNK, f"expected {BIG // CHUNK} chunk PUTs, saw {len(chunk_puts)}: "
                 f"{[e.path for e in chunk_puts]}")
        hb.check(all(int(e.req.get("content-length", 0)) <= CHUNK for e in chunk_puts), "a chunk above 5 MB")
        hb.check(len(moves) == 1 and moves[0].status in (201, 204), f"final MOVE of .file: {moves}")
        proxy.dump(str(ARTIFACTS / "sync-requests-initial.log"), m)
    def failed_requests():
        bad = [e for e in proxy.since(0) if e.status >= 500 or e.status == 0]
        R.result("no-5xx-answers", not bad, f"{len(bad)} answers ≥ 500 or aborted: "
                 f"{[e.short() + (' ' + e.error if e.error else '') for e in bad[:5]]}")

    if R.step("initial-500-files", initial) is None:
        # nothing else makes sense without a common starting point
        proxy.dump(str(ARTIFACTS / "sync-requests.log"))
        failed_requests()
        R.exit()

    def no_change(label: str):
        before = snapshot(dav)
        m = proxy.mark()
        for c in clients:
            c.sync(label)
        entries = proxy.since(m)
        bad = [e for e in entries if e.method in MUTATING]
        gets = [e for e in entries if e.method == "GET" and "/remote.php/dav/files/" in e.path]
        after = snapshot(dav)
        hb.log(f"re-sync '{label}': requests {methods(entries)}")
        hb.check(not bad, f"a no-change re-sync changed the server: {[e.short() for e in bad[:5]]}")
        hb.check(not gets, f"a no-change re-sync downloaded files: {[e.short() for e in gets[:5]]}")
        changed = [p for p in set(before) | set(after) if before.get(p) != after.get(p)]
        hb.check(not changed, f"etag/fileid changed without a change: {changed[:5]} "
                 f"(root {before.get('')} → {after.get('')})")
    R.step("no-change-resync", no_change, "nochange1")

    # 3. edits on A: a small file changes, an empty file gets content, a file becomes empty
    def edit():
        files = sorted(p for p, v in manifest(A.folder).items() if v is not None and not p.startswith("big/"))
        targets = [files[5], next(p for p in files if os.path.getsize(os.path.join(A.folder, p)) == 0), files[9]]
        before = server_tree(dav)
        now = time.time()
        with open(os.path.join(A.folder, targets[0]), "rb") as f:
            edited["path"], edited["original"] = targets[0], f.read()
        write(os.path.join(A.folder, targets[0]), b"edited on A\n" * 3, now - 100)
        write(os.path.join(A.folder, targets[1]), b"no longer empty\n", now - 90)
        write(os.path.join(A.folder, targets[2]), b"", now - 80)
        propagate(A, "edit")
        srv = all_same("after an edit")
        after = server_tree(dav)
        for t in targets:
            hb.check(after[t].fileid == before[t].fileid, f"{t}: fileid changed by an edit "
                     f"({before[t].fileid} → {after[t].fileid})")
            hb.check(after[t].etag != before[t].etag, f"{t}: etag unchanged after an edit")
        hb.check(after[""].etag != before[""].etag, "root etag unchanged after an edit")
    R.step("edit", edit)

    # 3b. a version restored on the server (the content before the edit) reaches every client
    def restore_version():
        path = edited["path"]
        item = server_tree(dav)[path]
        base = f"/remote.php/dav/versions/{USER}/versions/{item.fileid}/"
        status, _, data = dav.request("PROPFIND", base, None, {"Depth": "1"}, raw_path=True)
        hb.check(status == 207, f"PROPFIND of the versions answered {status}")
        hrefs = [h for h in re.findall(r"<d:href>([^<]+)</d:href>", data.decode()) if not h.endswith("/")]
        hb.check(hrefs, f"{path} has no versions after an edit")
        status, _, old = dav.request("GET", hrefs[0], raw_path=True)
        hb.check(status == 200 and old == edited["original"], f"the newest version is not the content before the edit")
        status, _, _ = dav.request("COPY", hrefs[0], None, {"Destination": f"/remote.php/dav/versions/{USER}/restore/target"},
                                   raw_path=True)
        hb.check(status in (201, 204), f"restoring the version answered {status}")
        for c in clients:
            c.sync("restore-version")
        all_same("after a version restore")
        for c in clients:
            with open(os.path.join(c.folder, path), "rb") as f:
                hb.check(f.read() == edited["original"], f"{c.name} does not have the restored version of {path}")
    R.step("version-restore", restore_version)

    # 4. a rename on A (into a unicode name), found as a MOVE with the same fileid; B and C rename locally
    def rename():
        files = sorted(p for p, v in manifest(A.folder).items() if v and not p.startswith("big/") and "/" in p)
        src = files[20]
        dst = os.path.dirname(src) + "/renamed ✓ " + os.path.basename(src)
        before = server_tree(dav)
        os.rename(os.path.join(A.folder, src), os.path.join(A.folder, dst))
        m = proxy.mark()
        A.sync("rename")
        up = proxy.since(m)
        hb.check(any(e.method == "MOVE" for e in up), f"A sent no MOVE for a rename: {methods(up)}")
        hb.check(not any(e.method == "PUT" for e in up), f"A uploaded for a rename: {methods(up)}")
        m2 = proxy.mark()
        B.sync("rename")
        C.sync("rename")
        all_same("after a rename")
        after = server_tree(dav)
        hb.check(src not in after, f"{src} still on the server")
        hb.check(after[dst].fileid == before[src].fileid, f"rename changed the fileid {before[src].fileid} → "
                 f"{after[dst].fileid}")
        no_downloads(m2, "B or C", [os.path.basename(src)])
    R.step("rename", rename)

    # 5. a folder (with its subtree) moved into another folder on A
    def folder_move():
        tree = manifest(A.folder)
        dirs = sorted((p for p, v in tree.items() if v is None and p.count("/") == 1 and p != "big/"),
                      key=lambda d: -sum(1 for q in tree if q.startswith(d)))
        src, target = dirs[0], dirs[1]     # the biggest top folder goes into the next one
        moved_files = [p for p, v in tree.items() if p.startswith(src) and v is not None]
        hb.check(len(moved_files) >= 10, f"{src} holds only {len(moved_files)} files")
        dst = target + src
        before = server_tree(dav)
        os.rename(os.path.join(A.folder, src), os.path.join(A.folder, dst))
        m = proxy.mark()
        A.sync("foldermove")
        up = proxy.since(m)
        hb.check(not any(e.method in ("PUT", "DELETE") for e in up), f"A uploaded/deleted for a folder move: "
                 f"{methods(up)}")
        m2 = proxy.mark()
        B.sync("foldermove")
        C.sync("foldermove")
        all_same("after a folder move")
        after = server_tree(dav)
        hb.check(not any(p.startswith(src) for p in after), f"{src} still on the server")
        for p in moved_files:
            q = target + p
            hb.check(q in after and after[q].fileid == before[p].fileid, f"{p} → {q}: fileid not kept")
        hb.check(after[dst].fileid == before[src].fileid, "the moved folder's fileid changed")
        gets = [e for e in proxy.since(m2) if e.method == "GET" and "/remote.php/dav/files/" in e.path]
        hb.check(not gets, f"B/C downloaded {len(gets)} files for a folder move (should rename locally): "
                 f"{[e.path for e in gets[:3]]}")
    R.step("folder-move", folder_move)

    # 6. deletes on A: a file and a whole folder
    def delete():
        tree = manifest(A.folder)
        file = sorted(p for p, v in tree.items() if v and p.count("/") == 2)[3]
        folder = sorted((p for p, v in tree.items() if v is None and p.count("/") >= 2 and not file.startswith(p)),
                        key=lambda d: -sum(1 for q in tree if q.startswith(d)))[0]
        os.remove(os.path.join(A.folder, file))
        import shutil
        shutil.rmtree(os.path.join(A.folder, folder))
        m = proxy.mark()
        propagate(A, "delete")
        dels = [e for e in proxy.since(m) if e.method == "DELETE"]
        hb.check(all(e.status == 204 for e in dels), f"DELETE answers: {[(e.path, e.status) for e in dels]}")
        srv = all_same("after a delete")
        hb.check(file not in srv and not any(p.startswith(folder) for p in srv), "deleted items still on the server")
    R.step("delete", delete)

    # 7. the same file edited on A and on B, both syncing at once
    def concurrent():
        name = "top level.txt"
        va, vb = b"edit from A " * 10, b"edit from B, longer " * 20
        now = time.time()
        write(os.path.join(A.folder, name), va, now - 30)
        write(os.path.join(B.folder, name), vb, now - 20)
        m = proxy.mark()
        pa = A.start("concurrent")
        pb = B.start("concurrent")
        ra, rb = A.finish(*pa), B.finish(*pb)
        hb.log(f"concurrent syncs: A exit {ra}, B exit {rb}")
        proxy.dump(str(ARTIFACTS / "sync-requests-concurrent.log"), m)
        # converge: everyone syncs until nothing is left (the conflict copy is uploaded: OWNCLOUD_UPLOAD_CONFLICT_FILES)
        for c in (A, B, C, A, B):
            c.sync("converge")
        ms = {c.name: manifest(c.folder) for c in clients}
        ms["server"] = server_manifest(dav)
        conflict = re.compile(r"^top level \(conflicted copy [^)]*\)\.txt$")
        import hashlib
        ha, hb_ = hashlib.sha1(va).hexdigest(), hashlib.sha1(vb).hexdigest()
        for who, tree in ms.items():
            copies = [p for p in tree if conflict.match(p)]
            hb.check(len(copies) == 1, f"{who}: expected one conflict copy of {name}, found {copies} "
                     f"(top level: {sorted(p for p in tree if '/' not in p)})")
            contents = {tree[name], tree[copies[0]]}
            hb.check(contents == {ha, hb_}, f"{who}: {name} and its conflict copy do not hold both edits "
                     f"(A {ha[:8]}, B {hb_[:8]}, got {[(c or '')[:8] for c in contents]})")
        same(ms, "after a concurrent edit")
    R.step("concurrent-edit-conflict", concurrent)

    # 8. a rename and a file edit by owncloudcmd (C), which insists on MOVE 201
    def oc_rename():
        tree = manifest(C.folder)
        src = sorted(p for p, v in tree.items() if v and p.count("/") == 1 and not p.startswith("big/"))[0]
        dst = os.path.dirname(src) + "/owncloud renamed ü.txt"
        before = server_tree(dav)
        os.rename(os.path.join(C.folder, src), os.path.join(C.folder, dst))
        edited = sorted(p for p, v in tree.items() if v and p.count("/") == 2)[0]
        write(os.path.join(C.folder, edited), b"edited by owncloudcmd\n", time.time() - 60)
        m = proxy.mark()
        C.sync("ocrename")
        up = proxy.since(m)
        mv = [e for e in up if e.method == "MOVE"]
        hb.check(len(mv) == 1 and mv[0].status == 201, f"owncloudcmd MOVE: {[e.short() for e in mv]}")
        A.sync("ocrename")
        B.sync("ocrename")
        all_same("after an owncloudcmd rename and edit")
        after = server_tree(dav)
        hb.check(after[dst].fileid == before[src].fileid, "the rename changed the fileid")
        hb.check(after[edited].fileid == before[edited].fileid, "the edit changed the fileid")
    R.step("owncloud-rename-edit", oc_rename)

    # 9. owncloudcmd (C) overwrites the 25 MB file (uploads tree, byte-offset chunk names, If: header) and adds a folder
    def oc_upload():
        big = os.path.join(C.folder, "big/25 MB file ü.bin")
        before = server_tree(dav)["big/25 MB file ü.bin"]
        write(big, random.Random(99).randbytes(BIG + 1234), time.time() - 50)
        write(os.path.join(C.folder, "from owncloud/sub dir/new ✓.txt"), b"owncloud\n", time.time() - 40)
        m = proxy.mark()
        try:
            C.sync("ocupload")
        finally:
            proxy.dump(str(ARTIFACTS / "sync-requests-ocupload.log"), m)
        up = proxy.since(m)
        chunk_puts = [e for e in up if e.method == "PUT" and "/remote.php/dav/uploads/" in e.path]
        hb.check(len(chunk_puts) >= 5, f"owncloudcmd sent {len(chunk_puts)} chunk PUTs (expected ≥ 5)")
        mv = [e for e in up if e.method == "MOVE" and e.path.endswith("/.file")]
        hb.check(len(mv) == 1 and mv[0].status in (201, 204) and "oc-fileid" in mv[0].resp,
                 f"final MOVE: {mv}")
        A.sync("ocupload")
        B.sync("ocupload")
        all_same("after an owncloudcmd upload")
        after = server_tree(dav)["big/25 MB file ü.bin"]
        hb.check(after.fileid == before.fileid, f"overwrite changed the fileid {before.fileid} → {after.fileid}")
        hb.check(after.size == BIG + 1234, f"size {after.size}")
    R.step("owncloud-chunked-overwrite", oc_upload)

    R.step("no-change-resync-final", no_change, "nochange2")

    def final_check():
        all_same("at the end (server bytes verified by GET)", verify_bytes=True)
        rc, out = server.fsck()
        hb.check(rc == 0, f"fsck after the scenario exited {rc}:\n{out[-2000:]}")
    R.step("final-trees-and-fsck", final_check)

    proxy.dump(str(ARTIFACTS / "sync-requests.log"))
    failed_requests()
    proxy.stop()
    server.stop()
    R.exit()


if __name__ == "__main__":
    run_main(main, "sync")
