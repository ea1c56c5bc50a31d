#!/usr/bin/env bash
# Prepares this machine for the emulated real-world testbed: Chromium + chromedriver + ffmpeg, socat,
# Mahimahi 0.98 (Debian 11's build; Mahimahi is not in Debian 12), an iptables that Mahimahi's setuid
# binaries can run, an unprivileged user to run mm-* as, and forwarding rules that keep emulated
# namespaces away from everything but this host.
# Idempotent and quick when already done; needs root (CI runs as root). Undo with teardown.sh.
set -euo pipefail

MM_USER="${NETLLM_MM_USER:-netllm-mm}"
STATE_DIR=/var/lib/netllm-testbed
WRAPPER=/usr/local/lib/netllm-testbed/iptables-as-root
MM_NET=100.64.0.0/10

log() { echo "setup: $*" >&2; }

if [[ "$(id -u)" != 0 ]]; then
  echo "setup: needs root (it installs Debian packages and changes network settings); run: sudo $0" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
# Another installer (install-browser.sh) may hold the dpkg lock; wait for it rather than fail.
APT_WAIT=(-o DPkg::Lock::Timeout=600)

# --- Debian 12 packages ---------------------------------------------------------------------------
wanted=(chromium chromium-driver ffmpeg socat iptables iputils-ping gcc libc6-dev)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get "${APT_WAIT[@]}" update -qq
  apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Mahimahi from Debian 11 ----------------------------------------------------------------------
# The entry is derived from this machine's own Debian source (never a host name written here), with
# the suite changed to bullseye, in a private apt configuration so the machine's sources stay as they are.
debian_source() {  # prints "URI SIGNED_BY" of the machine's main Debian 12 archive
  local f found
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    # deb822 stanzas are separated by blank lines; take the first whose suites hold the bare release
    # name (the main archive, not -security or -updates).
    found=$(awk -v RS= '
      /(^|\n)Types:[^\n]*deb([ \n]|$)/ && /(^|\n)Suites:[^\n]*[ \t](bookworm|stable)([ \t\n]|$)/ {
        u = ""; s = ""; n = split($0, lines, "\n");
        for (i = 1; i <= n; i++) {
          if (lines[i] ~ /^URIs:/) { split(lines[i], a, /[ \t]+/); u = a[2] }
          if (lines[i] ~ /^Signed-By:/) { split(lines[i], a, /[ \t]+/); s = a[2] }
        }
        if (u != "") { print u, s; exit }
      }' "$f")
    [[ -n "$found" ]] && { echo "$found"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # one-line format: deb [options] URI SUITE COMPONENTS...
    found=$(awk '$1 == "deb" {
        i = 2; opts = "";
        if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
        if ($(i + 1) ~ /^(bookworm|stable)$/) {
          s = ""; if (match(opts, /signed-by=[^] ]+/)) s = substr(opts, RSTART + 10, RLENGTH - 10);
          print $i, s; exit
        }
      }' "$f")
    [[ -n "$found" ]] && { echo "$found"; return 0; }
  done
  return 0
}

if ! command -v mm-link >/dev/null 2>&1; then
  read -r uri signed < <(debian_source) || true
  if [[ -z "${uri:-}" ]]; then
    echo "setup: found no Debian 12 source entry in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources;" \
         "cannot derive where Debian 11's mahimahi package lives" >&2
    exit 2
  fi
  [[ -n "${signed:-}" ]] || signed=/usr/share/keyrings/debian-archive-keyring.gpg
  log "fetching mahimahi, libprotobuf23 and libssl1.1 from bullseye at $uri"
  tmp="$STATE_DIR/apt-bullseye"
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/cache" "$tmp/parts" "$tmp/debs"
  chown _apt "$tmp/debs" 2>/dev/null || true  # apt downloads as _apt
  echo "deb [signed-by=$signed] $uri bullseye main" > "$tmp/sources.list"
  apt_tmp=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o "Dir::Etc::SourceParts=$tmp/parts"
           -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache"
           -o "Dir::Cache::Archives=$tmp/archives" -o "APT::Get::List-Cleanup=0")
  apt-get "${apt_tmp[@]}" update -qq
  (cd "$tmp/debs" && apt-get "${apt_tmp[@]}" download mahimahi libprotobuf23 libssl1.1 >/dev/null)
  # Installing the local files with the machine's own sources pulls the rest from Debian 12.
  apt-get "${APT_WAIT[@]}" update -qq
  apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "$tmp"/debs/*.deb >/dev/null
  rm -rf "$tmp"
  command -v mm-link >/dev/null || { echo "setup: mahimahi installed but mm-link is not on PATH" >&2; exit 1; }
fi

# --- iptables that works under setuid -------------------------------------------------------------
# iptables 1.8.9 exits 111 when real and effective uids differ, which is how Mahimahi's setuid binaries
# run it. The wrapper only makes the real uid match an effective uid of 0 that the caller already has;
# it grants nothing to an unprivileged caller.
if [[ ! -x "$WRAPPER" ]]; then
  log "building $WRAPPER"
  mkdir -p "$(dirname "$WRAPPER")"
  src=$(mktemp --suffix=.c)
  cat > "$src" <<'EOF'
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    (void) argc;
    if (geteuid() == 0 && setreuid(0, 0) != 0) {
        perror("iptables-as-root: setreuid");
        return 1;
    }
    argv[0] = "/usr/sbin/iptables-nft";
    execv("/usr/sbin/iptables-nft", argv);
    perror("iptables-as-root: exec /usr/sbin/iptables-nft");
    return 127;
}
EOF
  gcc -O2 -Wall -o "$WRAPPER" "$src"
  rm -f "$src"
fi
if [[ "$(readlink -f /etc/alternatives/iptables 2>/dev/null)" != "$WRAPPER" ]]; then
  log "registering $WRAPPER as the iptables alternative"
  update-alternatives --quiet --install /usr/sbin/iptables iptables "$WRAPPER" 100 \
    --slave /usr/sbin/iptables-restore iptables-restore /usr/sbin/iptables-nft-restore \
    --slave /usr/sbin/iptables-save iptables-save /usr/sbin/iptables-nft-save
  update-alternatives --quiet --set iptables "$WRAPPER"
fi

# --- the unprivileged user Mahimahi runs as (it refuses root) -------------------------------------
if ! id -u "$MM_USER" >/dev/null 2>&1; then
  log "creating user $MM_USER"
  useradd --system --create-home --home-dir "/var/lib/$MM_USER" --shell /usr/sbin/nologin "$MM_USER"
fi

# --- forwarding: namespaces reach this host and nothing else ---------------------------------------
if [[ "$(sysctl -n net.ipv4.ip_forward)" != 1 ]]; then
  mkdir -p "$STATE_DIR"
  sysctl -n net.ipv4.ip_forward > "$STATE_DIR/ip_forward.before"  # teardown.sh restores it
  sysctl -q -w net.ipv4.ip_forward=1
fi
for dir in -s -d; do
  iptables -C FORWARD "$dir" "$MM_NET" -j DROP 2>/dev/null || iptables -I FORWARD "$dir" "$MM_NET" -j DROP
done

# --- check ------------------------------------------------------------------------------------------
if ! out=$(cd /tmp && runuser -u "$MM_USER" -- env PATH=/usr/local/bin:/usr/bin:/bin \
             mm-delay 1 sh -c 'echo "$MAHIMAHI_BASE"' 2>&1); then
  echo "setup: mm-delay does not run as $MM_USER:" >&2
  echo "$out" >&2
  exit 1
fi
log "ready: $(dpkg-query -W -f='mahimahi ${Version}' mahimahi), user $MM_USER, host inside shells is ${out##*$'\n'}"
