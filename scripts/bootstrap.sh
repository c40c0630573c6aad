#!/usr/bin/env bash
# Installs what auth0-wizard needs to build, run and test, and only what is
# missing: safe to run again and again. For a fresh Debian 12 machine, as root
# (or with sudo). Used by `make run` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }
# version_ge A B: version A is B or newer (1.90.0 >= 1.90).
version_ge() { [[ $(printf '%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]; }

# Debian packages (see DEVELOPMENT notes in README.md for why each is here).
APT_PACKAGES=(
  build-essential pkg-config libssl-dev file curl ca-certificates
  libwebkit2gtk-4.1-dev          # Tauri 2 on Linux (pulls GTK 3, libsoup 3, JavaScriptCore)
  xvfb xauth                     # a display for the end-to-end test
  webkit2gtk-driver              # WebKitWebDriver, driven by tauri-driver
  dbus gnome-keyring keyutils    # Secret Service for the keyring tests
  libsecret-tools                # secret-tool: reads the keyring apart from the app (keyring_system.rs)
  nodejs npm                     # Node.js; when too old (Debian 12), only to install a newer one
  python3-yaml                   # PyYAML: a YAML 1.1 reader for the export tests (export_hostile.rs)
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Any Node.js with npm counts here (NodeSource, or the one lib/node.sh installs); its version
# is checked below.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  SUDO=()
  [[ $(id -u) == 0 ]] || SUDO=(sudo)
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Rust: the toolchain comes from rustup; make sure the lint tools are there.
if ! command -v cargo >/dev/null; then
  echo "cargo is not installed: install Rust with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
# The minimum is Cargo.toml's rust-version (tests/tests/setup.rs keeps it true).
rust_need=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)
rust_have=$(rustc --version | cut -d' ' -f2)
if ! version_ge "$rust_have" "$rust_need"; then
  echo "rustc $rust_have is too old: auth0-wizard needs Rust $rust_need or newer ('rustup update stable')." >&2
  exit 1
fi
if command -v rustup >/dev/null; then
  for c in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
fi

# Node.js: Debian 12's is too old for the UI; then a newer one comes from the npm registry.
# shellcheck source=lib/node.sh
source scripts/lib/node.sh
ensure_node

# npm packages, pinned by each package-lock.json; reinstalled only when the lock changed.
npm_ci() {
  local dir=$1
  [[ -f $dir/package-lock.json ]] || return 0
  if [[ ! -f $dir/node_modules/.package-lock.json || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci ui
npm_ci tests/idp
npm_ci tests/e2e
