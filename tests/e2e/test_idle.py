#!/usr/bin/env python3
"""Idle connections: with `HEPBOX_IDLE_TIMEOUT=1` the server closes a keep-alive connection that stays silent and a
client that stalls halfway through a request head (each would otherwise hold a descriptor for good), while a slow
but steady upload and a download read slowly by its client are not cut."""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from hepbox import Client, Server, basic_auth, check, log, read_answer, run_test, sha1, tempdir  # noqa: E402

TIMEOUT = 1


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """True when the server ends the connection (EOF or reset) within `within` seconds."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def head(path: str, extra: str = "") -> bytes:
    return (f"{path}\r\nHost: 127.0.0.1\r\nAuthorization: {basic_auth()}\r\n{extra}\r\n").encode()


def main() -> None:
    work = tempdir("idle")
    server = Server(work, env={"HEPBOX_IDLE_TIMEOUT": str(TIMEOUT)}).start()
    address = ("127.0.0.1", server.port)
    dav = server.dav_path()

    with socket.create_connection(address) as sock:
        sock.sendall(head(f"PROPFIND {dav} HTTP/1.1", "Depth: 0\r\n"))
        check(read_answer(sock)[0] == 207, "PROPFIND on a fresh connection")
        check(closed_by_server(sock, TIMEOUT + 3), "an idle keep-alive connection stayed open past the timeout")
    log("an idle keep-alive connection is closed after the timeout")

    with socket.create_connection(address) as sock:
        sock.sendall(f"GET {dav} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())  # and then nothing
        check(closed_by_server(sock, TIMEOUT + 3), "a client stalled in the middle of a request head kept its connection")
    log("a client stalled in the middle of a request head is disconnected")

    body = os.urandom(64 * 1024)
    with socket.create_connection(address) as sock:
        sock.sendall(head(f"PUT {dav}slow.bin HTTP/1.1", f"Content-Length: {len(body)}\r\n"))
        pieces = 8
        for i in range(pieces):  # 8 pieces, 0.4 s apart: 2.8 s in all, never silent for the timeout
            sock.sendall(body[i * len(body) // pieces:(i + 1) * len(body) // pieces])
            time.sleep(0.4)
        status, _ = read_answer(sock)
        check(status == 201, f"a slow but steady upload answered {status}")
    check(sha1(Client(server).get("slow.bin")[2]) == sha1(body), "the slow upload was not stored whole")
    log("a slow but steady upload (2.8 s, a piece every 0.4 s) is stored")

    big = os.urandom(16 * 1024 * 1024)
    check(Client(server).put("big.bin", big)[0] == 201, "PUT big.bin")
    with socket.create_connection(address) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        sock.sendall(head(f"GET {dav}big.bin HTTP/1.1"))
        started, received = time.time(), b""
        while time.time() - started < 3 * TIMEOUT:  # read slowly: the server waits on a full socket buffer
            received += sock.recv(64 * 1024)
            time.sleep(0.05)
        sock.settimeout(30)
        data = received
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head_bytes, got = data.split(b"\r\n\r\n", 1)
        check(b" 200 " in head_bytes.split(b"\r\n", 1)[0], f"GET big.bin: {head_bytes[:100]!r}")
        while len(got) < len(big):
            chunk = sock.recv(1 << 20)
            check(chunk, f"the slow download was cut after {len(got)} of {len(big)} bytes")
            got += chunk
        check(sha1(got) == sha1(big), "the slow download's bytes differ")
    log(f"a download read slowly for {3 * TIMEOUT} s is not cut")
    check(server.stop() == 0, "hepbox did not stop cleanly")


if __name__ == "__main__":
    run_test(main)
