#!/usr/bin/env bash
# Benchmark of the desktop app against a bare Tauri window (tests/bench-app),
# both release builds, under Xvfb in a D-Bus session:
#   1. launch to first step painted: the time from exec to the page's marker
#      (AUTH0_WIZARD_BENCH_READY_FILE gets the time, in ns since the epoch,
#      once the first step is painted: two animation frames after mount);
#   2. idle memory: RSS (and PSS) of the whole process tree (the app and its
#      WebKitNetworkProcess / WebKitWebProcess) after settling.
# Prints medians and the ratios app/bare; the goals are at most 1.2 (launch)
# and 1.1 (memory). It measures, it does not assert.
#
# Env: BENCH_APP / BENCH_BARE binaries to compare instead of building them,
# BENCH_RUNS (default 5), BENCH_SETTLE seconds before the memory sample
# (default 3), CARGO_TARGET_DIR (default ./target), AUTH0_WIZARD_BENCH_BOUND
# seconds for the measuring part (default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET_DIR in /*) ;; *) TARGET_DIR=$ROOT/$TARGET_DIR ;; esac
RUNS=${BENCH_RUNS:-5}
SETTLE=${BENCH_SETTLE:-3}

# The page's launch marks (ui/src/lib/launch.ts): page load started, UI code
# running, first step rendered (its data is handed to the page before it loads).
MARKS="navigation modules data"

# One launch: prints "<launch ms> <rss kB> <pss kB>" and then each of $MARKS in ms since exec.
measure() {
  local bin=$1 ready=$2 t0 pid t_ready rss pss marks
  rm -f "$ready"
  t0=${EPOCHREALTIME/./}            # microseconds
  # Job control is on (set -m below): the app leads a process group of its own.
  AUTH0_WIZARD_BENCH_READY_FILE=$ready "$bin" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 300); do           # at most 30 s
    [[ -s $ready ]] && break
    sleep 0.1
  done
  if [[ ! -s $ready ]]; then
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "bench: $bin never wrote its ready marker" >&2
    return 1
  fi
  t_ready=$(head -n1 "$ready")
  # The launch marks the page sent (epoch ms), as ms since exec ("-" where missing).
  marks=$(awk -v t0="$t0" -v names="$MARKS" 'NR > 1 { m[$1] = sprintf("%d", $2 - t0 / 1000) }
    END { n = split(names, k, " "); for (i = 1; i <= n; i++) printf "%s ", (k[i] in m ? m[k[i]] : "-") }' "$ready")
  sleep "$SETTLE"
  # Every process of the app's group: the app and WebKit's helpers.
  rss=0 pss=0
  for p in $(ps -eo pid=,pgid= | awk -v g="$pid" '$2 == g { print $1 }'); do
    rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
    pss=$((pss + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$(( (t_ready / 1000 - t0) / 1000 )) $rss $pss $marks"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

if [[ ${1:-} == --inside ]]; then
  app=$2 bare=$3 out=$4
  set -m
  # A first, unmeasured launch of each warms the page cache.
  measure "$bare" "$out/ready" >/dev/null || true
  measure "$app" "$out/ready" >/dev/null || true
  for i in $(seq "$RUNS"); do
    measure "$bare" "$out/ready" >>"$out/bare"
    measure "$app" "$out/ready" >>"$out/app"
    echo "bench: run $i/$RUNS done" >&2
  done
  exit 0
fi

say() { printf '==> bench: %s\n' "$*" >&2; }

# The app embeds the UI: build it if missing.
[[ -f ui/dist/index.html ]] || npm --prefix ui run build
APP=${BENCH_APP:-$TARGET_DIR/release/auth0-wizard-app}
BARE=${BENCH_BARE:-$TARGET_DIR/release/auth0-wizard-bench-app}
if [[ -z ${BENCH_APP:-}${BENCH_BARE:-} ]]; then
  say "building the release app and the bare window (same target dir: shared dependencies)"
  cargo build --release --locked -p auth0-wizard-app
  CARGO_TARGET_DIR=$TARGET_DIR cargo build --release --locked --manifest-path tests/bench-app/Cargo.toml
fi

# shellcheck source=lib/xsession.sh
source scripts/lib/xsession.sh
xsession_prepare
tmp=$XS_TMP
mkdir -p "$tmp/out"

say "$RUNS launches each under Xvfb (settle ${SETTLE}s before the memory sample)"
xsession_run "${AUTH0_WIZARD_BENCH_BOUND:-300}" bench bash "$0" --inside "$APP" "$BARE" "$tmp/out" && rc=0 || rc=$?
((rc == 0)) || { echo "bench: a launch failed or the run took too long (status $rc)" >&2; exit "$rc"; }

col() { awk -v c="$2" '{ print $c }' "$tmp/out/$1" | median; }
a_ms=$(col app 1) b_ms=$(col bare 1) a_rss=$(col app 2) b_rss=$(col bare 2) a_pss=$(col app 3) b_pss=$(col bare 3)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '\n%-34s %10s %10s %7s %6s\n' "median of $RUNS" app bare ratio goal
printf '%-34s %10s %10s %7s %6s\n' "launch to first step painted (ms)" "$a_ms" "$b_ms" "$(ratio "$a_ms" "$b_ms")" "<=1.2"
labels=("page load started" "UI code running" "first step rendered")
i=4
for label in "${labels[@]}"; do
  printf '%-34s %10s %10s\n' "  exec to $label (ms)" "$(col app $i)" "$(col bare $i)"
  i=$((i + 1))
done
printf '%-34s %10s %10s %7s %6s\n' "idle RSS, process tree (MB)" "$((a_rss / 1024))" "$((b_rss / 1024))" "$(ratio "$a_rss" "$b_rss")" "<=1.1"
printf '%-34s %10s %10s %7s %6s\n' "idle PSS, process tree (MB)" "$((a_pss / 1024))" "$((b_pss / 1024))" "$(ratio "$a_pss" "$b_pss")" ""
