#!/usr/bin/env bash
# Vendor plotly.js's basic bundle (scatter, bar, pie: the stage's figure is scatter traces only)
# into static/plotly/ from the npm registry, at the version the pinned plotly package bundles in
# full (requirements.txt; tests/ui/test_figures.py checks the two agree). The full bundle is 4.8 MB
# and took a phone's browser over a second to parse; the basic one is 1.2 MB. Run by hand when the
# version changes; the result is committed, so running the app needs Python only.
set -euo pipefail
VERSION=4.1.1
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-basic-dist-min@$VERSION" >/dev/null && tar -xzf "plotly.js-basic-dist-min-$VERSION.tgz")
out=static/plotly
rm -rf "$out"
mkdir -p "$out"
cp "$work/package/plotly-basic.min.js" "$out/"
cp "$work/package/LICENSE" "$out/LICENSE"
echo "$VERSION" > "$out/VERSION"
echo "plotly.js (basic) $VERSION vendored into $out ($(du -sh "$out" | cut -f1))"
