"""The web UI in a real browser (headless Chromium through Selenium): log in; upload by the file input and by a
synthetic drop; create, rename, move and delete a folder; restore from the trash; restore a version from the
details panel; a password-protected public link opened in a fresh browser profile (password, download); an upload
into a file drop; previews of an image, a PDF and a notebook. Every step saves a screenshot under
tests/artifacts/browser/ and fails on any JavaScript console error."""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import traceback
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
import hepbox as hb  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

ART = Path(os.environ.get("HEPBOX_ARTIFACTS") or hb.ROOT / "tests/artifacts") / "browser"
ART.mkdir(parents=True, exist_ok=True)
USER, PASSWORD = "alice", "alice-Browser-Password-1"
passed = failed = 0
shot = 0


def browser(downloads: str) -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"]:
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    opts.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.implicitly_wait(0)
    return driver


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def step(name, driver, fn):
    global passed, failed, shot
    shot += 1
    try:
        fn()
        errors = console_errors(driver)
        if errors:
            raise AssertionError("JavaScript console errors: " + " | ".join(errors[:3]))
        passed += 1
        print(f"PASS browser/{name}", flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is a FAIL line with its reason
        failed += 1
        why = str(e) if isinstance(e, AssertionError) else traceback.format_exc(limit=4)
        print(f"FAIL browser/{name}: {why.strip()}".replace("\n", "\n      "), flush=True)
    finally:
        try:
            slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
            driver.save_screenshot(str(ART / f"{shot:02d}-{slug}.png"))
        except Exception:  # noqa: BLE001
            pass


def wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(condition)


def row(driver, name):
    return wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, f'#file-rows tr[data-name="{name}"]')))


def click_in_row(driver, name, selector, timeout=15):
    """Clicks a button of a row; the list re-renders after every change, so a stale row is looked up again."""
    deadline = time.time() + timeout
    while True:
        try:
            row(driver, name).find_element(By.CSS_SELECTOR, selector).click()
            return
        except StaleElementReferenceException:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def rows(driver) -> list[str]:
    # read in one script: the list re-renders under the test's feet
    return driver.execute_script("return [...document.querySelectorAll('#file-rows tr')].map((r) => r.dataset.name)")


def wait_rows(driver, want_present=(), want_absent=(), timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        names = rows(driver)
        if all(n in names for n in want_present) and not any(n in names for n in want_absent):
            return names
        time.sleep(0.2)
    raise AssertionError(f"rows {rows(driver)}: want {list(want_present)} present and {list(want_absent)} absent")


def dialog_ok(driver, text=None):
    if text is not None:
        box = wait(driver, EC.visibility_of_element_located((By.ID, "dialog-input")))
        box.clear()
        box.send_keys(text)
    buttons = wait(driver, EC.visibility_of_all_elements_located((By.CSS_SELECTOR, "#dialog .buttons button")))
    buttons[-1].click()


def main():
    work = hb.tempdir("browser")
    data = os.path.join(work, "server")
    os.makedirs(data)
    server = hb.Server(data).start()
    server.add_user(USER, PASSWORD)
    dav = hb.Client(server, USER, PASSWORD)
    files = os.path.join(work, "files")
    os.makedirs(files)
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)

    def local(name, content: bytes) -> str:
        path = os.path.join(files, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    driver = browser(downloads)
    try:
        def login():
            driver.get(server.base + "/apps/files/")
            wait(driver, EC.url_contains("/login"))
            driver.find_element(By.ID, "user").send_keys(USER)
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            driver.find_element(By.ID, "login-submit").click()
            wait(driver, EC.url_contains("/apps/files/"))
            wait(driver, EC.presence_of_element_located((By.ID, "file-list")))
            cookie = driver.get_cookie("hepbox_session")
            assert cookie and cookie.get("httpOnly") and cookie.get("sameSite") == "Lax", f"session cookie {cookie}"
        step("log in", driver, login)

        def upload_input():
            path = local("hello.txt", b"hello from the browser\n")
            field = driver.find_element(By.ID, "upload-input")
            driver.execute_script("arguments[0].hidden = false", field)
            field.send_keys(path)
            row(driver, "hello.txt")
            status, _, body = dav.get("hello.txt")
            assert status == 200 and body == b"hello from the browser\n", f"GET after upload: {status} {body[:40]!r}"
        step("upload with the file input", driver, upload_input)

        def upload_drop():
            driver.execute_script("""
                const dt = new DataTransfer();
                dt.items.add(new File(['dropped bytes'], 'dropped.txt', {type: 'text/plain'}));
                document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
            """)
            row(driver, "dropped.txt")
            status, _, body = dav.get("dropped.txt")
            assert status == 200 and body == b"dropped bytes", f"GET after drop: {status} {body!r}"
        step("upload by drag and drop", driver, upload_drop)

        def folders():
            driver.find_element(By.ID, "new-folder").click()
            dialog_ok(driver, "Analysis")
            row(driver, "Analysis")
            driver.find_element(By.ID, "new-folder").click()
            dialog_ok(driver, "Archive")
            row(driver, "Archive")
            click_in_row(driver, "Analysis", "button.rename")
            dialog_ok(driver, "Analysis 2026")
            wait_rows(driver, ["Analysis 2026"], ["Analysis"])
            click_in_row(driver, "Analysis 2026", "input.select")
            driver.find_element(By.ID, "bulk-move").click()
            wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, '#picker-list button[data-path="/Archive"]'))).click()
            wait(driver, EC.text_to_be_present_in_element((By.ID, "picker-path"), "/Archive"))
            dialog_ok(driver)
            wait_rows(driver, ["Archive"], ["Analysis 2026"])
            assert dav.propfind("Archive/Analysis 2026", depth="0")[0] == 207, "the moved folder is not in /Archive"
            click_in_row(driver, "Archive", "input.select")
            driver.find_element(By.ID, "bulk-delete").click()
            dialog_ok(driver)
            wait_rows(driver, [], ["Archive"])
        step("create, rename, move and delete folders", driver, folders)

        def trash():
            driver.find_element(By.CSS_SELECTOR, '#nav a[data-view="trash"]').click()
            wait_rows(driver, ["Archive"])
            click_in_row(driver, "Archive", "button.restore")
            wait_rows(driver, [], ["Archive"])
            driver.find_element(By.CSS_SELECTOR, '#nav a[data-view="files"]').click()
            wait_rows(driver, ["Archive"])
        step("restore a folder from the trash", driver, trash)

        def versions():
            field = driver.find_element(By.ID, "upload-input")
            driver.execute_script("arguments[0].hidden = false", field)
            field.send_keys(local("hello.txt", b"second version\n"))
            deadline = time.time() + 15
            while dav.get("hello.txt")[2] != b"second version\n" and time.time() < deadline:
                time.sleep(0.2)
            # the list shows the new size once the page has reloaded it (a details panel opened earlier would close)
            wait(driver, lambda d: d.execute_script(
                "return document.querySelector('#file-rows tr[data-name=\"hello.txt\"] td.size')?.textContent") == "15 B")
            click_in_row(driver, "hello.txt", "button.details")
            restore = wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, "#versions .restore-version")))
            restore.click()
            deadline = time.time() + 15
            while dav.get("hello.txt")[2] != b"hello from the browser\n" and time.time() < deadline:
                time.sleep(0.2)
            assert dav.get("hello.txt")[2] == b"hello from the browser\n", "the version was not restored"
        step("restore a version from the details panel", driver, versions)

        link_url = {}

        def create_link():
            click_in_row(driver, "hello.txt", "button.details")
            wait(driver, EC.element_to_be_clickable((By.ID, "tab-shares"))).click()
            wait(driver, EC.visibility_of_element_located((By.ID, "link-password"))).send_keys("link-Password-9")
            driver.find_element(By.ID, "create-link").click()
            url = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "#share-list .link-url"))).get_attribute("value")
            assert "/s/" in url, f"link url {url!r}"
            link_url["file"] = url
        step("create a public link with a password", driver, create_link)

        def open_link():
            other = browser(downloads)
            try:
                other.get(link_url["file"])
                wait(other, EC.visibility_of_element_located((By.ID, "password"))).send_keys("link-Password-9")
                other.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
                download = wait(other, EC.element_to_be_clickable((By.LINK_TEXT, "Download")))
                other.save_screenshot(str(ART / f"{shot:02d}-public-link-page.png"))
                download.click()
                target = os.path.join(downloads, "hello.txt")
                deadline = time.time() + 15
                while not os.path.exists(target) and time.time() < deadline:
                    time.sleep(0.2)
                assert os.path.exists(target) and open(target, "rb").read() == b"hello from the browser\n", \
                    f"downloaded: {os.listdir(downloads)}"
                errors = console_errors(other)
                assert not errors, f"console errors on the link page: {errors[:3]}"
            finally:
                other.quit()
        step("open the link in a fresh profile, enter the password, download", driver, open_link)

        def file_drop():
            driver.find_element(By.ID, "new-folder").click()
            dialog_ok(driver, "Inbox")
            click_in_row(driver, "Inbox", "button.details")
            Select(wait(driver, EC.visibility_of_element_located((By.ID, "link-mode")))).select_by_value("drop")
            driver.find_element(By.ID, "create-link").click()
            url = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "#share-list .link-url"))).get_attribute("value")
            other = browser(downloads)
            try:
                other.get(url)
                field = wait(other, EC.presence_of_element_located((By.ID, "drop-files")))
                field.send_keys(local("report.txt", b"dropped through a link\n"))
                other.find_element(By.CSS_SELECTOR, "#drop-form button").click()
                wait(other, EC.text_to_be_present_in_element((By.ID, "drop-status"), "uploaded"))
                other.save_screenshot(str(ART / f"{shot:02d}-file-drop-page.png"))
                errors = console_errors(other)
                assert not errors, f"console errors on the drop page: {errors[:3]}"
            finally:
                other.quit()
            status, _, body = dav.get("Inbox/report.txt")
            assert status == 200 and body == b"dropped through a link\n", f"the dropped file: {status} {body!r}"
        step("upload into a file drop", driver, file_drop)

        def resume():
            # A large upload interrupted by a reload: the chunked upload folder and its first chunk are on the server
            # and remembered by the page; choosing the same file again sends the rest and assembles it.
            big = bytes(range(256)) * (12 * 4096 + 7)  # ~12.6 MB: above the 10 MB chunk size
            path = local("big.bin", big)
            os.utime(path, (1_700_000_000, 1_700_000_000))
            upload_id = "web-resume-test"
            status, _, _ = dav.request("MKCOL", f"/remote.php/dav/uploads/{USER}/{upload_id}")
            assert status == 201, f"MKCOL of the upload folder answered {status}"
            status, _, _ = dav.request("PUT", f"/remote.php/dav/uploads/{USER}/{upload_id}/{0:015d}", big[:10 * 1024 * 1024])
            assert status in (201, 204), f"PUT of the first chunk answered {status}"
            driver.execute_script("localStorage.setItem('hepbox.uploads', JSON.stringify({[arguments[0]]: arguments[1]}))",
                                  f"/big.bin|{len(big)}|1700000000000", upload_id)
            driver.refresh()
            wait(driver, EC.presence_of_element_located((By.ID, "file-list")))
            field = driver.find_element(By.ID, "upload-input")
            driver.execute_script("arguments[0].hidden = false", field)
            field.send_keys(path)
            row(driver, "big.bin")
            status, _, body = dav.get("big.bin")
            assert status == 200 and body == big, f"resumed upload: {status}, {len(body)} bytes of {len(big)}"
            status, _, _ = dav.request("PROPFIND", f"/remote.php/dav/uploads/{USER}/{upload_id}/", headers={"Depth": "0"})
            assert status == 404, f"the upload folder is still there ({status})"
            assert driver.execute_script("return localStorage.getItem('hepbox.uploads')") == "{}", "the finished upload is still remembered"
        step("resume a chunked upload after a reload", driver, resume)

        def previews():
            png = base64.b64decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==")
            notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Fit results\n"]},
                                  {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["print(1 + 1)"],
                                   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["2\n"]}]}],
                        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            pdf = hb.ROOT / "tests/browser/fixtures/one-page.pdf"
            for name, content in (("pixel.png", png), ("fit.ipynb", json.dumps(notebook).encode()), ("paper.pdf", pdf.read_bytes())):
                dav.put(name, content)
            driver.refresh()
            for name, selector in (("pixel.png", "#preview-image"), ("paper.pdf", "#preview-image"), ("fit.ipynb", "#preview-frame")):
                click_in_row(driver, name, "button.details")
                wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))
                driver.save_screenshot(str(ART / f"{shot:02d}-preview-{name}.png"))
            frame = driver.find_element(By.ID, "preview-frame")
            driver.switch_to.frame(frame)
            text = driver.find_element(By.TAG_NAME, "body").text
            driver.switch_to.default_content()
            assert "Fit results" in text and "2" in text, f"notebook preview text: {text[:200]!r}"
        step("preview an image, a PDF and a notebook", driver, previews)

        def shared_twice():
            # carol shares a folder with alice directly and with alice's group: one entry, in both views.
            server.add_user("carol", "carol-Browser-Password-1")
            for args in (["group", "add", "physics"], ["group", "adduser", "physics", USER]):
                r = subprocess.run([hb.BIN, "admin", *args, "--data-dir", data], capture_output=True, text=True, timeout=120)
                assert r.returncode == 0, f"hepbox admin {' '.join(args)}: {r.stdout}{r.stderr}"
            carol = hb.Client(server, "carol", "carol-Browser-Password-1")
            carol.mkcol("Team")
            for form in ({"shareType": "0", "shareWith": USER}, {"shareType": "1", "shareWith": "physics"}):
                status, _, answer = carol.request(
                    "POST", "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json",
                    urllib.parse.urlencode({"path": "/Team", **form}).encode(),
                    {"OCS-APIREQUEST": "true", "Content-Type": "application/x-www-form-urlencoded"}, raw_path=True)
                assert status == 200, f"sharing /Team with {form}: {status} {answer[:200]!r}"
            driver.find_element(By.CSS_SELECTOR, '#nav a[data-view="shared-with-me"]').click()
            wait_rows(driver, ["Team"])
            assert rows(driver).count("Team") == 1, f"'Shared with me' lists {rows(driver)}"
            driver.find_element(By.CSS_SELECTOR, '#nav a[data-view="files"]').click()
            wait_rows(driver, ["Team"])
            assert rows(driver).count("Team") == 1, f"the files view lists {rows(driver)}"
        step("a folder shared directly and with a group is one entry", driver, shared_twice)
    finally:
        driver.quit()
    print(f"# {passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
