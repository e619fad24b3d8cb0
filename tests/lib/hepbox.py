"""Shared helpers for the end-to-end tests: start/stop hepbox on a free loopback port (by pid only), temporary
directories, fsck, and a small WebDAV client. Everything started here is stopped on exit (atexit + SIGTERM/SIGINT)."""
from __future__ import annotations

import atexit
import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("HEPBOX_BIN") or str(ROOT / ".build/debug/hepbox")
ARTIFACTS = Path(os.environ.get("HEPBOX_ARTIFACTS") or ROOT / "tests/artifacts")
ADMIN = "admin"
ADMIN_PASSWORD = "e2e-admin-Password-1"
KEEP = os.environ.get("HEPBOX_KEEP") == "1"   # keep temp dirs for a post-mortem

_servers: list["Server"] = []
_dirs: list[str] = []
_mounts: list[str] = []
_lock = threading.Lock()


def _cleanup() -> None:
    for server in list(_servers):
        server.kill(quiet=True)
    for mount in reversed(_mounts):
        subprocess.run(["umount", "-l", mount], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not KEEP:
        for d in _dirs:
            shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)


def _on_signal(signum, _frame):
    sys.exit(128 + signum)   # runs atexit


signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def check(cond, msg: str) -> None:
    if not cond:
        raise AssertionError(msg)


def tempdir(name: str) -> str:
    d = tempfile.mkdtemp(prefix=f"hepbox-e2e-{name}-")
    _dirs.append(d)
    return d


def register_mount(path: str) -> None:
    _mounts.append(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


class Server:
    """One hepbox process. `start()` runs it with --port 0 and waits for its
    'listening on' line; `stop()` sends SIGTERM, `kill()` SIGKILL — both to this pid only."""

    def __init__(self, data_dir: str, nodes: list[str] | None = None, replicas: int | None = None,
                 config: str | None = None, env: dict | None = None):
        self.data_dir = data_dir
        self.nodes = list(nodes or [])
        self.replicas = replicas
        self.config = config
        self.env = dict(env or {})
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.log_path = os.path.join(data_dir, "server.log") if data_dir else None
        self.starts = 0

    def storage_args(self) -> list[str]:
        args = ["--data-dir", self.data_dir]
        for n in self.nodes:
            args += ["--storage-node", n]
        if self.replicas is not None:
            args += ["--replicas", str(self.replicas)]
        if self.config:
            args += ["--config", self.config]
        return args

    def start(self, timeout: float = 60) -> "Server":
        """Starts `hepbox serve --port 0` and learns the port from its 'listening on' line."""
        self.starts += 1
        tag = f"===== start #{self.starts} ".encode()
        with open(self.log_path, "ab") as log_file:
            log_file.write(tag + b"\n")
            log_file.flush()
            env = dict(os.environ, HEPBOX_ADMIN_PASSWORD=ADMIN_PASSWORD, **self.env)
            self.proc = subprocess.Popen([BIN, "serve", *self.storage_args(), "--host", "127.0.0.1", "--port", "0"],
                                         stdout=log_file, stderr=subprocess.STDOUT, env=env,
                                         stdin=subprocess.DEVNULL)
        with _lock:
            _servers.append(self)
        deadline = time.time() + timeout
        pattern = re.compile(rb"listening on http://127\.0\.0\.1:(\d+)/")
        while time.time() < deadline:
            text = Path(self.log_path).read_bytes().split(tag)[-1]
            m = pattern.search(text)
            if m:
                self.port = int(m.group(1))
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"hepbox exited with {self.proc.returncode} at start:\n"
                                   f"{text.decode(errors='replace')}")
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"hepbox did not report readiness within {timeout}s (log {self.log_path})")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _forget(self):
        with _lock:
            if self in _servers:
                _servers.remove(self)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM (drain) and wait; SIGKILL after `timeout`. Returns the exit status."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self._forget()
                raise RuntimeError(f"hepbox (pid {self.pid}) did not stop within {timeout}s of SIGTERM")
        self._forget()
        return self.proc.returncode

    def kill(self, quiet: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._forget()

    # ---- URLs and admin commands
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def dav_path(self, user: str = ADMIN, path: str = "") -> str:
        return f"/remote.php/dav/files/{user}/" + quote(path)

    def url(self, user: str = ADMIN, path: str = "") -> str:
        return self.base + self.dav_path(user, path)

    def fsck(self, repair: bool = False) -> tuple[int, str]:
        return fsck(self.storage_args(), repair)

    def add_user(self, name: str, password: str) -> None:
        r = subprocess.run([BIN, "admin", "user", "add", name, "--password", password, "--data-dir", self.data_dir],
                           capture_output=True, text=True, timeout=120)
        check(r.returncode == 0, f"user add {name} failed: {r.stdout}{r.stderr}")

    def log_text(self) -> str:
        return Path(self.log_path).read_text(errors="replace")


def fsck(storage_args: list[str], repair: bool = False) -> tuple[int, str]:
    cmd = [BIN, "admin", "fsck", *(["--repair"] if repair else []), *storage_args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return r.returncode, r.stdout + r.stderr


def problem_lines(output: str) -> list[str]:
    """fsck's problem lines ('namespace: …', 'storage: …'), not its summary or repair lines."""
    return [l for l in output.splitlines() if l.startswith(("namespace:", "storage:"))]


def quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/")


# ---- WebDAV client bits (http.client: fast, and exact about what goes on the wire)

def read_answer(sock: socket.socket) -> tuple[int, bytes]:
    """Reads one HTTP/1.1 answer with a Content-Length (or none) from a raw socket: (status, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        check(chunk, "the connection ended before the answer's head")
        data += chunk
    head_bytes, body = data.split(b"\r\n\r\n", 1)
    status = int(head_bytes.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head_bytes.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        check(chunk, "the connection ended in the middle of the answer's body")
        body += chunk
    return status, body


def basic_auth(user: str = ADMIN, password: str = ADMIN_PASSWORD) -> str:
    import base64
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Client:
    """A keep-alive HTTP/1.1 connection to one server, reconnecting when the server closed it."""

    def __init__(self, server: Server, user: str = ADMIN, password: str = ADMIN_PASSWORD, timeout: float = 60,
                 source: str | None = None):
        self.server = server
        self.source = source      # another loopback source address (127.0.0.N), e.g. to keep login throttling apart
        self.auth = basic_auth(user, password)
        self.user = user
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=self.timeout,
                                                   source_address=(self.source, 0) if self.source else None)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body=None, headers: dict | None = None, auth: bool = True,
                raw_path: bool = False) -> tuple[int, dict, bytes]:
        """`path` is relative to the user's DAV root unless it starts with '/' (then it is sent as given when
        raw_path, else quoted)."""
        if raw_path:
            target = path
        elif path.startswith("/"):
            target = quote(path)
        else:
            target = self.server.dav_path(self.user, path)
        h = {"Authorization": self.auth} if auth else {}
        h.update(headers or {})
        if body is not None and "Content-Length" not in h and isinstance(body, (bytes, bytearray)):
            h["Content-Length"] = str(len(body))
        for attempt in range(2):
            conn = self._connection()
            try:
                started = time.time()
                conn.request(method, target, body=body, headers=h)
                resp = conn.getresponse()
                data = resp.read()
                if time.time() - started > 5:
                    log(f"slow answer: {method} {target} took {time.time() - started:.1f}s ({resp.status})")
                headers_out = {k.lower(): v for k, v in resp.getheaders()}
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, headers_out, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                self.close()
                # Retry once on a stale keep-alive connection, but only idempotent requests with a replayable body.
                if attempt == 1 or method not in ("GET", "HEAD", "PROPFIND", "PUT", "OPTIONS") \
                        or not isinstance(body, (bytes, bytearray, type(None))):
                    raise
        raise AssertionError("unreachable")

    def put(self, path: str, data: bytes, headers: dict | None = None):
        return self.request("PUT", path, data, headers)

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers=headers)

    def mkcol(self, path: str):
        return self.request("MKCOL", path)

    def delete(self, path: str):
        return self.request("DELETE", path)

    def move(self, src: str, dst: str, overwrite: bool = True):
        return self.request("MOVE", src, headers={"Destination": self.server.url(self.user, dst),
                                                  "Overwrite": "T" if overwrite else "F"})

    def propfind(self, path: str, depth: str = "1", body: bytes | None = None):
        return self.request("PROPFIND", path, body or b"", {"Depth": depth,
                                                              "Content-Type": "application/xml"})

    def listing(self, path: str = "", depth: str = "1") -> dict[str, dict]:
        status, _, data = self.propfind(path, depth)
        check(status == 207, f"PROPFIND {path} answered {status}: {data[:300]!r}")
        return parse_multistatus(data)


NS = {"d": "DAV:", "oc": "http://owncloud.org/ns"}


def parse_multistatus(data: bytes) -> dict[str, dict]:
    """href (unquoted) → {'collection', 'size', 'etag', 'checksums': {'SHA1': …}}."""
    out = {}
    root = ET.fromstring(data)
    for resp in root.findall("d:response", NS):
        href = urllib.parse.unquote(resp.findtext("d:href", namespaces=NS))
        info = {"collection": False, "size": None, "etag": None, "checksums": {}}
        for propstat in resp.findall("d:propstat", NS):
            if "200" not in (propstat.findtext("d:status", namespaces=NS) or ""):
                continue
            prop = propstat.find("d:prop", NS)
            if prop.find("d:resourcetype/d:collection", NS) is not None:
                info["collection"] = True
            length = prop.findtext("d:getcontentlength", namespaces=NS)
            if length:
                info["size"] = int(length)
            info["etag"] = prop.findtext("d:getetag", namespaces=NS) or info["etag"]
            for cs in prop.findall("oc:checksums/oc:checksum", NS):
                for item in (cs.text or "").split():
                    algo, _, value = item.partition(":")
                    info["checksums"][algo.upper()] = value.lower()
        out[href] = info
    return out


def expected_checksums(data: bytes) -> dict[str, str]:
    return {"SHA1": hashlib.sha1(data).hexdigest(), "MD5": hashlib.md5(data).hexdigest(),
            "ADLER32": f"{zlib.adler32(data) & 0xffffffff:08x}"}


def check_props(info: dict, data: bytes, what: str) -> None:
    check(info["size"] == len(data), f"{what}: getcontentlength {info['size']} != {len(data)}")
    want = expected_checksums(data)
    check(info["checksums"].get("SHA1") == want["SHA1"],
          f"{what}: PROPFIND SHA1 {info['checksums'].get('SHA1')} != {want['SHA1']}")
    for algo in ("MD5", "ADLER32"):
        if algo in info["checksums"]:
            check(info["checksums"][algo] == want[algo], f"{what}: PROPFIND {algo} {info['checksums'][algo]} != {want[algo]}")


def run_test(main) -> None:
    """Runs a test's main(); prints the traceback and exits 1 on failure."""
    import traceback
    started = time.time()
    try:
        main()
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        log(f"FAILED after {time.time() - started:.1f}s")
        sys.exit(1)
    log(f"passed in {time.time() - started:.1f}s")
    sys.exit(0)
