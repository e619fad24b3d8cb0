#!/usr/bin/env python3
"""Bad input over real HTTP: traversal and control characters in paths, wrong OC-Checksum, DTDs and entities,
oversized and malformed XML, missing parents, bad credentials, other users' trees, a client that disconnects
mid-upload, PROPFIND Depth infinity, `Expect: 100-continue` (answered before the body is sent, also when the
credentials are wrong), and a full disk (a real 8 MiB tmpfs — or an ext4 loop device — as the
storage node). Every refusal must leave the stored data exactly as it was."""
import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import (ADMIN_PASSWORD, Client, Server, basic_auth, check, log, parse_multistatus,  # noqa: E402
                    problem_lines, register_mount, run_test, sha1, tempdir)

MiB = 1 << 20
failures: list[str] = []


_mark = [0]


def done(msg: str) -> None:
    """Logs a step's summary, honestly: with the unexpected answers it collected, if any."""
    new = failures[_mark[0]:]
    _mark[0] = len(failures)
    if new:
        log(f"NOT OK ({len(new)} unexpected answer(s)): {msg}")
        for f in new:
            log(f"    {f}")
    else:
        log(msg)


def expect(what: str, got, allowed) -> bool:
    allowed = allowed if isinstance(allowed, tuple) else (allowed,)
    if got not in allowed:
        failures.append(f"{what}: got {got}, expected {' or '.join(map(str, allowed))}")
        return False
    return True


def read_head(sock: socket.socket, data: bytes = b"") -> bytes:
    """Reads until the end of a response head (or the connection ends or times out); returns all bytes read."""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:  # reset, timeout, or a socket closed by the writer
        pass
    return data


def raw_request(port: int, head: bytes, body: bytes = b"", read: bool = True, timeout: float = 20) -> tuple[int, bytes]:
    """Sends bytes as they are (for request lines http.client refuses to send). Returns (status, whole answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head + body)
        if not read:
            return 0, b""
        data = read_head(s)
    if not data.startswith(b"HTTP/1."):
        return -1, data
    return int(data.split(b" ", 2)[1]), data


def tree_snapshot(c: Client, user_root: str = "") -> dict:
    """Every href below the root (Depth 1 recursively) with its etag and size."""
    out, todo = {}, [user_root]
    while todo:
        folder = todo.pop()
        for href, info in c.listing(folder).items():
            if href in out:
                continue
            out[href] = (info["etag"], info["size"], info["collection"])
            if info["collection"] and href != c.server.dav_path(c.user, folder):
                todo.append(href.split(f"/files/{c.user}/", 1)[1])
    return out


def paths_and_control_chars(server: Server, c: Client) -> None:
    base = f"/remote.php/dav/files/admin"
    before = tree_snapshot(c)
    bad_paths = [
        f"{base}/../../../etc/passwd", f"{base}/../alice/x.txt", f"{base}/sub/../x.txt", f"{base}/..",
        f"{base}/%2e%2e/%2e%2e/x.txt", f"{base}/%2E%2E/alice/x.txt", f"{base}/..%2fx.txt", f"{base}/%2e%2e%2fx.txt",
        f"{base}/x%2f..%2f..%2fy.txt", f"{base}/.%2e/x.txt",
        f"{base}/a%00b.txt", f"{base}/a.txt%00.jpg", f"{base}/%00",
        f"{base}/a%01b.txt", f"{base}/a%0ab.txt", f"{base}/a%0d%0ab.txt", f"{base}/a%1fb.txt", f"{base}/a%7fb.txt",
        "/remote.php/webdav/../dav/files/admin/x.txt", "/remote.php/webdav/%2e%2e/x.txt",
        "/remote.php/webdav/a%00.txt", "/remote.php/webdav/a%09b.txt",
    ]
    auth = basic_auth().encode()
    for path in bad_paths:
        for method, body in (("PUT", b"evil"), ("MKCOL", b""), ("GET", b""), ("PROPFIND", b""), ("DELETE", b"")):
            head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ".encode() + auth +
                    f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
            status, answer = raw_request(server.port, head, body)
            expect(f"{method} {path}", status, 400)
    # raw control characters inside the request target (the HTTP parser may refuse the line itself: 400 too)
    for raw in (b"a\x01b.txt", b"a\x7fb.txt", b"a\x1bb.txt"):
        head = (b"PUT " + base.encode() + b"/" + raw + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth +
                b"\r\nContent-Length: 4\r\nConnection: close\r\n\r\n")
        status, answer = raw_request(server.port, head, b"evil")
        expect(f"PUT {base}/{raw!r} (raw control character)", status, 400)
    # traversal through Destination (COPY/MOVE must never leave the tree)
    for method in ("COPY", "MOVE"):
        for dest in (f"{server.base}{base}/../alice/stolen.txt", f"{server.base}{base}/%2e%2e/alice/stolen.txt",
                     f"{base}/../../x.txt", f"{server.base}{base}/a%00.txt", f"{server.base}{base}/a%0a.txt"):
            s, _, b = c.request(method, "keep.txt", headers={"Destination": dest})
            expect(f"{method} keep.txt → {dest}", s, 400)
    after = tree_snapshot(c)
    check(before == after, f"bad paths changed the tree: {set(after) ^ set(before)}")
    done(f"{len(bad_paths) * 5 + 3 + 10} traversal / NUL / control character requests answered 400, tree unchanged")


def checksums(c: Client) -> None:
    old = os.urandom(50_000)
    check(c.put("ck.txt", old)[0] == 201, "PUT ck.txt")
    new = os.urandom(60_000)
    for header in ("SHA1:" + "0" * 40, "SHA1:" + sha1(old), "MD5:" + "0" * 32, "ADLER32:00000001",
                   "SHA1:" + sha1(new)[:-1] + ("0" if sha1(new)[-1] != "0" else "1")):
        s, _, b = c.put("ck.txt", new, {"OC-Checksum": header})
        expect(f"PUT ck.txt with OC-Checksum {header[:20]}…", s, 400)
        s, _, b = c.put("ck-new.txt", new, {"OC-Checksum": header})
        expect(f"PUT ck-new.txt (new) with OC-Checksum {header[:20]}…", s, 400)
    s, _, body = c.get("ck.txt")
    check(s == 200 and body == old, "a refused OC-Checksum upload changed the existing file")
    s, _, _ = c.get("ck-new.txt")
    expect("GET ck-new.txt after refused uploads", s, 404)
    s, _, _ = c.put("ck.txt", new, {"OC-Checksum": "SHA1:" + sha1(new)})
    expect("PUT ck.txt with the right SHA1", s, (200, 204))
    check(c.get("ck.txt")[2] == new, "the upload with the right checksum did not store the new bytes")
    done("wrong OC-Checksum → 400, nothing written; the right one is accepted")


def xml_bodies(c: Client) -> None:
    xxe = (b'<?xml version="1.0"?>\n<!DOCTYPE d:propfind [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           b'<d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&xxe;</d:displayname></d:prop></d:propfind>')
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><d:propfind xmlns:d="DAV:"><d:prop><d:x>&lol3;</d:x>'
              b'</d:prop></d:propfind>')
    doctype_only = b'<?xml version="1.0"?><!DOCTYPE d:propfind><d:propfind xmlns:d="DAV:"><d:allprop/></d:propfind>'
    patch_xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><d:propertyupdate xmlns:d="DAV:" '
                 b'xmlns:z="urn:z"><d:set><d:prop><z:p>&e;</z:p></d:prop></d:set></d:propertyupdate>')
    for what, method, body in (("DOCTYPE with external entity", "PROPFIND", xxe), ("billion laughs", "PROPFIND", laughs),
                               ("DOCTYPE", "PROPFIND", doctype_only), ("PROPPATCH with entity", "PROPPATCH", patch_xxe)):
        s, _, b = c.request(method, "ck.txt", body, {"Depth": "0", "Content-Type": "application/xml"})
        expect(f"{method} {what}", s, 400)
        check(b"root:" not in b, "the server expanded an external entity")
    s, _, b = c.propfind("ck.txt", "0", b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><z:p xmlns:z="urn:z"/>'
                                       b'</d:prop></d:propfind>')
    check(s == 207 and b"boom" not in b, "a refused PROPPATCH stored a property")
    for what, method, body in (("unclosed", "PROPFIND", b'<d:propfind xmlns:d="DAV:"><d:prop>'),
                               ("not XML", "PROPFIND", b"hello there"),
                               ("undeclared prefix", "PROPFIND", b"<d:propfind><d:allprop/></d:propfind>"),
                               ("mismatched tags", "PROPPATCH", b'<d:propertyupdate xmlns:d="DAV:"><d:set></d:remove>'
                                                                b'</d:propertyupdate>'),
                               ("mismatched end tag", "PROPFIND", b'<d:propfind xmlns:d="DAV:"><d:prop></d:propfind>'),
                               ("truncated", "PROPPATCH", b'<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop>'
                                                          b'<z:trunc xmlns:z="urn:z">1</z:trunc></d:prop></d:set>'),
                               ("truncated", "LOCK", b'<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/>'
                                                     b'</d:lockscope><d:locktype><d:write/></d:locktype>'),
                               ("garbage", "LOCK", b"\x00\x01\x02<<<>>>")):
        target = "lock-target.txt" if method == "LOCK" else "ck.txt"   # a wrongly granted lock stays off ck.txt
        s, _, b = c.request(method, target, body, {"Depth": "0", "Content-Type": "application/xml"})
        expect(f"{method} malformed XML ({what})", s, 400)
    s, _, b = c.propfind("ck.txt", "0", b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>'
                                       b'<z:trunc xmlns:z="urn:z"/></d:prop></d:propfind>')
    check(s == 207, f"PROPFIND of z:trunc answered {s}")
    expect("a truncated PROPPATCH must not store its property (z:trunc found with value 1)",
           re.search(rb"trunc[^>]*>1<", b) is not None, False)
    big = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>' +
           b'<d:displayname/>' * ((2 * MiB) // 16) + b'</d:prop></d:propfind>')
    s, _, b = c.propfind("ck.txt", "0", big)
    expect("PROPFIND with a 2 MiB XML body (Content-Length)", s, 413)
    c.close()
    # the same without Content-Length (chunked): the limit must hold while reading
    sock = socket.create_connection(("127.0.0.1", c.server.port), timeout=20)
    head = (f"PROPFIND {c.server.dav_path(path='ck.txt')} HTTP/1.1\r\nHost: 127.0.0.1\r\nDepth: 0\r\n"
            f"Authorization: {basic_auth()}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/xml\r\n\r\n")
    try:
        sock.sendall(head.encode())
        for off in range(0, len(big), 65536):
            piece = big[off:off + 65536]
            sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    answer = read_head(sock)
    sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else -1
    expect("PROPFIND with a 2 MiB chunked XML body", status, 413)
    done("DOCTYPE/entities → 400, malformed XML → 400, XML over the limit → 413")


def parents_auth_isolation(server: Server, c: Client) -> None:
    s, _, _ = c.put("nope/x.txt", b"x")
    expect("PUT below a missing parent", s, 409)
    s, _, _ = c.mkcol("nope/sub/")
    expect("MKCOL below a missing parent", s, 409)
    s, _, _ = c.move("ck.txt", "nope/ck.txt")
    expect("MOVE to below a missing parent", s, 409)
    s, _, _ = c.request("COPY", "ck.txt", headers={"Destination": server.url(path="nope/ck.txt")})
    expect("COPY to below a missing parent", s, 409)
    s, _, _ = c.put("ck.txt/child", b"x")
    expect("PUT below a file", s, 409)

    # Each kind of bad credentials comes from its own loopback address (127.0.0.N): the server may throttle
    # failed logins per client address, which must not slow down the rest of the test.
    for n, (what, auth) in enumerate((("wrong password", basic_auth("admin", "wrong")),
                                      ("unknown user", basic_auth("nobody", "x")),
                                      ("empty password", basic_auth("admin", "")), ("garbage", "Basic !!!notbase64"),
                                      ("no credentials", None)), 2):
        anon = Client(server, source=f"127.0.0.{n}")
        for method in (("GET", "PROPFIND", "PUT") if n == 2 else ("GET", "PUT")):
            h = {"Authorization": auth} if auth else {}
            s, headers, _ = anon.request(method, "ck.txt", b"zzz" if method == "PUT" else None, h, auth=False)
            if expect(f"{method} with {what}", s, 401):
                expect(f"{method} with {what}: WWW-Authenticate Basic", "basic" in headers.get("www-authenticate", "").lower(), True)
        anon.close()
    check(c.get("ck.txt")[2] != b"zzz", "an unauthenticated PUT changed the file")

    server.add_user("alice", "alice-Password-1")
    server.add_user("bob", "bob-Password-1")
    alice = Client(server, "alice", "alice-Password-1")
    bob = Client(server, "bob", "bob-Password-1")
    secret = b"alice's secret " + os.urandom(16).hex().encode()
    check(alice.mkcol("private/")[0] == 201, "alice MKCOL")
    check(alice.put("private/secret-name.txt", secret)[0] == 201, "alice PUT")
    alice_before = tree_snapshot(alice)
    a = "/remote.php/dav/files/alice"
    for method, path, body, headers in (
            ("GET", f"{a}/private/secret-name.txt", None, {}), ("HEAD", f"{a}/private/secret-name.txt", None, {}),
            ("PROPFIND", f"{a}/", b"", {"Depth": "1"}), ("PROPFIND", f"{a}/private/", b"", {"Depth": "1"}),
            ("PUT", f"{a}/private/secret-name.txt", b"overwritten", {}), ("PUT", f"{a}/planted.txt", b"x", {}),
            ("DELETE", f"{a}/private/secret-name.txt", None, {}), ("MKCOL", f"{a}/newdir/", None, {}),
            ("PROPPATCH", f"{a}/private/", b'<d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:z"><d:set><d:prop><z:p>1'
                                           b'</z:p></d:prop></d:set></d:propertyupdate>', {}),
            ("LOCK", f"{a}/private/secret-name.txt", b'<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/>'
                                                     b'</d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>', {}),
            ("MOVE", f"{a}/private/secret-name.txt", None, {"Destination": server.url("bob", "got.txt")}),
            ("COPY", f"{a}/private/secret-name.txt", None, {"Destination": server.url("bob", "got.txt")})):
        for who in (bob, c):   # a plain user and the admin account: neither may enter alice's tree over WebDAV
            s, _, b = who.request(method, path, body, headers, raw_path=True)
            expect(f"{who.user}: {method} {path}", s, 404)
            check(secret not in b, f"{who.user}: {method} {path} leaks the content: {b[:200]!r}")
            # Nothing leaks: the answer is the one for a user that does not exist (up to the echoed path).
            ghost_path = path.replace("/files/alice", "/files/ghost")
            gs, _, gb = who.request(method, ghost_path, body, headers, raw_path=True)
            norm = lambda data, p: data.replace(p.split("/files/", 1)[1].split("/", 1)[-1].encode(), b"<path>") \
                .replace(b"alice", b"<user>").replace(b"ghost", b"<user>")
            check(s == gs and norm(b, path) == norm(gb, ghost_path),
                  f"{who.user}: {method} {path} answers differently than for a user that does not exist:\n"
                  f"  {s} {b[:300]!r}\n  {gs} {gb[:300]!r}")
    # into alice's tree through Destination
    check(bob.put("mine.txt", b"bob's")[0] == 201, "bob PUT")
    for method in ("COPY", "MOVE"):
        s, _, b = bob.request(method, "mine.txt", headers={"Destination": server.url("alice", "planted.txt")})
        expect(f"bob: {method} mine.txt → alice's tree", s, (403, 404))
    check(tree_snapshot(alice) == alice_before, "other users changed alice's tree")
    check(alice.get("private/secret-name.txt")[2] == secret, "alice's file changed")
    check(bob.get("mine.txt")[2] == b"bob's", "bob's file changed")
    done("missing parent → 409, bad credentials → 401 + WWW-Authenticate, other trees → 404 without leaks")
    alice.close()
    bob.close()


def depth_infinity(c: Client) -> None:
    s, _, b = c.propfind("", "infinity")
    expect("PROPFIND Depth infinity", s, 403)
    check(b"propfind-finite-depth" in b, f"PROPFIND Depth infinity: no propfind-finite-depth in {b[:300]!r}")
    done("PROPFIND Depth infinity → 403 propfind-finite-depth")


def expect_continue(server: Server, c: Client) -> None:
    """curl and davfs2 send `Expect: 100-continue` and wait (curl: 1 s) for the 100 before the body."""
    body = os.urandom(64 * 1024)
    for name, auth, final in (("continued.bin", basic_auth(), (201,)), ("refused.bin", basic_auth(password="wrong"), (401,))):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall((f"PUT {server.dav_path(path=name)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\n"
                          f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n").encode())
            interim = read_head(sock)
            check(interim.startswith(b"HTTP/1.1 100"), f"Expect: 100-continue for {name}: no 100 before the body, got {interim[:80]!r}")
            sock.sendall(body)
            final_head = read_head(sock, interim.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in interim else b"")
            m = re.match(rb"HTTP/1\.1 (\d+)", final_head)
            expect(f"PUT {name} after the 100", int(m.group(1)) if m else None, final)
    check(c.get("continued.bin")[2] == body, "continued.bin does not hold the body sent after the 100")
    expect("GET refused.bin", c.get("refused.bin")[0], 404)
    done("Expect: 100-continue is answered before the body (then 201, or 401 with wrong credentials)")


def disconnect(server: Server, c: Client) -> None:
    old = os.urandom(3 * MiB)
    check(c.put("big.bin", old)[0] == 201, "PUT big.bin")
    for n in range(3):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        head = (f"PUT {server.dav_path(path='big.bin')} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {basic_auth()}"
                f"\r\nContent-Length: {10 * MiB}\r\nContent-Type: application/octet-stream\r\n\r\n")
        sock.sendall(head.encode())
        sock.sendall(os.urandom(MiB))
        time.sleep(0.3)
        if n == 1:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
        sock.close()
    # a disconnect before the first body byte, and one for a new file
    for path in ("big.bin", "never.bin"):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        sock.sendall((f"PUT {server.dav_path(path=path)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {basic_auth()}"
                      f"\r\nContent-Length: {10 * MiB}\r\n\r\n").encode() + (os.urandom(MiB) if path == "never.bin" else b""))
        sock.close()
    time.sleep(1.0)
    s, _, body = c.get("big.bin")
    check(s == 200 and body == old, f"after the disconnects big.bin is {len(body)} bytes (status {s}), not the old content")
    expect("GET never.bin (upload disconnected)", c.get("never.bin")[0], 404)
    rc, out = server.fsck()
    problems = problem_lines(out)
    check(rc == 0 or all("orphan" in p for p in problems), f"fsck after disconnects: more than orphans:\n{out}")
    rc, out = server.fsck(repair=True)
    rc, out = server.fsck()
    check(rc == 0, f"fsck after fsck --repair exits {rc}:\n{out}")
    check(c.get("big.bin")[2] == old, "big.bin changed")
    done(f"client disconnects mid-upload leave the old content ({len(problems)} orphan(s) before repair); fsck clean")


def mount_small_fs(mountpoint: str, work: str) -> str:
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountpoint], capture_output=True, text=True)
    if r.returncode == 0:
        register_mount(mountpoint)
        return "tmpfs (8 MiB)"
    log(f"mounting a tmpfs failed ({r.stderr.strip()}); trying an ext4 loop device")
    image = os.path.join(work, "disk.img")
    with open(image, "wb") as f:
        f.truncate(16 * MiB)
    subprocess.run(["mkfs.ext4", "-q", "-F", image], check=True, capture_output=True)
    r = subprocess.run(["mount", "-o", "loop", image, mountpoint], capture_output=True, text=True)
    check(r.returncode == 0, f"cannot mount a tmpfs nor a loop device here ({r.stderr.strip()}): the disk-full "
                             "test needs a real small file system")
    register_mount(mountpoint)
    return "ext4 loop device (16 MiB)"


def disk_full() -> None:
    work = tempdir("diskfull")
    node = os.path.join(work, "node")
    os.makedirs(node)
    kind = mount_small_fs(node, work)
    server = Server(work, nodes=[node], replicas=1).start()
    c = Client(server)
    old = os.urandom(MiB)
    check(c.put("full.bin", old)[0] == 201, "PUT full.bin (1 MiB) on the small node")
    # with Content-Length
    s, _, b = c.put("full.bin", os.urandom(20 * MiB))
    expect("PUT 20 MiB onto a full disk (Content-Length)", s, 507)
    # The client is told the storage is full and given a reference, not the server's paths; the server's log has
    # the details under that reference.
    text = b.decode(errors="replace")
    found = re.search(r"reference ([^:]+):", text)
    check("the server's storage is full" in text and found is not None and node not in text,
          f"the 507's message should name the full storage and a reference, without server paths: {text!r}")
    line = next((l for l in server.log_text().splitlines() if f"hb.request.id={found.group(1)}" in l), "")
    check(" error " in line and "No space left on device" in line and node in line,
          f"the server log has no error line with the storage's detail for reference {found.group(1)}")
    c.close()
    # chunked, so the server cannot know the size in advance and must notice ENOSPC while writing
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    answer = b""
    box = {}

    def reader():
        box["answer"] = read_head(sock)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        sock.sendall((f"PUT {server.dav_path(path='full.bin')} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                      f"{basic_auth()}\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
        for _ in range(20 * 4):
            piece = os.urandom(256 * 1024)
            sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    t.join(30)
    sock.close()
    answer = box.get("answer", b"")
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else -1
    expect("PUT 20 MiB chunked onto a full disk", status, 507)
    c = Client(server)
    s, _, body = c.get("full.bin")
    check(s == 200 and body == old, f"after the 507s full.bin is {len(body)} bytes (status {s}), not the old content")
    # the failed writes freed their space: another 1 MiB still fits
    s, _, _ = c.put("after.bin", os.urandom(MiB))
    expect("PUT 1 MiB after the refused uploads (space must have been released)", s, 201)
    c.close()
    server.stop()
    rc, out = server.fsck()
    check(rc == 0, f"fsck after the disk-full uploads exits {rc}:\n{out}")
    done(f"disk full on a {kind} storage node → 507, old content intact, space released, fsck clean")


def main():
    data = tempdir("badinput")
    server = Server(data).start()
    c = Client(server)
    check(c.put("keep.txt", b"keep me")[0] == 201, "PUT keep.txt")
    check(c.mkcol("sub/")[0] == 201, "MKCOL sub/")
    for step in (lambda: paths_and_control_chars(server, c), lambda: checksums(c), lambda: xml_bodies(c),
                 lambda: parents_auth_isolation(server, c), lambda: depth_infinity(c),
                 lambda: expect_continue(server, c), lambda: disconnect(server, c)):
        step()
    check(c.get("keep.txt")[2] == b"keep me", "keep.txt changed")
    # Everything above is the clients' fault (bad input, disconnects): none of it is logged as the server's.
    errors = [line for line in server.log_text().splitlines() if " error " in line]
    check(not errors, "the server logged client faults as its own errors:\n" + "\n".join(errors[:5]))
    c.close()
    server.stop()
    rc, out = server.fsck()
    check(rc == 0, f"fsck at the end exits {rc}:\n{out}")
    disk_full()
    check(not failures, f"{len(failures)} unexpected answer(s):\n" + "\n".join(failures))


if __name__ == "__main__":
    run_test(main)
