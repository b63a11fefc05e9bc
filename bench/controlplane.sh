#!/usr/bin/env bash
# bench/controlplane: requests/s, p50 and p99 of qa-controld for GET nodes, POST+DELETE tunnels and
# GET entropy?bytes=32 at concurrency 1/16/64, each next to a baseline (GET /healthz on the same server)
# measured just before it; then each at 1,000 requests/s open loop (the goal: p99 < 20 ms).
# Starts its own qa-controld on 127.0.0.1 over HTTPS with a throwaway self-signed certificate and
# state directory, and stops it again. Needs no root.
#
#   bench/controlplane.sh
#
#   QA_BENCH_SECONDS=3                  seconds per closed-loop cell (plus 1 s warm-up)
#   QA_BENCH_LEVELS=1,16,64             the concurrency levels
#   QA_BENCH_RATE=1000                  the open-loop rate; QA_BENCH_RATE_SECONDS=10 its duration
#   QA_CONTROLD_DURABILITY=process_crash   measure without an fsync per commit (default power_loss)
#   QA_CONTROLD_BINARY=path/qa-controld    bench that binary (e.g. the NativeAOT publish) instead of the Release build
#   QA_BENCH_PORT=18443                 the loopback port the server listens on
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for program in openssl curl sha256sum; do
  command -v "$program" >/dev/null || { echo "bench/controlplane: '$program' missing: run scripts/setup.sh" >&2; exit 1; }
done
port=${QA_BENCH_PORT:-18443}
durability=${QA_CONTROLD_DURABILITY:-power_loss}

# Quiet when it builds; the compiler's output when it does not.
build() { local out; out=$(dotnet build "$1" -c Release -nologo -v q 2>&1) || { echo "$out" >&2; exit 1; }; }
if [[ -z ${QA_CONTROLD_BINARY:-} ]]; then
  build "$REPO/agents/QuantumAgents.ControlPlane/QuantumAgents.ControlPlane.csproj"
fi
controld=${QA_CONTROLD_BINARY:-$REPO/agents/QuantumAgents.ControlPlane/bin/Release/net10.0/qa-controld}
build "$REPO/bench/QuantumAgents.Bench.ControlPlane/QuantumAgents.Bench.ControlPlane.csproj"

# On disk, not tmpfs: with power_loss every commit is an fsync, and that is part of what is measured.
work=$(mktemp -d "${TMPDIR:-/var/tmp}/qa-bench-controlplane.XXXXXX")
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sha256_hex() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
# Tokens only as files and hashes: never on a command line, never printed.
(umask 077 && openssl rand -hex 32 >"$work/admin.token")
# No agent runs: each node gets the hash of a random token nobody keeps.
node_hash() { sha256_hex "$(openssl rand -hex 32)"; }
cat >"$work/controld.json" <<JSON
{
  "listen": ["https://127.0.0.1:$port"],
  "tls": { "certificate": "$work/cert.pem", "key": "$work/key.pem" },
  "state_directory": "$work/state",
  "durability": "$durability",
  "admin_token_sha256": "$(sha256_hex "$(cat "$work/admin.token")")",
  "nodes": {
    "cait": { "address": "198.18.12.1", "links": ["ccs"], "token_sha256": "$(node_hash)",
              "client_subnets": [{ "subnet": "198.19.0.0/17", "tenants": ["bench"] }] },
    "ccs": { "address": "198.18.12.2", "links": ["cait", "rectorado"], "token_sha256": "$(node_hash)" },
    "rectorado": { "address": "198.18.23.3", "links": ["ccs"], "token_sha256": "$(node_hash)",
                   "client_subnets": [{ "subnet": "198.19.128.0/17", "tenants": ["bench"] }] }
  }
}
JSON
mkdir "$work/state"

"$controld" --config "$work/controld.json" >"$work/controld.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -sf --cacert "$work/cert.pem" "https://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
curl -sf --cacert "$work/cert.pem" "https://127.0.0.1:$port/healthz" >/dev/null || {
  echo "bench/controlplane: qa-controld did not come up on 127.0.0.1:$port; its log:" >&2
  cat "$work/controld.log" >&2
  exit 1
}
echo "qa-controld: $controld (durability $durability); CPUs: $(nproc), shared by server and load generator; load average: $(cut -d" " -f1-3 /proc/loadavg)"
status=0
"$REPO/bench/QuantumAgents.Bench.ControlPlane/bin/Release/net10.0/qa-bench-controlplane" \
  "https://127.0.0.1:$port/" "$work/cert.pem" "$work/admin.token" || status=$?
echo
echo "qa-controld peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")"
echo "load average after: $(cut -d" " -f1-3 /proc/loadavg)"
exit "$status"
