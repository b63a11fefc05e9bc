# shellcheck shell=bash
# The TLS service on every node: one qa-tls-agent in the node's namespace. It takes its work
# from the control plane, its keys from the node's KME (as SAE <node>-tls), listens on each
# client-role session's port and, for the server role, on $QA_TLS_SERVER_PORT for every
# session. Needs common.sh, procs.sh, kme.sh, controld.sh and agents.sh sourced first.

QA_TLS_AGENT_BINARY=${QA_TLS_AGENT_BINARY:-$REPO/agents/QuantumAgents.TlsAgent/bin/Release/net10.0/qa-tls-agent}
QA_TLS_SERVER_PORT=8444

tls_agent_start() { agent_start tls "$1" "$QA_TLS_AGENT_BINARY"; }
tls_agent_stop() { agent_stop tls "$1"; }

# write_tls_agent_config NODE — config/<node>/tls-agent.json in the agent's schema. The node's
# server-role sessions may reach its client network (198.19.N.0/24, every port), nothing else;
# the management network and the data links are infrastructure (infrastructure_ranges_json).
write_tls_agent_config() {
  local node=$1
  mkdir -p "$QA_CONFIG_DIR_ROOT/$node"
  jq -n \
    --arg node "$node" --arg cp_url "$(controld_url)" --arg token "$(token_file "node-$node")" \
    --arg ca "$QA_PKI_DIR/ca.pem" --arg kme_url "$(kme_url "$node")" \
    --arg cert "$QA_PKI_DIR/sae-$node-tls.pem" --arg key "$QA_PKI_DIR/sae-$node-tls.key" \
    --argjson port "$QA_TLS_SERVER_PORT" \
    --arg client_subnet "198.19.$(node_index "$node").0/24" --argjson infrastructure "$(infrastructure_ranges_json)" \
    '{
       node: $node,
       control_plane: { url: $cp_url, token_file: $token, ca: $ca },
       kme: { url: $kme_url, certificate: $cert, key: $key, ca: $ca },
       server: { address: "0.0.0.0", port: $port },
       listen_address: "0.0.0.0",
       allowed_targets: [ { subnet: $client_subnet, ports: "1-65535" } ],
       infrastructure_ranges: $infrastructure
     }' | write_json "$(agent_config_path tls "$node")"
}

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
    if pid=$(agent_pid tls "$node"); then agent="running (pid $pid, server port $QA_TLS_SERVER_PORT)"; else agent="not running"; all_up=3; fi
    printf '%-10s %s\n' "$node" "$agent"
  done
  return "$all_up"
}
