# shellcheck shell=bash
# What every node agent (qa-ipsec-agent, qa-tls-agent) shares on the testbed: its name, pid
# and config file by KIND (ipsec, tls), and starting it until the control plane has its
# heartbeat. Each KIND's own file writes the config (write_<kind>_agent_config NODE).
# Needs common.sh, procs.sh, kme.sh and controld.sh sourced first.

agent_name() { echo "$1-agent-$2"; }
agent_config_path() { echo "$QA_CONFIG_DIR_ROOT/$2/$1-agent.json"; }
agent_pid() { pid_of "$QA_PID_DIR/$(agent_name "$1" "$2").pid"; }

# agent_reported KIND NODE — the control plane lists the node's KIND agent as healthy.
agent_reported() {
  curl -sf --max-time 2 --cacert "$QA_PKI_DIR/ca.pem" -H "Authorization: Bearer $(cat "$(token_file admin)")" \
    "$(controld_url)/api/v1/nodes" |
    jq -e --arg node "$2" --arg kind "$1" '.nodes[] | select(.name == $node) | .agents[] | select(.kind == $kind and .healthy)' >/dev/null
}

# agent_start KIND NODE BINARY [USER] — the agent (if not running) in the node's namespace, as
# USER with no capability when given, then wait until the control plane has its heartbeat.
agent_start() {
  local kind=$1 node=$2 binary=$3 user=${4:-} name config pid as_user=()
  name=$(agent_name "$kind" "$node")
  config=$(agent_config_path "$kind" "$node")
  if pid=$(agent_pid "$kind" "$node"); then
    log "$name already running (pid $pid)"
    return 0
  fi
  [[ -x $binary ]] || die "$kind agent binary $binary missing — build the solution (or unset QA_SKIP_BUILD)"
  [[ -f $config ]] || "write_${kind}_agent_config" "$node"
  [[ -z $user ]] || as_user=(setpriv --reuid="$user" --regid="$user" --init-groups --inh-caps=-all --bounding-set=-all --)
  DOTNET_ROOT=${DOTNET_ROOT:-$(dotnet_root)} start_in_netns "$name" "$(node_netns "$node")" "${as_user[@]}" "$binary" --config "$config"
  local deadline=$((SECONDS + QA_KME_READY_TIMEOUT))
  until agent_reported "$kind" "$node"; do
    agent_pid "$kind" "$node" >/dev/null || { show_log_tail "$name"; die "$name exited"; }
    ((SECONDS < deadline)) || { show_log_tail "$name"; die "$name did not report to the control plane in ${QA_KME_READY_TIMEOUT}s"; }
    sleep 0.25
  done
  log "started $name (pid $(agent_pid "$kind" "$node"))"
}

agent_stop() { stop_pidfile "$QA_PID_DIR/$(agent_name "$1" "$2").pid" TERM; }

# agent_pause KIND NODE / agent_resume KIND NODE — SIGSTOP / SIGCONT: a test freezes an agent
# to change the world under it (e.g. the key its KME holds), then lets it go on.
agent_pause() { agent_signal "$1" "$2" STOP; }
agent_resume() { agent_signal "$1" "$2" CONT; }
agent_signal() {
  local name pid
  name=$(agent_name "$1" "$2")
  pid=$(agent_pid "$1" "$2") || die "$name is not running"
  log "$name (pid $pid): SIG$3"
  signal_pid "$pid" "$3"
}

# agent_kill KIND NODE — SIGKILL, as a crash would (for crash tests).
agent_kill() {
  local name pid
  name=$(agent_name "$1" "$2")
  if pid=$(agent_pid "$1" "$2"); then
    log "killing $name (pid $pid, SIGKILL)"
    signal_pid "$pid" KILL
    wait_gone "$pid" 5 || die "$name (pid $pid) survived SIGKILL"
  fi
  rm -f "$QA_PID_DIR/$name.pid"
}
