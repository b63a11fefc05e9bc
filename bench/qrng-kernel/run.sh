#!/usr/bin/env bash
# /dev/qrng throughput in Debian's kernel under qemu, next to /dev/urandom in the same boot:
# reads of 4 B, 4 KiB and 1 MiB, and the writer's fill rate next to a tmpfs file write.
# Usage: sudo bench/qrng-kernel/run.sh [SECONDS-PER-READ-SIZE]   (default 2)
# QRNG_SRC=dir benches another copy of the module (e.g. an earlier version, for a before/after).
# Not part of the test suite; scripts/kernel-test.sh is. Needs root (apt-get, mknod).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../scripts/lib/qemu.sh
source "$REPO/scripts/lib/qemu.sh"

HERE=$REPO/bench/qrng-kernel
WORK=${QRNG_BENCH_DIR:-$REPO/out/qrng-bench}
SECONDS_PER_SIZE=${1:-2}

[[ $(id -u) -eq 0 ]] || qemu_die "must run as root (apt-get, mknod); try: sudo $0"
qemu_require_packages linux-headers-amd64 qemu-system-x86 busybox-static cpio gcc make \
  libc6-dev xz-utils binutils
KVER=$(qemu_kernel_version)

rm -rf "$WORK"
mkdir -p "$WORK/module"
cp "${QRNG_SRC:-$REPO/kernel/qrng}"/{qrng.c,qrng.h,Kbuild,Makefile} "$WORK/module/"
make -s -C "/usr/src/linux-headers-$KVER" M="$WORK/module" modules >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log"; qemu_die "qrng.ko does not build"; }
gcc -static -O2 -Wall -Wextra -Werror -o "$WORK/qrngbench" "$HERE/qrngbench.c"

initramfs_init "$WORK/initramfs" "$HERE/init"
cp "$WORK/module/qrng.ko" "$WORK/initramfs/qrng.ko"
initramfs_add_program "$WORK/initramfs" "$WORK/qrngbench"
initramfs_pack "$WORK/initramfs" "$WORK/initramfs.cpio.gz"

rc=0
qemu_boot "$(qemu_kernel_image "$KVER")" "$WORK/initramfs.cpio.gz" "$WORK/serial.log" 300 \
  "QRNG_BENCH_SECONDS=$SECONDS_PER_SIZE" || rc=$?
grep '^qrng-bench:' "$WORK/serial.log" || true
if ((rc != 0)) || ! grep -qx 'QRNG-RESULT: PASS' "$WORK/serial.log"; then
  tail -n 20 "$WORK/serial.log"
  qemu_die "the bench guest failed (qemu exit code $rc)"
fi
