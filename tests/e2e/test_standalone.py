#!/usr/bin/env python3
"""The binary alone is a complete installation: an administrator copies `hepbox` to a directory of its own (no
resource bundle beside it) and the web pages still get every script, stylesheet and icon, byte for byte."""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import hepbox  # noqa: E402
from hepbox import Client, Server, check, log, run_test, tempdir  # noqa: E402

ASSETS = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "HepboxWeb", "Assets")
TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


def main() -> None:
    work = tempdir("standalone")
    alone = os.path.join(work, "bin")
    os.makedirs(alone)
    shutil.copy2(hepbox.BIN, os.path.join(alone, "hepbox"))
    hepbox.BIN = os.path.join(alone, "hepbox")
    check(os.listdir(alone) == ["hepbox"], "the binary's directory holds something else")
    os.makedirs(os.path.join(work, "data"))
    os.environ.pop("HEPBOX_WEB_ASSETS", None)  # the built-in copies are what is tested
    server = Server(os.path.join(work, "data")).start()
    client = Client(server)

    code, _, page = client.request("GET", "/login", auth=False)
    check(code == 200, f"the login page answered {code}")
    referenced = set(re.findall(rb'/static/[^"\']+', page))
    check(referenced, "the login page references no static assets")

    sources = {}
    for folder, _, names in os.walk(ASSETS):
        for name in names:
            path = os.path.join(folder, name)
            sources[os.path.relpath(path, ASSETS).replace(os.sep, "/")] = path
    check(len(sources) >= 10, f"only {len(sources)} asset files found under {ASSETS}")
    for ref in referenced:
        check(ref.decode()[len("/static/"):] in sources, f"the login page references {ref!r}, which is no asset")

    for name, path in sorted(sources.items()):
        code, headers, body = client.request("GET", "/static/" + name, auth=False)
        with open(path, "rb") as f:
            expected = f.read()
        check(code == 200, f"/static/{name} answered {code}")
        check(body == expected, f"/static/{name} differs from {path}")
        want = TYPES.get(os.path.splitext(name)[1])
        got = headers.get("content-type", "")
        check(want is None or got.startswith(want), f"/static/{name} came as {got!r}, not {want}")
    code, _, _ = client.request("GET", "/static/no-such-file.js", auth=False)
    check(code == 404, f"an unknown asset answered {code}, not 404")
    server.stop()
    log(f"a lone copy of the binary served all {len(sources)} web assets byte for byte")


if __name__ == "__main__":
    run_test(main)
