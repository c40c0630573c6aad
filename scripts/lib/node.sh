# shellcheck shell=bash
# Node.js new enough for the UI: Vite 7 and its Svelte plugin need ^20.19 || ^22.12 || >=24
# (their package.json "engines"). Debian 12's nodejs is 18.20: there, Node 22 and npm 10
# come from the npm registry, pinned by scripts/node/package-lock.json, into
# scripts/node/bin, which the Makefile puts first on PATH.
# Sourced by scripts/bootstrap.sh; tests/setup/node18.sh runs it against Debian's Node 18.
#
# Env: NODE_TOOLS  where the registry's Node goes (default scripts/node; the Makefile passes
#                  its own, so that the node it puts on PATH is the one checked here).

NODE_TOOLS=${NODE_TOOLS:-$PWD/scripts/node}
declare -F say >/dev/null || say() { printf '==> %s\n' "$*" >&2; }

# node_supported 20.19.1: the UI's tools run on this Node version.
node_supported() {
  local major minor
  IFS=. read -r major minor _ <<<"${1#v}"
  [[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
  ((major == 20 && minor >= 19)) || ((major == 22 && minor >= 12)) || ((major >= 24))
}

# ensure_node: afterwards `node` and `npm` on PATH, with $NODE_TOOLS/bin first, are a supported
# Node and its npm. Installs or refreshes the registry's Node only when needed: no supported node
# on PATH, or it is installed and its lock changed.
ensure_node() {
  local tools_bin=$NODE_TOOLS/bin
  local stamp=$NODE_TOOLS/node_modules/.package-lock.json
  # PATH without the registry's Node: the system's node and npm, which install it.
  local sys_path
  sys_path=$(tr ':' '\n' <<<"$PATH" | grep -vxF "$tools_bin" | paste -sd: -)
  PATH=$tools_bin:$sys_path
  hash -r
  local why
  if [[ -x $tools_bin/node ]]; then
    [[ $NODE_TOOLS/package-lock.json -nt $stamp ]] || { node_check; return; }
    why="$NODE_TOOLS/package-lock.json changed"
  elif node_supported "$(node --version 2>/dev/null)"; then
    return 0
  else
    why=$(node_describe)
  fi
  if ! PATH=$sys_path command -v npm >/dev/null; then
    echo "node: $why; and no npm to install a newer one: install Debian's nodejs and npm" >&2
    return 1
  fi
  say "node: $why; installing Node 22 from the npm registry into $NODE_TOOLS"
  (cd "$NODE_TOOLS" && PATH=$sys_path npm ci --no-audit --no-fund --loglevel=error)
  node_link || return
  hash -r
  node_check
}

# node_link: $NODE_TOOLS/bin/node, npm and npx point into $NODE_TOOLS/node_modules. Linked here,
# not by npm: npm 9 (Debian 12's) does not link the bin of the platform's node-linux-* package.
node_link() {
  local node
  node=$(cd "$NODE_TOOLS" && compgen -G "node_modules/node-linux-*/bin/node" | head -n1) || true
  if [[ -z $node ]]; then
    echo "node: scripts/node/package.json has no Node from the npm registry for $(uname -m)" >&2
    return 1
  fi
  mkdir -p "$NODE_TOOLS/bin"
  ln -sfn "../$node" "$NODE_TOOLS/bin/node"
  ln -sfn ../node_modules/npm/bin/npm-cli.js "$NODE_TOOLS/bin/npm"
  ln -sfn ../node_modules/npm/bin/npx-cli.js "$NODE_TOOLS/bin/npx"
}

# node_check: the node on PATH is supported, or a one-line error saying which one it is.
node_check() {
  if ! node_supported "$(node --version 2>/dev/null)"; then
    echo "node: $(node_describe), but the UI needs ^20.19 || ^22.12 || >=24" >&2
    return 1
  fi
}

node_describe() {
  if command -v node >/dev/null; then
    echo "$(command -v node) is $(node --version 2>&1)"
  else
    echo "no node on PATH"
  fi
}
