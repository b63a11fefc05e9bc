#!/usr/bin/env bash
# Installs what a fresh Debian 12 needs to build and run Quantum Agents so far.
# Idempotent: a second run installs nothing and needs no network.
set -euo pipefail

# Debian packages the scripts and tests use:
#   iproute2 (ip netns, veth, bridge), openssl (testbed PKI), curl + jq (REST calls),
#   sqlite3 (inspecting KME state), procps (sysctl, ps), ca-certificates (TLS roots),
#   util-linux (setsid), iputils-ping (reachability checks in the testbed).
#   gcc + libssl-dev + pkg-config (bench/tls builds its OpenSSL C baseline against the system libssl).
#   charon-systemd + libcharon-extra-plugins (kernel-libipsec: this kernel has no ESP) +
#   libstrongswan-standard-plugins (openssl, gcm) + strongswan-swanctl: real charon daemons per
#   network namespace for the VICI client's tests and the IPsec agent (not strongswan-charon or
#   libstrongswan-extra-plugins: they pull a service start and a systemd/udev upgrade).
PACKAGES=(iproute2 openssl curl jq sqlite3 procps ca-certificates util-linux iputils-ping gcc libssl-dev pkg-config
  charon-systemd libcharon-extra-plugins libstrongswan-standard-plugins strongswan-swanctl
  # python3: the TLS agent's integration test and bench serve pages with `python3 -m http.server`
  python3
  # scripts/package.sh + package-test.sh: clang (NativeAOT linker), dpkg-dev (dpkg-shlibdeps), rpm
  # (rpmbuild), lintian + rpmlint, debootstrap + systemd-container (the nspawn-booted Debian root)
  clang dpkg-dev rpm lintian rpmlint debootstrap systemd-container
  # dbus-daemon: Core's systemd D-Bus tests run a private bus with a fake org.freedesktop.systemd1 on it
  dbus-daemon
  # iperf3: bench/ipsec.sh measures TCP throughput through a tunnel next to the bare link
  iperf3
  # kmod: the QRNG agent loads qrng.ko with modprobe (its tests run modprobe's failure path); no
  # rng-tools here: it would start rngd on the host, so vm-entropy-test unpacks it for the guest
  kmod)

if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: must run as root (it installs Debian packages)" >&2
  exit 1
fi

# Only packages that dpkg does not report as installed.
missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
else
  echo "setup.sh: Debian packages already installed"
fi

# The .NET 10 SDK comes with the machine; it is not an apt package here.
if ! command -v dotnet >/dev/null 2>&1 || ! sdk=$(dotnet --version 2>/dev/null); then
  echo "setup.sh: the .NET 10 SDK is missing (no working 'dotnet' on PATH)." >&2
  echo "          Install .NET SDK 10.0 (see global.json) and run setup.sh again." >&2
  exit 1
fi
if [[ $sdk != 10.* ]]; then
  echo "setup.sh: found .NET SDK $sdk, but the project needs 10.0 (global.json)" >&2
  exit 1
fi
echo "setup.sh: .NET SDK $sdk"
