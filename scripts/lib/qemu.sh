# shellcheck shell=bash
# Boots Debian's own kernel under qemu with a busybox initramfs: the harness of the kernel
# tests (scripts/kernel-test.sh), the /dev/qrng bench and any test that needs a real kernel.
# Sourced, never run; expects `set -euo pipefail` from the caller.
#
#   qemu_require_packages PKG...          apt-get install what dpkg lacks (idempotent)
#   qemu_kernel_version                   the ABI of the installed linux-headers-amd64
#   qemu_kernel_image VERSION             Debian's vmlinuz for VERSION (no initramfs-tools run)
#   initramfs_init ROOT INIT              busybox-static, /init, /dev/console
#   initramfs_add_program ROOT BINARY     a binary plus the libraries ldd lists
#   initramfs_pack ROOT OUT               gzipped newc cpio
#   qemu_boot KERNEL INITRD LOG SECONDS [KERNEL-ARGUMENTS...]
#                                         boots, serial console to LOG; qemu's exit code
#                                         (124 if SECONDS passed; the guest must poweroff -f)

QEMU_CACHE=${QEMU_CACHE:-/var/cache/qa-kernel-test}
QEMU_MEMORY=${QEMU_MEMORY:-512}
QEMU_CPUS=${QEMU_CPUS:-2}
# The guest's network: none by default; e.g. user,model=e1000 to reach the host's loopback at 10.0.2.2.
QEMU_NIC=${QEMU_NIC:-none}

qemu_log() { printf '[qemu] %s\n' "$*" >&2; }
qemu_die() { printf '[qemu] error: %s\n' "$*" >&2; exit 1; }

qemu_require_packages() {
  local pkg status missing=()
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ $(id -u) -eq 0 ]] || qemu_die "missing Debian packages ${missing[*]}: run as root or apt-get install them"
  qemu_log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# qemu_fetch_deb PACKAGE — path of PACKAGE's .deb in the cache, downloaded once. For files
# we only unpack: installing linux-image would run update-initramfs twice for nothing, and
# rng-tools would start a daemon on the host.
qemu_fetch_deb() {
  local deb
  mkdir -p "$QEMU_CACHE"
  deb=$(compgen -G "$QEMU_CACHE/${1}_*.deb" | head -n 1 || true)
  if [[ -z $deb ]]; then
    (cd "$QEMU_CACHE" && apt-get -o DPkg::Lock::Timeout=300 download "$1" >&2) ||
      qemu_die "apt-get download $1 failed"
    deb=$(compgen -G "$QEMU_CACHE/${1}_*.deb" | head -n 1)
  fi
  printf '%s\n' "$deb"
}

# qemu_unpack_deb PACKAGE — directory holding PACKAGE's files, unpacked once.
qemu_unpack_deb() {
  local deb dir
  deb=$(qemu_fetch_deb "$1")
  dir="$QEMU_CACHE/unpacked/$(basename "$deb" .deb)"
  if [[ ! -d $dir ]]; then
    mkdir -p "$dir.tmp" && dpkg-deb -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir"
  fi
  printf '%s\n' "$dir"
}

qemu_kernel_version() {
  local depends
  depends=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) ||
    qemu_die "linux-headers-amd64 is not installed"
  [[ $depends =~ linux-headers-([0-9][^ ,]*-amd64) ]] || qemu_die "cannot read the ABI from '$depends'"
  printf '%s\n' "${BASH_REMATCH[1]}"
}

# qemu_kernel_image VERSION — prefers an uncompressed vmlinux with a PVH entry point:
# qemu then skips the in-guest xz decompression, about 3.5 s of every TCG boot.
qemu_kernel_image() {
  local dir vmlinuz vmlinux offset
  dir=$(qemu_unpack_deb "linux-image-$1")
  vmlinuz="$dir/boot/vmlinuz-$1"
  [[ -f $vmlinuz ]] || qemu_die "no $vmlinuz in linux-image-$1"
  vmlinux="$dir/boot/vmlinux-$1.pvh"
  if [[ ! -f $vmlinux && ${QEMU_PVH:-1} == 1 ]]; then
    offset=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1 || true)
    # xz exits 1 on the bytes after the stream; the ELF note check below is what counts.
    if [[ -n $offset ]]; then
      tail -c +$((offset + 1)) "$vmlinuz" | xz -dc >"$vmlinux.tmp" 2>/dev/null || true
    fi
    if [[ -s $vmlinux.tmp ]] && readelf -n "$vmlinux.tmp" 2>/dev/null | grep -q 'Xen.*0x00000012'; then
      mv "$vmlinux.tmp" "$vmlinux"
    else
      rm -f "$vmlinux.tmp"
    fi
  fi
  if [[ -f $vmlinux && ${QEMU_PVH:-1} == 1 ]]; then printf '%s\n' "$vmlinux"; else printf '%s\n' "$vmlinuz"; fi
}

initramfs_init() {
  local root=$1 init=$2 busybox applet
  busybox=$(command -v busybox) || qemu_die "busybox missing: apt-get install busybox-static"
  # The plain busybox package is dynamic and would not run without its libraries.
  ldd "$busybox" >/dev/null 2>&1 && qemu_die "$busybox is dynamically linked: apt-get install busybox-static"
  rm -rf "$root"
  mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib,lib64,etc}
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
  done
  install -m 0755 "$init" "$root/init"
  # Console output even before /init mounts devtmpfs (needs root; /init falls back).
  mknod -m 0600 "$root/dev/console" c 5 1 2>/dev/null || true
}

initramfs_add_program() {
  local root=$1 binary=$2 lib
  cp -L "$binary" "$root/bin/"
  while read -r lib; do
    [[ -e $root$lib ]] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done < <(ldd "$binary" 2>/dev/null | grep -oE '/[^ ]+' || true)
}

initramfs_pack() {
  (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet | gzip -6) >"$2"
}

# KVM only where it really works: a CPU with vmx/svm and a usable /dev/kvm. A nested VM
# without them hangs at the switch to long mode (QEMU_ACCEL=tcg|kvm overrides).
qemu_accel() {
  if [[ -n ${QEMU_ACCEL:-} ]]; then
    printf '%s\n' "$QEMU_ACCEL"
  elif grep -qwE 'vmx|svm' /proc/cpuinfo && [[ -w /dev/kvm ]]; then
    printf 'kvm\n'
  else
    printf 'tcg\n'
  fi
}

qemu_boot() {
  local kernel=$1 initrd=$2 log=$3 seconds=$4 accel rc=0
  shift 4
  accel=$(qemu_accel)
  qemu_log "booting $(basename "$kernel") ($accel, ${QEMU_CPUS} CPUs, ${QEMU_MEMORY} MiB), serial log $log"
  # panic=-1 + -no-reboot: a panic or a dying /init ends qemu at once instead of hanging.
  timeout --foreground -k 5 "$seconds" qemu-system-x86_64 -accel "$accel" -cpu max \
    -smp "$QEMU_CPUS" -m "$QEMU_MEMORY" -nographic -nic "${QEMU_NIC:-none}" -no-reboot \
    -kernel "$kernel" -initrd "$initrd" \
    -append "console=ttyS0 panic=-1 quiet loglevel=1 $*" </dev/null >"$log" 2>&1 || rc=$?
  # The serial console ends lines with CRLF.
  sed -i 's/\r$//' "$log"
  return "$rc"
}
