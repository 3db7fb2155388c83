#!/usr/bin/env bash
# The sandbox: installs what is missing, builds and packages the extension, then serves VS Code in the
# browser with it installed, talking to the embedded fake Twelve Labs API.
# Usage: scripts/sandbox.sh [--port N] [--screenshot FILE.png]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh 4.100.3
mkdir -p .sandbox
npx tsc -p . --outDir out
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out .sandbox/twelvelabs-vscode.vsix >/dev/null
exec node out/test/harness/sandbox.js --vsix .sandbox/twelvelabs-vscode.vsix "$@"
