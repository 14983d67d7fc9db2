#!/usr/bin/env bash
# Checks and installs what Skerry's build and tests need on a Debian machine.
# Go modules come through the Go module proxy (go fetches them itself).
# System packages (later: ffmpeg, chromium) are installed with apt-get when
# running as root; otherwise this says what to install.
set -euo pipefail

need_go="1.26"
if ! command -v go >/dev/null 2>&1; then
  echo "deps: Go $need_go or newer is required (https://go.dev/doc/install); 'go' is not on PATH." >&2
  exit 1
fi
have=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$need_go" "$have" | sort -V | head -1)" != "$need_go" ]; then
  echo "deps: Go $need_go or newer is required; found $have." >&2
  exit 1
fi

# apt_install PKG... installs Debian packages that are missing.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: please install: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "deps: installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# leaflet installs the console's map library (Leaflet 1.9.4, npm) into the
# ignored folder web/static/vendor/leaflet, which the binary embeds. Without
# it everything still builds and the console says the map is missing.
leaflet() {
  local dest=web/static/vendor/leaflet
  [ -f "$dest/leaflet.js" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "deps: npm not found: the console's map needs Leaflet 1.9.4 (apt-get install nodejs npm), continuing without it" >&2
    return 0
  fi
  local tmp
  tmp=$(mktemp -d)
  if (cd "$tmp" && npm install --no-save --no-audit --no-fund --silent leaflet@1.9.4 >/dev/null 2>&1); then
    mkdir -p "$dest"
    cp -r "$tmp/node_modules/leaflet/dist/leaflet.js" "$tmp/node_modules/leaflet/dist/leaflet.css" "$tmp/node_modules/leaflet/dist/images" "$dest/"
    cp "$tmp/node_modules/leaflet/LICENSE" "$dest/LICENSE" 2>/dev/null || true
    echo "deps: Leaflet 1.9.4 installed into $dest"
  else
    echo "deps: could not install Leaflet 1.9.4 from npm; the console will say the map is missing" >&2
  fi
  rm -rf "$tmp"
}

# browser_tests installs what the console's end-to-end tests need: Debian's
# Chromium (apt, as root) and playwright-core from npm (web/e2e, pinned by
# its package-lock.json). Without them the tests skip loudly, or fail when
# CI=true.
browser_tests() {
  if ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium fonts-dejavu-core || echo "deps: the console's browser tests need Debian's chromium; they will be skipped (or fail under CI=true)" >&2
  fi
  if [ -d web/e2e/node_modules/playwright-core ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "deps: npm not found: the console's browser tests need playwright-core (apt-get install nodejs npm; Node.js 20 or newer)" >&2
    return 0
  fi
  if (cd web/e2e && npm ci --no-audit --no-fund --silent >/dev/null 2>&1); then
    echo "deps: playwright-core installed into web/e2e/node_modules"
  else
    echo "deps: could not install playwright-core from npm into web/e2e; the browser tests will be skipped (or fail under CI=true)" >&2
  fi
}

# staticcheck installs the linter the project is held to (make lint), pinned,
# into Go's bin directory, from the Go module proxy.
staticcheck() {
  local bin
  bin="$(go env GOPATH)/bin/staticcheck"
  if [ -x "$bin" ] && "$bin" -version 2>/dev/null | grep -q '(0.8.2)'; then
    return 0
  fi
  if go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 >/dev/null 2>&1; then
    echo "deps: staticcheck 0.8.2 installed into $(go env GOPATH)/bin"
  else
    echo "deps: could not install staticcheck 0.8.2 from the Go module proxy; make lint will not run" >&2
  fi
}

# video installs what the video tests and the H.264/H.265 decoder need:
# libavcodec (cgo, for the decoder), ffmpeg and ffprobe (the simulator's
# H.264 encoder and the independent reader of streams and recordings),
# GStreamer's RTSP server with its Python bindings (an independent camera
# for the ingest tests), x264 and JPEG encoders for it. Without libavcodec
# the station builds with MJPEG only (the Makefile passes -tags nolibav and
# says so).
video() {
  apt_install pkg-config libavcodec-dev libavutil-dev libswscale-dev ffmpeg \
    gstreamer1.0-tools gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi python3-gst-1.0 \
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly ||
    echo "deps: without these the station decodes MJPEG only and the video tests skip (or fail when CI=true)" >&2
}

# onnxruntime extracts ONNX Runtime's CPU library (libonnxruntime.so.1,
# ORT 1.30.0) for the learned detector (video/detect/yolo) into the ignored
# folder .deps/onnxruntime. The library ships inside the npm package
# onnxruntime-node@1.30.0: npm pack fetches the tarball only (no install, no
# postinstall, which would download more) and tar takes the linux-x64 .so out
# of it. Without it the learned detector's tests skip (or fail when CI=true)
# and skerry --model says to run make deps.
onnxruntime() {
  local dest=.deps/onnxruntime so=libonnxruntime.so.1
  [ -f "$dest/$so" ] && return 0
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "deps: ONNX Runtime is fetched for Linux x86-64 only; set SKERRY_ONNXRUNTIME to a libonnxruntime.so (1.24 or newer) for --model" >&2; return 0 ;;
  esac
  if ! command -v npm >/dev/null 2>&1; then
    echo "deps: npm not found: the learned detector (--model) needs ONNX Runtime from npm's onnxruntime-node@1.30.0 (apt-get install nodejs npm); its tests will be skipped (or fail under CI=true)" >&2
    return 0
  fi
  local tmp tgz
  tmp=$(mktemp -d)
  if tgz=$(cd "$tmp" && npm pack --silent onnxruntime-node@1.30.0 2>/dev/null) &&
    tar -xzf "$tmp/$tgz" -C "$tmp" "package/bin/napi-v6/linux/x64/$so" 2>/dev/null; then
    mkdir -p "$dest"
    mv "$tmp/package/bin/napi-v6/linux/x64/$so" "$dest/$so"
    echo "deps: ONNX Runtime 1.30.0 ($so) extracted into $dest"
  else
    echo "deps: could not fetch ONNX Runtime from npm (onnxruntime-node@1.30.0); the learned detector's tests will be skipped (or fail under CI=true)" >&2
  fi
  rm -rf "$tmp"
}

# xmltools installs xmllint (Debian libxml2-utils): the report tests validate
# every CAP 1.2 report against the OASIS schema with it (they skip without
# it, or fail when CI=true).
xmltools() {
  apt_install libxml2-utils || echo "deps: without xmllint the CAP report tests skip (or fail when CI=true)" >&2
}

leaflet
staticcheck
video
xmltools
bash .ci/basemap.sh
browser_tests
onnxruntime
go mod download
