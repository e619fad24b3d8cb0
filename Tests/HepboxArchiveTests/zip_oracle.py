"""Checks a ZIP archive against a JSON manifest of what it must hold, with Python's own zipfile reader.

Usage: zip_oracle.py ARCHIVE MANIFEST.json
Manifest: {"compression": "store"|"deflate", "zip64": bool, "entries": [{"name", "folder", "mtime", and for files
"hex" (the exact bytes) or "pattern" (a byte count of the tests' generated pattern)}]}.
Prints "ok: N entries" and exits 0, or prints every mismatch and exits 1.
"""
import json
import struct
import sys
import time
import zipfile

METHODS = {"store": zipfile.ZIP_STORED, "deflate": zipfile.ZIP_DEFLATED}


def pattern_blocks(size):
    """The tests' generator: 1 MiB blocks of 0..255 repeated, block k rotated left by k % 256."""
    base = bytes(range(256)) * 4096
    k = 0
    while size > 0:
        r = k % 256
        block = (base[r:] + base[:r])[:size]
        yield block
        size -= len(block)
        k += 1


def extended_mtime(extra):
    """The modification time in the 0x5455 extended-timestamp field, or None."""
    at = 0
    while at + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, at)
        data = extra[at + 4:at + 4 + length]
        if tag == 0x5455 and len(data) >= 5 and data[0] & 1:
            return struct.unpack_from("<i", data, 1)[0]
        at += 4 + length
    return None


def same_stream(member, expected_blocks):
    """Reads the member to its end (so zipfile checks the CRC) and compares it block by block."""
    for want in expected_blocks:
        got = member.read(len(want))
        if got != want:
            return False
    return member.read(1) == b""


def check(archive, manifest):
    errors = []
    with open(archive, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - 256))
        tail = f.read()
    if manifest["zip64"] != (b"PK\x06\x06" in tail):
        errors.append(f"zip64 end record expected={manifest['zip64']}")

    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        entries = manifest["entries"]
        names, expected_names = [i.filename for i in infos], [e["name"] for e in entries]
        if names != expected_names:
            first = next((i for i, pair in enumerate(zip(names, expected_names)) if pair[0] != pair[1]), None)
            detail = f"first difference {names[first]!r} vs {expected_names[first]!r}" if first is not None else ""
            errors.append(f"names differ: {len(names)} in archive, {len(expected_names)} expected; {detail}")
            return errors
        for info, want in zip(infos, entries):
            name = info.filename
            if info.is_dir() != want["folder"]:
                errors.append(f"{name}: is_dir {info.is_dir()}")
            if bool(info.flag_bits & 0x800) != (not name.isascii()):
                errors.append(f"{name}: UTF-8 flag {info.flag_bits:#x}")
            local = time.localtime(want["mtime"])
            if info.date_time != (*local[:5], local[5] // 2 * 2):
                errors.append(f"{name}: DOS time {info.date_time}")
            if extended_mtime(info.extra) != want["mtime"]:
                errors.append(f"{name}: extended timestamp {extended_mtime(info.extra)}")
            mode = 0o40755 if want["folder"] else 0o100644
            if info.external_attr >> 16 != mode:
                errors.append(f"{name}: mode {info.external_attr >> 16:o}")
            if want["folder"]:
                if info.file_size != 0:
                    errors.append(f"{name}: folder with {info.file_size} bytes")
                continue
            if info.file_size > 0 and info.compress_type != METHODS[manifest["compression"]]:
                errors.append(f"{name}: method {info.compress_type}")
            if "hex" in want:
                blocks, size = [bytes.fromhex(want["hex"])], len(want["hex"]) // 2
            else:
                blocks, size = pattern_blocks(want["pattern"]), want["pattern"]
            if info.file_size != size:
                errors.append(f"{name}: size {info.file_size}, expected {size}")
            with z.open(info) as member:
                if not same_stream(member, blocks):
                    errors.append(f"{name}: content differs")
    return errors


def main():
    archive, manifest_path = sys.argv[1], sys.argv[2]
    with open(manifest_path) as f:
        manifest = json.load(f)
    try:
        errors = check(archive, manifest)
    except Exception as error:  # a reader failure (bad CRC, bad record) is a finding, not a crash
        errors = [f"{type(error).__name__}: {error}"]
    if errors:
        print("\n".join(errors[:50]))
        sys.exit(1)
    print(f"ok: {len(manifest['entries'])} entries")


main()
