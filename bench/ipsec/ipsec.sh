#!/usr/bin/env bash
# bench/ipsec: qa-ipsec-agent on the testbed next to the same tunnel set up by hand, in one run:
#   - setup: from `POST /api/v1/ipsec/tunnels?wait` to the first ping reply from cait's client
#     namespace to rectorado's through the tunnel (enc_keys at cait, dec_keys at rectorado with
#     the key relayed through ccs, both agents' VICI calls, the control plane's key_ID hand-over),
#     median of RUNS, next to `swanctl --load-all` on both charons with a ready random PSK in the
#     file, `swanctl --initiate` and the same ping: the ratio is ours / by hand;
#   - concurrency: PARALLEL tunnels cait ⇄ rectorado requested at once (own subnets each), how
#     many are established and how long until the last one is;
#   - throughput: iperf3 TCP through one agent tunnel, next to the same outer path without IPsec.
#
#   sudo scripts/testbed.sh up && sudo bench/ipsec/ipsec.sh [RUNS] [PARALLEL...]   defaults: 10, 8 32 (0: none)
set -euo pipefail

RUNS=${1:-10}
shift || true
PARALLEL=("${@:-8}")
[[ $# -gt 0 ]] || PARALLEL=(8 32)
IPERF_SECONDS=${IPERF_SECONDS:-5}
IPERF_PORT=18521
DIR=${QA_TESTBED_DIR:-/run/qa-testbed}
[[ $(id -u) -eq 0 ]] || { echo "bench/ipsec: needs root (network namespaces)" >&2; exit 1; }
for program in ip curl jq ping swanctl iperf3; do
  command -v "$program" >/dev/null || { echo "bench/ipsec: '$program' missing: run scripts/setup.sh" >&2; exit 1; }
done
[[ -s $DIR/testbed.json ]] || { echo "bench/ipsec: no testbed in $DIR: run scripts/testbed.sh up" >&2; exit 1; }

tb() { jq -r "$1" "$DIR/testbed.json"; }
CA=$(tb .ca); CP=$(tb .control_plane.url); TOKEN=$(tb .control_plane.tenant_token)
CAIT_NS=$(tb .nodes.cait.netns); RECT_NS=$(tb .nodes.rectorado.netns)
CAIT_CLIENT_NS=$(tb .nodes.cait.client_netns); RECT_CLIENT_NS=$(tb .nodes.rectorado.client_netns)
A_SUBNET=$(tb .nodes.cait.client_subnet); B_SUBNET=$(tb .nodes.rectorado.client_subnet)
A_ADDRESS=$(tb .nodes.cait.service_address); B_ADDRESS=$(tb .nodes.rectorado.service_address)
B_CLIENT=$(tb .nodes.rectorado.client_address)

work=$(mktemp -d)
tunnels=()
iperf_pids=()
cleanup() {
  local id pid
  for pid in "${iperf_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for id in "${tunnels[@]}"; do api DELETE "/api/v1/ipsec/tunnels/$id?wait=30" >/dev/null || true; done
  hand_unload 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

api() { curl -sS --cacert "$CA" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X "$1" "$CP$2" ${3:+-d "$3"}; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# first_reply — pings every 10 ms from cait's client namespace until rectorado's client answers.
first_reply() { ip netns exec "$CAIT_CLIENT_NS" ping -n -q -c 1 -w 10 -i 0.01 "$B_CLIENT" >/dev/null; }
swan() { local node=$1; shift; STRONGSWAN_CONF="$DIR/charon/$node/strongswan.conf" swanctl "$@" --uri "unix://$DIR/charon/$node/charon.vici"; }

# --- by hand: a swanctl.conf per side, the same proposals, identities and selectors as the agent's
hand_conf() { # NODE LOCAL REMOTE LOCAL_ID REMOTE_ID LOCAL_TS REMOTE_TS PSK
  mkdir -p "$work/hand/$1"/{x509,x509ca,private,rsa,ecdsa,pkcs8,pkcs12,pubkey,x509aa,x509ac,x509crl,x509ocsp,pkcs12,bliss}
  cat >"$work/hand/$1/swanctl.conf" <<CONF
connections {
  bench-hand {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    proposals = aes256gcm16-prfsha256-x25519
    dpd_delay = 5
    local { auth = psk
      id = $4 }
    remote { auth = psk
      id = $5 }
    children { net {
      local_ts = $6
      remote_ts = $7
      esp_proposals = aes256gcm16
      start_action = none } }
  }
}
secrets { ike-bench { id-1 = $4
  id-2 = $5
  secret = 0x$8 } }
CONF
}
hand_unload() {
  swan cait --terminate --ike bench-hand --timeout 5 >/dev/null 2>&1 || true
  local node
  for node in cait rectorado; do
    mkdir -p "$work/empty"
    printf 'connections {\n}\nsecrets {\n}\n' >"$work/empty/swanctl.conf"
    swan "$node" --load-all --clear --file "$work/empty/swanctl.conf" >/dev/null 2>&1 || true
  done
}
hand_once() {
  local psk t0 up t1
  psk=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  hand_conf cait "$A_ADDRESS" "$B_ADDRESS" cait-ipsec.bench rectorado-ipsec.bench "$A_SUBNET" "$B_SUBNET" "$psk"
  hand_conf rectorado "$B_ADDRESS" "$A_ADDRESS" rectorado-ipsec.bench cait-ipsec.bench "$B_SUBNET" "$A_SUBNET" "$psk"
  t0=$EPOCHREALTIME
  swan cait --load-all --file "$work/hand/cait/swanctl.conf" >/dev/null
  swan rectorado --load-all --file "$work/hand/rectorado/swanctl.conf" >/dev/null
  swan cait --initiate --child net --ike bench-hand --timeout 10 >/dev/null
  up=$EPOCHREALTIME
  first_reply
  t1=$EPOCHREALTIME
  hand_unload
  rm -rf "$work/hand"
  echo "$(ms "$t0" "$t1") $(ms "$t0" "$up")"
}

# --- ours: the tenant's REST call, then the same ping
tunnel_body() { printf '{"a":"cait","b":"rectorado","a_subnets":["%s"],"b_subnets":["%s"]}' "$1" "$2"; }
agent_once() {
  local t0 up t1 answer id
  t0=$EPOCHREALTIME
  answer=$(api POST "/api/v1/ipsec/tunnels?wait=30" "$(tunnel_body "$A_SUBNET" "$B_SUBNET")")
  up=$EPOCHREALTIME
  # Straight to the ping, as by hand: parsing the answer (two jq processes) is not timed.
  first_reply || true
  t1=$EPOCHREALTIME
  id=$(jq -r .id <<<"$answer")
  tunnels+=("$id")
  [[ $(jq -r .state <<<"$answer") == established ]] || { echo "bench/ipsec: tunnel not established: $answer" >&2; exit 1; }
  api DELETE "/api/v1/ipsec/tunnels/$id?wait=30" >/dev/null
  tunnels=("${tunnels[@]/$id/}")
  echo "$(ms "$t0" "$t1") $(ms "$t0" "$up")"
}

# Warm both paths (JIT, KME connections, charon) before measuring.
agent_once >/dev/null
hand_once >/dev/null
: >"$work/agent.ms"
: >"$work/hand.ms"
for _ in $(seq "$RUNS"); do
  agent_once >>"$work/agent.ms"
  hand_once >>"$work/hand.ms"
done
# Each line: to the first ping reply, to the tunnel reported up (POST answered / initiate returned).
agent_ms=$(cut -d' ' -f1 "$work/agent.ms" | median)
hand_ms=$(cut -d' ' -f1 "$work/hand.ms" | median)
agent_up_ms=$(cut -d' ' -f2 "$work/agent.ms" | median)
hand_up_ms=$(cut -d' ' -f2 "$work/hand.ms" | median)

# --- concurrency: P tunnels at once, tunnel i between one address of each side's client network,
# 198.19.1.(100+i)/32 ⇄ 198.19.3.(100+i)/32 (the tenant's own, as the control plane requires).
# charon installs a tunnel's route with a source address inside its local selector, so each node
# gets that address (on lo, removed again at the end).
inner_addresses() { # add|del COUNT
  local i
  for i in $(seq 0 $(($2 - 1))); do
    ip -n "$CAIT_NS" addr "$1" "198.19.1.$((100 + i))/32" dev lo 2>/dev/null || true
    ip -n "$RECT_NS" addr "$1" "198.19.3.$((100 + i))/32" dev lo 2>/dev/null || true
  done
}
parallel_once() {
  local count=$1 i t0 t1 established sas
  inner_addresses add "$count"
  t0=$EPOCHREALTIME
  for i in $(seq 0 $((count - 1))); do
    api POST "/api/v1/ipsec/tunnels?wait=60" "$(tunnel_body "198.19.1.$((100 + i))/32" "198.19.3.$((100 + i))/32")" >"$work/p$i.json" &
  done
  wait
  t1=$EPOCHREALTIME
  established=0
  for i in $(seq 0 $((count - 1))); do
    tunnels+=("$(jq -r .id "$work/p$i.json")")
    [[ $(jq -r .state "$work/p$i.json") == established ]] && established=$((established + 1))
  done
  sas=$(swan cait --list-sas 2>/dev/null | grep -c 'INSTALLED, TUNNEL' || true)
  printf '%s %s %s %s\n' "$count" "$established" "$sas" "$(ms "$t0" "$t1")"
  for i in "${tunnels[@]}"; do [[ -z $i ]] || api DELETE "/api/v1/ipsec/tunnels/$i?wait=60" >/dev/null & done
  wait
  tunnels=()
  inner_addresses del "$count"
}
: >"$work/parallel"
for count in "${PARALLEL[@]}"; do ((count < 1)) || parallel_once "$count" >>"$work/parallel"; done

# --- throughput: one agent tunnel, then the bare outer path (cait → ccs → rectorado)
iperf_mbits() { # SERVER_NS CLIENT_NS ADDRESS
  ip netns exec "$1" iperf3 -s -1 -B "$3" -p "$IPERF_PORT" >/dev/null 2>&1 &
  iperf_pids+=($!)
  sleep 0.3
  ip netns exec "$2" iperf3 -c "$3" -p "$IPERF_PORT" -t "$IPERF_SECONDS" -J | jq '.end.sum_received.bits_per_second / 1e6 | . * 10 | round / 10'
  wait "${iperf_pids[-1]}" 2>/dev/null || true
}
answer=$(api POST "/api/v1/ipsec/tunnels?wait=30" "$(tunnel_body "$A_SUBNET" "$B_SUBNET")")
id=$(jq -r .id <<<"$answer"); tunnels+=("$id")
first_reply
tunnel_mbits=$(iperf_mbits "$RECT_CLIENT_NS" "$CAIT_CLIENT_NS" "$B_CLIENT")
api DELETE "/api/v1/ipsec/tunnels/$id?wait=30" >/dev/null; tunnels=()
bare_mbits=$(iperf_mbits "$RECT_NS" "$CAIT_NS" "$B_ADDRESS")

echo "CPUs: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs"
printf '%-44s %10s %10s %8s\n' measure ours baseline ratio
printf '%-44s %10s %10s %8s\n' "POST ?wait -> first ping reply, median ms" "$agent_ms" "$hand_ms" \
  "$(awk -v a="$agent_ms" -v d="$hand_ms" 'BEGIN { printf "%.2f", a / d }')"
printf '%-44s %10s %10s %8s\n' "  of which until up (POST / initiate), ms" "$agent_up_ms" "$hand_up_ms" \
  "$(awk -v a="$agent_up_ms" -v d="$hand_up_ms" 'BEGIN { printf "%.2f", a / d }')"
printf '%-44s %10s %10s %8s\n' "iperf3 TCP Mbit/s (tunnel vs bare path)" "$tunnel_mbits" "$bare_mbits" \
  "$(awk -v a="$tunnel_mbits" -v d="$bare_mbits" 'BEGIN { printf "%.3f", a / d }')"
echo "agent runs (ms): $(cut -d' ' -f1 "$work/agent.ms" | tr '\n' ' ')"
echo "by hand (ms):    $(cut -d' ' -f1 "$work/hand.ms" | tr '\n' ' ')"
printf '%-10s %12s %16s %14s\n' parallel established "CHILD_SAs (cait)" "all done ms"
while read -r count established sas took; do
  printf '%-10s %12s %16s %14s\n' "$count" "$established" "$sas" "$took"
done <"$work/parallel"
