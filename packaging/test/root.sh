# shellcheck shell=bash
# The Debian root the package test boots with systemd-nspawn: debootstrap once, then cached.
# Sourced by scripts/package-test.sh; expects `set -euo pipefail` and log/die from the caller.
#
#   root_prepare DIR        a bookworm minbase root with systemd as init (rebuilt when the
#                           recipe below changes; otherwise reused as is)
#   root_fetch_depends DIR DEB-OR-PACKAGE...
#                           downloads into DIR's apt cache what `apt-get install ...` of these
#                           .deb files and package names needs, so the booted container
#                           installs them with no network

ROOT_SUITE=bookworm
ROOT_MIRROR=${QA_PACKAGE_MIRROR:-http://deb.debian.org/debian}
# systemd + systemd-sysv + dbus: a real init with D-Bus; curl + ca-certificates: the HTTPS checks.
# Everything the packages depend on comes in later through apt, as on a user's server.
ROOT_INCLUDE=systemd,systemd-sysv,dbus,curl,ca-certificates
# Downloaded .debs survive a fresh clone (CI): only the unpacking is repeated.
ROOT_DEB_CACHE=${QA_PACKAGE_DEB_CACHE:-/var/cache/qa-package-test/debs}

root_key() {
  printf '%s\n' "$ROOT_SUITE" "$ROOT_MIRROR" "$ROOT_INCLUDE" "recipe-2" | sha256sum | cut -c1-16
}

root_prepare() {
  local dir=$1 key
  key=$(root_key)
  if [[ -f $dir/.qa-root-key && $(cat "$dir/.qa-root-key") == "$key" ]]; then
    log "reusing the cached root $dir"
    return 0
  fi
  log "debootstrap $ROOT_SUITE into $dir (once; cached by recipe)"
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$ROOT_DEB_CACHE" "$(dirname "$dir")"
  debootstrap --variant=minbase --cache-dir="$ROOT_DEB_CACHE" --include="$ROOT_INCLUDE" \
    "$ROOT_SUITE" "$dir.tmp" "$ROOT_MIRROR" >"$dir.debootstrap.log" 2>&1 ||
    { tail -n 30 "$dir.debootstrap.log"; die "debootstrap failed (log: $dir.debootstrap.log)"; }
  # Security updates too: Debian's current kernel ABI (headers for DKMS) lives there.
  cat >"$dir.tmp/etc/apt/sources.list" <<SOURCES
deb $ROOT_MIRROR $ROOT_SUITE main
deb $ROOT_MIRROR $ROOT_SUITE-updates main
deb ${ROOT_MIRROR%/debian}/debian-security $ROOT_SUITE-security main
SOURCES
  # Keep downloaded archives: the container installs from them with no network.
  rm -f "$dir.tmp/etc/apt/apt.conf.d/docker-clean"
  echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' >"$dir.tmp/etc/apt/apt.conf.d/10keep-debs"
  echo qa-package-test >"$dir.tmp/etc/hostname"
  # A login prompt on the console would vhangup() it mid-test.
  ln -sf /dev/null "$dir.tmp/etc/systemd/system/console-getty.service"
  chroot "$dir.tmp" apt-get -qq update >/dev/null
  chroot "$dir.tmp" apt-get -qq clean
  echo "$key" >"$dir.tmp/.qa-root-key"
  mv "$dir.tmp" "$dir"
}

root_fetch_depends() {
  local dir=$1 arg names=()
  shift
  rm -rf "$dir/tmp/qa-fetch"
  mkdir -p "$dir/tmp/qa-fetch"
  for arg in "$@"; do
    if [[ $arg == *.deb ]]; then
      cp "$arg" "$dir/tmp/qa-fetch/"
      names+=("/tmp/qa-fetch/$(basename "$arg")")
    else
      names+=("$arg")
    fi
  done
  # apt in a chroot on the host's network: only the download, nothing is installed here.
  chroot "$dir" apt-get -qq update >/dev/null
  chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get -qq -y --no-install-recommends \
    install --download-only "${names[@]}" >/dev/null
  rm -rf "$dir/tmp/qa-fetch"
}
