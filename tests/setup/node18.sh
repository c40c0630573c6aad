#!/usr/bin/env bash
# Set-up on Debian 12's own Node.js (18.20) and npm (9.2): `make bootstrap` brings a supported
# Node from the npm registry, make puts it first on PATH, and the UI builds with it; a second
# bootstrap installs nothing. Before that, the same UI build fails with Node 18 (the control:
# "does not provide an export named 'styleText'").
#
# Debian's nodejs and npm (and the node-* packages npm is made of) are fetched with
# `apt-get download` into target/setup-test/ and unpacked there (kept between runs), not installed:
# they run in a private mount namespace (unshare) where their /usr/share is
# overlaid on the real one, since Debian's node loads parts of itself from /usr/share/nodejs.
# Nothing outside target/ and a temporary folder changes. Needs Debian 12 apt sources and the
# npm registry. Run by `make setup-test` (part of `make test`).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

fail() { printf 'setup-test: FAIL: %s\n' "$*" >&2; exit 1; }
say() { printf '==> setup-test: %s\n' "$*" >&2; }


# --- inside the namespace: Debian's node and npm come first on PATH ----------------------
inside() {
  local tmp=$SETUP_TMP
  [[ $(node --version) == v18.* ]] || fail "the fixture's node is $(node --version), not Debian 12's 18"
  say "with Debian 12's node $(node --version) and npm $(npm --version)"

  # The control: Debian's Node 18 cannot build the UI.
  if UI_DIST="$tmp/dist-18" npm --prefix ui run build >"$tmp/build-18.log" 2>&1; then
    fail "the UI built with Node 18: this test no longer reproduces the problem it guards"
  fi
  grep -q styleText "$tmp/build-18.log" || fail "the UI build on Node 18 failed otherwise: $(tail -n3 "$tmp/build-18.log")"

  # The fix: bootstrap brings a supported Node; make puts it first; the UI builds with it.
  make -s bootstrap NODE_TOOLS="$tmp/node" >"$tmp/bootstrap-1.log" 2>&1 ||
    fail "make bootstrap failed: $(cat "$tmp/bootstrap-1.log")"
  grep -q "installing Node 22 from the npm registry" "$tmp/bootstrap-1.log" ||
    fail "make bootstrap did not install a Node: $(cat "$tmp/bootstrap-1.log")"
  local made
  made=$(make -s --no-print-directory NODE_TOOLS="$tmp/node" \
    --eval 'node-seen-by-make: ; @echo "$$(command -v node) $$(node --version)"' node-seen-by-make)
  [[ $made == "$tmp/node/bin/node v"* ]] || fail "make runs $made, not the Node bootstrap installed"
  say "make runs $made"
  UI_DIST="$tmp/dist-new" PATH=$tmp/node/bin:$PATH npm --prefix ui run build \
    >"$tmp/build-new.log" 2>&1 || fail "the UI did not build with ${made##* }: $(tail -n5 "$tmp/build-new.log")"
  [[ -f $tmp/dist-new/index.html ]] || fail "the UI build wrote no index.html"
  grep -q 'data-testid="step-1"' "$tmp/dist-new/index.html" || fail "the UI build did not pre-render the first step"

  # Idempotent: the next bootstrap (every make run / make test) installs nothing.
  make -s bootstrap NODE_TOOLS="$tmp/node" >"$tmp/bootstrap-2.log" 2>&1 ||
    fail "the second make bootstrap failed: $(cat "$tmp/bootstrap-2.log")"
  [[ ! -s $tmp/bootstrap-2.log ]] || fail "the second make bootstrap did something: $(cat "$tmp/bootstrap-2.log")"
  say "passed"
}
if [[ ${1:-} == --inside ]]; then
  inside
  exit 0
fi

for tool in apt-get apt-cache dpkg-deb unshare; do
  command -v "$tool" >/dev/null || fail "$tool is missing (this test needs Debian's tools)"
done

# --- Debian 12's nodejs 18 and npm 9, unpacked -------------------------------------------
cache=$ROOT/target/setup-test
debs=$cache/debs
deb_root=$cache/root
mkdir -p "$debs"
node18=$(apt-cache madison nodejs | awk -F'|' '$2 ~ /deb12/ { gsub(/ /, "", $2); print $2; exit }')
[[ -n $node18 ]] || fail "no Debian 12 nodejs in the apt sources (apt-cache madison nodejs)"
if [[ ! -f $debs/.complete-$node18 ]]; then
  say "apt-get download nodejs $node18, npm and what they are made of"
  # npm's own dependencies that are not installed here: the node-* libraries, mostly.
  mapfile -t wanted < <(
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
      --no-replaces --no-enhances --no-pre-depends npm 2>/dev/null | grep -E '^[a-z0-9]' | sort -u |
      while read -r p; do
        [[ $p == nodejs || $p == libnode108 ]] && continue
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
      done
  )
  rm -rf "$debs" "$deb_root" && mkdir -p "$debs"
  (cd "$debs" && apt-get download -q "nodejs=$node18" "libnode108=$node18" "${wanted[@]}" >/dev/null 2>&1) ||
    fail "apt-get download of Debian's nodejs and npm failed"
  for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$deb_root"; done
  touch "$debs/.complete-$node18"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)

# A copy of scripts/node, so that this machine's own installation is left alone.
mkdir -p "$tmp/node"
cp scripts/node/package.json scripts/node/package-lock.json "$tmp/node/"


# --- run the checks in a private mount namespace ------------------------------------------
# As root, a mount namespace; otherwise also a user namespace in which this user is root.
ns=(unshare --mount)
[[ $(id -u) == 0 ]] || ns+=(--map-root-user)
"${ns[@]}" bash -c '
  mount -t overlay overlay -o "lowerdir=$1/usr/share:/usr/share" /usr/share
  export LD_LIBRARY_PATH=$1/usr/lib/$2 PATH=$1/usr/bin:$PATH SETUP_TMP=$3
  bash "$4" --inside' _ "$deb_root" "$multiarch" "$tmp" "$0"
