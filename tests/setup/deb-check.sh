#!/usr/bin/env bash
# `make package-check`: the .deb `make package` built passes lintian without an error or a
# warning, and holds what it should where Debian expects it: both binaries, the desktop entry
# named by the app's id, a manual page for each binary and for each CLI command, the CLI's bash,
# zsh and fish completions, the copyright file and the changelog. The pages and completions must
# be exactly what the packaged CLI generates from its own definition. Nothing is installed: the
# package is unpacked into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { printf 'package-check: FAIL: %s\n' "$*" >&2; exit 1; }
say() { printf '==> package-check: %s\n' "$*" >&2; }
conf() { node -p "require('./src-tauri/tauri.conf.json').$1"; }

command -v lintian >/dev/null || fail "lintian is missing (apt-get install lintian)"
deb=target/release/bundle/deb/auth0-wizard_$(conf version)_$(dpkg --print-architecture).deb
[[ -f $deb ]] || fail "no $deb: run make package"
id=$(conf identifier)

say "lintian $deb"
lintian --fail-on error,warning --tag-display-limit 0 "$deb" || fail "lintian found errors or warnings"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -R "$deb" "$tmp/pkg"
root=$tmp/pkg

# No path with a space; exactly one desktop entry, named by the app's id.
if spaced=$(cd "$root" && find . -name '* *' | grep .); then fail "paths with spaces: $spaced"; fi
desktops=$(cd "$root" && find usr/share/applications -name '*.desktop')
[[ $desktops == "usr/share/applications/$id.desktop" ]] || fail "desktop entries: $desktops (want $id.desktop)"

# Control: a maintainer with an address, libc among the dependencies.
grep -Eq '^Maintainer: [^<]+ <[^@ ]+@[^> ]+>$' "$root/DEBIAN/control" || fail "Maintainer without an address"
grep -Eq '^Depends: (.*, )?libc6( |,|$)' "$root/DEBIAN/control" || fail "Depends lacks libc6"

for f in usr/bin/auth0-wizard usr/bin/auth0-wizard-app usr/share/doc/auth0-wizard/copyright \
  usr/share/doc/auth0-wizard/changelog.gz usr/share/man/man1/auth0-wizard-app.1.gz; do
  [[ -f $root/$f ]] || fail "missing /$f"
done

# The copyright file: two paragraphs (header, Files: *), the bundled components' list inside
# the second (a blank line would end it).
copyright=$root/usr/share/doc/auth0-wizard/copyright
[[ $(grep -c '^$' "$copyright") == 1 ]] || fail "the copyright file is not two DEP-5 paragraphs"
grep -q '^ serde v' "$copyright" || fail "the copyright file does not list the bundled crates"

# The packaged CLI works, and its pages and completions are what it generates itself.
cli=$root/usr/bin/auth0-wizard
"$cli" targets >/dev/null || fail "the packaged auth0-wizard does not run"
mkdir "$tmp/man"
"$cli" generate man "$tmp/man"
want=$( (cd "$tmp/man" && ls) | sed 's/$/.gz/'; echo auth0-wizard-app.1.gz)
have=$(cd "$root/usr/share/man/man1" && ls)
[[ $(sort <<<"$want") == "$(sort <<<"$have")" ]] || fail "manual pages: $have; want: $want"
for page in "$tmp"/man/*.1; do
  gunzip -c "$root/usr/share/man/man1/${page##*/}.gz" | cmp -s - "$page" ||
    fail "${page##*/} in the package is not what the CLI generates"
done
check_completion() { # shell, path in the package
  [[ -f $root/$2 ]] || fail "missing /$2"
  "$cli" generate "$1" | cmp -s - "$root/$2" || fail "/$2 is not what 'auth0-wizard generate $1' prints"
}
check_completion bash usr/share/bash-completion/completions/auth0-wizard
check_completion zsh usr/share/zsh/vendor-completions/_auth0-wizard
check_completion fish usr/share/fish/vendor_completions.d/auth0-wizard.fish
bash -n "$root/usr/share/bash-completion/completions/auth0-wizard" || fail "the bash completion does not parse"

# The packaged app, without a display, says so in one line.
msg=$(env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp" "$root/usr/bin/auth0-wizard-app" 2>&1) && fail "the app started without a display"
[[ $(wc -l <<<"$msg") == 1 && $msg == *"desktop session"* ]] || fail "the app without a display said: $msg"

say "passed: $(cd "$root" && find usr -type f | wc -l) files, $desktops, $(wc -w <<<"$have") manual pages"
