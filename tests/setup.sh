#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine (idempotent): C libraries for the build, the real
# WebDAV peers and clients, and a Python venv with the test oracles.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES=(
  libsqlite3-dev zlib1g-dev liblz4-dev libzstd-dev liblzma-dev libxxhash-dev librsvg2-dev libcairo2-dev pkg-config libarchive-dev
  libvips-dev libcmark-gfm-dev libdeflate-dev poppler-utils
  litmus apache2 curl nextcloud-desktop-cmd owncloud-client-cmd rclone unzip chromium chromium-driver
)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
if [ ! -x .venv/bin/python3 ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -r tests/requirements.txt
