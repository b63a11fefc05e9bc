#!/usr/bin/env bash
# bench/kme: enc_keys throughput and latency of qa-kmed on the three-node testbed, next to a
# baseline (an empty HTTPS request to the same KME) measured in the same run; then the virtual
# pair cait→rectorado (forwarded through ccs) next to the direct pair.
#
#   bench/kme.sh [SECONDS_PER_LEVEL]
#
#   QA_TESTBED_DURABILITY=process_crash   measure the KMEs without an fsync per commit
#   QA_BENCH_LEVELS=1,16,256              the concurrency levels (default 1,16,256)
#
# Brings the testbed up with a fast simulated link and a large pool, waits until the pool holds
# enough key for the whole run (so the bench measures serving, not production), runs the load
# from the root namespace over the management bridge, and takes the testbed down again.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_PER_LEVEL=${1:-5}
# Enough key for every level at 20,000 keys/s: 3 levels x (warm-up + run) x 256 bits. The pool
# holds exactly that, so once it is full the producers go quiet and leave the CPU to the bench.
NEEDED_KEYS=$((3 * (SECONDS_PER_LEVEL + 1) * 20000))
# The virtual pair's keys cost 64 bytes (pad + MAC key) on each hop: room for those too. The two
# KMEs of a link share the pool out between them as it fills, so cait owns half of it.
POOL_KEYS=$((NEEDED_KEYS * 4))
export QA_TESTBED_RATE_BPS=${QA_TESTBED_RATE_BPS:-200000000}
export QA_TESTBED_POOL_BITS=${QA_TESTBED_POOL_BITS:-$((POOL_KEYS * 256))}
export QA_TESTBED_BLOCK_BYTES=${QA_TESTBED_BLOCK_BYTES:-65536}

dotnet build "$REPO/QuantumAgents.sln" -c Release -nologo -v q >/dev/null
QA_SKIP_BUILD=1 "$REPO/scripts/testbed.sh" up >/dev/null
trap '"$REPO/scripts/testbed.sh" down >/dev/null' EXIT

dir=${QA_TESTBED_DIR:-/run/qa-testbed}
pki="$dir/pki"
# "held max stored": the link's key held at this KME (its own and the peer's) and the pool size,
# in keys of 256 bits, and the keys this KME owns (what it can issue). A KME from before block
# ownership (QA_KME_BINARY, for a before/after run) reports no owned_by_peer_bits.
status() {
  curl -sf --cacert "$pki/ca.pem" --cert "$pki/sae-$1.pem" --key "$pki/sae-$1.key" \
    "https://198.18.255.$2:8443/api/v1/keys/$3/status" |
    jq -r '"\(.stored_key_count + (.status_extension.owned_by_peer_bits // 0) / 256 | floor) \(.max_key_count) \(.stored_key_count)"'
}
echo "waiting for both links' pools to fill ($POOL_KEYS keys of 256 bits)..."
for _ in $(seq 1 240); do
  read -r held max stored < <(status cait 1 ccs)
  read -r held2 max2 _ < <(status ccs 2 rectorado)
  # Within one block of full: the producers have nothing left to do.
  ((held * 256 + QA_TESTBED_BLOCK_BYTES * 8 >= max * 256 && held2 * 256 + QA_TESTBED_BLOCK_BYTES * 8 >= max2 * 256)) && break
  sleep 1
done
((stored >= NEEDED_KEYS - QA_TESTBED_BLOCK_BYTES / 32)) || { echo "cait owns only $stored keys of cait-ccs after 240 s" >&2; exit 1; }
sleep 1
echo "KME durability: ${QA_TESTBED_DURABILITY:-power_loss}"
"$REPO/bench/QuantumAgents.Bench.Kme/bin/Release/net10.0/qa-bench-kme" "$dir/testbed.json" "$SECONDS_PER_LEVEL"
