#!/usr/bin/env bash
# The packages proved in a real systemd: builds them (scripts/package.sh, lintian + rpmlint),
# checks the .rpm with rpm, then boots a debootstrapped Debian 12 root (cached in
# out/packaging/root) with `systemd-nspawn -b` — systemd as PID 1, D-Bus, dpkg and the
# maintainer scripts all real — and inside it: `apt-get install ./dist/*.deb` with Debian's
# dependencies, every unit active after READY=1, the watchdog fed, HTTPS from the control plane
# and the KME, `systemd-analyze verify` and `security`, restart and kill -9 recovery, DKMS
# building qrng.ko for Debian's packaged kernel, an upgrade that keeps an edited conffile, and
# a purge that leaves nothing behind.
# Prints "PASS <name>" / "FAIL <name>: why" per check and ends with
# "package-test: N passed, N failed"; exits non-zero on any failure.
# Needs root (debootstrap, nspawn). QA_PACKAGE_SKIP_BUILD=1 reuses dist/ as it is.
# The kernel module's load and /dev/qrng under systemd: scripts/package-test.sh --vm (see docs/packaging.md).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$REPO/out/packaging
DIST=${QA_DIST_DIR:-$REPO/dist}
ROOT=${QA_PACKAGE_ROOT:-$OUT/root}
RUN=$OUT/run
LOGS=$OUT/test-log
MACHINE=qa-package-test

if [[ ${1:-} == --vm ]]; then
  exec "$REPO/packaging/test/vm-test.sh"
fi

CHECKS_SUITE=package-test
# shellcheck source=lib/checks.sh
source "$REPO/scripts/lib/checks.sh"
log() { printf '[package-test] %s\n' "$*"; }
die() {
  printf '[package-test] error: %s\n' "$*" >&2
  exit 1
}
nspawn_pid=""
# The container goes down before the counts line, however the run ends.
checks_teardown() {
  stop_container
  echo "package-test: took $SECONDS s"
}
trap checks_stopped_early EXIT

# shellcheck source=../packaging/test/root.sh
source "$REPO/packaging/test/root.sh"
# shellcheck source=../packaging/test/container.sh
source "$REPO/packaging/test/container.sh"

if [[ $(id -u) -ne 0 ]]; then
  fail package_test_setup "must run as root (debootstrap, systemd-nspawn); try: sudo $0"
  finish
fi
# debootstrap: the root; systemd-container: nspawn; rpm: rpmbuild and the .rpm checks;
# lintian, rpmlint: the linters; clang: the NativeAOT linker; dpkg-dev: dpkg-shlibdeps.
for cmd in debootstrap systemd-nspawn rpm rpmbuild lintian rpmlint clang dpkg-shlibdeps nsenter jq; do
  command -v "$cmd" >/dev/null || die "missing $cmd: run scripts/setup.sh"
done
rm -rf "$LOGS"
mkdir -p "$LOGS"

# --- Build and lint ------------------------------------------------------------------

if [[ ${QA_PACKAGE_SKIP_BUILD:-0} != 1 ]]; then
  start=$SECONDS
  if "$REPO/scripts/package.sh" >"$LOGS/package.log" 2>&1; then
    pass packages_built_lintian_rpmlint_clean
  else
    tail -n 40 "$LOGS/package.log"
    fail packages_built_lintian_rpmlint_clean "scripts/package.sh failed (log: $LOGS/package.log)"
    compgen -G "$DIST/*.deb" >/dev/null || finish
  fi
  grep -E '^\[package\] ' "$LOGS/package.log" || true
  log "build and lint took $((SECONDS - start)) s"
fi
# The upgrade: the same sources rebuilt as revision 2.
rm -rf "$OUT/upgrade"
QA_DIST_DIR=$OUT/upgrade "$REPO/scripts/package.sh" --revision 2 --no-publish --no-lint \
  >"$LOGS/package-upgrade.log" 2>&1 || { cat "$LOGS/package-upgrade.log"; die "the upgrade build failed"; }
mapfile -t DEBS < <(compgen -G "$DIST/*.deb" | sort)
mapfile -t DAEMON_PACKAGES < <(for deb in "${DEBS[@]}"; do
  if dpkg-deb -c "$deb" | grep '/lib/systemd/system/qa-.*\.service$' >/dev/null; then dpkg-deb -f "$deb" Package; fi; done)
mapfile -t UNITS < <(for deb in "${DEBS[@]}"; do
  dpkg-deb -c "$deb" | grep -oE 'qa-[a-z-]+\.service$' || true; done | sort)
log "daemon packages: ${DAEMON_PACKAGES[*]}"

# --- The .rpm (no RPM distribution is reachable: rpm's own checks on Debian) ------------

# shellcheck source=../packaging/test/rpm-checks.sh
source "$REPO/packaging/test/rpm-checks.sh"
rpm_checks "$DIST"

# --- Boot ------------------------------------------------------------------------------

start=$SECONDS
root_prepare "$ROOT"
log "root ready in $((SECONDS - start)) s"
start=$SECONDS
# Dependencies from Debian into the cached root's apt cache (host network, a chroot); the
# container itself has a private network and installs from that cache.
root_fetch_depends "$ROOT" "${DEBS[@]}" linux-headers-amd64
log "dependencies fetched in $((SECONDS - start)) s"
start=$SECONDS
container_boot "$ROOT" "$RUN" "$MACHINE" "$LOGS/console.log"
log "booted (systemd $(in_container systemctl --version | head -n 1 | cut -d' ' -f2) as PID 1) in $((SECONDS - start)) s"
state=$(in_container systemctl is-system-running --wait || true)
check boot_system_running "system state '$state'" test "$state" = running
mkdir -p "$RUN/root/root/dist" "$RUN/root/root/upgrade"
cp "${DEBS[@]}" "$RUN/root/root/dist/"
cp "$OUT"/upgrade/*.deb "$RUN/root/root/upgrade/"

# shellcheck source=../packaging/test/deb-checks.sh
source "$REPO/packaging/test/deb-checks.sh"
# shellcheck source=../packaging/test/privilege-checks.sh
source "$REPO/packaging/test/privilege-checks.sh"
# shellcheck source=../packaging/test/pki-checks.sh
source "$REPO/packaging/test/pki-checks.sh"
deb_checks
finish
