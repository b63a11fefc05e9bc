# shellcheck shell=bash
# The control plane (qa-controld): one per deployment, in the root namespace on the
# management bridge, so every node (and the host) reaches it. Its tokens are made once and
# kept under $QA_TESTBED_DIR/controld/ (plain text: a throw-away test deployment); the
# daemon's config holds only their SHA-256.

QA_CONTROLD_PORT=8480
QA_CONTROLD_BINARY=${QA_CONTROLD_BINARY:-$REPO/agents/QuantumAgents.ControlPlane/bin/Release/net10.0/qa-controld}
QA_CONTROLD_DIR=$QA_TESTBED_DIR/controld
QA_DEMO_TENANT=demo

controld_url() { echo "https://$QA_MGMT_ROOT_ADDRESS:$QA_CONTROLD_PORT"; }
controld_config_path() { echo "$QA_CONFIG_DIR_ROOT/controld/controld.json"; }
controld_pid_file() { echo "$QA_PID_DIR/controld.pid"; }
controld_pid() { pid_of "$(controld_pid_file)"; }

# token_file NAME — prints the path of a token, making the token first if there is none.
token_file() {
  local file=$QA_CONTROLD_DIR/$1.token
  if [[ ! -s $file ]]; then
    mkdir -p "$QA_CONTROLD_DIR"
    (umask 077 && openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' >"$file")
  fi
  echo "$file"
}

token_hash() { sha256sum <"$(token_file "$1")" | cut -d' ' -f1; }

# node_service_address NODE — where the other nodes reach this node's services: its first data-link address.
node_service_address() { data_addresses "$1" | head -n 1; }

# The tenants the testbed knows: the demo's owns each node's whole client network; the
# end-to-end test's three own a quarter of it each (64 addresses from .64), so they can share
# the nodes without sharing traffic. Every one may reach any port of the client networks over TLS.
QA_E2E_TENANTS=(e2e-1 e2e-2 e2e-3)

# client_boundaries_json NODE — the node's client_subnets and tls_targets for controld.json.
client_boundaries_json() {
  local network="198.19.$(node_index "$1")"
  jq -n --arg net "$network" --arg demo "$QA_DEMO_TENANT" --args '
    {
      client_subnets: ([{subnet: "\($net).0/24", tenants: [$demo]}]
        + [range(0; $ARGS.positional | length) as $i | {subnet: "\($net).\(64 * ($i + 1))/26", tenants: [$ARGS.positional[$i]]}]),
      tls_targets: [{subnet: "\($net).0/24", ports: "1-65535", tenants: ([$demo] + $ARGS.positional)}]
    }' "${QA_E2E_TENANTS[@]}"
}

write_controld_config() {
  local node nodes='{}' peers
  mkdir -p "$QA_CONFIG_DIR_ROOT/controld" "$QA_STATE_DIR_ROOT/controld"
  chmod 0700 "$QA_STATE_DIR_ROOT/controld"
  for node in "${QA_NODES[@]}"; do
    peers=$(while read -r peer _; do echo "$peer"; done < <(data_links_of "$node") | jq -R . | jq -cs .)
    nodes=$(jq -c --arg node "$node" --arg address "$(node_service_address "$node")" \
      --argjson links "$peers" --arg hash "$(token_hash "node-$node")" --argjson boundaries "$(client_boundaries_json "$node")" \
      '.[$node] = {address: $address, links: $links, token_sha256: $hash} + $boundaries' <<<"$nodes")
  done
  jq -n \
    --arg listen "$(controld_url)" --arg cert "$QA_PKI_DIR/controld.pem" --arg key "$QA_PKI_DIR/controld.key" \
    --arg state "$QA_STATE_DIR_ROOT/controld" --arg durability "$QA_TESTBED_DURABILITY" \
    --arg admin "$(token_hash admin)" --argjson nodes "$nodes" --argjson infrastructure "$(infrastructure_ranges_json)" \
    '{
       listen: [$listen],
       tls: { certificate: $cert, key: $key },
       state_directory: $state,
       durability: $durability,
       admin_token_sha256: $admin,
       infrastructure_ranges: $infrastructure,
       nodes: $nodes
     }' | write_json "$(controld_config_path)"
}

# controld_json — the "control_plane" entry of testbed.json.
controld_json() {
  local tenant_token=""
  [[ -s $QA_CONTROLD_DIR/tenant-$QA_DEMO_TENANT.token ]] && tenant_token=$(cat "$QA_CONTROLD_DIR/tenant-$QA_DEMO_TENANT.token")
  jq -n --arg url "$(controld_url)" --arg admin "$(cat "$(token_file admin)")" --arg tenant "$QA_DEMO_TENANT" \
    --arg tenant_token "$tenant_token" --arg config "$(controld_config_path)" --arg log "$QA_LOG_DIR/controld.log" \
    '{url: $url, admin_token: $admin, tenant: $tenant, tenant_token: $tenant_token, config: $config, log: $log}'
}

# controld_curl METHOD PATH [BODY] — the admin's call to the control plane; prints the body.
controld_curl() {
  curl -sS --fail-with-body --max-time 10 --cacert "$QA_PKI_DIR/ca.pem" -X "$1" \
    -H "Authorization: Bearer $(cat "$(token_file admin)")" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$(controld_url)$2"
}

controld_healthy() { curl -sf -o /dev/null --max-time 2 --cacert "$QA_PKI_DIR/ca.pem" "$(controld_url)/healthz"; }

controld_start() {
  local pid config
  config=$(controld_config_path)
  if pid=$(controld_pid); then
    if [[ -s $QA_PID_DIR/controld.config.sha256 && $(cat "$QA_PID_DIR/controld.config.sha256") == "$(config_hash "$config")" ]]; then
      log "controld already running (pid $pid)"
      return 0
    fi
    log "controld (pid $pid) runs an older $config; restarting it"
    controld_stop
  fi
  [[ -x $QA_CONTROLD_BINARY ]] ||
    die "control plane binary $QA_CONTROLD_BINARY missing — build the solution (or unset QA_SKIP_BUILD)"
  DOTNET_ROOT=${DOTNET_ROOT:-$(dotnet_root)} start_in_netns controld "" "$QA_CONTROLD_BINARY" --config "$config"
  config_hash "$config" >"$QA_PID_DIR/controld.config.sha256"
  local deadline=$((SECONDS + QA_KME_READY_TIMEOUT))
  until controld_healthy; do
    controld_pid >/dev/null || { show_log_tail controld; die "controld exited before it answered /healthz"; }
    ((SECONDS < deadline)) || { show_log_tail controld; die "controld did not answer $(controld_url)/healthz in ${QA_KME_READY_TIMEOUT}s"; }
    sleep 0.25
  done
  log "controld ready at $(controld_url) (pid $(controld_pid))"
}

controld_stop() {
  stop_pidfile "$(controld_pid_file)" TERM
  rm -f "$QA_PID_DIR/controld.config.sha256"
}

controld_kill() {
  local pid
  if pid=$(controld_pid); then
    log "killing controld (pid $pid, SIGKILL)"
    signal_pid "$pid" KILL
    wait_gone "$pid" 5 || die "controld (pid $pid) survived SIGKILL"
  fi
  rm -f "$(controld_pid_file)" "$QA_PID_DIR/controld.config.sha256"
}

# ensure_demo_tenant — the tenant the demo and the tests use, with a token we know.
ensure_demo_tenant() {
  local file=$QA_CONTROLD_DIR/tenant-$QA_DEMO_TENANT.token answer
  if [[ -s $file ]] && curl -sf -o /dev/null --max-time 5 --cacert "$QA_PKI_DIR/ca.pem" \
    -H "Authorization: Bearer $(cat "$file")" "$(controld_url)/api/v1/usage"; then
    return 0
  fi
  if controld_curl GET /api/v1/tenants | jq -e --arg t "$QA_DEMO_TENANT" '.tenants | any(.name == $t)' >/dev/null; then
    answer=$(controld_curl POST "/api/v1/tenants/$QA_DEMO_TENANT/tokens" '{}')
  else
    answer=$(controld_curl POST /api/v1/tenants "{\"name\":\"$QA_DEMO_TENANT\"}")
  fi
  (umask 077 && jq -j .token <<<"$answer" >"$file")
  log "tenant $QA_DEMO_TENANT ready (token in $file)"
}
