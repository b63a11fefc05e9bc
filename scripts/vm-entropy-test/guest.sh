# shellcheck shell=bash
# What a guest needs to run qa-qrng-agent against qrng.ko: shared by scripts/vm-entropy-test.sh
# and bench/qrng/run.sh. Sourced after scripts/lib/qemu.sh; expects `set -euo pipefail`.
#
#   qrng_guest_build_module WORK KVER     qrng.ko in WORK/module, built against Debian's headers
#   qrng_guest_publish_agent WORK         the NativeAOT qa-qrng-agent in WORK/agent
#   qrng_guest_add_agent ROOT WORK        the agent, its native libraries and OpenSSL into ROOT
#   qrng_guest_add_modules ROOT KVER WORK [MODULE-PATH...]
#                                         qrng.ko plus modules of Debian's image (e.g.
#                                         kernel/drivers/net/ethernet/intel/e1000/e1000.ko),
#                                         with a modules.dep so the guest's modprobe finds them

qrng_guest_build_module() {
  mkdir -p "$1/module"
  cp "$REPO"/kernel/qrng/{qrng.c,qrng.h,Kbuild,Makefile} "$1/module/"
  make -s -C "/usr/src/linux-headers-$2" M="$1/module" modules >"$1/module/build.log" 2>&1 ||
    { cat "$1/module/build.log" >&2; return 1; }
}

qrng_guest_publish_agent() {
  # QA_QRNG_AGENT_PUBLISHED: a NativeAOT publish of this tree made moments ago (scripts/test.sh
  # passes scripts/package.sh's), taken as it is instead of a second minute-long ilc run.
  if [[ -n ${QA_QRNG_AGENT_PUBLISHED:-} ]]; then
    mkdir -p "$1/agent"
    cp -a "$QA_QRNG_AGENT_PUBLISHED"/. "$1/agent/"
    return
  fi
  dotnet publish "$REPO/agents/QuantumAgents.QrngAgent/QuantumAgents.QrngAgent.csproj" -c Release -r linux-x64 \
    -o "$1/agent" -nologo -v q >"$1/publish.log" 2>&1 || { cat "$1/publish.log" >&2; return 1; }
}

qrng_guest_add_agent() {
  local root=$1 lib path
  initramfs_add_program "$root" "$2/agent/qa-qrng-agent"
  # Mono.Posix's helper: NativeAOT looks for it next to the executable. (The publish also
  # carries SQLite's library, which Core brings along and the agent never loads.)
  initramfs_add_program "$root" "$2/agent/libMonoPosixHelper.so"
  # .NET loads OpenSSL on demand (dlopen), so ldd does not list it.
  for lib in libssl.so.3 libcrypto.so.3; do
    # awk reads to the end: exiting early would SIGPIPE ldconfig and fail the pipeline.
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}')
    [[ -n $path ]] || { echo "no $lib on this host: apt-get install libssl3" >&2; return 1; }
    mkdir -p "$root$(dirname "$path")"
    cp -L "$path" "$root$path"
  done
}

qrng_guest_add_modules() {
  local root=$1 kver=$2 work=$3 image modules module
  shift 3
  image=$(qemu_unpack_deb "linux-image-$kver")/lib/modules/$kver
  modules=$root/lib/modules/$kver
  mkdir -p "$modules/extra"
  cp "$image"/modules.{builtin,builtin.modinfo,order} "$modules/"
  cp "$work/module/qrng.ko" "$modules/extra/"
  for module in "$@"; do
    mkdir -p "$modules/$(dirname "$module")"
    cp "$image/$module" "$modules/$module"
  done
  depmod -b "$root" "$kver"
}
