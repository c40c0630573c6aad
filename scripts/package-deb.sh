#!/usr/bin/env bash
# `make package`: the .deb of the app and the CLI, in
# target/release/bundle/deb/auth0-wizard_<version>_<arch>.deb (`make package-check` runs lintian).
#
#  1. The CLI (release), and from it its manual pages and shell completions (the hidden
#     `auth0-wizard generate`, made from its clap definition); the app's manual page, the
#     copyright file and the changelog: into target/release/deb-files/, which
#     src-tauri/tauri.conf.json (bundle.linux.deb.files) maps to their places in the package.
#  2. `tauri build --bundles deb`: the app, its icons, its desktop entry, those files.
#  3. What Tauri's bundler cannot do, done on its package with dpkg-deb: the desktop entry named by
#     the app's id (<identifier>.desktop, the freedesktop.org form, which desktops match to the
#     window's application id; Tauri names it after productName, with its space), a Maintainer
#     with an address, and Depends as dpkg-shlibdeps finds them (libc6 among them).
#
# Env: DEB_MAINTAINER  "Name <address>" of whoever builds and answers for this package. Default
#                      "$DEBFULLNAME <$DEBEMAIL>" (Debian's convention), else git's user.name and
#                      user.email. The project has no address of its own to put there.
#      SOURCE_DATE_EPOCH  the changelog's date (default: the last commit's).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> package: %s\n' "$*" >&2; }
fail() { printf 'package: %s\n' "$*" >&2; exit 1; }
conf() { node -p "require('./src-tauri/tauri.conf.json').$1"; }

maintainer() {
  if [[ -n ${DEB_MAINTAINER:-} ]]; then
    echo "$DEB_MAINTAINER"
  elif [[ -n ${DEBFULLNAME:-} && -n ${DEBEMAIL:-} ]]; then
    echo "$DEBFULLNAME <$DEBEMAIL>"
  elif name=$(git config user.name) && email=$(git config user.email); then
    echo "$name <$email>"
  fi
}
MAINTAINER=$(maintainer)
[[ $MAINTAINER =~ ^[^\<\>@]+\ \<[^\<\>@\ ]+@[^\<\>@\ ]+\>$ ]] ||
  fail "who answers for this package? Set DEB_MAINTAINER='Name <address>' (or DEBFULLNAME and DEBEMAIL)"

PACKAGE=auth0-wizard
VERSION=$(conf version)
IDENTIFIER=$(conf identifier)
PRODUCT=$(conf productName)
ARCH=$(dpkg --print-architecture)
OUT=target/release/bundle/deb
FILES=target/release/deb-files
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# --- 1. the files tauri.conf.json maps into the package ------------------------------------
say "the CLI, its manual pages and completions"
cargo build --release --locked -p auth0-wizard-cli
cli=target/release/auth0-wizard
rm -rf "$FILES"
mkdir -p "$FILES/man1" "$FILES/doc"
"$cli" generate man "$FILES/man1"
cp packaging/deb/auth0-wizard-app.1 "$FILES/man1/"
gzip -9n "$FILES"/man1/*.1
"$cli" generate bash >"$FILES/auth0-wizard.bash"
"$cli" generate zsh >"$FILES/_auth0-wizard"
"$cli" generate fish >"$FILES/auth0-wizard.fish"

# copyright: the project's (packaging/deb/copyright), then every Rust crate built into the two
# binaries and every npm package the UI bundles, each with its own license.
{
  cat packaging/deb/copyright
  echo "Comment: The binaries also contain these Rust crates (crates.io) and npm packages, each"
  echo " under its own license, as their authors declare it:"
  echo " ."
  cargo tree --locked -e normal -p auth0-wizard-app -p auth0-wizard-cli --prefix none \
    -f ' {p}: {l}' | grep -v -e '(\*)$' -e '(proc-macro)' -e '^ *$' | sed 's/ (\/[^)]*)//' | sort -u
  node -e '
    const lock = require("./ui/package-lock.json").packages;
    const ui = require("./ui/package.json");
    // What the built UI contains: its dependencies and Svelte, whose runtime Vite bundles.
    for (const name of [...Object.keys(ui.dependencies), "svelte"].sort()) {
      const p = lock["node_modules/" + name];
      console.log(` ${name} v${p.version}: ${p.license}`);
    }'
} >"$FILES/doc/copyright"

# changelog: one entry for this version (a native package: the project's history is its git log).
{
  echo "$PACKAGE ($VERSION) unstable; urgency=medium"
  echo
  echo "  * Built from auth0-wizard $(git describe --always --dirty 2>/dev/null || echo "$VERSION")."
  echo
  echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$FILES/doc/changelog.gz"
chmod -R u=rwX,go=rX "$FILES"

# --- 2. Tauri's bundle -------------------------------------------------------------------------
# The UI is built by make's `ui` prerequisite, so the Tauri CLI's beforeBuildCommand is off.
say "tauri build --bundles deb"
rm -f "$OUT"/*.deb
ui/node_modules/.bin/tauri build --bundles deb --config '{"build":{"beforeBuildCommand":""}}'
tauri_deb="$OUT/${PRODUCT}_${VERSION}_${ARCH}.deb"
[[ -f $tauri_deb ]] || fail "tauri build made no $tauri_deb"

# --- 3. desktop entry, Maintainer, Depends -------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/debian/$PACKAGE
mkdir -p "$work/debian"
dpkg-deb -R "$tauri_deb" "$root"
mv "$root/usr/share/applications/$PRODUCT.desktop" "$root/usr/share/applications/$IDENTIFIER.desktop"
# What lintian reports that is not a defect of this package, each with its reason.
install -D -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/$PACKAGE"

touch "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O "debian/$PACKAGE/usr/bin/auth0-wizard-app" \
  "debian/$PACKAGE/usr/bin/auth0-wizard" | sed -n 's/^shlibs:Depends=//p')
[[ $depends == *libc6* ]] || fail "dpkg-shlibdeps found no libc6 dependency: '$depends'"
control=$root/DEBIAN/control
while IFS= read -r line; do
  case $line in
    Maintainer:*) echo "Maintainer: $MAINTAINER" ;;
    Depends:*) echo "Depends: $depends" ;;
    *) echo "$line" ;;
  esac
done <"$control" >"$work/control" && cat "$work/control" >"$control"
grep -q "^Package: $PACKAGE$" "$root/DEBIAN/control" || fail "Tauri's package is not named $PACKAGE"
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"

deb="$OUT/${PACKAGE}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
rm -f "$tauri_deb"
say "$deb"
ls -l "$deb"
