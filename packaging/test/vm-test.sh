#!/usr/bin/env bash
# scripts/package-test.sh --vm: the nightly-style variant. The cached Debian root, with the .debs,
# Debian's kernel and its headers installed (so DKMS builds qrng.ko at install, as on a server),
# boots under qemu as a real machine: Debian's kernel, its initramfs, systemd as PID 1. Inside,
# packaging/test/vm-guest-checks.sh waits for the daemons and checks that qa-qrng-agent loaded
# qrng.ko, that /dev/qrng delivers bytes, that the kernel's hw_random core uses it and that
# rngd reads it (also after the module was reloaded), then powers off. Prints "PASS/FAIL" lines and "package-test-vm: N passed, N failed".
# Needs root; takes several minutes under TCG (no usable KVM on the build machines).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$REPO/out/packaging
DIST=${QA_DIST_DIR:-$REPO/dist}
ROOT=${QA_PACKAGE_ROOT:-$OUT/root}
VM=$OUT/vm
export QEMU_MEMORY=${QEMU_MEMORY:-1024}

log() { printf '[package-test-vm] %s\n' "$*"; }
die() {
  printf '[package-test-vm] error: %s\n' "$*" >&2
  echo "package-test-vm: 0 passed, 1 failed"
  exit 1
}
# shellcheck source=root.sh
source "$REPO/packaging/test/root.sh"
# shellcheck source=../../scripts/lib/qemu.sh
source "$REPO/scripts/lib/qemu.sh"

[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, nspawn, mkfs)"
compgen -G "$DIST/*.deb" >/dev/null || die "no .deb in $DIST: run scripts/package.sh first"
qemu_require_packages qemu-system-x86 e2fsprogs systemd-container

start=$SECONDS
root_prepare "$ROOT"
rm -rf "$VM"
mkdir -p "$VM"
cp -a --reflink=auto "$ROOT" "$VM/root"
mkdir -p "$VM/root/root/dist"
cp "$DIST"/*.deb "$VM/root/root/dist/"
# The initramfs only needs the root disk: MODULES=most would copy every module (minutes).
mkdir -p "$VM/root/etc/initramfs-tools/conf.d"
echo 'MODULES=list' >"$VM/root/etc/initramfs-tools/conf.d/qa-vm.conf"
printf '%s\n' virtio_pci virtio_blk ext4 >>"$VM/root/etc/initramfs-tools/modules"
# Installed the way an admin would, with systemd not running (nspawn without -b, the host's
# network for apt): postinst enables the units, DKMS builds qrng.ko for the new kernel;
# rng-tools-debian is what quantum-qrng-agent recommends.
systemd-nspawn -q -D "$VM/root" --register=no --keep-unit -E DEBIAN_FRONTEND=noninteractive -- \
  sh -c 'apt-get -qq update && apt-get install -y -q --no-install-recommends \
    /root/dist/*.deb rng-tools-debian linux-image-amd64 linux-headers-amd64 initramfs-tools udev' >"$VM/install.log" 2>&1 ||
  { tail -n 30 "$VM/install.log"; die "installing into the VM root failed (log: $VM/install.log)"; }
install -m 0755 "$REPO/packaging/test/vm-guest-checks.sh" "$VM/root/usr/local/sbin/qa-vm-guest-checks"
cat >"$VM/root/etc/systemd/system/qa-vm-guest-checks.service" <<'EOF'
[Unit]
Description=Quantum Agents package checks (VM)
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/qa-vm-guest-checks
StandardOutput=tty
TTYPath=/dev/ttyS0

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/qa-vm-guest-checks.service "$VM/root/etc/systemd/system/multi-user.target.wants/"
echo 'qa-vm' >"$VM/root/etc/hostname"
kernel=$(compgen -G "$VM/root/boot/vmlinuz-*" | head -n 1)
initrd=$(compgen -G "$VM/root/boot/initrd.img-*" | head -n 1)
[[ -n $kernel && -n $initrd ]] || die "no kernel or initramfs in the VM root"
mkfs.ext4 -q -F -L qa-vm-root -d "$VM/root" "$VM/disk.img" 3G
log "image ready in $((SECONDS - start)) s ($(basename "$kernel"))"

start=$SECONDS
rc=0
# Like qemu_boot (scripts/lib/qemu.sh), with a root disk instead of a busybox initramfs; the
# serial getty is masked: it would vhangup() the console the checks write to; e2scrub_reap
# takes minutes under TCG and checks nothing of ours.
qemu_boot_disk() {
  local accel
  accel=$(qemu_accel)
  timeout --foreground -k 5 "${QA_VM_TIMEOUT:-1800}" qemu-system-x86_64 -accel "$accel" -cpu max \
    -smp "$QEMU_CPUS" -m "$QEMU_MEMORY" -nographic -nic none -no-reboot \
    -kernel "$kernel" -initrd "$initrd" -drive "file=$VM/disk.img,if=virtio,format=raw" \
    -append "root=LABEL=qa-vm-root rw console=ttyS0 panic=-1 systemd.mask=serial-getty@ttyS0.service systemd.mask=e2scrub_reap.service" \
    </dev/null >"$VM/serial.log" 2>&1
}
qemu_boot_disk || rc=$?
sed -i 's/\r$//' "$VM/serial.log"
log "guest ran $((SECONDS - start)) s, qemu exit code $rc"

grep -E '^(PASS|FAIL) ' "$VM/serial.log" || true
passed=$(grep -cE '^PASS ' "$VM/serial.log" || true)
failed=$(grep -cE '^FAIL ' "$VM/serial.log" || true)
if ! grep -qx 'QA-VM-RESULT: PASS' "$VM/serial.log"; then
  tail -n 40 "$VM/serial.log"
  echo "FAIL vm_result_marker: no 'QA-VM-RESULT: PASS' in $VM/serial.log"
  failed=$((failed + 1))
fi
if ((rc != 0)); then
  echo "FAIL vm_clean_poweroff: qemu exit code $rc (124: timed out)"
  failed=$((failed + 1))
fi
echo "package-test-vm: $passed passed, $failed failed"
((failed == 0 && passed > 0))
