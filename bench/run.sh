#!/usr/bin/env bash
# Speed benchmark: `huong build` (release) vs Hugo and Zola on the same generated corpus.
#
#   bash bench/run.sh [N...]        N = articles per language (default: 1000 5000)
#
# Environment knobs (all optional):
#   BENCH_WARMUP=1        warm-up runs per tool and N (not reported)
#   BENCH_RUNS=3          measured runs per tool and N (median reported)
#   BENCH_WORK=DIR        scratch dir for corpora, outputs, logs (default /dev/shm/huong-bench,
#                         on tmpfs so the disk does not hide the tools; bench/target without /dev/shm)
#   BENCH_RESULTS=FILE    where the Markdown report goes (default bench/results.md)
#   BENCH_GEN_ARGS="..."  extra args for gen_corpus.py (e.g. "--hugo-links ref")
#   BENCH_SKIP_CARGO=1    do not run `cargo build --release` (use the existing binary)
#   BENCH_SKIP_HUONG=1    measure Hugo only (huong rows say "skipped")
#   HUONG_BIN=PATH        huong binary (default target/release/huong)
#   HUGO_BIN=PATH         hugo binary (default: hugo on PATH)
#   BENCH_HUGO_MAX_N=25000  Hugo is left out above this N: its peak memory grows with the
#                         corpus (9 GiB at N = 25,000), and at N = 50,000 it would not fit in
#                         24 GiB beside the corpora and outputs on tmpfs
#   ZOLA_BIN=PATH         zola binary (default: zola on PATH; without one, Zola is left out:
#                         it has no Debian package, bench/README.md says how to build it)
#
# Exit status: 0 when every requested build succeeded, 1 otherwise.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
if [ -z "${BENCH_WORK:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    WORK=/dev/shm/huong-bench
else
    WORK=${BENCH_WORK:-$BENCH_DIR/target}
fi
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/results.md}
WARMUP=${BENCH_WARMUP:-1}
RUNS=${BENCH_RUNS:-3}
GEN_ARGS=${BENCH_GEN_ARGS:-}
SKIP_CARGO=${BENCH_SKIP_CARGO:-0}
SKIP_HUONG=${BENCH_SKIP_HUONG:-0}
HUGO_MAX_N=${BENCH_HUGO_MAX_N:-25000}
HUONG=${HUONG_BIN:-$ROOT/target/release/huong}
TIME=/usr/bin/time

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 2; }

NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(1000 5000)
for n in "${NS[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
done
[[ "$WARMUP" =~ ^[0-9]+$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_WARMUP/BENCH_RUNS must be integers (RUNS >= 1)"
[[ "$HUGO_MAX_N" =~ ^[0-9]+$ ]] || die "BENCH_HUGO_MAX_N must be an integer, got '$HUGO_MAX_N'"

# ---------------------------------------------------------------- tools
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -n "${HUGO_BIN:-}" ] || command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x "$TIME" ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing missing packages via apt-get: ${missing[*]}"
    [ "$(id -u)" -eq 0 ] || die "not root; run: sudo apt-get install -y ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
fi
HUGO=${HUGO_BIN:-$(command -v hugo)}
HUGO_VERSION=$("$HUGO" version 2>/dev/null | head -n1)
[ -n "$HUGO_VERSION" ] || die "'$HUGO version' failed"
log "hugo: $HUGO_VERSION"
ZOLA=${ZOLA_BIN:-$(command -v zola || true)}
if [ -n "$ZOLA" ] && [ -x "$ZOLA" ]; then
    ZOLA_VERSION=$("$ZOLA" --version 2>/dev/null | head -n1)
    log "zola: $ZOLA ($ZOLA_VERSION)"
    OTHERS=(hugo zola)
else
    ZOLA_VERSION="not available"
    log "zola: not found (set ZOLA_BIN; see bench/README.md to build it)"
    OTHERS=(hugo)
fi

if [ "$SKIP_HUONG" != 1 ]; then
    if [ "$SKIP_CARGO" != 1 ]; then
        log "cargo build --release"
        (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
    fi
    [ -x "$HUONG" ] || die "huong binary not found at $HUONG (set HUONG_BIN or BENCH_SKIP_HUONG=1)"
    HUONG_VERSION=$("$HUONG" --version 2>/dev/null | head -n1 || true)
    HUONG_VERSION=${HUONG_VERSION:-unknown}
    log "huong: $HUONG ($HUONG_VERSION)"
    TOOLS=(huong "${OTHERS[@]}")
else
    HUONG_VERSION="skipped"
    TOOLS=("${OTHERS[@]}")
fi
HUONG_COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "(no commit yet)")
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then
    HUONG_COMMIT="$HUONG_COMMIT (+ uncommitted changes)"
fi

mkdir -p "$WORK/logs"
LOADAVG=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")
log "load average before the runs: $LOADAVG (other work on the machine skews the numbers)"
RAW="$WORK/raw.tsv"
: >"$RAW"
export HUGO_CACHEDIR="$WORK/hugo-cache"

# ---------------------------------------------------------------- helpers
gen_corpus() { # N -> prints corpus dir; regenerates only when N, args or generator changed
    local n=$1 dir="$WORK/corpus-$1" stamp
    stamp="$(sha256sum "$BENCH_DIR/gen_corpus.py" | cut -c1-16) n=$n args=$GEN_ARGS"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] \
        && [ -f "$dir/huong/site.toml" ] && [ -f "$dir/hugo/config.toml" ] \
        && [ -f "$dir/zola/config.toml" ]; then
        log "corpus N=$n: reusing $dir"
    else
        log "corpus N=$n: generating into $dir"
        rm -rf "$dir"
        # shellcheck disable=SC2086  # GEN_ARGS is a word list on purpose
        python3 "$BENCH_DIR/gen_corpus.py" --articles "$n" --out "$dir" $GEN_ARGS
        echo "$stamp" >"$dir/.stamp"
    fi
    echo "$dir"
}

declare -A FAILED=()

# measure N TOOL RUN  -> appends one line to $RAW; returns non-zero if the build failed
measure() {
    local n=$1 tool=$2 run=$3 corpus=$4
    local out="$WORK/out-$tool-$n" tf="$WORK/time.out" lg="$WORK/logs/$tool-$n-$run.log" rc
    rm -rf "$out" "$tf"
    sync  # do not bill this run for write-back of the previous run's output
    set +e
    case $tool in
        huong) "$TIME" -f '%e %U %S %M' -o "$tf" "$HUONG" build --root "$corpus/huong" -o "$out" >"$lg" 2>&1 ;;
        hugo)  "$TIME" -f '%e %U %S %M' -o "$tf" "$HUGO" --source "$corpus/hugo" --destination "$out" >"$lg" 2>&1 ;;
        zola)  "$TIME" -f '%e %U %S %M' -o "$tf" "$ZOLA" --root "$corpus/zola" build --output-dir "$out" --force >"$lg" 2>&1 ;;
    esac
    rc=$?
    set -e
    local wall user sys rss
    read -r wall user sys rss < <(tail -n1 "$tf" 2>/dev/null || echo "0 0 0 0")
    if ! [[ "$wall $user $sys $rss" =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+\ [0-9]+$ ]]; then
        [ "$rc" -ne 0 ] || rc=125  # no usable measurement counts as a failure
        wall=0 user=0 sys=0 rss=0
    fi
    local html=0 files=0 bytes=0 redirects=0
    if [ -d "$out" ]; then
        html=$(find "$out" -type f -name '*.html' | wc -l)
        files=$(find "$out" -type f | wc -l)
        bytes=$(du -sb "$out" | cut -f1)
        redirects=$({ grep -rlE --include='*.html' 'http-equiv="?refresh' "$out" || true; } | wc -l)
    fi
    local why=""
    if [ "$rc" -ne 0 ]; then
        why="exit status $rc"
    elif [ ! -f "$out/index.html" ]; then
        why="no index.html in output"
    elif [ "$html" -lt $((2 * n)) ]; then
        why="only $html HTML files written, expected at least $((2 * n)) (N articles x 2 languages)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$n" "$tool" "$run" "$rc" "$wall" "$user" "$sys" "$rss" "$html" "$files" "$bytes" "$redirects" >>"$RAW"
    if [ -n "$why" ]; then
        log "FAILED: $tool N=$n run=$run: $why; last lines of $lg:"
        tail -n 20 "$lg" | sed 's/^/    /' >&2
        return 1
    fi
    log "$tool N=$n run=$run: wall ${wall}s cpu $(python3 -c "print(round($user+$sys,2))")s rss $((rss / 1024))MiB html $html"
}

# ---------------------------------------------------------------- run
for n in "${NS[@]}"; do
    corpus=$(gen_corpus "$n")
    total=$((WARMUP + RUNS))
    # interleave the tools run by run so that slow drifts of the machine hit both alike
    for ((i = 1; i <= total; i++)); do
        if [ "$i" -le "$WARMUP" ]; then run="warmup$i"; else run=$((i - WARMUP)); fi
        for tool in "${TOOLS[@]}"; do
            [ -z "${FAILED[$tool-$n]:-}" ] || continue
            [ "$tool" != hugo ] || [ "$n" -le "$HUGO_MAX_N" ] || continue
            measure "$n" "$tool" "$run" "$corpus" || FAILED[$tool-$n]=1
        done
    done
done

# ---------------------------------------------------------------- report
status=0
[ ${#FAILED[@]} -eq 0 ] || status=1

HUGO_MAX_N="$HUGO_MAX_N" LOGDIR_HINT="$WORK/logs" python3 - "$RAW" "$RESULTS" "$WARMUP" "$RUNS" "$SKIP_HUONG" \
    "$HUGO_VERSION" "$HUONG_VERSION" "$HUONG_COMMIT" "$GEN_ARGS" "$LOADAVG" "$ZOLA_VERSION" "${NS[@]}" <<'PY'
import statistics, subprocess, sys, datetime, platform, os

raw, results, warmup, runs, skip_huong, hugo_v, huong_v, huong_c, gen_args, loadavg, zola_v = sys.argv[1:12]
ns = [int(x) for x in sys.argv[12:]]
tools = ["huong", "hugo"] + (["zola"] if zola_v != "not available" else [])
rows = {}
for line in open(raw, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    n, tool, run, rc = int(f[0]), f[1], f[2], int(f[3])
    wall, user, sys_, rss = float(f[4]), float(f[5]), float(f[6]), int(f[7])
    html, files, nbytes, redirects = map(int, f[8:12])
    rows.setdefault((n, tool), []).append(dict(run=run, rc=rc, wall=wall, cpu=user + sys_, user=user, sys=sys_,
                                               rss=rss / 1024, html=html, files=files, mib=nbytes / 2**20,
                                               redirects=redirects))

def measured(n, tool):
    rs = rows.get((n, tool), [])
    ok = [r for r in rs if not r["run"].startswith("warmup") and r["rc"] == 0]
    failed = any(r["rc"] != 0 for r in rs) or len(ok) < int(runs)
    return ok, failed

def med(rs, k):
    return statistics.median(r[k] for r in rs)

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"

def mem_gib():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "?"

out = []
p = out.append
p("# huong vs Hugo and Zola: build benchmark results")
p("")
p(f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}")
p(f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), {mem_gib()} RAM, {platform.system()} {platform.release()}; load average before the runs: {loadavg}")
p(f"- huong: {huong_v}, commit {huong_c}, `cargo build --release`")
p(f"- hugo: {hugo_v}")
p(f"- zola: {zola_v}")
p(f"- runs: {warmup} warm-up + {runs} measured per tool and N, interleaved; medians shown")
p(f"- corpus: `bench/gen_corpus.py --articles N{(' ' + gen_args) if gen_args else ''}`"
  " (N articles per language, vi + en, so 2N articles in total)")
p("")
p("CPU = user + sys. Peak RSS = maximum resident set size (`/usr/bin/time %M`). Pages = HTML files written.")
p("Ratio rows = huong / the other tool, and huong / the faster of the others (below 1 means huong is faster or smaller).")
p("")
p("| N per language | tool | wall s | CPU s | peak RSS MiB | pages written |")
p("| ---: | --- | ---: | ---: | ---: | ---: |")
notes = []
for n in ns:
    med_ = {}
    for tool in tools:
        if tool == "huong" and skip_huong == "1":
            p(f"| {n} | huong | skipped | | | |")
            continue
        if tool == "hugo" and n > int(os.environ["HUGO_MAX_N"]):
            p(f"| {n} | hugo | left out (N above BENCH_HUGO_MAX_N = {os.environ['HUGO_MAX_N']}: not enough memory) | | | |")
            continue
        ok, failed = measured(n, tool)
        if failed or not ok:
            p(f"| {n} | {tool} | **FAILED** (see {os.environ.get('LOGDIR_HINT', 'bench/target/logs')}/{tool}-{n}-*.log) | | | |")
            continue
        m = {k: med(ok, k) for k in ("wall", "cpu", "rss", "html", "files", "mib", "redirects")}
        med_[tool] = m
        p(f"| {n} | {tool} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.1f} | {m['html']:.0f} |")
        if len({r["html"] for r in ok}) > 1:
            notes.append(f"{tool} N={n}: the number of HTML files differed between runs: "
                         + ", ".join(str(r["html"]) for r in ok))
    others = [t for t in tools if t != "huong" and t in med_]
    if "huong" in med_ and others:
        a = med_["huong"]
        def ratio(b, k):
            return f"{a[k] / b[k]:.2f}×" if b[k] else "n/a"
        rows_ = [(t, med_[t]) for t in others]
        if len(others) > 1:
            fastest = min(others, key=lambda t: med_[t]["wall"])
            rows_.append((f"the faster ({fastest})", med_[fastest]))
        for name, b in rows_:
            p(f"| {n} | **huong/{name}** | {ratio(b, 'wall')} | {ratio(b, 'cpu')} | {ratio(b, 'rss')} | {ratio(b, 'html')} |")
p("")
p("## Output written (median of measured runs)")
p("")
p("| N per language | tool | HTML files | of which redirect stubs | all files | output MiB | wall s min–max |")
p("| ---: | --- | ---: | ---: | ---: | ---: | --- |")
for n in ns:
    for tool in tools:
        ok, failed = measured(n, tool)
        if not ok:
            continue
        p(f"| {n} | {tool} | {med(ok, 'html'):.0f} | {med(ok, 'redirects'):.0f} | {med(ok, 'files'):.0f} | "
          f"{med(ok, 'mib'):.1f} | {min(r['wall'] for r in ok):.2f}–{max(r['wall'] for r in ok):.2f} |")
if notes:
    p("")
    p("Notes:")
    for x in notes:
        p(f"- {x}")
p("")
p("<details><summary>All runs</summary>")
p("")
p("| N | tool | run | exit | wall s | user s | sys s | peak RSS MiB | HTML files |")
p("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for n in ns:
    for tool in tools:
        for r in rows.get((n, tool), []):
            p(f"| {n} | {tool} | {r['run']} | {r['rc']} | {r['wall']:.2f} | {r['user']:.2f} | {r['sys']:.2f} | "
              f"{r['rss']:.1f} | {r['html']} |")
p("")
p("</details>")
text = "\n".join(out) + "\n"
with open(results, "w", encoding="utf-8") as f:
    f.write(text)
sys.stdout.write(text)
PY
log "report written to $RESULTS"
[ "$status" -eq 0 ] || log "some builds FAILED (see above and $WORK/logs/)"
exit "$status"
