#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine (idempotent): the C libraries for the build
# (scripts/install-build-deps.sh), the real WebDAV peers and clients, and a Python venv with the test oracles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-build-deps.sh \
  litmus apache2 curl nextcloud-desktop-cmd owncloud-client-cmd rclone unzip chromium chromium-driver
if [ ! -x .venv/bin/python3 ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -r tests/requirements.txt
