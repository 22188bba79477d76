#!/usr/bin/env bash
# Runs every test of huong, from a fresh machine: formatting and lints, the unit, property and
# integration tests, a strict build of the bundled Huế portal, and the headless-Chromium tests
# of that build and of its translation dashboard (`huong i18n status --format html`)
# (tests/browser/run.sh installs Chromium and the npm packages it needs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== cargo fmt, clippy"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --locked

echo "== the bundled portal: strict check and release build"
cargo build --release --locked
./target/release/huong check --strict
./target/release/huong build --strict

echo "== the translation dashboard (written outside public/, checked by tests/browser/dashboard.test.mjs)"
./target/release/huong i18n status --format html -o target/translation-status.html

echo "== browser tests (headless Chromium)"
HUONG_DASHBOARD="$PWD/target/translation-status.html" bash tests/browser/run.sh public
