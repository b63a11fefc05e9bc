#!/usr/bin/env bash
# bench/qrng: bytes/s from an entropy source to /dev/qrng's reader, end to end (REST appliance
# on loopback -> qa-qrng-agent, health tests on -> qrng.ko -> a reader), next to the raw rate of
# the same appliance read alone, in the same boot of Debian's kernel under qemu; prints the ratio.
# The appliance is busybox httpd in the guest serving one batch of random bytes per request, the
# baseline busybox wget fetching batches back to back (one process per request, as the agent
# makes one request per batch).
# Usage: sudo bench/qrng/run.sh [SECONDS-PER-RUN]   (default 5; QRNG_BENCH_BATCH=bytes, default 1 MiB)
# Not part of the test suite; scripts/vm-entropy-test.sh is. Needs root (apt-get, mknod).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export QEMU_MEMORY=${QEMU_MEMORY:-512}
# shellcheck source=../../scripts/lib/qemu.sh
source "$REPO/scripts/lib/qemu.sh"
# shellcheck source=../../scripts/vm-entropy-test/guest.sh
source "$REPO/scripts/vm-entropy-test/guest.sh"

WORK=${QRNG_BENCH_DIR:-$REPO/out/qrng-agent-bench}
SECONDS_PER_RUN=${1:-5}
BATCH=${QRNG_BENCH_BATCH:-$((1 << 20))}

[[ $(id -u) -eq 0 ]] || qemu_die "must run as root (apt-get, mknod); try: sudo $0"
qemu_require_packages linux-headers-amd64 qemu-system-x86 busybox-static cpio gcc make kmod \
  clang zlib1g-dev xz-utils binutils
KVER=$(qemu_kernel_version)

rm -rf "$WORK"
mkdir -p "$WORK"
qrng_guest_build_module "$WORK" "$KVER" || qemu_die "qrng.ko does not build"
qrng_guest_publish_agent "$WORK" || qemu_die "qa-qrng-agent does not publish"

root=$WORK/initramfs
initramfs_init "$root" "$REPO/bench/qrng/init"
qrng_guest_add_agent "$root" "$WORK"
qrng_guest_add_modules "$root" "$KVER" "$WORK"
mkdir -p "$root/www" "$root/etc/qa"
head -c "$BATCH" /dev/urandom >"$root/www/batch.bin"
jq -n --argjson batch "$BATCH" '{
  source: {kind: "rest", url: "http://127.0.0.1:8080/batch.bin?bytes={bytes}", quantum: false, max_bytes_per_request: $batch},
  module: {parameters: ["hwrng=0", "capacity=\($batch * 4)"]},
  batch_bytes: $batch}' >"$root/etc/qa/bench.json"
printf 'BATCH=%s\nSECONDS_PER_RUN=%s\nWARMUP_SECONDS=2\n' "$BATCH" "$SECONDS_PER_RUN" >"$root/etc/qa/env"
initramfs_pack "$root" "$WORK/initramfs.cpio.gz"

rc=0
qemu_boot "$(qemu_kernel_image "$KVER")" "$WORK/initramfs.cpio.gz" "$WORK/serial.log" 300 || rc=$?
if ((rc != 0)) || ! grep -qx 'QRNG-BENCH-RESULT: yes' "$WORK/serial.log"; then
  tail -n 30 "$WORK/serial.log"
  qemu_die "the bench guest failed (qemu exit code $rc)"
fi
# Not anchored: the first line may follow the firmware's output without a line break.
rate() { grep -oE "qrng-bench: $1 bytes=[0-9]+ ms=[0-9]+" "$WORK/serial.log" | sed -E 's/.*bytes=([0-9]+) ms=([0-9]+)/\1 \2/' | awk '{ printf "%.0f", $1 * 1000 / $2 }'; }
raw=$(rate raw_source)
e2e=$(rate end_to_end)
echo "bench/qrng: $(qemu_accel), ${QEMU_CPUS} guest CPUs, batch $BATCH B, $SECONDS_PER_RUN s per run; host load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  raw source (wget of the appliance alone):            %12s B/s\n' "$raw"
printf '  end to end (appliance -> agent -> /dev/qrng -> reader): %9s B/s\n' "$e2e"
awk -v e="$e2e" -v r="$raw" 'BEGIN { printf "  ratio end to end / raw source: %.2f\n", e / r }'
