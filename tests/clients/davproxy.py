"""A small logging reverse proxy for the client tests: the sync clients talk to it, it forwards every request to
hepbox unchanged (bodies streamed) and records what went over the wire: method, path, status and the headers
that matter for the sync protocol. This is the server's view of what a client did ("did the re-sync PUT anything?",
"was the 25 MB file sent in chunks?") and the evidence for a bug report.

    proxy = LoggingProxy(upstream_port); proxy.start(); ... proxy.port ...; proxy.mark(); ...; proxy.since(mark)
"""
from __future__ import annotations

import http.client
import http.server
import socketserver
import threading
import time

# request headers worth keeping in the log (lower case)
KEEP_REQUEST = ("depth", "destination", "overwrite", "if", "if-match", "if-none-match", "oc-checksum", "x-oc-mtime",
                "oc-total-length", "oc-chunk-offset", "oc-chunked", "oc-conflict", "content-length", "range",
                "content-type")
KEEP_RESPONSE = ("etag", "oc-etag", "oc-fileid", "x-oc-mtime", "content-length", "content-type", "oc-checksum")
HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect"}


class Entry:
    __slots__ = ("t", "method", "path", "status", "req", "resp", "error")

    def __init__(self, method, path):
        self.t = time.time()
        self.method = method
        self.path = path
        self.status = 0
        self.req: dict = {}
        self.resp: dict = {}
        self.error = ""

    def __repr__(self):
        return f"{self.method} {self.path} -> {self.status} req={self.req} resp={self.resp}{' ' + self.error if self.error else ''}"

    def short(self) -> str:
        from urllib.parse import unquote
        return f"{self.method} {unquote(self.path)} → {self.status or 'no answer'}"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "davproxy"

    def log_message(self, *args):  # quiet
        pass

    def _upstream(self) -> http.client.HTTPConnection:
        conn = getattr(self, "_conn", None)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=600)
            self._conn = conn
        return conn

    def _read_body_chunks(self):
        """Yields the request body in pieces (Content-Length or chunked)."""
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return
                left = size
                while left:
                    data = self.rfile.read(min(left, 1 << 20))
                    if not data:
                        raise ConnectionError("client closed mid-body")
                    left -= len(data)
                    yield data
                self.rfile.readline(3)
        else:
            left = int(self.headers.get("Content-Length") or 0)
            while left > 0:
                data = self.rfile.read(min(left, 1 << 20))
                if not data:
                    raise ConnectionError("client closed mid-body")
                left -= len(data)
                yield data

    def _handle(self):
        entry = Entry(self.command, self.path)
        for k, v in self.headers.items():
            if k.lower() in KEEP_REQUEST:
                entry.req[k.lower()] = v
        self.server.record(entry)
        chunked_in = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        try:
            body = list(self._read_body_chunks())  # read it all first (simple, and fine for test sizes)
        except ConnectionError as e:
            entry.error = f"the client sent no complete body: {e}"
            raise
        length = sum(len(b) for b in body)
        for attempt in range(2):
            conn = self._upstream()
            try:
                conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in self.headers.items():
                    if k.lower() in HOP:
                        continue
                    if k.lower() == "content-length" and chunked_in:
                        continue
                    conn.putheader(k, v)
                if chunked_in or ("Content-Length" not in self.headers and length):
                    conn.putheader("Content-Length", str(length))
                conn.endheaders()
                for b in body:
                    conn.send(b)
                resp = conn.getresponse()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                conn.close()
                self._conn = None
                if attempt == 1:
                    entry.error = f"upstream: {e!r}"
                    entry.status = 502
                    self.send_response(502)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
        entry.status = resp.status
        for k, v in resp.getheaders():
            if k.lower() in KEEP_RESPONSE:
                entry.resp[k.lower()] = v
        self.send_response_only(resp.status, resp.reason)
        has_length = resp.getheader("Content-Length") is not None
        for k, v in resp.getheaders():
            if k.lower() in HOP:
                continue
            self.send_header(k, v)
        no_body = self.command == "HEAD" or resp.status in (204, 304) or 100 <= resp.status < 200
        if not has_length and not no_body:
            self.send_header("Transfer-Encoding", "chunked")
        if resp.getheader("Connection", "").lower() == "close":
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if no_body:
            resp.read()
        else:
            while True:
                data = resp.read(1 << 20)
                if not data:
                    break
                if has_length:
                    self.wfile.write(data)
                else:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            if not has_length:
                self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        if resp.will_close:
            self._conn.close()
            self._conn = None

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream_port: int):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream_port = upstream_port
        self.entries: list[Entry] = []
        self.lock = threading.Lock()

    def record(self, entry: Entry):
        with self.lock:
            self.entries.append(entry)


class LoggingProxy:
    def __init__(self, upstream_port: int):
        self.server = _Server(upstream_port)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LoggingProxy":
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def set_upstream(self, port: int):
        self.server.upstream_port = port

    def mark(self) -> int:
        with self.server.lock:
            return len(self.server.entries)

    def since(self, mark: int) -> list[Entry]:
        with self.server.lock:
            return list(self.server.entries[mark:])

    def dump(self, path: str, mark: int = 0):
        with open(path, "w") as f:
            for e in self.since(mark):
                f.write(f"{time.strftime('%H:%M:%S', time.localtime(e.t))} {e!r}\n")
