"""Sharing with the real clients: pyocclient shares with a user, a group and a public link (password, expiry),
lists, updates and deletes them; bob's nextcloudcmd syncs a read-only share (his local edits and deletes are
refused by the client and restored from the server, the server never changes) and a writable share both ways;
curl downloads through public links (a file, and a folder as a zip checked by `unzip -t`)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import time
import zipfile

import owncloud
import requests

from clientlib import run_main, manifest, Reporter, SyncClient, hb, write

R = Reporter("sharing")
ALICE, ALICE_PW = "alice", "alice-Share-Password-1"
BOB, BOB_PW = "bob", "bob-Share-Password-2"
CAROL, CAROL_PW = "carol", "carol-Share-Password-3"
LINK_PW = "link-secret-42"


def main():
    work = hb.tempdir("clients-sharing")
    data = os.path.join(work, "server")
    os.makedirs(data)
    server = hb.Server(data).start()
    for name, pw in ((ALICE, ALICE_PW), (BOB, BOB_PW), (CAROL, CAROL_PW)):
        server.add_user(name, pw)
    group = subprocess.run([hb.BIN, "admin", "group", "add", "physics", "--data-dir", data], capture_output=True, text=True)
    hb.check(group.returncode == 0, f"group add: {group.stdout}{group.stderr}")
    alice = owncloud.Client(server.base)
    alice.login(ALICE, ALICE_PW)
    admin = owncloud.Client(server.base)
    admin.login(hb.ADMIN, hb.ADMIN_PASSWORD)
    state: dict[str, object] = {}

    def as_user(name, pw):
        c = owncloud.Client(server.base)
        c.login(name, pw)
        return c

    def prepare():
        for folder in ("/Read Only", "/Both Ways", "/Team", "/Public"):
            alice.mkdir(folder)
        for i in range(5):
            alice.put_file_contents(f"/Read Only/paper {i}.txt", f"version one of paper {i}\n".encode())
        alice.put_file_contents("/Both Ways/from alice.txt", b"alice was here\n")
        alice.put_file_contents("/Team/plan.md", b"# plan\n")
        alice.put_file_contents("/Public/data ü.csv", b"x,y\n1,2\n")
        alice.mkdir("/Public/sub")
        alice.put_file_contents("/Public/sub/deep.txt", b"deep\n")
        admin.add_user_to_group(CAROL, "physics")
        hb.check(admin.get_user_groups(CAROL) == ["physics"], f"carol's groups: {admin.get_user_groups(CAROL)}")
    R.step("prepare (pyocclient as alice and admin)", prepare)

    def share_user_group():
        ro = alice.share_file_with_user("/Read Only", BOB, perms=1)
        rw = alice.share_file_with_user("/Both Ways", BOB, perms=31)
        team = alice.share_file_with_group("/Team", "physics", perms=15)
        state.update(ro=ro.get_id(), rw=rw.get_id(), team=team.get_id())
        hb.check(alice.is_shared("/Read Only"), "is_shared('/Read Only') is False")
        shares = alice.get_shares()
        hb.check(len(shares) == 3, f"alice lists {len(shares)} shares")
        one = alice.get_share(ro.get_id())
        hb.check(one.get_share_with() == BOB and one.get_permissions() == 1 and one.get_path() == "/Read Only",
                 f"get_share: {one.share_info}")
        carol = as_user(CAROL, CAROL_PW)
        mine = carol.get_shares("/", shared_with_me=True)  # pyocclient drops the flag without a path
        hb.check([s.get_path() for s in mine] == ["/Team"], f"carol's shared_with_me: {[s.share_info for s in mine]}")
        hb.check(carol.get_file_contents("/Team/plan.md") == b"# plan\n", "carol cannot read the group share")
        carol.put_file_contents("/Team/carol.md", b"hi\n")
        hb.check(alice.get_file_contents("/Team/carol.md") == b"hi\n", "carol's upload did not reach alice")
    R.step("share with a user and a group (pyocclient)", share_user_group)

    def update_delete():
        alice.update_share(state["team"], perms=1)
        hb.check(alice.get_share(state["team"]).get_permissions() == 1, "update_share did not change permissions")
        carol = as_user(CAROL, CAROL_PW)
        try:
            carol.put_file_contents("/Team/refused.md", b"no\n")
            raise AssertionError("carol could still write after the share became read-only")
        except owncloud.HTTPResponseError as e:
            hb.check(e.status_code == 403, f"write to a read-only share answered {e.status_code}")
        alice.delete_share(state["team"])
        hb.check(carol.get_shares("/", shared_with_me=True) == [], "the deleted share is still listed for carol")
        hb.check(all(f.get_name() != "Team" for f in carol.list("/")), "the deleted share is still in carol's tree")
    R.step("update and delete a share (pyocclient)", update_delete)

    def links():
        link = alice.share_file_with_link("/Public", password=LINK_PW)
        token = link.get_token()
        hb.check(len(token) >= 15 and token.isalnum(), f"token {token!r}")
        state["token"] = token
        # expiry through the OCS API (pyocclient has no parameter for it): tomorrow
        tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
        r = requests.put(f"{server.base}/ocs/v1.php/apps/files_sharing/api/v1/shares/{link.get_id()}?format=json",
                         data={"expireDate": tomorrow}, auth=(ALICE, ALICE_PW), headers={"OCS-APIREQUEST": "true"})
        hb.check(r.json()["ocs"]["data"]["expiration"] == f"{tomorrow} 00:00:00", f"expiration: {r.text[:300]}")
        file_link = alice.share_file_with_link("/Public/data ü.csv")
        state["file_token"] = file_link.get_token()
        listed = [s for s in alice.get_shares("/Public") if s.get_share_type() == 3]
        hb.check(len(listed) == 1, f"links on /Public: {[s.share_info for s in listed]}")
    R.step("public links with password and expiry (pyocclient + OCS)", links)

    def curl(*args):
        return subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}", *args], capture_output=True, timeout=60)

    def curl_downloads():
        token, file_token = state["token"], state["file_token"]
        r = curl("-u", f"{token}:{LINK_PW}", f"{server.base}/public.php/webdav/data%20%C3%BC.csv")
        body, _, code = r.stdout.rpartition(b"\n")
        hb.check(code == b"200" and body == b"x,y\n1,2\n", f"public.php/webdav with the password: {code} {body[:80]!r}")
        r = curl("-u", f"{token}:wrong-password", f"{server.base}/public.php/webdav/data%20%C3%BC.csv")
        hb.check(r.stdout.endswith(b"401"), f"a wrong link password answered {r.stdout[-3:]!r}")
        r = curl(f"{server.base}/s/{file_token}/download")
        body, _, code = r.stdout.rpartition(b"\n")
        hb.check(code == b"200" and body == b"x,y\n1,2\n", f"/s/<token>/download: {code} {body[:80]!r}")
        page = curl(f"{server.base}/s/{token}")
        hb.check(page.stdout.endswith(b"200") and b'type="password"' in page.stdout and "data ü.csv".encode() not in page.stdout,
                 "a protected link's page must ask for the password and show nothing else")
        # the password form, then the folder as a zip with the session cookie
        jar = os.path.join(work, "cookies.txt")
        form = subprocess.run(["curl", "-sS", "-c", jar, f"{server.base}/s/{token}"], capture_output=True, timeout=60).stdout
        csrf = form.split(b'name="requesttoken" value="')[1].split(b'"')[0].decode()
        subprocess.run(["curl", "-sS", "-b", jar, "-c", jar, "-d", f"requesttoken={csrf}&password={LINK_PW}",
                        f"{server.base}/s/{token}/authenticate"], capture_output=True, timeout=60, check=True)
        zip_path = os.path.join(work, "public.zip")
        z = subprocess.run(["curl", "-sS", "-b", jar, "-o", zip_path, "-w", "%{http_code}",
                            f"{server.base}/s/{token}/download"], capture_output=True, timeout=60)
        hb.check(z.stdout == b"200", f"zip download answered {z.stdout!r}")
        t = subprocess.run(["unzip", "-t", zip_path], capture_output=True, text=True)
        hb.check(t.returncode == 0, f"unzip -t: {t.stdout}{t.stderr}")
        names = sorted(zipfile.ZipFile(zip_path).namelist())
        hb.check(names == ["Public/", "Public/data ü.csv", "Public/sub/", "Public/sub/deep.txt"] or
                 names == ["Public/data ü.csv", "Public/sub/", "Public/sub/deep.txt"], f"zip members {names}")
        hb.check(zipfile.ZipFile(zip_path).read("Public/sub/deep.txt") == b"deep\n", "zip content differs")
        # escaping the link's folder is refused
        r = curl("-u", f"{token}:{LINK_PW}", "--path-as-is", f"{server.base}/public.php/webdav/../secret")
        hb.check(r.stdout[-3:] in (b"400", b"404"), f"'..' through a link answered {r.stdout[-3:]!r}")
    R.step("curl downloads through public links (file, folder as zip, password, no escape)", curl_downloads)

    def expired_and_deleted():
        link = alice.share_file_with_link("/Public/sub")
        alice.delete_share(link.get_id())
        r = curl(f"{server.base}/s/{link.get_token()}/download")
        hb.check(r.stdout.endswith(b"404"), f"a deleted link answered {r.stdout[-3:]!r}")
        r = curl("-u", f"{link.get_token()}:", f"{server.base}/public.php/webdav/")
        hb.check(r.stdout.endswith(b"401"), f"a deleted link over WebDAV answered {r.stdout[-3:]!r}")
    R.step("a deleted link stops working", expired_and_deleted)

    bob_dir = os.path.join(work, "bob")
    bob = SyncClient("bob", "nextcloud", bob_dir, server.base + "/", user=BOB, password=BOB_PW)

    def read_only_sync():
        bob.sync("initial")
        local = manifest(bob_dir)
        for i in range(5):
            hb.check(f"Read Only/paper {i}.txt" in local, f"paper {i} missing in bob's folder: {sorted(local)[:10]}")
        original = open(os.path.join(bob_dir, "Read Only/paper 0.txt"), "rb").read()
        write(os.path.join(bob_dir, "Read Only/paper 0.txt"), b"bob's unauthorised edit\n", time.time() + 5)
        os.remove(os.path.join(bob_dir, "Read Only/paper 1.txt"))
        write(os.path.join(bob_dir, "Read Only/new by bob.txt"), b"not allowed\n")
        for run in range(2):
            bob.sync(f"read-only-{run}", expect_ok=False)
        hb.check(alice.get_file_contents("/Read Only/paper 0.txt") == b"version one of paper 0\n",
                 "bob's edit reached the server")
        names = sorted(f.get_name() for f in alice.list("/Read Only"))
        hb.check(names == [f"paper {i}.txt" for i in range(5)], f"the server's read-only folder changed: {names}")
        hb.check(os.path.exists(os.path.join(bob_dir, "Read Only/paper 1.txt")), "the deleted file was not restored")
        restored = open(os.path.join(bob_dir, "Read Only/paper 0.txt"), "rb").read()
        hb.check(restored == original, f"the edited file was not restored: {restored!r}")
        # nothing is lost: bob's edit waits in a local conflict copy; his new file stays local
        leftovers = [n for n in os.listdir(os.path.join(bob_dir, "Read Only")) if n.startswith("paper 0 (conflicted copy")]
        hb.check(len(leftovers) == 1, f"no conflict copy of bob's edit: {os.listdir(os.path.join(bob_dir, 'Read Only'))}")
        kept = open(os.path.join(bob_dir, "Read Only", leftovers[0]), "rb").read()
        hb.check(kept == b"bob's unauthorised edit\n", f"the conflict copy holds {kept!r}")
        # bob tidies up what the share refuses, as the client asks him to
        os.remove(os.path.join(bob_dir, "Read Only", leftovers[0]))
        os.remove(os.path.join(bob_dir, "Read Only/new by bob.txt"))
    R.step("nextcloudcmd: a read-only share refuses local changes and restores them", read_only_sync)

    def both_ways():
        write(os.path.join(bob_dir, "Both Ways/from bob.txt"), b"bob was here\n")
        bob.sync("rw-up")
        hb.check(alice.get_file_contents("/Both Ways/from bob.txt") == b"bob was here\n", "bob's upload did not reach alice")
        alice.put_file_contents("/Both Ways/reply.txt", b"thanks bob\n")
        bob.sync("rw-down")
        got = open(os.path.join(bob_dir, "Both Ways/reply.txt"), "rb").read()
        hb.check(got == b"thanks bob\n", f"alice's reply did not reach bob: {got!r}")
        hb.check(hashlib.sha1(got).hexdigest() == hashlib.sha1(alice.get_file_contents("/Both Ways/reply.txt")).hexdigest(),
                 "contents differ")
    R.step("nextcloudcmd: a writable share syncs both ways", both_ways)
    R.exit()


if __name__ == "__main__":
    run_main(main, "sharing")
