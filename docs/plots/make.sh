#!/bin/sh
# Regenerates the sample plots in this folder (SVG + PNG) from the Plot tests that draw them:
#   overlay, log-y, colormap, colormap-logz, lego, surface (GalleryTests) and fit (GalleryFitTests,
#   a gaus+expo χ² fit with the Fit target's MIGRAD; fit-result.txt is its report) and the
#   cli-* samples drawn by `hepbox analyze plot` (PlotCommandTests.writesSamplesFromRealFiles).
# Usage: docs/plots/make.sh   (from anywhere; HEPBOX_BUILD_DIR picks the SwiftPM build directory, default .build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../Analysis"
swift test --scratch-path "${HEPBOX_BUILD_DIR:-.build}" --filter 'GalleryTests|GalleryFitTests|PlotCommandTests/writesSamplesFromRealFiles'
ls -l "$here"/*.svg "$here"/*.png
