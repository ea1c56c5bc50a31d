#!/usr/bin/env bash
# Installs headless Chromium, its driver and ffmpeg from Debian's packages when any is missing.
# Idempotent; needs root (CI runs as root). Selenium is given /usr/bin/chromedriver, so it never downloads one.
set -euo pipefail

missing=()
command -v /usr/lib/chromium/chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-browser: chromium, chromium-driver and ffmpeg are already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser: ${missing[*]} missing and not root; run as root: sudo $0" >&2
  exit 2
fi
echo "install-browser: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-browser: done ($(/usr/lib/chromium/chromium --version 2>/dev/null || echo chromium), $(chromedriver --version | head -1))"
