#!/usr/bin/env bash
# bench/kme: enc_keys throughput and latency of qa-kmed on the three-node testbed, next to a
# baseline (an empty HTTPS request to the same KME) measured in the same run.
#
#   bench/kme.sh [SECONDS_PER_LEVEL]
#
# Brings the testbed up with a fast simulated link and a large pool, waits until the pool holds
# enough key for the whole run (so the bench measures serving, not production), runs the load
# from the root namespace over the management bridge, and takes the testbed down again.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_PER_LEVEL=${1:-5}
export QA_TESTBED_RATE_BPS=${QA_TESTBED_RATE_BPS:-200000000}
export QA_TESTBED_POOL_BITS=${QA_TESTBED_POOL_BITS:-1073741824}
export QA_TESTBED_BLOCK_BYTES=${QA_TESTBED_BLOCK_BYTES:-65536}
# Enough for every level at 50,000 keys/s: 3 levels x (warm-up + run) x 256 bits.
NEEDED_KEYS=$((3 * (SECONDS_PER_LEVEL + 1) * 50000))

dotnet build "$REPO/QuantumAgents.sln" -c Release -nologo -v q >/dev/null
QA_SKIP_BUILD=1 "$REPO/scripts/testbed.sh" up >/dev/null
trap '"$REPO/scripts/testbed.sh" down >/dev/null' EXIT

dir=${QA_TESTBED_DIR:-/run/qa-testbed}
pki="$dir/pki"
echo "waiting for $NEEDED_KEYS keys in the cait-ccs pool..."
for _ in $(seq 1 120); do
  stored=$(curl -sf --cacert "$pki/ca.pem" --cert "$pki/sae-cait.pem" --key "$pki/sae-cait.key" \
    https://198.18.255.1:8443/api/v1/keys/ccs/status | jq .stored_key_count)
  ((stored >= NEEDED_KEYS)) && break
  sleep 1
done
((stored >= NEEDED_KEYS)) || { echo "pool holds only $stored keys after 120 s" >&2; exit 1; }
# Let production go quiet before measuring: the pool is full, so the producer idles.
sleep 2
"$REPO/bench/QuantumAgents.Bench.Kme/bin/Release/net10.0/qa-bench-kme" "$dir/testbed.json" "$SECONDS_PER_LEVEL"
