#!/usr/bin/env bash
# Undoes setup.sh's changes to this machine's network and iptables: the FORWARD rules, IP forwarding
# (back to its value before setup.sh), the iptables wrapper and the Mahimahi user.
# Packages stay installed unless --purge-packages is given (then mahimahi and its two Debian 11 libraries go).
# Idempotent; needs root.
set -euo pipefail

MM_USER="${NETLLM_MM_USER:-netllm-mm}"
STATE_DIR=/var/lib/netllm-testbed
WRAPPER=/usr/local/lib/netllm-testbed/iptables-as-root
MM_NET=100.64.0.0/10

log() { echo "teardown: $*" >&2; }

purge=0
for arg in "$@"; do
  case "$arg" in
    --purge-packages) purge=1 ;;
    *) echo "teardown: unknown option '$arg'; the only option is --purge-packages" >&2; exit 2 ;;
  esac
done
if [[ "$(id -u)" != 0 ]]; then
  echo "teardown: needs root; run: sudo $0 $*" >&2
  exit 2
fi

if command -v iptables >/dev/null 2>&1; then
  for dir in -s -d; do
    while iptables -C FORWARD "$dir" "$MM_NET" -j DROP 2>/dev/null; do
      iptables -D FORWARD "$dir" "$MM_NET" -j DROP
      log "removed FORWARD $dir $MM_NET DROP"
    done
  done
fi

if [[ -f "$STATE_DIR/ip_forward.before" ]]; then
  sysctl -q -w net.ipv4.ip_forward="$(cat "$STATE_DIR/ip_forward.before")"
  rm -f "$STATE_DIR/ip_forward.before"
  log "net.ipv4.ip_forward is $(sysctl -n net.ipv4.ip_forward) again"
fi

if update-alternatives --list iptables 2>/dev/null | grep -qx "$WRAPPER"; then
  update-alternatives --quiet --remove iptables "$WRAPPER"
  log "iptables alternative is $(readlink -f /etc/alternatives/iptables 2>/dev/null || echo none) again"
fi
rm -rf "$(dirname "$WRAPPER")"

if id -u "$MM_USER" >/dev/null 2>&1; then
  if pgrep -u "$MM_USER" >/dev/null; then
    log "user $MM_USER still runs processes (pgrep -u $MM_USER); kept it: stop them and run teardown again"
  else
    userdel --remove "$MM_USER" 2>/dev/null || userdel "$MM_USER"
    log "removed user $MM_USER"
  fi
fi

if ((purge)); then
  export DEBIAN_FRONTEND=noninteractive
  installed=()
  for p in mahimahi libprotobuf23 libssl1.1; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' && installed+=("$p")
  done
  if ((${#installed[@]})); then
    apt-get -o DPkg::Lock::Timeout=600 purge -y -qq "${installed[@]}" >/dev/null
    log "purged ${installed[*]}"
  fi
fi
rm -rf "$STATE_DIR"
log "done"
