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

# One launch: prints "<launch ms> <rss kB> <pss kB>".
measure() {
  local bin=$1 ready=$2 t0 pid t_ready rss pss
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
  t_ready=$(<"$ready")
  sleep "$SETTLE"
  # Every process of the app's group: the app and WebKit's helpers.
  rss=0 pss=0
  for p in $(ps -eo pid=,pgid= | awk -v g="$pid" '$2 == g { print $1 }'); do
    rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
    pss=$((pss + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$(( (t_ready / 1000 - t0) / 1000 )) $rss $pss"
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auth0-wizard-bench.XXXXXX")
mkdir -p "$tmp/home" "$tmp/out"
mkdir -m 0700 "$tmp/runtime"
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
export HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/runtime
export XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share XDG_CACHE_HOME=$tmp/home/.cache
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

group= watchdog=
kill_session() {
  local pids
  for _ in {1..50}; do
    pids=$(ps -eo pid=,sid=,stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }')
    [[ -z $pids ]] && return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
}
cleanup() {
  if [[ -n $watchdog ]]; then kill -KILL "$watchdog" 2>/dev/null || true; wait "$watchdog" 2>/dev/null || true; fi
  if [[ -n $group ]]; then kill_session "$group"; wait "$group" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "$RUNS launches each under Xvfb (settle ${SETTLE}s before the memory sample)"
setsid dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$APP" "$BARE" "$tmp/out" &
group=$!
(exec sleep "${AUTH0_WIZARD_BENCH_BOUND:-300}") &
watchdog=$!
finished=
wait -n -p finished "$group" "$watchdog" && rc=0 || rc=$?
if [[ $finished == "$watchdog" ]]; then
  echo "bench: took too long, stopped" >&2
  exit 124
fi
((rc == 0)) || { echo "bench: a launch failed (status $rc)" >&2; exit "$rc"; }

col() { awk -v c="$2" '{ print $c }' "$tmp/out/$1" | median; }
a_ms=$(col app 1) b_ms=$(col bare 1) a_rss=$(col app 2) b_rss=$(col bare 2) a_pss=$(col app 3) b_pss=$(col bare 3)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '\n%-34s %10s %10s %7s %6s\n' "median of $RUNS" app bare ratio goal
printf '%-34s %10s %10s %7s %6s\n' "launch to first step painted (ms)" "$a_ms" "$b_ms" "$(ratio "$a_ms" "$b_ms")" "<=1.2"
printf '%-34s %10s %10s %7s %6s\n' "idle RSS, process tree (MB)" "$((a_rss / 1024))" "$((b_rss / 1024))" "$(ratio "$a_rss" "$b_rss")" "<=1.1"
printf '%-34s %10s %10s %7s %6s\n' "idle PSS, process tree (MB)" "$((a_pss / 1024))" "$((b_pss / 1024))" "$(ratio "$a_pss" "$b_pss")" ""
