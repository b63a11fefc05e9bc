#!/usr/bin/env bash
# bench/tls-agent: the end-to-end cost of a qa-tls-agent session on the testbed, next to the same
# HTTP requests sent straight to the service, in one run, with the ratio:
#   - connect → first byte (curl's time_starttransfer), one new connection per request: through
#     the agents this includes enc_keys at cait's KME, the TLS 1.3 PSK handshake, dec_keys at
#     rectorado's KME (key relayed through ccs) and the agent's connect to the target;
#   - MB/s of one large download, and the CPU time the two agents spent on it per MB.
# The service is `python3 -m http.server` in rectorado's client namespace; "direct" is curl from
# rectorado's namespace to it, "agents" is curl from cait's namespace through the session.
#
# Requests start at most RATE per second on both paths (curl --rate), and the session asks for
# RATE connections_per_second (its key budget: each connection costs a key; more are reset).
#
#   sudo scripts/testbed.sh up && sudo bench/tls-agent.sh [REQUESTS] [MIB]    defaults: 200, 128
set -euo pipefail

REQUESTS=${1:-200}
MIB=${2:-128}
RATE=${RATE:-10}
DIR=${QA_TESTBED_DIR:-/run/qa-testbed}
LISTEN=18543
PORT=18500
[[ $(id -u) -eq 0 ]] || { echo "bench/tls-agent: needs root (network namespaces)" >&2; exit 1; }
for program in ip curl jq python3; do
  command -v "$program" >/dev/null || { echo "bench/tls-agent: '$program' missing: run scripts/setup.sh" >&2; exit 1; }
done
[[ -s $DIR/testbed.json ]] || { echo "bench/tls-agent: no testbed in $DIR: run scripts/testbed.sh up" >&2; exit 1; }

tb() { jq -r "$1" "$DIR/testbed.json"; }
CA=$(tb .ca); CP=$(tb .control_plane.url); TOKEN=$(tb .control_plane.tenant_token)
CAIT=$(tb .nodes.cait.netns); RECTORADO=$(tb .nodes.rectorado.netns)
SERVICE_NS=$(tb .nodes.rectorado.client_netns); SERVICE=$(tb .nodes.rectorado.client_address)

work=$(mktemp -d)
server_pid=""
session=""
cleanup() {
  [[ -z $session ]] || curl -s -o /dev/null --cacert "$CA" -H "Authorization: Bearer $TOKEN" -X DELETE "$CP/api/v1/tls/sessions/$session?wait=30" || true
  [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/site"
echo "small page" >"$work/site/small"
head -c "$((MIB * 1024 * 1024))" /dev/urandom >"$work/site/large"
ip netns exec "$SERVICE_NS" python3 -m http.server "$PORT" --bind "$SERVICE" --directory "$work/site" >"$work/http.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  ip netns exec "$RECTORADO" curl -sf -o /dev/null --max-time 1 "http://$SERVICE:$PORT/small" && break
  sleep 0.1
done

answer=$(curl -sS --cacert "$CA" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"client_node\":\"cait\",\"server_node\":\"rectorado\",\"listen\":$LISTEN,\"target\":\"$SERVICE:$PORT\",\"connections_per_second\":$RATE}" \
  "$CP/api/v1/tls/sessions?wait=30")
session=$(jq -r .id <<<"$answer")
[[ $(jq -r .state <<<"$answer") == established ]] || { echo "bench/tls-agent: session not established: $answer" >&2; exit 1; }

# first_bytes NETNS URL — median time_starttransfer (ms) of $REQUESTS sequential requests, each
# on its own connection (http.server speaks HTTP/1.0), from one curl process, $RATE a second.
first_bytes() {
  local config=$work/curl.conf
  : >"$config"
  for _ in $(seq "$REQUESTS"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$2" >>"$config"; done
  ip netns exec "$1" curl -s --fail --rate "$RATE/s" -w '%{time_starttransfer}\n' --config "$config" |
    sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] * 1000 }'
}

# throughput NETNS URL — MB/s (10^6 bytes) of one download of the large file.
throughput() {
  ip netns exec "$1" curl -s --fail -o /dev/null -w '%{size_download} %{time_total}\n' "$2" |
    awk '{ printf "%.1f", $1 / $2 / 1e6 }'
}

# agent_cpu_ticks — user + system CPU ticks so far of cait's and rectorado's qa-tls-agent.
agent_cpu_ticks() {
  local node total=0
  for node in cait rectorado; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$(cat "$DIR/pids/tls-agent-$node.pid")/stat")))
  done
  echo "$total"
}

# Warm both paths (JIT, connection pools to the KMEs) before measuring.
REQUESTS=20 first_bytes "$CAIT" "http://127.0.0.1:$LISTEN/small" >/dev/null
REQUESTS=20 first_bytes "$RECTORADO" "http://$SERVICE:$PORT/small" >/dev/null

agents_ms=$(first_bytes "$CAIT" "http://127.0.0.1:$LISTEN/small")
direct_ms=$(first_bytes "$RECTORADO" "http://$SERVICE:$PORT/small")
cpu_before=$(agent_cpu_ticks)
agents_mbs=$(throughput "$CAIT" "http://127.0.0.1:$LISTEN/large")
cpu_ticks=$(($(agent_cpu_ticks) - cpu_before))
direct_mbs=$(throughput "$RECTORADO" "http://$SERVICE:$PORT/large")

echo "CPUs: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); $REQUESTS requests ($RATE/s), $MIB MiB"
printf '%-34s %12s %12s %8s\n' measure agents direct ratio
printf '%-34s %12s %12s %8s\n' "connect -> first byte, median ms" "$agents_ms" "$direct_ms" \
  "$(awk -v a="$agents_ms" -v d="$direct_ms" 'BEGIN { printf "%.2f", a / d }')"
printf '%-34s %12s %12s %8s\n' "download MB/s" "$agents_mbs" "$direct_mbs" \
  "$(awk -v a="$agents_mbs" -v d="$direct_mbs" 'BEGIN { printf "%.2f", a / d }')"
# What relaying costs the two agents (TLS both ends and the pumps), whatever the machine's other load.
printf '%-34s %12s %12s %8s\n' "agents' CPU per MB downloaded, ms" \
  "$(awk -v t="$cpu_ticks" -v hz="$(getconf CLK_TCK)" -v mib="$MIB" 'BEGIN { printf "%.2f", t / hz * 1000 / (mib * 1.048576) }')" - -
