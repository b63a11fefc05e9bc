# shellcheck shell=bash
# The KME daemons (qa-kmed), one per node, inside the node's namespace.

QA_KME_BINARY=${QA_KME_BINARY:-$REPO/agents/QuantumAgents.Kme/bin/Release/net10.0/qa-kmed}
QA_KME_READY_TIMEOUT=${QA_KME_READY_TIMEOUT:-30}

kme_name() { echo "kmed-$1"; }
kme_pid_file() { echo "$QA_PID_DIR/kmed-$1.pid"; }

# kme_pid NODE — prints the live PID of the node's KME; fails when not running.
kme_pid() { pid_of "$(kme_pid_file "$1")"; }

# kme_healthy NODE — GET /healthz answers 2xx over the management bridge.
kme_healthy() {
  curl -sf -o /dev/null --max-time 2 --cacert "$QA_PKI_DIR/ca.pem" "$(kme_url "$1")/healthz"
}

build_solution() {
  if [[ ${QA_SKIP_BUILD:-0} == 1 ]]; then
    log "QA_SKIP_BUILD=1: not building"
    return 0
  fi
  require_commands dotnet
  log "building $REPO/QuantumAgents.sln (Release)"
  dotnet build -c Release "$REPO/QuantumAgents.sln" -nologo -v q
}

# dotnet_root — the directory of the dotnet host on PATH (empty when there is none).
dotnet_root() {
  local host
  host=$(command -v dotnet 2>/dev/null) || return 0
  dirname "$(readlink -f "$host")"
}

# The config a running KME was started with, as a SHA-256 next to its pid file.
kme_config_stamp() { echo "$QA_PID_DIR/kmed-$1.config.sha256"; }
config_hash() { sha256sum "$1" | cut -d' ' -f1; }

# kme_config_current NODE — the running KME was started with today's config file.
kme_config_current() {
  local stamp
  stamp=$(kme_config_stamp "$1")
  [[ -s $stamp && $(cat "$stamp") == "$(config_hash "$(kme_config_path "$1")")" ]]
}

# kme_launch NODE — start the node's KME unless it already runs with the current config
# (a KME started from an older config is restarted; its state directory is kept).
kme_launch() {
  local node=$1 ns config pid
  ns=$(node_netns "$node")
  config=$(kme_config_path "$node")
  if pid=$(kme_pid "$node"); then
    if kme_config_current "$node"; then
      log "kmed-$node already running (pid $pid)"
      return 0
    fi
    log "kmed-$node (pid $pid) runs an older $config; restarting it"
    kme_stop "$node"
  fi
  [[ -x $QA_KME_BINARY ]] ||
    die "KME binary $QA_KME_BINARY missing — build the solution (or unset QA_SKIP_BUILD)"
  netns_exists "$ns" || die "namespace $ns missing — run: $0 up"
  [[ -f $config ]] || die "$config missing — run: $0 up"
  # The apphost finds the .NET runtime through DOTNET_ROOT wherever dotnet is installed.
  DOTNET_ROOT=${DOTNET_ROOT:-$(dotnet_root)} \
    start_in_netns "$(kme_name "$node")" "$ns" "$QA_KME_BINARY" --config "$config"
  config_hash "$config" >"$(kme_config_stamp "$node")"
  log "started kmed-$node (pid $(cat "$(kme_pid_file "$node")"))"
}

# kme_start NODE — launch, then wait for /healthz.
kme_start() {
  kme_launch "$1"
  kme_wait_ready "$1"
}

# kme_wait_ready NODE — poll /healthz; on failure show the log and exit 1.
kme_wait_ready() {
  local node=$1 deadline=$((SECONDS + QA_KME_READY_TIMEOUT))
  until kme_healthy "$node"; do
    if ! kme_pid "$node" >/dev/null; then
      show_log_tail "$(kme_name "$node")"
      die "kmed-$node exited before it answered /healthz"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$(kme_name "$node")"
      die "kmed-$node did not answer $(kme_url "$node")/healthz within ${QA_KME_READY_TIMEOUT}s"
    fi
    sleep 0.25
  done
  log "kmed-$node ready at $(kme_url "$node")"
}

kme_stop() {
  stop_pidfile "$(kme_pid_file "$1")" TERM
  rm -f "$(kme_config_stamp "$1")"
}

# kme_kill NODE — SIGKILL, as a crash would (for crash-recovery tests).
kme_kill() {
  local node=$1 pid
  if pid=$(kme_pid "$node"); then
    log "killing kmed-$node (pid $pid, SIGKILL)"
    signal_pid "$pid" KILL
    wait_gone "$pid" 5 || die "kmed-$node (pid $pid) survived SIGKILL"
  else
    log "kmed-$node is not running"
  fi
  rm -f "$(kme_pid_file "$node")" "$(kme_config_stamp "$node")"
}

# kme_start_all — start every node's KME first, then wait for each (they start in parallel).
kme_start_all() {
  local node
  for node in "${QA_NODES[@]}"; do
    kme_launch "$node"
  done
  for node in "${QA_NODES[@]}"; do
    kme_wait_ready "$node"
  done
}
