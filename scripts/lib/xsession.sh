# Sourced by tests/e2e/run.sh and scripts/bench-app.sh: run a command in a
# throwaway desktop session, bounded in time, and leave nothing behind.
#
#   xsession_prepare                 a temporary HOME and XDG_RUNTIME_DIR (in $XS_TMP,
#                                    removed on exit)
#   xsession_run BOUND NAME CMD...   CMD under dbus-run-session + xvfb-run, killed
#                                    (the whole session) after BOUND seconds;
#                                    returns CMD's status, or 124 on timeout
#
# Every process of the run is in one session (setsid), even those the command
# put in process groups of their own (tauri-driver, WebKitWebDriver, the app,
# WebKit's helpers): at the end they are all killed, until none is left.
# `timeout` around xvfb-run would not reach its grandchildren.

XS_TMP= XS_GROUP= XS_WATCHDOG=

xsession_prepare() {
  XS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/auth0-wizard-xsession.XXXXXX")
  mkdir -p "$XS_TMP/home"
  mkdir -m 0700 "$XS_TMP/runtime"
  # cargo and rustup find their homes through HOME unless told.
  export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
  export HOME=$XS_TMP/home XDG_RUNTIME_DIR=$XS_TMP/runtime
  export XDG_CONFIG_HOME=$XS_TMP/home/.config XDG_DATA_HOME=$XS_TMP/home/.local/share
  export XDG_CACHE_HOME=$XS_TMP/home/.cache
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL
  trap xsession_cleanup EXIT
  trap 'exit 130' INT TERM
}

xsession_kill() {
  local pids
  for _ in {1..50}; do
    pids=$(ps -eo pid=,sid=,stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }')
    [[ -z $pids ]] && return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  echo "processes of session $1 survived SIGKILL: $pids" >&2
}

xsession_stop() {
  if [[ -n $XS_WATCHDOG ]]; then
    kill -KILL "$XS_WATCHDOG" 2>/dev/null || true
    wait "$XS_WATCHDOG" 2>/dev/null || true
  fi
  if [[ -n $XS_GROUP ]]; then
    xsession_kill "$XS_GROUP"
    wait "$XS_GROUP" 2>/dev/null || true
  fi
  XS_GROUP= XS_WATCHDOG=
}

xsession_cleanup() {
  xsession_stop
  [[ -z $XS_TMP ]] || rm -rf "$XS_TMP"
}

xsession_run() {
  local bound=$1 name=$2 finished= rc
  shift 2
  # setsid: a new session and process group whose id is the pid of dbus-run-session.
  setsid dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$@" &
  XS_GROUP=$!
  (exec sleep "$bound") &
  XS_WATCHDOG=$!
  wait -n -p finished "$XS_GROUP" "$XS_WATCHDOG" && rc=0 || rc=$?
  if [[ $finished == "$XS_WATCHDOG" ]]; then
    echo "$name: the run took more than ${bound}s: killed it (session $XS_GROUP)" >&2
    rc=124
  fi
  xsession_stop
  return "$rc"
}
