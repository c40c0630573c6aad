#!/usr/bin/env bash
# The end-to-end test: the real app in a real window, driven over WebDriver
# (tauri-driver -> WebKitWebDriver) by tests/tests/e2e.rs.
#
# The whole run lives in a session of its own (scripts/lib/xsession.sh):
#   dbus-run-session -- xvfb-run -a ... (a D-Bus session bus and an X display)
#     gnome-keyring-daemon --unlock (the Secret Service, for the keyring scenario)
#     cargo test $CARGO_TESTS --test keyring_system --test e2e -- --ignored
# (keyring_system: the store's keyring code against this real gnome-keyring)
# with a temporary HOME and XDG_RUNTIME_DIR. It is bounded in time and killed
# as a whole at the end, so a stuck WebKit can never hang CI.
#
# The app binary and the test come from the build `make unit` already made: the whole
# workspace but the mock-runtime tests ($CARGO_TESTS, set by the Makefile), so after it
# nothing is built again. That binary is the real app: no test feature of tauri in it.
#
# Env: AUTH0_WIZARD_APP_BIN    the app binary (default ./target/debug/auth0-wizard-app)
#      AUTH0_WIZARD_E2E_BOUND  seconds the run may take once built (default 300)
#      E2E_FILTER              optional test-name filter passed to the test binary
# Screenshots of every step: artifacts/e2e/<scenario>-<step>.png
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# Same as the Makefile's (when run without make).
CARGO_TESTS=${CARGO_TESTS:---workspace --locked --exclude auth0-wizard-app-ipc-tests}

if [[ ${1:-} == --inside ]]; then
  # Inside the D-Bus session and the X display.
  # The Secret Service, unlocked with a throwaway password (keyring files in the temporary HOME).
  while IFS= read -r line; do
    [[ $line == *=* ]] && export "${line?}"
  done < <(echo -n pw | gnome-keyring-daemon --unlock --components=secrets)
  # ${E2E_FILTER:-} is a test-name filter; unquoted on purpose so that empty means none.
  # shellcheck disable=SC2086
  exec cargo test $CARGO_TESTS --test keyring_system --test e2e -- --ignored --nocapture --test-threads=1 ${E2E_FILTER:-}
fi

say() { printf '==> e2e: %s\n' "$*" >&2; }

# tauri-driver, pinned by tests/e2e/package-lock.json (bootstrap installs it; so does this, if missing).
if [[ ! -f tests/e2e/node_modules/.package-lock.json || tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]]; then
  say "npm ci in tests/e2e"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
for tool in dbus-run-session xvfb-run gnome-keyring-daemon secret-tool WebKitWebDriver; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing: run scripts/bootstrap.sh" >&2; exit 1; }
done

# Build the app and the test outside the time bound (after `make unit`: nothing to build).
say "building the app and the test"
# shellcheck disable=SC2086
cargo test $CARGO_TESTS --no-run
export AUTH0_WIZARD_APP_BIN=${AUTH0_WIZARD_APP_BIN:-$ROOT/target/debug/auth0-wizard-app}
if [[ ! -x $AUTH0_WIZARD_APP_BIN ]]; then
  echo "e2e: no app binary at $AUTH0_WIZARD_APP_BIN" >&2
  exit 1
fi

mkdir -p artifacts/e2e
rm -f artifacts/e2e/*.png
export AUTH0_WIZARD_E2E_ARTIFACTS=$ROOT/artifacts/e2e

# shellcheck source=../../scripts/lib/xsession.sh
source scripts/lib/xsession.sh
xsession_prepare
bound=${AUTH0_WIZARD_E2E_BOUND:-300}
say "running under dbus-run-session + xvfb-run (bound ${bound}s)"
start=$SECONDS
xsession_run "$bound" e2e bash "$0" --inside && rc=0 || rc=$?
say "finished in $((SECONDS - start))s with status $rc; screenshots in artifacts/e2e/"
exit "$rc"
