#!/usr/bin/env bash
# Quantum Agents, a tour: two KMEs of the MadQCI testbed hand the same quantum key to two SAEs
# (ETSI GS QKD 014), hand it out only once, forward keys through ccs to nodes without a link
# of their own, and serve an ETSI GS QKD 004 key stream across that virtual link (with curl,
# as any SAE would); then `qactl`, the CLI over the control plane, makes the same key round
# trip in one line, shows the nodes, serves quantum-as-a-service entropy, and brings up an
# IPsec tunnel and a TLS session keyed by QKD through the node agents. A summary ends it:
# services up, QKD key used per link (from the KMEs), entropy served (from the control plane).
#
#   scripts/demo.sh [--keep]     --keep leaves the testbed running afterwards
#
# Every step prints the command it runs ($ curl ... or $ qactl ...) and then the answer.
# qactl acts as the testbed's demo tenant through $QA_TESTBED_DIR/qactl.json (testbed.sh up
# writes it). QA_SKIP_SETUP=1 skips scripts/setup.sh; QACTL_BINARY overrides the qactl to run.
# Key material is never printed: only key IDs and SHA-256 hashes of the keys.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
QACTL=${QACTL_BINARY:-$SCRIPT_DIR/../agents/QuantumAgents.Cli/bin/Release/net10.0/qactl}
QA_TESTBED_DIR=${QA_TESTBED_DIR:-/run/qa-testbed}
TESTBED_JSON=$QA_TESTBED_DIR/testbed.json
KEEP=0

# --- Output helpers ------------------------------------------------------------

if [[ -t 1 ]]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
heading() { printf '\n%s== %s ==%s\n' "$BOLD" "$*" "$PLAIN"; }
say() { printf '%s\n' "$*"; }
fail() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# quote ARG — as a person would type it: bare when safe, else in single quotes.
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# kme_url NODE — from testbed.json.
kme_url() { jq -r --arg n "$1" '.nodes[$n].kme_url' "$TESTBED_JSON"; }

# sae_tls NODE — curl's mTLS options for the node's own SAE (named after the node),
# in the array SAE_TLS.
sae_tls() {
  SAE_TLS=(
    --cert "$(jq -r --arg n "$1" '.nodes[$n].saes[$n].cert' "$TESTBED_JSON")"
    --key "$(jq -r --arg n "$1" '.nodes[$n].saes[$n].key' "$TESTBED_JSON")"
    --cacert "$(jq -r '.ca' "$TESTBED_JSON")"
  )
}

# api SAE METHOD URL [JSON] — prints the exact curl command, runs it as that node's SAE,
# and leaves the response body in BODY and the HTTP status in STATUS.
api() {
  local sae=$1 method=$2 url=$3 json=${4:-} out arg
  sae_tls "$sae"
  local cmd=(curl -sS "${SAE_TLS[@]}")
  [[ $method == GET ]] || cmd+=(-X "$method" -H 'Content-Type: application/json' -d "$json")
  cmd+=(-w '\n%{http_code}' "$url")
  # One line per group of options, as in a README.
  printf '$'
  for arg in "${cmd[@]}"; do
    case $arg in --cert | -X | -w) printf ' \\\n   ' ;; esac
    printf ' %s' "$(quote "$arg")"
  done
  printf '\n'
  out=$("${cmd[@]}") || fail "curl failed (is the KME up? see $QA_TESTBED_DIR/logs/)"
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
}

# in_netns NETNS COMMAND... — prints and runs a command inside a namespace.
in_netns() {
  printf '$ ip netns exec %s' "$1"
  printf ' %s' "${@:2}"
  printf '\n'
  ip netns exec "$@"
}

# show_body — the JSON answer, with every "key" replaced by a note (never the key itself).
show_body() {
  say "HTTP $STATUS"
  jq 'if type == "object" and has("keys") and (.keys | type) == "array"
      then .keys |= map(if has("key") then .key = "<\(.key | length) base64 characters, not shown>" else . end)
      else . end' <<<"$BODY" 2>/dev/null || say "$BODY"
}

# key_hash — SHA-256 of the first key in BODY (decoded from base64).
key_hash() {
  jq -r '.keys[0].key' <<<"$BODY" | base64 -d | sha256sum | cut -d' ' -f1
}

expect_status() {
  [[ $STATUS == "$1" ]] || fail "expected HTTP $1, got $STATUS"
}

# --- Steps -----------------------------------------------------------------------

prepare() {
  [[ $(id -u) -eq 0 ]] || fail "must run as root (the testbed uses network namespaces)"
  if [[ ${QA_SKIP_SETUP:-0} != 1 ]]; then
    local log
    log=$(mktemp)
    "$SCRIPT_DIR/setup.sh" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; fail "setup.sh failed"; }
    rm -f "$log"
  fi
  ((KEEP)) || trap 'heading "Tearing down"; "$SCRIPT_DIR/testbed.sh" down' EXIT
  heading "Starting the testbed (cait — ccs — rectorado)"
  "$SCRIPT_DIR/testbed.sh" up
  if [[ ! -x $QACTL ]]; then
    [[ ${QA_SKIP_BUILD:-0} != 1 ]] || fail "$QACTL missing: dotnet build agents/QuantumAgents.Cli -c Release"
    dotnet build "$SCRIPT_DIR/../agents/QuantumAgents.Cli/QuantumAgents.Cli.csproj" -c Release -nologo -v q >/dev/null ||
      fail "building qactl failed: dotnet build agents/QuantumAgents.Cli -c Release"
  fi
}

# Step a, then wait until the simulated QKD link cait–ccs has delivered key.
show_status() {
  local url count deadline=$((SECONDS + 30))
  url=$(kme_url cait)/api/v1/keys/ccs/status
  heading "a. cait's SAE asks its KME for the status of the link to SAE ccs"
  api cait GET "$url"
  show_body
  expect_status 200
  count=$(jq -r '.stored_key_count // 0' <<<"$BODY")
  if ((count == 0)); then
    say "(waiting for the simulated QKD link to deliver key...)"
    sae_tls cait
    until ((count > 0)); do
      ((SECONDS < deadline)) || fail "no key stored after 30 s (see $QA_TESTBED_DIR/logs/)"
      sleep 1
      count=$(curl -sf "${SAE_TLS[@]}" "$url" | jq -r '.stored_key_count // 0') || count=0
    done
    say "stored_key_count: $count"
  fi
}

get_enc_key() {
  heading "b. cait's SAE (master) asks for a 256-bit key shared with SAE ccs"
  api cait POST "$(kme_url cait)/api/v1/keys/ccs/enc_keys" \
    '{"number":1,"size":256}'
  show_body
  expect_status 200
  KEY_ID=$(jq -r '.keys[0].key_ID' <<<"$BODY")
  ENC_HASH=$(key_hash)
  say "key_ID:       $KEY_ID"
  say "SHA-256(key): $ENC_HASH"
}

get_dec_key() {
  heading "c. ccs's SAE (slave) asks its own KME for the key with that key_ID"
  api ccs POST "$(kme_url ccs)/api/v1/keys/cait/dec_keys" \
    "{\"key_IDs\":[{\"key_ID\":\"$KEY_ID\"}]}"
  show_body
  expect_status 200
  DEC_HASH=$(key_hash)
  say "key_ID:       $(jq -r '.keys[0].key_ID' <<<"$BODY")"
  say "SHA-256(key): $DEC_HASH"
}

compare_keys() {
  heading "d. Do both SAEs hold the same key?"
  if [[ $ENC_HASH == "$DEC_HASH" ]]; then
    say "keys match"
  else
    say "KEYS DIFFER"
    exit 1
  fi
}

dec_key_again() {
  heading "e. Asking for the same key_ID again: a key is handed out once, then erased"
  api ccs POST "$(kme_url ccs)/api/v1/keys/cait/dec_keys" \
    "{\"key_IDs\":[{\"key_ID\":\"$KEY_ID\"}]}"
  show_body
  expect_status 400
  say "refused, as it should be"
}

# Steps f–g: cait and rectorado share no QKD link; their KMEs forward the key through ccs,
# one-time-pad encrypted and authenticated with each hop's QKD key.
forwarded_key() {
  heading "f. cait's SAE asks for a key shared with SAE rectorado (no direct link: through ccs)"
  api cait POST "$(kme_url cait)/api/v1/keys/rectorado/enc_keys" '{"number":1,"size":256}'
  show_body
  expect_status 200
  KEY_ID=$(jq -r '.keys[0].key_ID' <<<"$BODY")
  ENC_HASH=$(key_hash)
  say "key_ID:       $KEY_ID"
  say "SHA-256(key): $ENC_HASH"

  heading "g. rectorado's SAE fetches it from its own KME"
  api rectorado POST "$(kme_url rectorado)/api/v1/keys/cait/dec_keys" \
    "{\"key_IDs\":[{\"key_ID\":\"$KEY_ID\"}]}"
  show_body
  expect_status 200
  DEC_HASH=$(key_hash)
  say "SHA-256(key): $DEC_HASH"
  [[ $ENC_HASH == "$DEC_HASH" ]] || { say "KEYS DIFFER"; exit 1; }
  say "keys match: cait and rectorado share a key they never sent over a link of their own"
}

# Step h: an ETSI 004 key stream cait ⇄ rectorado; both applications pull three chunks.
key_stream() {
  local id index a b
  heading "h. ETSI GS QKD 004: cait's application opens a key stream to rectorado's"
  api cait POST "$(kme_url cait)/api/open_connect" \
    '{"source":"qkd://cait","destination":"qkd://rectorado","qos":{"key_chunk_size":32,"max_bps":5120,"timeout":5000,"ttl":60}}'
  say "HTTP $STATUS"
  jq . <<<"$BODY"
  expect_status 200
  id=$(jq -r .key_stream_id <<<"$BODY")
  sleep 1
  heading "i. rectorado's application joins the stream with its key_stream_id"
  api rectorado POST "$(kme_url rectorado)/api/open_connect" \
    "{\"source\":\"qkd://cait\",\"destination\":\"qkd://rectorado\",\"key_stream_id\":\"$id\"}"
  say "HTTP $STATUS"
  jq -c '{status, key_stream_id}' <<<"$BODY"
  heading "j. Both pull chunks 0, 1, 2 (shown as SHA-256, never the key)"
  for index in 0 1 2; do
    api cait GET "$(kme_url cait)/api/get_key?key_stream_id=$id&index=$index" >/dev/null
    a=$(jq -r .key_buffer <<<"$BODY" | base64 -d | sha256sum | cut -c1-16)
    api rectorado GET "$(kme_url rectorado)/api/get_key?key_stream_id=$id&index=$index" >/dev/null
    b=$(jq -r .key_buffer <<<"$BODY" | base64 -d | sha256sum | cut -c1-16)
    say "chunk $index: cait $a…  rectorado $b…  $([[ $a == "$b" ]] && echo equal || echo DIFFERENT)"
    [[ $a == "$b" ]] || exit 1
  done
  api cait POST "$(kme_url cait)/api/close" "{\"key_stream_id\":\"$id\"}" >/dev/null
  api rectorado POST "$(kme_url rectorado)/api/close" "{\"key_stream_id\":\"$id\"}" >/dev/null
  say "stream closed on both sides"
}

# --- qactl: the control plane (and a KME round trip) one line each ------------------

# qactl ARGS... — prints the command as a user types it, runs it against the testbed's
# qactl.json, prints its answer; stdout is left in OUT. Fails the demo unless it exits 0.
qactl() {
  printf '$ qactl'
  printf ' %s' "$@"
  printf '\n'
  local status=0
  OUT=$(QACTL_CONFIG=$QA_TESTBED_DIR/qactl.json "$QACTL" "$@") || status=$?
  [[ -z $OUT ]] || printf '%s\n' "$OUT"
  ((status == 0)) || fail "qactl $* exited $status (see qactl --help for the exit codes)"
}

# qactl_refused ARGS — runs qactl like qactl(), expecting the control plane's refusal (exit 3);
# shows it and keeps it in REFUSAL.
qactl_refused() {
  printf '$ qactl'
  printf ' %s' "$@"
  printf '\n'
  local status=0
  REFUSAL=$(QACTL_CONFIG=$QA_TESTBED_DIR/qactl.json "$QACTL" "$@" 2>&1 >/dev/null) || status=$?
  printf '%s\n' "$REFUSAL"
  ((status == 3)) || fail "qactl $* exited $status; expected the control plane's refusal (3)"
}

# as_admin ARGS — qactl with the admin's token (QACTL_TOKEN overrides the tenant's in qactl.json).
as_admin() {
  printf '$ QACTL_TOKEN=$(jq -r .control_plane.admin_token testbed.json) qactl'
  printf ' %s' "$@"
  printf '\n'
  OUT=$(QACTL_CONFIG=$QA_TESTBED_DIR/qactl.json QACTL_TOKEN=$(jq -r .control_plane.admin_token "$TESTBED_JSON") "$QACTL" "$@") ||
    fail "qactl $* (as the admin) failed"
  printf '%s\n' "$OUT"
}

# resource_id — the id in the first line of qactl's text answer ("tunnel ID ...", "session ID ...").
resource_id() { sed -n '1s/^[a-z]* \([^ ]*\) .*/\1/p' <<<"$OUT"; }

# Step k: the ETSI 014 round trip of steps f–g in one line.
key_round_trip() {
  heading "k. The same round trip with qactl: enc_keys at cait's KME, dec_keys by key_ID at rectorado's"
  say "export QACTL_CONFIG=$QA_TESTBED_DIR/qactl.json   # written by testbed.sh up: URLs, CA, token, SAE certificates"
  qactl key cait rectorado
}

# Steps l–m: the control plane, as a tenant of the cloud sees it.
control_plane_tour() {
  heading "l. The control plane: the nodes, their QKD links, their agents, and where entropy comes from"
  qactl nodes
  heading "m. Quantum entropy as a service: 32 random bytes, base64 (the paper's Listing 6), then hex"
  qactl entropy 32
  [[ $(base64 -d <<<"$OUT" | wc -c) == 32 ]] || fail "expected 32 bytes"
  qactl entropy 16 --hex
  say "(the simulated source says it is not quantum; a QRNG plugs in behind the same endpoint)"
}

# Steps n–q: an IPsec tunnel keyed by QKD between the client networks of cait and rectorado.
ipsec_tunnel() {
  local id target
  target=$(jq -r '.nodes.rectorado.client_address' "$TESTBED_JSON")
  heading "n. Before: cait's client cannot reach rectorado's client ($target)"
  if in_netns qa-cait-client ping -c 1 -W 1 "$target" >/dev/null; then fail "reached $target without a tunnel"; fi
  say "no route: as it should be"
  heading "o. The tenant asks for an IPsec tunnel cait ⇄ rectorado, keys forwarded through ccs (the paper's Listing 8)"
  qactl tunnel create cait rectorado --wait 60
  id=$(resource_id)
  in_netns qa-cait-client ping -c 3 -i 0.2 "$target" || fail "no reply through the tunnel"
  heading "p. The tunnel's state and each side's SA, as its agent read it from charon (the paper's Listing 9)"
  qactl tunnel show "$id"
  heading "q. Deleting the tunnel: both agents remove it from charon"
  qactl tunnel rm "$id" --wait 30
  if in_netns qa-cait-client ping -c 1 -W 1 "$target" >/dev/null; then fail "still reached $target"; fi
  say "ping fails again"
}

# Steps r–t: a TLS session: a port on cait carried over TLS-PSK (a fresh QKD key per
# connection) to a web server in rectorado's client network.
tls_session() {
  local id target site server
  target=$(jq -r '.nodes.rectorado.client_address' "$TESTBED_JSON"):8000
  site=$(mktemp -d)
  echo "hello from rectorado's client network" >"$site/index.html"
  ip netns exec qa-rectorado-client python3 -m http.server 8000 --bind "${target%:*}" --directory "$site" >/dev/null 2>&1 &
  server=$!
  heading "r. The tenant asks for a TLS session: cait:8080 → rectorado → $target (the paper's Listing 7)"
  qactl tls create cait rectorado --listen 8080 --target "$target" --wait 30
  id=$(resource_id)
  sleep 1 # the web server's start
  in_netns qa-cait curl -sS --max-time 10 http://127.0.0.1:8080/ || { kill "$server"; fail "no answer through the session"; }
  sleep 2 # the agent reports its counters within a second or so
  heading "s. The session: cait's agent counts one connection, one QKD key"
  qactl tls show "$id"
  heading "t. Deleting the session closes the port"
  qactl tls rm "$id" --wait 30
  kill "$server" 2>/dev/null || true
  rm -rf "$site"
  if ip netns exec qa-cait curl -s --max-time 2 -o /dev/null http://127.0.0.1:8080/; then fail "port 8080 still open on cait"; fi
  say "curl http://127.0.0.1:8080/ in qa-cait: connection refused"
}

# Steps u–w: the key budget. Key is the scarce resource of a QKD network: every service is
# admitted against the links' rate and its tenant's quota before anything is set up.
over_budget() {
  local tenant
  tenant=$(jq -r .control_plane.tenant "$TESTBED_JSON")
  heading "u. The key budget: the admin caps the tenant at 40 bits/s of QKD key"
  as_admin tenant quota "$tenant" --bits-per-second 40
  heading "v. A tunnel re-keying every 10 s with a PPK would draw 2 × 256 bits / 10 s = 51.2 bits/s: refused, nothing set up"
  qactl_refused tunnel create cait rectorado --ppk --rekey-seconds 10
  [[ $REFUSAL == *"429 quota: tenant '$tenant' may commit 40 bits/s of QKD key"* ]] || fail "expected the quota's refusal"
  qactl tunnel ls
  heading "w. The admin lifts the cap; what the tenant used of the key is metered (qactl usage)"
  as_admin tenant quota "$tenant"
  qactl usage
}

# --- Summary ---------------------------------------------------------------------

# link_row NODE PEER — one row of QKD key accounting for the link NODE–PEER, from NODE's KME
# (ETSI 014 status of the peer's SAE: stored_key_count and status_extension). Used key is what
# the link produced minus what is still in the pool minus what was discarded; the pool is
# counted in whole keys, so it is exact to within one key (256 bits).
link_row() {
  local node=$1 peer=$2 status size stored produced discarded forwarded
  sae_tls "$node"
  status=$(curl -sf "${SAE_TLS[@]}" "$(kme_url "$node")/api/v1/keys/$peer/status") || fail "no status from $node's KME"
  size=$(jq -r .key_size <<<"$status")
  stored=$(jq -r .stored_key_count <<<"$status")
  produced=$(jq -r .status_extension.produced_bits <<<"$status")
  discarded=$(jq -r .status_extension.discarded_bits <<<"$status")
  forwarded=$(jq -r .status_extension.forwarded_bits <<<"$status")
  printf '%-16s %14s %14s %12s %16s\n' "$(jq -r .status_extension.link <<<"$status")" "$produced" "$((stored * size))" \
    "$((produced - discarded - stored * size))" "$forwarded"
}

summary() {
  local node kind state nodes
  heading "Summary (paths relative to $QA_TESTBED_DIR)"
  say "Services: the KMEs' /healthz, the agents as the control plane last heard from them:"
  say "\$ curl -sf --cacert pki/ca.pem https://198.18.255.N:8443/healthz; qactl nodes --json"
  nodes=$(QACTL_CONFIG=$QA_TESTBED_DIR/qactl.json "$QACTL" nodes --json) || fail "qactl nodes failed"
  printf '  %-22s' SERVICE; for node in cait ccs rectorado; do printf ' %-10s' "$node"; done; printf '\n'
  printf '  %-22s' "qa-kmed"
  for node in cait ccs rectorado; do
    if curl -sf -o /dev/null --cacert "$(jq -r .ca "$TESTBED_JSON")" "$(kme_url "$node")/healthz"; then state=up; else state=DOWN; fi
    printf ' %-10s' "$state"
  done
  printf '\n'
  for kind in ipsec tls; do
    printf '  %-22s' "qa-$kind-agent"
    for node in cait ccs rectorado; do
      state=$(jq -r --arg n "$node" --arg k "$kind" \
        '[.nodes[] | select(.name == $n) | .agents[] | select(.kind == $k) | .healthy][0] // "absent"
         | if . == true then "up" elif . == false then "SILENT" else . end' <<<"$nodes")
      printf ' %-10s' "$state"
    done
    printf '\n'
  done
  say "  qa-controld            up at $(jq -r .control_plane.url "$TESTBED_JSON")"
  say ""
  say "QKD key per link, in bits, from the ETSI 014 status at the link's first node:"
  say "\$ curl -sS --cert pki/sae-cait.pem --key pki/sae-cait.key --cacert pki/ca.pem $(kme_url cait)/api/v1/keys/ccs/status"
  say "\$ curl -sS --cert pki/sae-ccs.pem --key pki/sae-ccs.key --cacert pki/ca.pem $(kme_url ccs)/api/v1/keys/rectorado/status"
  say "  (produced_bits, discarded_bits, forwarded_bits from status_extension; in pool = stored_key_count × key_size)"
  printf '  %-16s %14s %14s %12s %16s\n' LINK PRODUCED "IN POOL" USED "FOR FORWARDING"
  link_row cait ccs | sed 's/^/  /'
  link_row ccs rectorado | sed 's/^/  /'
  say ""
  say "Entropy and services served to the tenant (the control plane's metering):"
  qactl usage
}

main() {
  case ${1:-} in
    --keep) KEEP=1 ;;
    "") ;;
    *) fail "usage: $0 [--keep]" ;;
  esac
  prepare
  show_status
  get_enc_key
  get_dec_key
  compare_keys
  dec_key_again
  forwarded_key
  key_stream
  key_round_trip
  control_plane_tour
  ipsec_tunnel
  tls_session
  over_budget
  summary
  if ((KEEP)); then
    heading "Done; the testbed keeps running (scripts/testbed.sh status | down)"
  else
    heading "Done"
  fi
}

main "$@"
