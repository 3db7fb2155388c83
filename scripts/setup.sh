#!/usr/bin/env bash
# Installs whatever is missing on this machine, and nothing that is already there:
# Debian packages, the npm dependencies, and the VS Code hosts the real-host tests run in.
# Usage: scripts/setup.sh [all|4.100.3|4.139.1|none]   (which hosts; default all)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
HOSTS="${1:-all}"

if ! [ -d ../shared ]; then
  echo "note: ../shared is not beside this clone; the OpenAPI contract tests need ../shared/twelvelabs-openapi.json" >&2
fi

"$ROOT/scripts/install-apt-packages.sh"

# npm ci when node_modules is missing or older than the lockfile.
if ! [ -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

case "$HOSTS" in
  none) ;;
  all)
    "$ROOT/scripts/install-vscode-host.sh" 4.100.3
    "$ROOT/scripts/install-vscode-host.sh" 4.139.1 24.21.0 ;;
  4.100.3) "$ROOT/scripts/install-vscode-host.sh" 4.100.3 ;;
  4.139.1) "$ROOT/scripts/install-vscode-host.sh" 4.139.1 24.21.0 ;;
  *) echo "unknown host set: $HOSTS" >&2; exit 2 ;;
esac
