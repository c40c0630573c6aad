#!/usr/bin/env bash
# Benchmark of the desktop app against a bare Tauri window (tests/bench-app),
# both release builds, under Xvfb in a D-Bus session, launched alternately:
#   1. launch to first step painted: from exec to the page's "painted" mark, the
#      second animation frame after the first step's heading and target cards
#      are in the document (static markup in index.html: no script needed). The
#      bare window's page takes the same mark after its heading. Each page sends
#      its marks to the `ready` command, which writes them to
#      AUTH0_WIZARD_BENCH_READY_FILE (first line: arrival, ns since the epoch;
#      then `name epoch-ms` per mark);
#   2. idle memory: RSS (and PSS) of the whole process tree (the app and its
#      WebKitNetworkProcess / WebKitWebProcess) after settling;
#   3. the size of both binaries (goal: the app at most 15 MB).
# Prints medians with their spread (lowest, quartiles, highest) and the ratios
# app/bare; the goals are at most 1.2 (launch) and 1.1 (memory). It measures,
# it does not assert.
#
# Env: BENCH_APP / BENCH_BARE binaries to compare instead of building them,
# BENCH_RUNS (default 11), BENCH_SETTLE seconds before the memory sample
# (default 3), CARGO_TARGET_DIR (default ./target), AUTH0_WIZARD_BENCH_BOUND
# seconds for the measuring part (default 600), BENCH_KEEP a directory to copy
# the raw rows to.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET_DIR in /*) ;; *) TARGET_DIR=$ROOT/$TARGET_DIR ;; esac
RUNS=${BENCH_RUNS:-11}
SETTLE=${BENCH_SETTLE:-3}

# The page's launch marks (ui/src/lib/launch.ts), as columns after the memory:
# page load started, first step painted, UI code running, page interactive.
MARKS="navigation painted modules hydrated"

# One launch: prints "<launch ms> <rss kB> <pss kB> <rss kB: app, web, network>"
# and then each of $MARKS in ms since exec ("-" where the page sent none).
measure() {
  local bin=$1 ready=$2 t0 pid t_ready rss pss marks launch
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
  # Launch time: the "painted" mark; else when `ready` was called.
  launch=$(awk '{ print $2 }' <<<"$marks")
  [[ $launch != - ]] || launch=$(( (t_ready / 1000 - t0) / 1000 ))
  sleep "$SETTLE"
  # Every process of the app's group: the app and WebKit's helpers.
  local p r kind rss_app=0 rss_web=0 rss_net=0
  rss=0 pss=0
  for p in $(ps -eo pid=,pgid= | awk -v g="$pid" '$2 == g { print $1 }'); do
    r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
    rss=$((rss + ${r:-0}))
    pss=$((pss + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
    kind=$(cat "/proc/$p/comm" 2>/dev/null || echo "")
    case $kind in
      WebKitWebProces*) rss_web=$((rss_web + ${r:-0})) ;;
      WebKitNetworkPr*) rss_net=$((rss_net + ${r:-0})) ;;
      *) rss_app=$((rss_app + ${r:-0})) ;;
    esac
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$launch $rss $pss $rss_app $rss_web $rss_net $marks"
}

if [[ ${1:-} == --inside ]]; then
  app=$2 bare=$3 out=$4
  set -m
  # A first, unmeasured launch of each warms the page cache.
  measure "$bare" "$out/ready" >/dev/null || true
  measure "$app" "$out/ready" >/dev/null || true
  for i in $(seq "$RUNS"); do
    # Alternate which goes first, so that neither always follows the other.
    if ((i % 2)); then
      measure "$bare" "$out/ready" >>"$out/bare"
      measure "$app" "$out/ready" >>"$out/app"
    else
      measure "$app" "$out/ready" >>"$out/app"
      measure "$bare" "$out/ready" >>"$out/bare"
    fi
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

say "$RUNS launches each, alternating, under Xvfb (settle ${SETTLE}s before the memory sample)"
xsession_run "${AUTH0_WIZARD_BENCH_BOUND:-600}" bench bash "$0" --inside "$APP" "$BARE" "$tmp/out" && rc=0 || rc=$?
((rc == 0)) || { echo "bench: a launch failed or the run took too long (status $rc)" >&2; exit "$rc"; }
[[ -z ${BENCH_KEEP:-} ]] || { mkdir -p "$BENCH_KEEP"; cp "$tmp/out/app" "$tmp/out/bare" "$BENCH_KEEP/"; }

# Column $2 of file $1 (numbers only): "median lowest p25 p75 highest".
stats() {
  awk -v c="$2" '$c ~ /^[0-9]+$/ { print $c }' "$tmp/out/$1" | sort -n | awk '
    function q(p,  i) { i = 1 + p * (NR - 1); return int(a[int(i)] + (i - int(i)) * (a[int(i) + 1] - a[int(i)]) + 0.5) }
    { a[NR] = $1 } END { if (NR) print q(0.5), a[1], q(0.25), q(0.75), a[NR]; else print "- - - - -" }'
}
med() { stats "$1" "$2" | awk '{ print $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
mb() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%d", k / 1024 + 0.5; else print k }'; }
spread() { # "lowest [p25 p75] highest" of column $2, in ms or (with $3 = mb) MB
  stats "$1" "$2" | awk -v unit="${3:-}" '{ for (i = 2; i <= 5; i++) v[i] = unit == "mb" ? int($i / 1024 + 0.5) : $i
    printf "%s [%s %s] %s", v[2], v[3], v[4], v[5] }'
}

row() { printf '%-36s %8s %8s %7s %6s\n' "$@"; }
echo
row "median of $RUNS launches each" app bare ratio goal
row "launch to first step painted (ms)" "$(med app 1)" "$(med bare 1)" "$(ratio "$(med app 1)" "$(med bare 1)")" "<=1.2"
row "idle RSS, process tree (MB)" "$(mb "$(med app 2)")" "$(mb "$(med bare 2)")" "$(ratio "$(med app 2)" "$(med bare 2)")" "<=1.1"
row "idle PSS, process tree (MB)" "$(mb "$(med app 3)")" "$(mb "$(med bare 3)")" "$(ratio "$(med app 3)" "$(med bare 3)")" ""
echo
echo "spread: lowest [quartiles] highest"
printf '  %-34s app %s | bare %s\n' "launch (ms)" "$(spread app 1)" "$(spread bare 1)"
printf '  %-34s app %s | bare %s\n' "idle RSS (MB)" "$(spread app 2 mb)" "$(spread bare 2 mb)"
echo
echo "where the time and the memory go (medians)"
labels=("page load started" "first step painted" "UI code running" "page interactive")
i=7
for label in "${labels[@]}"; do
  printf '  %-34s %8s %8s\n' "exec to $label (ms)" "$(med app $i)" "$(med bare $i)"
  i=$((i + 1))
done
printf '  %-34s %8s %8s\n' "RSS of the app process (MB)" "$(mb "$(med app 4)")" "$(mb "$(med bare 4)")"
printf '  %-34s %8s %8s\n' "RSS of WebKitWebProcess (MB)" "$(mb "$(med app 5)")" "$(mb "$(med bare 5)")"
printf '  %-34s %8s %8s\n' "RSS of WebKitNetworkProcess (MB)" "$(mb "$(med app 6)")" "$(mb "$(med bare 6)")"
printf '  %-34s %8s %8s\n' "release binary (MB, goal <= 15)" "$(ratio "$(stat -c %s "$APP")" 1000000)" "$(ratio "$(stat -c %s "$BARE")" 1000000)"
