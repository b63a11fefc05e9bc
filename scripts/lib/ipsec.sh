# shellcheck shell=bash
# The IPsec service on every node: the node's charon (charon.sh) and its qa-ipsec-agent,
# which takes its work from the control plane, its keys from the node's KME (as SAE
# <node>-ipsec) and drives charon over the VICI socket. Needs common.sh, procs.sh, kme.sh,
# controld.sh, agents.sh and charon.sh sourced first.

QA_IPSEC_AGENT_BINARY=${QA_IPSEC_AGENT_BINARY:-$REPO/agents/QuantumAgents.IpsecAgent/bin/Release/net10.0/qa-ipsec-agent}

# The agent runs as this system user, as packaged (qa-ipsec-agent): no root, no capability; it
# reads only its SAE key, its node token and its configuration (group-readable for it).
QA_IPSEC_AGENT_USER=${QA_IPSEC_AGENT_USER:-qa-testbed-ipsec}

ipsec_agent_start() {
  ipsec_agent_account
  ipsec_agent_grant "$1"
  agent_start ipsec "$1" "$QA_IPSEC_AGENT_BINARY" "$QA_IPSEC_AGENT_USER"
}
ipsec_agent_stop() { agent_stop ipsec "$1"; }
ipsec_agent_kill() { agent_kill ipsec "$1"; }
ipsec_agent_pause() { agent_pause ipsec "$1"; }
ipsec_agent_resume() { agent_resume ipsec "$1"; }

# ipsec_agent_account — the system user and group, made once on this machine.
ipsec_agent_account() {
  getent group "$QA_IPSEC_AGENT_USER" >/dev/null || groupadd --system "$QA_IPSEC_AGENT_USER"
  getent passwd "$QA_IPSEC_AGENT_USER" >/dev/null ||
    useradd --system --gid "$QA_IPSEC_AGENT_USER" --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$QA_IPSEC_AGENT_USER"
}

# ipsec_agent_grant NODE — the node agent's secrets (its SAE key, its node token; both 0600
# root) readable by its group as well; its certificate, the CA and its configuration are 0644.
ipsec_agent_grant() {
  local file
  for file in "$QA_PKI_DIR/sae-$1-ipsec.key" "$(token_file "node-$1")"; do
    chgrp "$QA_IPSEC_AGENT_USER" "$file"
    chmod 0640 "$file"
  done
}

# write_ipsec_agent_config NODE — config/<node>/ipsec-agent.json in the agent's schema. The agent
# refuses tunnels over the management bridge and the data links (infrastructure_ranges_json).
write_ipsec_agent_config() {
  local node=$1
  mkdir -p "$QA_CONFIG_DIR_ROOT/$node"
  jq -n \
    --arg node "$node" --arg cp_url "$(controld_url)" --arg token "$(token_file "node-$node")" \
    --arg ca "$QA_PKI_DIR/ca.pem" --arg kme_url "$(kme_url "$node")" \
    --arg cert "$QA_PKI_DIR/sae-$node-ipsec.pem" --arg key "$QA_PKI_DIR/sae-$node-ipsec.key" \
    --arg vici "$(charon_socket "$node")" --arg address "$(node_service_address "$node")" \
    --argjson infrastructure "$(infrastructure_ranges_json)" \
    '{
       node: $node,
       control_plane: { url: $cp_url, token_file: $token, ca: $ca },
       kme: { url: $kme_url, certificate: $cert, key: $key, ca: $ca },
       vici_socket: $vici,
       local_address: $address,
       infrastructure_ranges: $infrastructure,
       initiate_window_seconds: 30
     }' | write_json "$(agent_config_path ipsec "$node")"
}

# ipsec_routing NODE — the node routes its client subnet: what comes from the client
# namespace for a peer's client subnet is forwarded into charon's ipsec0 (charon installs
# the route in table 220 once the CHILD_SA is up; without a tunnel there is no route).
ipsec_routing() {
  ip netns exec "$(node_netns "$1")" sysctl -qw net.ipv4.ip_forward=1
}

# ipsec_start_all — every node's charon, then every node's agent.
ipsec_start_all() {
  local node
  for node in "${QA_NODES[@]}"; do
    write_ipsec_agent_config "$node"
    ipsec_routing "$node"
    charon_start "$node"
  done
  for node in "${QA_NODES[@]}"; do
    ipsec_agent_start "$node"
  done
}

# ipsec_stop_all — agents first (so none acts on a charon going away), then the charons.
ipsec_stop_all() {
  local node
  for node in "${QA_NODES[@]}"; do
    ipsec_agent_stop "$node"
  done
  for node in "${QA_NODES[@]}"; do
    charon_stop "$node"
  done
}

# ipsec_status — one line per node: charon and agent (exit 3 if any is down).
ipsec_status() {
  local node charon agent all_up=0 pid
  printf '%-10s %-26s %s\n' NODE CHARON IPSEC-AGENT
  for node in "${QA_NODES[@]}"; do
    if pid=$(charon_pid "$node"); then charon="running (pid $pid)"; else charon="not running"; all_up=3; fi
    if pid=$(agent_pid ipsec "$node"); then agent="running (pid $pid)"; else agent="not running"; all_up=3; fi
    printf '%-10s %-26s %s\n' "$node" "$charon" "$agent"
  done
  return "$all_up"
}
