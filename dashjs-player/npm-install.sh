#!/usr/bin/env bash
# Installs the pinned npm packages (package-lock.json) with the machine's own npm, once per lockfile: skipped when
# node_modules was installed from this exact lockfile. A lock on the folder keeps parallel builds (several Maven
# runs in one tree) from installing over each other.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec 9>.npm-install.lock
flock 9
if cmp -s package-lock.json node_modules/.installed-from-lock 2>/dev/null; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts
cp package-lock.json node_modules/.installed-from-lock
