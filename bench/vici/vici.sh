#!/usr/bin/env bash
# bench/vici: VICI commands/s of our client (QuantumAgents.Vici) next to swanctl, strongSwan's
# own client, against one real charon-systemd in a throwaway namespace (qa-vb), in one run.
#
#   sudo bench/vici/vici.sh [COUNT]
#
# swanctl starts a process per command, so the ratio mostly measures what an agent saves by
# keeping one connection open; the absolute rates show the client's own cost per command.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COUNT=${1:-1000}
export QA_TESTBED_DIR
QA_TESTBED_DIR=$(mktemp -d /tmp/qa-bench-vici.XXXXXX)
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
# shellcheck source=scripts/lib/netns.sh
source "$REPO/scripts/lib/netns.sh"
# shellcheck source=scripts/lib/procs.sh
source "$REPO/scripts/lib/procs.sh"
# shellcheck source=scripts/lib/charon.sh
source "$REPO/scripts/lib/charon.sh"

[[ $(id -u) -eq 0 ]] || die "bench/vici needs root (a network namespace)"
cleanup() {
  charon_stop vb || true
  netns_exists qa-vb && ip netns del qa-vb
  rm -rf "$QA_TESTBED_DIR"
}
trap cleanup EXIT

dotnet build "$REPO/bench/vici/QuantumAgents.Bench.Vici/QuantumAgents.Bench.Vici.csproj" -c Release -nologo -v q >/dev/null
mkdir -p "$QA_PID_DIR" "$QA_LOG_DIR"
ensure_netns qa-vb
charon_start vb >/dev/null
"$REPO/bench/vici/QuantumAgents.Bench.Vici/bin/Release/net10.0/qa-bench-vici" "$(charon_socket vb)" "$(charon_conf vb)" "$COUNT"
