#!/usr/bin/env bash
# Vendor KaTeX into static/katex/ from the npm registry, at the version Streamlit 1.67 itself
# bundles (so its st.latex and our stage share one stylesheet's rules). Run by hand when the
# version changes; the result is committed, so running the app needs Python only.
# Keeps: the minified script and stylesheet, the woff2 fonts (every browser we support reads
# woff2; the stylesheet lists it first) and the licence.
set -euo pipefail
VERSION=0.18.10
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "katex@$VERSION" >/dev/null && tar -xzf "katex-$VERSION.tgz")
out=static/katex
rm -rf "$out"
mkdir -p "$out/fonts"
cp "$work/package/dist/katex.min.js" "$work/package/dist/katex.min.css" "$out/"
cp "$work/package/dist/fonts/"*.woff2 "$out/fonts/"
cp "$work/package/LICENSE" "$out/LICENSE"
echo "$VERSION" > "$out/VERSION"
echo "KaTeX $VERSION vendored into $out ($(du -sh "$out" | cut -f1))"
