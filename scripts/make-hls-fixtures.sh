#!/usr/bin/env bash
# Regenerates test/fixtures/hls/: the tiny HLS streams the fake's media origin serves.
#   silent/  8 s, 320x180, 12 fps, H.264 Constrained Baseline, no audio track (what VS Code's
#            desktop webviews can play: their Chromium has H.264 but no AAC, microsoft/vscode#167685)
#   aac/     the same picture with a 440 Hz AAC-LC track, to see how a player copes with audio it cannot decode
# Each is a VOD playlist (index.m3u8) of 2 s fMP4 segments (init.mp4, segmentN.m4s) referenced by
# relative names. fMP4 rather than MPEG-TS: hls.js plays both, and `.ts` files would be taken for TypeScript.
# Deterministic: synthetic sources only, one encoder thread, no timestamps or encoder tags in the output.
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/hls
command -v ffmpeg >/dev/null || { echo "ffmpeg is required (apt-get install ffmpeg)" >&2; exit 1; }
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
[ -f "$font" ] || { echo "missing $font (apt-get install fonts-dejavu-core)" >&2; exit 1; }

seconds=8
fps=12
# testsrc2 moves every frame; the timecode makes a seek visible at a glance.
picture="testsrc2=size=320x180:rate=${fps}:duration=${seconds},drawtext=fontfile=${font}:text='%{pts\\:hms}':x=8:y=8:fontsize=20:fontcolor=white:box=1:boxcolor=black@0.6"
video=(-c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryfast -crf 34 -g $((fps * 2)) -keyint_min $((fps * 2)) -sc_threshold 0 -threads 1 -x264-params "nal-hrd=none")
hls=(-f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 -hls_segment_filename)
common=(-hide_banner -loglevel error -y)
# Output options: no metadata, no encoder version strings.
clean=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact)

rm -rf "$out/silent" "$out/aac"
mkdir -p "$out/silent" "$out/aac"

ffmpeg "${common[@]}" -f lavfi -i "$picture" "${video[@]}" -an "${clean[@]}" \
  "${hls[@]}" "$out/silent/segment%d.m4s" "$out/silent/index.m3u8"

ffmpeg "${common[@]}" -f lavfi -i "$picture" -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=${seconds}" \
  "${video[@]}" -c:a aac -b:a 32k -ac 1 -flags:a +bitexact "${clean[@]}" \
  "${hls[@]}" "$out/aac/segment%d.m4s" "$out/aac/index.m3u8"

du -cb "$out"/*/* | tail -1
