#!/usr/bin/env bash
# Browser tests of a site built by huong.
#
#   bash tests/browser/run.sh PUBLIC_DIR [TEST_FILE_OR_NODE_TEST_FLAG...]
#
# PUBLIC_DIR is an already-built site folder (the output of `huong build`).
# Installs what is missing first: Debian's chromium (apt) when /usr/bin/chromium
# is absent, a Java runtime (Debian's default-jre-headless, for the Nu HTML
# Checker) when `java` is absent, Node.js when node is absent, and the npm
# dependencies (npm ci --ignore-scripts) when tests/browser/node_modules is
# missing or older than package-lock.json.
# Then runs every *.test.mjs here with Node's built-in test runner; extra
# arguments replace the file list (e.g. `crawl.test.mjs`, or
# `--test-name-pattern=switcher *.test.mjs`).
#
# Environment: HUONG_CRAWL_LIMIT bounds the crawl (default 20000 URLs);
# HUONG_SCREENSHOTS_DIR (default tests/browser/screenshots);
# HUONG_CHROMIUM (default /usr/bin/chromium); HUONG_JAVA (default java);
# HUONG_DASHBOARD, the translation dashboard file for dashboard.test.mjs
# (`huong i18n status --format html -o FILE`; the test is skipped without it).
# The environment is passed through to the tests (node inherits it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() {
  echo "run.sh: $*" >&2
  exit 2
}

[ $# -ge 1 ] || die "usage: bash tests/browser/run.sh PUBLIC_DIR [TEST_FILE...]"
[ -d "$1" ] || die "$1 is not a folder (build the site first: huong build)"
PUBLIC_DIR="$(cd "$1" && pwd)"
shift
[ -f "$PUBLIC_DIR/index.html" ] || die "$PUBLIC_DIR/index.html does not exist: is $PUBLIC_DIR a built site?"

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

CHROMIUM="${HUONG_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  [ "$CHROMIUM" = /usr/bin/chromium ] || die "HUONG_CHROMIUM=$CHROMIUM is not an executable"
  echo "run.sh: installing Debian's chromium" >&2
  apt_install chromium
fi

JAVA="${HUONG_JAVA:-java}"
if ! command -v "$JAVA" >/dev/null 2>&1; then
  [ "$JAVA" = java ] || die "HUONG_JAVA=$JAVA is not an executable"
  echo "run.sh: installing Debian's default-jre-headless (Java, for the Nu HTML Checker)" >&2
  apt_install default-jre-headless
  command -v java >/dev/null 2>&1 || die "java is still missing after installing default-jre-headless"
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: installing Node.js" >&2
  apt_install nodejs npm
fi
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js >= 20 is needed (playwright-core), found $(node --version)"

# npm ci when node_modules is missing or stale (package-lock.json changed since
# the last npm ci: a stamp records its checksum). --ignore-scripts: vnu-jar's
# postinstall would try to download a Java runtime from outside the npm
# registry when none is found; the tests use the machine's Java (above).
STAMP="$HERE/node_modules/.huong-package-lock.sha256"
WANT="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
if [ ! -d "$HERE/node_modules" ] || [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "run.sh: npm ci in $HERE" >&2
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund) >&2
  echo "$WANT" >"$STAMP"
fi

# Arguments naming existing files from the caller's folder become absolute
# (the tests run from tests/browser); others (flags, names in tests/browser) pass as is.
TESTS=()
for arg in "$@"; do
  if [ -f "$arg" ]; then TESTS+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")"); else TESTS+=("$arg"); fi
done
if [ -n "${HUONG_SCREENSHOTS_DIR:-}" ]; then
  mkdir -p "$HUONG_SCREENSHOTS_DIR"
  HUONG_SCREENSHOTS_DIR="$(cd "$HUONG_SCREENSHOTS_DIR" && pwd)"
  export HUONG_SCREENSHOTS_DIR
fi
# HUONG_DASHBOARD (the file `huong i18n status --format html -o FILE` wrote, for
# dashboard.test.mjs) becomes absolute too: the tests run from tests/browser.
if [ -n "${HUONG_DASHBOARD:-}" ]; then
  [ -f "$HUONG_DASHBOARD" ] || die "HUONG_DASHBOARD=$HUONG_DASHBOARD is not a file (write it with: huong i18n status --format html -o FILE)"
  HUONG_DASHBOARD="$(cd "$(dirname "$HUONG_DASHBOARD")" && pwd)/$(basename "$HUONG_DASHBOARD")"
  export HUONG_DASHBOARD
fi
cd "$HERE"
[ ${#TESTS[@]} -gt 0 ] || TESTS=(*.test.mjs)
export HUONG_PUBLIC_DIR="$PUBLIC_DIR"
echo "run.sh: testing $PUBLIC_DIR with $("$CHROMIUM" --version 2>/dev/null | head -n1) and $("$JAVA" -version 2>&1 | head -n1)" >&2
# One test file at a time: each starts its own Chromium, and the machine is small.
exec node --test --test-concurrency=1 "${TESTS[@]}"
