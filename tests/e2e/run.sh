#!/usr/bin/env bash
# The end-to-end test: the real app in a real window, driven over WebDriver
# (tauri-driver -> WebKitWebDriver) by tests/tests/e2e.rs.
#
# The whole run lives in its own process group:
#   dbus-run-session -- xvfb-run -a ... (a D-Bus session bus and an X display)
#     gnome-keyring-daemon --unlock (the Secret Service, for the keyring scenario)
#     cargo test -p auth0-wizard-tests --test e2e -- --ignored
# with a temporary HOME and XDG_RUNTIME_DIR. The group is bounded in time and
# killed as a whole at the end (`timeout` around xvfb-run would not reach its
# grandchildren), so a stuck WebKit can never hang CI.
#
# Env: AUTH0_WIZARD_APP_BIN    the app binary (default ./target/debug/auth0-wizard-app)
#      AUTH0_WIZARD_E2E_BOUND  seconds the run may take once built (default 300)
#      E2E_FILTER              optional test-name filter passed to the test binary
# Screenshots of every step: artifacts/e2e/<scenario>-<step>.png
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

if [[ ${1:-} == --inside ]]; then
  # Inside the D-Bus session and the X display.
  # The Secret Service, unlocked with a throwaway password (keyring files in the temporary HOME).
  while IFS= read -r line; do
    [[ $line == *=* ]] && export "${line?}"
  done < <(echo -n pw | gnome-keyring-daemon --unlock --components=secrets)
  # ${E2E_FILTER:-} is a test-name filter; unquoted on purpose so that empty means none.
  # shellcheck disable=SC2086
  exec cargo test -p auth0-wizard-tests --test e2e --locked -- --ignored --nocapture --test-threads=1 ${E2E_FILTER:-}
fi

say() { printf '==> e2e: %s\n' "$*" >&2; }

export AUTH0_WIZARD_APP_BIN=${AUTH0_WIZARD_APP_BIN:-$ROOT/target/debug/auth0-wizard-app}
if [[ ! -x $AUTH0_WIZARD_APP_BIN ]]; then
  echo "e2e: no app binary at $AUTH0_WIZARD_APP_BIN: run 'make e2e' (or cargo build -p auth0-wizard-app) first" >&2
  exit 1
fi
# tauri-driver, pinned by tests/e2e/package-lock.json (bootstrap installs it; so does this, if missing).
if [[ ! -f tests/e2e/node_modules/.package-lock.json || tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]]; then
  say "npm ci in tests/e2e"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
for tool in dbus-run-session xvfb-run gnome-keyring-daemon WebKitWebDriver; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing: run scripts/bootstrap.sh" >&2; exit 1; }
done

# Build the test (and the harness) outside the time bound.
say "building the test"
cargo test -p auth0-wizard-tests --test e2e --locked --no-run

mkdir -p artifacts/e2e
rm -f artifacts/e2e/*.png
export AUTH0_WIZARD_E2E_ARTIFACTS=$ROOT/artifacts/e2e

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auth0-wizard-e2e.XXXXXX")
mkdir -p "$tmp/home"
mkdir -m 0700 "$tmp/runtime"
# cargo and rustup find their homes through HOME unless told.
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
export HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/runtime
export XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share XDG_CACHE_HOME=$tmp/home/.cache
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL

bound=${AUTH0_WIZARD_E2E_BOUND:-300}
group=
watchdog=
# Every process of the run is in session $group (setsid below), even those the
# test put in process groups of their own (tauri-driver, WebKitWebDriver, the app):
# kill them all, until none is left.
kill_session() {
  local pids
  for _ in {1..50}; do
    pids=$(ps -eo pid=,sid=,stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }')
    [[ -z $pids ]] && return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  echo "e2e: processes of session $1 survived SIGKILL: $pids" >&2
}
cleanup() {
  if [[ -n $watchdog ]]; then
    kill -KILL "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
  fi
  if [[ -n $group ]]; then
    kill_session "$group"
    wait "$group" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "running under dbus-run-session + xvfb-run (bound ${bound}s)"
start=$SECONDS
# setsid: a new session and process group whose id is the pid of dbus-run-session.
setsid dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside &
group=$!
(exec sleep "$bound") &
watchdog=$!
finished=
wait -n -p finished "$group" "$watchdog" && rc=0 || rc=$?
if [[ $finished == "$watchdog" ]]; then
  echo "e2e: the run took more than ${bound}s: killed it (process group $group)" >&2
  rc=124
fi
say "finished in $((SECONDS - start))s with status $rc; screenshots in artifacts/e2e/"
exit "$rc"
