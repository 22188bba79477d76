#!/usr/bin/env bash
# Refreshes the advisory snapshot that tests/supply_chain.rs checks Cargo.lock against, offline:
# from a checkout of the RustSec advisory database (the GitHub repository rustsec/advisory-db),
# it copies the advisories of every crate Cargo.lock names into supply-chain/advisory-db/ and
# records which commit they came from and which crates were looked up.
# Run it after changing dependencies (the test fails until then) and now and then to learn of
# new advisories:  bash scripts/refresh-advisories.sh PATH/TO/advisory-db
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source_db="${1:?usage: bash scripts/refresh-advisories.sh PATH/TO/advisory-db (a checkout or a bare clone)}"
snapshot=supply-chain/advisory-db

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -d "$source_db/crates" ]; then
    commit=$(git -C "$source_db" rev-parse HEAD 2>/dev/null || echo unknown)
    cp -r "$source_db/crates" "$work/crates"
else
    # A bare repository (what a mirror holds): read the tree of its HEAD.
    commit=$(git --git-dir="$source_db" rev-parse HEAD)
    git --git-dir="$source_db" archive HEAD crates | tar -x -C "$work"
fi
date=$(git --git-dir="$source_db" log -1 --format=%cs HEAD 2>/dev/null \
    || git -C "$source_db" log -1 --format=%cs HEAD)

crates=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.lock | sort -u)
rm -rf "$snapshot"
mkdir -p "$snapshot/crates"
for name in $crates; do
    if [ -d "$work/crates/$name" ]; then
        cp -r "$work/crates/$name" "$snapshot/crates/$name"
    fi
done
{
    echo "# Written by scripts/refresh-advisories.sh; do not edit."
    echo "commit = \"$commit\""
    echo "date = \"$date\""
    echo "crates = ["
    for name in $crates; do echo "    \"$name\","; done
    echo "]"
} > "$snapshot/SNAPSHOT.toml"
echo "advisories of $(ls "$snapshot/crates" | wc -l) of $(echo "$crates" | wc -l) crates, from $commit ($date)"
