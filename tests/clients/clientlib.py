"""Helpers for the real-client tests (tests/clients): result lines, tree manifests, the server's view of a tree,
and runners for nextcloudcmd / owncloudcmd. Builds on tests/lib/hepbox.py (server start/stop by pid)."""
from __future__ import annotations

import atexit
import hashlib
import os
import subprocess
import sys
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
import hepbox as hb  # noqa: E402

ARTIFACTS = Path(os.environ.get("HEPBOX_ARTIFACTS") or hb.ROOT / "tests/artifacts") / "clients"
ARTIFACTS.mkdir(parents=True, exist_ok=True)

_children: list[subprocess.Popen] = []


def _kill_children():
    """Sync clients still running when the test ends (failure, timeout, SIGTERM) are killed, by pid."""
    for p in _children:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(_kill_children)   # registered after hepbox's: runs before the servers are stopped

USER = "alice"
PASSWORD = "alice-Sync-Password-7"

# the clients' own files in the sync root (never part of the synced tree)
def is_client_file(name: str) -> bool:
    return name.startswith((".sync_", "._sync_", ".owncloudsync.log", ".nextcloudsync.log", ".csync_journal"))


class Reporter:
    """Prints one 'PASS name' / 'FAIL name: why' line per check (tests/clients/run.sh counts them)."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.failed = 0
        self.passed = 0

    def result(self, name: str, ok: bool, why: str = "") -> bool:
        full = f"{self.prefix}/{name}"
        if ok:
            self.passed += 1
            print(f"PASS {full}", flush=True)
        else:
            self.failed += 1
            why = why.strip().replace("\n", "\n      ")
            print(f"FAIL {full}: {why}", flush=True)
        return ok

    def step(self, name: str, fn, *args, **kw):
        """Runs fn; an AssertionError (or any exception) is a FAIL with its message; returns fn's value or None."""
        t0 = time.time()
        try:
            value = fn(*args, **kw)
        except AssertionError as e:
            self.result(name, False, str(e))
            hb.log(f"step {name} failed after {time.time() - t0:.1f}s")
            return None
        except Exception:
            self.result(name, False, traceback.format_exc(limit=6))
            return None
        self.result(name, True)
        hb.log(f"step {name} ok in {time.time() - t0:.1f}s")
        return value if value is not None else True

    def exit(self):
        hb.log(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


# ---- manifests

def sha1_file(path: str) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def manifest(root: str) -> dict[str, str | None]:
    """relative path → SHA1 for files, None for folders (path ends in '/'). Ignores the clients' journal/log files."""
    out: dict[str, str | None] = {}
    root = os.path.abspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        rel = "" if rel == "." else rel + "/"
        if rel == "":
            dirnames[:] = [d for d in dirnames if not is_client_file(d)]
            filenames = [f for f in filenames if not is_client_file(f)]
        for d in dirnames:
            out[rel + d + "/"] = None
        for f in filenames:
            out[rel + f] = sha1_file(os.path.join(dirpath, f))
    return out


def mtimes(root: str) -> dict[str, int]:
    out = {}
    for rel, digest in manifest(root).items():
        if digest is not None:
            out[rel] = int(os.stat(os.path.join(root, rel)).st_mtime)
    return out


def diff(a: dict, b: dict, an: str, bn: str, limit: int = 8) -> str:
    lines = []
    for k in sorted(set(a) | set(b)):
        if k not in b:
            lines.append(f"only in {an}: {k}")
        elif k not in a:
            lines.append(f"only in {bn}: {k}")
        elif a[k] != b[k]:
            lines.append(f"differs: {k} ({an} {str(a[k])[:10]}, {bn} {str(b[k])[:10]})")
    more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def same(manifests: dict[str, dict], what: str = "") -> None:
    """All manifests equal, else AssertionError naming the differences."""
    names = list(manifests)
    ref = names[0]
    problems = []
    for other in names[1:]:
        if manifests[other] != manifests[ref]:
            problems.append(f"{ref} vs {other}:\n" + diff(manifests[ref], manifests[other], ref, other))
    if problems:
        raise AssertionError(f"{what} trees differ: " + "\n".join(problems))


# ---- the server's view (PROPFIND Depth 1, walked)

PROPS = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>'
         b'<d:resourcetype/><d:getetag/><d:getcontentlength/><d:getlastmodified/><oc:fileid/><oc:id/>'
         b'<oc:checksums/><oc:permissions/></d:prop></d:propfind>')
NS = {"d": "DAV:", "oc": "http://owncloud.org/ns"}


class Item:
    __slots__ = ("path", "collection", "etag", "fileid", "size", "sha1", "mtime", "permissions")

    def __repr__(self):
        return f"Item({self.path!r}, etag={self.etag}, fileid={self.fileid}, size={self.size})"


def _parse(data: bytes, prefix: str) -> list[Item]:
    items = []
    for resp in ET.fromstring(data).findall("d:response", NS):
        href = urllib.parse.unquote(resp.findtext("d:href", namespaces=NS))
        it = Item()
        it.path = href[len(prefix):] if href.startswith(prefix) else href
        it.collection = False
        it.etag = it.fileid = it.size = it.sha1 = it.mtime = it.permissions = None
        for ps in resp.findall("d:propstat", NS):
            if "200" not in (ps.findtext("d:status", namespaces=NS) or ""):
                continue
            p = ps.find("d:prop", NS)
            if p.find("d:resourcetype/d:collection", NS) is not None:
                it.collection = True
            it.etag = p.findtext("d:getetag", namespaces=NS) or it.etag
            it.fileid = p.findtext("oc:fileid", namespaces=NS) or it.fileid
            it.permissions = p.findtext("oc:permissions", namespaces=NS) or it.permissions
            it.mtime = p.findtext("d:getlastmodified", namespaces=NS) or it.mtime
            n = p.findtext("d:getcontentlength", namespaces=NS)
            if n:
                it.size = int(n)
            for cs in p.findall("oc:checksums/oc:checksum", NS):
                for tok in (cs.text or "").split():
                    algo, _, value = tok.partition(":")
                    if algo.upper() == "SHA1":
                        it.sha1 = value.lower()
        items.append(it)
    return items


def server_tree(client: "hb.Client", user: str = USER) -> dict[str, Item]:
    """Every item under the user's root ('' is the root, folders end in '/'), by PROPFIND Depth 1 per folder."""
    prefix = f"/remote.php/dav/files/{user}/"
    out: dict[str, Item] = {}
    todo = [""]
    while todo:
        folder = todo.pop()
        status, _, data = client.request("PROPFIND", folder, PROPS, {"Depth": "1", "Content-Type": "application/xml"})
        hb.check(status == 207, f"PROPFIND /{folder} answered {status}: {data[:300]!r}")
        for it in _parse(data, prefix):
            if it.path in out and it.path != folder:
                continue
            out[it.path] = it
            if it.collection and it.path != folder:
                todo.append(it.path)
    return out


def server_manifest(client, user: str = USER, verify_bytes: bool = False) -> dict[str, str | None]:
    """Like manifest(), from the server's PROPFIND SHA1 (oc:checksums); verify_bytes also GETs every file."""
    out = {}
    for path, it in server_tree(client, user).items():
        if path == "":
            continue
        if it.collection:
            out[path] = None
        else:
            digest = it.sha1
            if verify_bytes or digest is None:
                status, _, data = client.get(path)
                hb.check(status == 200, f"GET {path} answered {status}")
                got = hashlib.sha1(data).hexdigest()
                hb.check(digest is None or digest == got, f"{path}: oc:checksums SHA1 {digest} but GET gives {got}")
                digest = got
            out[path] = digest
    return out


def snapshot(client, user: str = USER) -> dict[str, tuple]:
    """path → (etag, fileid) for every item, the root included."""
    return {p: (it.etag, it.fileid) for p, it in server_tree(client, user).items()}


# ---- sync clients

class SyncClient:
    """One sync folder with nextcloudcmd or owncloudcmd. sync() runs the client once and keeps its output."""

    def __init__(self, name: str, kind: str, folder: str, url: str, user: str = USER, password: str = PASSWORD,
                 env: dict | None = None, exclude_file: str | None = None):
        self.name, self.kind, self.folder, self.url = name, kind, folder, url
        self.user, self.password = user, password
        self.env = dict(os.environ, **(env or {}))
        self.exclude_file = exclude_file
        self.runs = 0
        os.makedirs(folder, exist_ok=True)

    def command(self, debug: bool = False) -> list[str]:
        if self.kind == "nextcloud":
            cmd = ["nextcloudcmd", "--non-interactive"]
        else:
            cmd = ["owncloudcmd", "--non-interactive", "--exclude", self.exclude_file]
        if debug:
            cmd.append("--logdebug")
        return cmd + ["-u", self.user, "-p", self.password, self.folder, self.url]

    def start(self, label: str, debug: bool = False):
        self.runs += 1
        log_path = ARTIFACTS / f"{self.logprefix}-{self.runs:02d}-{label}.log"
        f = open(log_path, "wb")
        proc = subprocess.Popen(self.command(debug), stdout=f, stderr=subprocess.STDOUT, env=self.env,
                                stdin=subprocess.DEVNULL)
        f.close()
        _children.append(proc)
        return proc, log_path

    @property
    def logprefix(self) -> str:
        return os.environ.get("CLIENT_LOG_PREFIX", "sync") + "-" + self.name

    def finish(self, proc, log_path, timeout: float = 240) -> int:
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"{self.name}: {self.kind}cmd did not finish within {timeout}s (log {log_path})")
        return rc

    def sync(self, label: str, timeout: float = 240, debug: bool = False, expect_ok: bool = True) -> int:
        t0 = time.time()
        proc, log_path = self.start(label, debug)
        rc = self.finish(proc, log_path, timeout)
        hb.log(f"{self.name} ({self.kind}cmd) sync '{label}': exit {rc} in {time.time() - t0:.1f}s")
        if expect_ok and rc != 0:
            raise AssertionError(f"{self.name}: {self.kind}cmd exited {rc} (log {log_path}):\n" + tail(log_path))
        return rc


def tail(path, n: int = 12) -> str:
    lines = Path(path).read_text(errors="replace").splitlines()
    interesting = [l for l in lines if any(w in l for w in ("rror", "arning", "ailed", "Wrong", "fatal", "Fatal"))]
    return "\n".join((interesting or lines)[-n:])


def write(path: str, data: bytes, mtime: float | None = None) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def run_main(main, suite: str) -> None:
    """Runs a test script's main(); an unexpected exception becomes one FAIL line and exit status 1."""
    try:
        main()
    except SystemExit:
        raise
    except BaseException:
        import traceback
        traceback.print_exc()
        print(f"FAIL {suite}/harness: unexpected error (traceback above)", flush=True)
        raise SystemExit(1)
