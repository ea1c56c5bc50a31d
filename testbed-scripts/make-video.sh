#!/usr/bin/env bash
# Makes the DASH test video: a synthetic source (testsrc2) encoded at the Envivio-Dash3 ladder of Pensieve and
# NetLLM (300, 750, 1200, 1850, 2850, 4300 kbps), 4 s segments, one keyframe per segment, constant bitrate,
# exact 16:9 frame sizes, video only. Output layout (what video-server expects):
#   OUT/manifest.mpd, OUT/init-L.m4s, OUT/chunk-L-NNNNN.m4s   (L = level 0..5, NNNNN = segment number from 1)
# Usage: make-video.sh OUT_DIR [SEGMENTS] [--audio]     (default 48 segments = 192 s; tests make fewer)
# --audio adds a silent 32 kbps AAC track as a second adaptation set (representation 6: init-6.m4s,
# chunk-6-NNNNN.m4s). Stock dash.js 5.2.1 needs one to apply CMSD's mb: on video-only content its
# AbrController._filterByCmsdMaxBitrate throws looking up the audio stream and ignores mb.
set -euo pipefail

out=${1:?usage: make-video.sh OUT_DIR [SEGMENTS] [--audio]}
segments=${2:-48}
audio=${3:-}
if [ -n "$audio" ] && [ "$audio" != "--audio" ]; then
  echo "make-video: the third argument may only be --audio, got '$audio'" >&2
  exit 2
fi
if ! [[ "$segments" =~ ^[1-9][0-9]*$ ]]; then
  echo "make-video: SEGMENTS must be a positive integer, got '$segments'" >&2
  exit 2
fi
if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "make-video: ffmpeg is missing; install it with testbed-scripts/install-browser.sh (as root)" >&2
  exit 2
fi

fps=25
seg_seconds=4
gop=$((fps * seg_seconds))
duration=$((segments * seg_seconds))
bitrates=(300 750 1200 1850 2850 4300)
sizes=(384x216 640x360 768x432 1024x576 1280x720 1920x1080)

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

split="[0:v]split=${#bitrates[@]}"
for i in "${!bitrates[@]}"; do split+="[s$i]"; done
filters="$split"
maps=()
for i in "${!bitrates[@]}"; do
  filters+="; [s$i]scale=${sizes[$i]/x/:}:flags=bicubic,setsar=1[v$i]"
  b=${bitrates[$i]}
  maps+=(-map "[v$i]" "-b:v:$i" "${b}k" "-minrate:v:$i" "${b}k" "-maxrate:v:$i" "${b}k" "-bufsize:v:$i" "$((b / 2))k")
done

sets="id=0,streams=v"
audio_args=()
if [ -n "$audio" ]; then
  audio_args=(-f lavfi -t "$duration" -i "anullsrc=r=48000:cl=mono")
  maps+=(-map 1:a -c:a aac -b:a 32k)
  sets="id=0,streams=v id=1,streams=a"
fi

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1920x1080:rate=$fps:duration=$duration" "${audio_args[@]}" \
  -filter_complex "$filters" "${maps[@]}" \
  -c:v libx264 -preset ultrafast -profile:v main -pix_fmt yuv420p \
  -x264-params "nal-hrd=cbr:force-cfr=1" \
  -g "$gop" -keyint_min "$gop" -sc_threshold 0 \
  -force_key_frames "expr:gte(t,n_forced*$seg_seconds)" \
  -f dash -seg_duration "$seg_seconds" -use_template 1 -use_timeline 0 \
  -init_seg_name 'init-$RepresentationID$.m4s' \
  -media_seg_name 'chunk-$RepresentationID$-$Number%05d$.m4s' \
  -adaptation_sets "$sets" \
  "$tmp/manifest.mpd"

made=$(ls "$tmp"/chunk-0-*.m4s | wc -l)
if [ "$made" -ne "$segments" ]; then
  echo "make-video: expected $segments segments per level, ffmpeg made $made" >&2
  exit 1
fi
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "make-video: $segments segments x ${#bitrates[@]} levels in $out"
