#!/usr/bin/env bash
# Copies the screenshots the real-host suite took of the newest VS Code into docs/images/, which the
# README shows: run the host tests first (npm test, or npm run test:host), then this, then commit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SOURCE="$ROOT/test-results/screenshots/${1:-4.139.1}"
SHOTS=(set-api-key key-status create-index key-rejected indexes-paged upload-indexing upload-paused upload-ready hygiene-key-shaped-warning set-api-key-rejected-inline set-api-key-date-echo upload-shown search-results search-401 player)
WALKTHROUGH=(walkthrough-set-key walkthrough-create-index walkthrough-upload)
mkdir -p "$ROOT/docs/images"
for shot in "${SHOTS[@]}"; do
  if [ -f "$SOURCE/$shot.png" ]; then
    cp "$SOURCE/$shot.png" "$ROOT/docs/images/$shot.png"
    echo "docs/images/$shot.png"
  else
    echo "missing: $SOURCE/$shot.png (did the suite run on that host?)" >&2
    exit 1
  fi
done
# The walkthrough's pictures ship in the .vsix: cropped to the part of the UI each step is about.
for shot in "${WALKTHROUGH[@]}"; do
  if [ -f "$SOURCE/$shot.png" ]; then
    # These ship in the .vsix, so they are quantised (a third of the size, no visible loss) when pngquant is here.
    if command -v pngquant > /dev/null; then
      pngquant --quality=70-90 --speed 1 --force --output "$ROOT/media/walkthrough/$shot.png" "$SOURCE/$shot.png"
    else
      echo "pngquant missing (apt-get install pngquant): $shot.png copied at full size" >&2
      cp "$SOURCE/$shot.png" "$ROOT/media/walkthrough/$shot.png"
    fi
    echo "media/walkthrough/$shot.png"
  else
    echo "missing: $SOURCE/$shot.png (did the suite run on that host?)" >&2
    exit 1
  fi
done
