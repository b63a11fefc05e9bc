# shellcheck shell=bash
# The TLS service on every node: one qa-tls-agent in the node's namespace. It takes its work
# from the control plane, its keys from the node's KME (as SAE <node>-tls), listens on each
# client-role session's port and, for the server role, on $QA_TLS_SERVER_PORT for every
# session. Needs common.sh, procs.sh, kme.sh and controld.sh sourced first.

QA_TLS_AGENT_BINARY=${QA_TLS_AGENT_BINARY:-$REPO/agents/QuantumAgents.TlsAgent/bin/Release/net10.0/qa-tls-agent}
QA_TLS_SERVER_PORT=8444
QA_TLS_READY_TIMEOUT=${QA_TLS_READY_TIMEOUT:-30}

tls_agent_name() { echo "tls-agent-$1"; }
tls_agent_config_path() { echo "$QA_CONFIG_DIR_ROOT/$1/tls-agent.json"; }
tls_agent_pid() { pid_of "$QA_PID_DIR/$(tls_agent_name "$1").pid"; }

# write_tls_agent_config NODE — config/<node>/tls-agent.json in the agent's schema.
write_tls_agent_config() {
  local node=$1
  mkdir -p "$QA_CONFIG_DIR_ROOT/$node"
  jq -n \
    --arg node "$node" --arg cp_url "$(controld_url)" --arg token "$(token_file "node-$node")" \
    --arg ca "$QA_PKI_DIR/ca.pem" --arg kme_url "$(kme_url "$node")" \
    --arg cert "$QA_PKI_DIR/sae-$node-tls.pem" --arg key "$QA_PKI_DIR/sae-$node-tls.key" \
    --argjson port "$QA_TLS_SERVER_PORT" \
    '{
       node: $node,
       control_plane: { url: $cp_url, token_file: $token, ca: $ca },
       kme: { url: $kme_url, certificate: $cert, key: $key, ca: $ca },
       server: { address: "0.0.0.0", port: $port },
       listen_address: "0.0.0.0"
     }' | write_json "$(tls_agent_config_path "$node")"
}

# tls_agent_reported NODE — the control plane lists the node's tls agent as healthy.
tls_agent_reported() {
  curl -sf --max-time 2 --cacert "$QA_PKI_DIR/ca.pem" -H "Authorization: Bearer $(cat "$(token_file admin)")" \
    "$(controld_url)/api/v1/nodes" |
    jq -e --arg node "$1" '.nodes[] | select(.name == $node) | .agents[] | select(.kind == "tls" and .healthy)' >/dev/null
}

# tls_agent_start NODE — the agent (if not running), then wait until the control plane has its heartbeat.
tls_agent_start() {
  local node=$1 config pid
  config=$(tls_agent_config_path "$node")
  if pid=$(tls_agent_pid "$node"); then
    log "$(tls_agent_name "$node") already running (pid $pid)"
    return 0
  fi
  [[ -x $QA_TLS_AGENT_BINARY ]] ||
    die "TLS agent binary $QA_TLS_AGENT_BINARY missing — build the solution (or unset QA_SKIP_BUILD)"
  [[ -f $config ]] || write_tls_agent_config "$node"
  DOTNET_ROOT=${DOTNET_ROOT:-$(dotnet_root)} \
    start_in_netns "$(tls_agent_name "$node")" "$(node_netns "$node")" "$QA_TLS_AGENT_BINARY" --config "$config"
  local deadline=$((SECONDS + QA_TLS_READY_TIMEOUT))
  until tls_agent_reported "$node"; do
    tls_agent_pid "$node" >/dev/null || { show_log_tail "$(tls_agent_name "$node")"; die "$(tls_agent_name "$node") exited"; }
    ((SECONDS < deadline)) || { show_log_tail "$(tls_agent_name "$node")"; die "$(tls_agent_name "$node") did not report to the control plane in ${QA_TLS_READY_TIMEOUT}s"; }
    sleep 0.25
  done
  log "started $(tls_agent_name "$node") (pid $(tls_agent_pid "$node"))"
}

tls_agent_stop() { stop_pidfile "$QA_PID_DIR/$(tls_agent_name "$1").pid" TERM; }

# tls_start_all — every node's config, then every node's agent.
tls_start_all() {
  local node
  for node in "${QA_NODES[@]}"; do
    write_tls_agent_config "$node"
  done
  for node in "${QA_NODES[@]}"; do
    tls_agent_start "$node"
  done
}

tls_stop_all() {
  local node
  for node in "${QA_NODES[@]}"; do
    tls_agent_stop "$node"
  done
}

# tls_status — one line per node (exit 3 if an agent is down).
tls_status() {
  local node agent all_up=0 pid
  printf '%-10s %s\n' NODE TLS-AGENT
  for node in "${QA_NODES[@]}"; do
    if pid=$(tls_agent_pid "$node"); then agent="running (pid $pid, server port $QA_TLS_SERVER_PORT)"; else agent="not running"; all_up=3; fi
    printf '%-10s %s\n' "$node" "$agent"
  done
  return "$all_up"
}
