#!/usr/bin/env bash
# Installs the Debian packages hepbox needs to build and run (idempotent): the C libraries it links (SQLite, zlib,
# LZ4, ZSTD, LZMA, xxHash, libdeflate, libarchive, libvips, libcmark-gfm, librsvg/cairo for plots) and poppler's
# pdftoppm (PDF previews). The tests need more: tests/setup.sh.
set -euo pipefail
BUILD_PACKAGES=(
  pkg-config libsqlite3-dev zlib1g-dev liblz4-dev libzstd-dev liblzma-dev libxxhash-dev libdeflate-dev
  libarchive-dev libvips-dev libcmark-gfm-dev libcmark-gfm-extensions-dev librsvg2-dev libcairo2-dev poppler-utils
)
missing=()
for p in "${BUILD_PACKAGES[@]}" "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
