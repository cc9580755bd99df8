#!/usr/bin/env bash
# Rebuild the vendored front-end assets in static/vendor/ from npm packages.
#
# Developer tool only: the generated files are committed, so `make demo`,
# `make test` and CI never run this and need no node/npm.
# Needs node + npm and access to the npm registry.
#
#   scripts/build_frontend.sh
#
# Writes:
#   static/vendor/govuk-frontend/govuk-frontend.min.css  (compiled from scripts/oversight.scss)
#   static/vendor/govuk-frontend/govuk-frontend.min.js   (ES module bundle)
#   static/vendor/govuk-frontend/LICENSE.txt
#   static/vendor/plotly/plotly-strict.min.js
#   static/vendor/plotly/LICENSE
#   static/vendor/VERSIONS.txt
set -euo pipefail

# Major versions only; the exact versions installed are recorded in VERSIONS.txt.
GOVUK_FRONTEND_SPEC="govuk-frontend@5"
SASS_SPEC="sass@1"
PLOTLY_SPEC="plotly.js-strict-dist-min@4"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCSS_ENTRY="$REPO_ROOT/scripts/oversight.scss"
VENDOR="$REPO_ROOT/static/vendor"
GOVUK_OUT="$VENDOR/govuk-frontend"
PLOTLY_OUT="$VENDOR/plotly"

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "==> npm install in $WORK"
(
  cd "$WORK"
  npm init -y >/dev/null
  # --ignore-scripts: nothing here needs install scripts (sass's optional
  # file watcher would otherwise try to build itself from source).
  npm install --no-audit --no-fund --ignore-scripts \
    "$GOVUK_FRONTEND_SPEC" "$SASS_SPEC" "$PLOTLY_SPEC"
)

NM="$WORK/node_modules"
GOVUK_DIST="$NM/govuk-frontend/dist/govuk"
pkg_version() { node -p "require('$NM/$1/package.json').version"; }
GOVUK_VERSION="$(pkg_version govuk-frontend)"
SASS_VERSION="$(pkg_version sass)"
PLOTLY_VERSION="$(pkg_version plotly.js-strict-dist-min)"

echo "==> clearing old output"
rm -rf "$GOVUK_OUT" "$PLOTLY_OUT"
mkdir -p "$GOVUK_OUT" "$PLOTLY_OUT"

echo "==> compiling GOV.UK Frontend $GOVUK_VERSION with sass $SASS_VERSION"
# The entry is copied next to node_modules because sass resolves "pkg:"
# imports from the entry file's directory.
# --quiet-deps / --silence-deprecation=import: GOV.UK Frontend 5 is written
# with @import, which Dart Sass 1.80+ warns about on every file.
cp "$SCSS_ENTRY" "$WORK/oversight.scss"
"$NM/.bin/sass" \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  "$WORK/oversight.scss" "$GOVUK_OUT/govuk-frontend.min.css"

echo "==> copying GOV.UK Frontend JavaScript"
# Drop the sourceMappingURL comment: the .map is not shipped, and Django's
# ManifestStaticFilesStorage fails collectstatic on a reference to a missing file.
sed -e 's|//# sourceMappingURL=[^[:space:]]*$||' \
  "$GOVUK_DIST/govuk-frontend.min.js" >"$GOVUK_OUT/govuk-frontend.min.js"

# Images: copy only what the compiled CSS references (today: nothing). All the
# images in the package (favicons, app icons, crest) show the crown or crest,
# which belong to GOV.UK only; assets/manifest.json just lists those icons, so
# it is not copied either. Fonts are never copied (GDS Transport is GOV.UK-only).
mapfile -t CSS_URLS < <(grep -o 'url([^)]*)' "$GOVUK_OUT/govuk-frontend.min.css" \
  | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']$//" | sort -u)
for url in "${CSS_URLS[@]}"; do
  case "$url" in
    data:*) continue ;;
    assets/images/govuk-crest*|assets/fonts/*)
      echo "error: CSS references $url, which must not be shipped" >&2; exit 1 ;;
    assets/images/*)
      mkdir -p "$GOVUK_OUT/assets/images"
      cp "$GOVUK_DIST/$url" "$GOVUK_OUT/$url" ;;
    *)
      echo "error: unexpected url($url) in compiled CSS" >&2; exit 1 ;;
  esac
done

# The govuk-frontend npm package ships no LICENSE file; package.json says MIT.
# This is the text of LICENSE.txt in the alphagov/govuk-frontend repository.
cat >"$GOVUK_OUT/LICENSE.txt" <<'EOF'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

echo "==> copying plotly.js strict bundle $PLOTLY_VERSION"
cp "$NM/plotly.js-strict-dist-min/plotly-strict.min.js" "$PLOTLY_OUT/plotly-strict.min.js"
cp "$NM/plotly.js-strict-dist-min/LICENSE" "$PLOTLY_OUT/LICENSE"

echo "==> checking output"
CSS="$GOVUK_OUT/govuk-frontend.min.css"
if grep -q 'GDS Transport' "$CSS"; then
  echo "error: compiled CSS mentions GDS Transport" >&2; exit 1
fi
if grep -q '@font-face' "$CSS"; then
  echo "error: compiled CSS contains @font-face" >&2; exit 1
fi
if grep -q 'sourceMappingURL' "$GOVUK_OUT/govuk-frontend.min.js" "$PLOTLY_OUT/plotly-strict.min.js"; then
  echo "error: a vendored script still references a source map" >&2; exit 1
fi
for url in "${CSS_URLS[@]}"; do
  case "$url" in data:*) continue ;; esac
  [[ -f "$GOVUK_OUT/$url" ]] || { echo "error: url($url) does not resolve" >&2; exit 1; }
done

echo "==> writing VERSIONS.txt"
{
  echo "# Generated by scripts/build_frontend.sh; do not edit by hand."
  echo "govuk-frontend $GOVUK_VERSION"
  echo "plotly.js-strict-dist-min $PLOTLY_VERSION"
  echo "sass $SASS_VERSION (build tool: compiled govuk-frontend.min.css)"
  echo
  echo "# sha256"
  (cd "$VENDOR" && find govuk-frontend plotly -type f | LC_ALL=C sort | xargs sha256sum)
} >"$VENDOR/VERSIONS.txt"

echo "==> done"
cat "$VENDOR/VERSIONS.txt"
(cd "$VENDOR" && find govuk-frontend plotly -type f | LC_ALL=C sort | xargs ls -l)
