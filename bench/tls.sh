#!/usr/bin/env bash
# bench/tls: handshakes/s and MB/s of our OpenSSL TLS-PSK layer (PskTlsStream) next to a C program
# doing the same TLS 1.3 external-PSK handshake and transfer on the same libssl, in one run, with
# the ratio. Loopback only; needs no root (gcc and libssl-dev come from scripts/setup.sh).
#
#   bench/tls.sh [RUNS] [HANDSHAKES] [MIB] [PARALLEL]   defaults: 5 runs, 2000 handshakes, 256 MiB, 8
#
#   QA_BENCH_TLS_BINARY=out/bench-tls/qa-bench-tls   bench a NativeAOT build instead of the JIT one
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$REPO/bench/QuantumAgents.Bench.Tls"
for program in gcc pkg-config; do
  command -v "$program" >/dev/null || { echo "bench/tls: '$program' missing: run scripts/setup.sh" >&2; exit 1; }
done
pkg-config --exists libssl || { echo "bench/tls: libssl-dev missing: run scripts/setup.sh" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -Wall -Wextra -Werror -o "$work/tls_psk_bench" "$PROJECT"/native/*.c $(pkg-config --cflags --libs libssl libcrypto) -lpthread
dotnet build "$PROJECT/QuantumAgents.Bench.Tls.csproj" -c Release -nologo -v q >/dev/null
echo "OpenSSL: $(openssl version 2>/dev/null || echo '?'); CPUs: $(nproc)"
"${QA_BENCH_TLS_BINARY:-$PROJECT/bin/Release/net10.0/qa-bench-tls}" "$work/tls_psk_bench" "${1:-5}" "${2:-2000}" "${3:-256}" "${4:-8}"
