#!/usr/bin/env bash
# The /dev/qrng kernel module, proved in Debian's own kernel: static checks (W=1, sparse,
# checkpatch --strict, a DKMS build), then qemu boots Debian's kernel with a busybox
# initramfs that loads qrng.ko and runs kernel/qrng/test/ inside the guest.
# Prints "PASS <name>" / "FAIL <name>: why" per check and ends with
# "kernel-test: N passed, N failed"; exits non-zero on any failure, a missing result
# marker, or a guest that did not power off cleanly in time.
# Needs root (apt-get, dkms, mknod). QEMU_ACCEL=tcg|kvm, QRNG_RNGD=0 skips rngd.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Enough for the checks; the erase check scans all of the guest's RAM twice.
export QEMU_MEMORY=${QEMU_MEMORY:-256}
# shellcheck source=lib/qemu.sh
source "$REPO/scripts/lib/qemu.sh"

SRC=${QRNG_SRC:-$REPO/kernel/qrng} # another tree: e.g. a deliberately broken copy
WORK=${QRNG_TEST_DIR:-$REPO/out/kernel-test}
BOOT_TIMEOUT=${QRNG_BOOT_TIMEOUT:-300}

CHECKS_SUITE=kernel-test
# shellcheck source=lib/checks.sh
source "$REPO/scripts/lib/checks.sh"
# A setup step that dies (apt-get, a download, the build) still ends with the counts line.
trap checks_stopped_early EXIT

if [[ $(id -u) -ne 0 ]]; then
  fail kernel_test_setup "must run as root (apt-get, dkms, mknod); try: sudo $0"
  finish
fi

# linux-headers-amd64: Kbuild for Debian's current kernel (its gcc comes along);
# qemu-system-x86, busybox-static, cpio: the guest; libc6-dev: the static test program;
# sparse, dkms: the static checks; xz-utils, binutils: unpacking vmlinux for a PVH boot.
qemu_require_packages linux-headers-amd64 qemu-system-x86 busybox-static cpio gcc make \
  libc6-dev sparse dkms xz-utils binutils
KVER=$(qemu_kernel_version)
KDIR=/usr/src/linux-headers-$KVER
echo "kernel-test: Debian kernel $KVER"

rm -rf "$WORK"
mkdir -p "$WORK/module" "$WORK/log"
cp "$SRC"/{qrng.c,qrng.h,Kbuild,Makefile,dkms.conf} "$WORK/module/"

# --- Static checks -----------------------------------------------------------------

# One build does both: W=1 extra warnings from gcc, C=2 runs sparse on every file.
if make -C "$KDIR" M="$WORK/module" W=1 C=2 modules >"$WORK/log/build.log" 2>&1; then
  if grep -E 'warning:|error:' "$WORK/log/build.log"; then
    fail build_w1_sparse_clean "warnings above (log: $WORK/log/build.log)"
  elif ! grep -q 'CHECK .*qrng\.c' "$WORK/log/build.log"; then
    fail build_w1_sparse_clean "sparse did not run (no CHECK line in $WORK/log/build.log)"
  else
    pass build_w1_sparse_clean
  fi
else
  cat "$WORK/log/build.log"
  fail build_w1_sparse_clean "the module does not build"
  finish
fi
vermagic=$(modinfo -F vermagic "$WORK/module/qrng.ko")
if [[ $vermagic == "$KVER "* ]]; then pass module_vermagic; else fail module_vermagic "$vermagic"; fi

# checkpatch.pl ships only in linux-source-X.Y (a tarball in a .deb): take three files once.
KSERIES=$(echo "$KVER" | cut -d. -f1-2)
CHECKPATCH=$QEMU_CACHE/checkpatch-$KSERIES
if [[ ! -x $CHECKPATCH/scripts/checkpatch.pl ]]; then
  deb=$(qemu_fetch_deb "linux-source-$KSERIES")
  mkdir -p "$CHECKPATCH"
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$KSERIES.tar.xz" |
    tar -xJ -C "$CHECKPATCH" --strip-components=1 "linux-source-$KSERIES/scripts/checkpatch.pl" \
      "linux-source-$KSERIES/scripts/spelling.txt" "linux-source-$KSERIES/scripts/const_structs.checkpatch"
fi
if "$CHECKPATCH/scripts/checkpatch.pl" --no-tree --strict --quiet -f "$SRC/qrng.c" "$SRC/qrng.h" \
  >"$WORK/log/checkpatch.log" 2>&1; then
  pass checkpatch_strict
else
  cat "$WORK/log/checkpatch.log"
  fail checkpatch_strict "see above"
fi

# A private DKMS tree and signing key, so nothing lands in /var/lib/dkms or /usr/src.
dkms_dir=$WORK/dkms
mkdir -p "$dkms_dir"/{source,tree,install,stage}
cp "$SRC"/{qrng.c,qrng.h,Kbuild,Makefile,dkms.conf} "$dkms_dir/stage/"
dkms_args=(--sourcetree "$dkms_dir/source" --dkmstree "$dkms_dir/tree" --installtree "$dkms_dir/install")
(
  export mok_signing_key=$dkms_dir/mok.key mok_certificate=$dkms_dir/mok.pub
  dkms add "${dkms_args[@]}" "$dkms_dir/stage" &&
    dkms build "${dkms_args[@]}" -m qrng -v 1.0 -k "$KVER" --kernelsourcedir "$KDIR"
) >"$WORK/log/dkms.log" 2>&1 || true
if compgen -G "$dkms_dir/tree/qrng/1.0/$KVER/*/module/qrng.ko*" >/dev/null; then
  pass dkms_build
else
  cat "$WORK/log/dkms.log"
  fail dkms_build "no qrng.ko in the DKMS tree"
fi

echo "kernel-test: static checks took $SECONDS s"

# --- The guest ---------------------------------------------------------------------

gcc -static -O2 -Wall -Wextra -Werror -o "$WORK/qrngtest" "$SRC"/test/*.c
rngd_dir=$(qemu_unpack_deb rng-tools-debian)
kernel=$(qemu_kernel_image "$KVER")

root=$WORK/initramfs
initramfs_init "$root" "$SRC/test/init"
cp "$WORK/module/qrng.ko" "$root/qrng.ko"
initramfs_add_program "$root" "$WORK/qrngtest"
initramfs_add_program "$root" "$rngd_dir/usr/sbin/rngd"
initramfs_pack "$root" "$WORK/initramfs.cpio.gz"

serial=$WORK/log/serial.log
boot_rc=0
start=$SECONDS
qemu_boot "$kernel" "$WORK/initramfs.cpio.gz" "$serial" "$BOOT_TIMEOUT" \
  "QRNG_RNGD=${QRNG_RNGD:-1}" || boot_rc=$?
echo "kernel-test: guest ran $((SECONDS - start)) s, qemu exit code $boot_rc"

# The guest's own lines, then what they add up to.
grep -E "^(PASS|FAIL) |^  \| |^tainted=|^== " "$serial" || true
passed=$((passed + $(grep -cE '^PASS ' "$serial" || true)))
failed=$((failed + $(grep -cE '^FAIL ' "$serial" || true)))
if ! grep -qx 'QRNG-RESULT: PASS' "$serial"; then
  grep -vE "^(PASS|FAIL) " "$serial" | tail -n 40
  fail guest_result_marker "no 'QRNG-RESULT: PASS' in $serial"
fi
if ((boot_rc != 0)); then
  fail guest_clean_poweroff "qemu exit code $boot_rc (124: timed out after $BOOT_TIMEOUT s)"
fi
finish
