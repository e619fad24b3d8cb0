#!/bin/sh
# Regenerates the sample plots in this folder (SVG + PNG) from the Plot tests that draw them:
#   overlay, log-y, colormap, colormap-logz, lego, surface (GalleryTests) and fit (GalleryFitTests,
#   a gaus+expo χ² fit with the Fit target's MIGRAD; fit-result.txt is its report).
# Usage: docs/plots/make.sh   (from anywhere; uses its own build directory)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../Analysis"
swift test --scratch-path .build-plot --filter 'GalleryTests|GalleryFitTests'
ls -l "$here"/*.svg "$here"/*.png
