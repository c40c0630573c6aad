#!/usr/bin/env bash
# no-home-writes.sh CMD...: runs CMD (the Rust tests) with HOME pointing at an empty temporary
# folder and the XDG folders unset, and fails if anything appeared in it: tests write only into
# folders they made themselves, never into the user's home. Cargo and rustup keep their own
# folders (CARGO_HOME and RUSTUP_HOME point at the real ones). Used by `make unit`.
set -euo pipefail
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME=$home "$@"
written=$(cd "$home" && find . -mindepth 1 | sed 's|^\./|~/|' | head -n 20)
if [[ -n $written ]]; then
  printf 'no-home-writes: FAIL: "%s" wrote into $HOME:\n%s\n' "$*" "$written" >&2
  exit 1
fi
