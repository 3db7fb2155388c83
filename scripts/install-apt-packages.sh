#!/usr/bin/env bash
# Debian packages the test hosts need: chromium renders the workbench, libkrb5-dev lets code-server's
# `kerberos` module build from source, ripgrep seeds @vscode/ripgrep's download cache, curl is the
# upload benchmark's yardstick. Installs only what is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v rg >/dev/null || missing+=(ripgrep)
command -v curl >/dev/null || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
