#!/usr/bin/env bash
# Installs the console's offline overview basemap: the world's land from
# Natural Earth 1:50m (public domain), as TopoJSON from the npm package
# world-atlas (ISC), into the ignored folder web/static/vendor/basemap, which
# the binary embeds and web/static/basemap.js draws. Without it everything
# still builds and the map shows no land outside the scenario's coastline.
# Called by .ci/deps.sh; runs from any directory; never fails the build.
set -uo pipefail

version="2.0.2"
cd "$(dirname "$0")/.." || exit 0
dest=web/static/vendor/basemap
[ -f "$dest/land-50m.json" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "deps: npm not found: the console's overview map needs world-atlas $version (apt-get install nodejs npm), continuing without it" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if (cd "$tmp" && npm install --no-save --no-audit --no-fund --silent "world-atlas@$version" >/dev/null 2>&1) \
   && [ -s "$tmp/node_modules/world-atlas/land-50m.json" ]; then
  mkdir -p "$dest"
  cp "$tmp/node_modules/world-atlas/land-50m.json" "$dest/"
  cp "$tmp/node_modules/world-atlas/LICENSE" "$dest/LICENSE" 2>/dev/null || true
  cat > "$dest/README.md" <<NOTE
# Overview basemap

land-50m.json: the world's land at 1:50m as TopoJSON, from the npm package
world-atlas $version (ISC licence, see LICENSE), built from Natural Earth
(https://www.naturalearthdata.com/), which is in the public domain.
Installed by .ci/basemap.sh; drawn by web/static/basemap.js.
NOTE
  echo "deps: Natural Earth land (world-atlas $version) installed into $dest"
else
  echo "deps: could not install world-atlas $version from npm; the console's map will show no overview land" >&2
fi
exit 0
