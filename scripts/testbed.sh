#!/usr/bin/env bash
# The MadQCI three-node scenario on one machine (see docs/testbed.md).
#
#   testbed.sh up                  namespaces, PKI, configs, testbed.json, one qa-kmed per node,
#                                  qa-controld on the management bridge with a demo tenant
#                                  (and qactl.json for qactl as that tenant),
#                                  one charon-systemd and one qa-ipsec-agent per node,
#                                  one qa-tls-agent per node
#   testbed.sh down                stop what `up` started (by PID), remove namespaces, bridge,
#                                  KME state and configs; keep logs/ and pki/
#   testbed.sh status              namespaces, KME and control plane processes, /healthz
#                                  (exit 3 if not all up)
#   testbed.sh start-kme NODE      start a node's KME (if not running) and wait until ready
#   testbed.sh restart-kme NODE    SIGTERM the node's KME, start it again
#   testbed.sh kill-kme NODE       SIGKILL the node's KME (crash tests)
#   testbed.sh start-controld      start the control plane (if not running) and wait until ready
#   testbed.sh restart-controld    SIGTERM the control plane, start it again
#   testbed.sh kill-controld       SIGKILL the control plane (crash tests)
#   testbed.sh start-ipsec NODE    start the node's charon and IPsec agent (if not running)
#   testbed.sh kill-charon NODE    SIGKILL the node's charon (crash tests)
#   testbed.sh kill-ipsec-agent NODE  SIGKILL the node's IPsec agent (crash tests)
#   testbed.sh pause-ipsec-agent NODE SIGSTOP the node's IPsec agent; resume-ipsec-agent: SIGCONT
#   testbed.sh start-tls-agent NODE   start the node's TLS agent (if not running)
#   testbed.sh stop-tls-agent NODE    SIGTERM the node's TLS agent
#
# Environment:
#   QA_TESTBED_DIR        where everything lives (default /run/qa-testbed)
#   QA_SKIP_BUILD=1       `up` does not run `dotnet build` first
#   QA_TESTBED_NO_KME=1   `up` builds only the network, PKI and configs (no build, no daemons)
#   QA_TESTBED_RATE_BPS   simulated QKD key rate per link (default 1000000)
#   QA_TESTBED_POOL_BITS  simulated QKD key pool per link (default 67108864)
#   QA_TESTBED_BLOCK_BYTES  simulated QKD block size (default 4096)
#   QA_TESTBED_DURABILITY the KMEs' "durability" (power_loss, the default, or process_crash)
#   QA_KME_BINARY         the qa-kmed to run (default: the Release build in this repo)
#   QA_CONTROLD_BINARY    the qa-controld to run (default: the Release build in this repo)
#   QA_IPSEC_AGENT_BINARY the qa-ipsec-agent to run (default: the Release build in this repo)
#   QA_TLS_AGENT_BINARY   the qa-tls-agent to run (default: the Release build in this repo)
#   QA_KME_READY_TIMEOUT  seconds to wait for a daemon's /healthz (default 30)
#   QA_STOP_TIMEOUT       seconds between SIGTERM and SIGKILL (default 10)
#   QA_TESTBED_LOCK       lock file serialising changing commands (default /run/qa-testbed.cmd.lock)
# The daemons get none of the caller's QA_* variables (they read QA_* as their settings).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)

# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/netns.sh
source "$SCRIPT_DIR/lib/netns.sh"
# shellcheck source=lib/pki.sh
source "$SCRIPT_DIR/lib/pki.sh"
# shellcheck source=lib/config.sh
source "$SCRIPT_DIR/lib/config.sh"
# shellcheck source=lib/procs.sh
source "$SCRIPT_DIR/lib/procs.sh"
# shellcheck source=lib/kme.sh
source "$SCRIPT_DIR/lib/kme.sh"
# shellcheck source=lib/controld.sh
source "$SCRIPT_DIR/lib/controld.sh"
# shellcheck source=lib/agents.sh
source "$SCRIPT_DIR/lib/agents.sh"
# shellcheck source=lib/charon.sh
source "$SCRIPT_DIR/lib/charon.sh"
# shellcheck source=lib/ipsec.sh
source "$SCRIPT_DIR/lib/ipsec.sh"
# shellcheck source=lib/tls.sh
source "$SCRIPT_DIR/lib/tls.sh"
# shellcheck source=lib/qactl.sh
source "$SCRIPT_DIR/lib/qactl.sh"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  exit "${1:-2}"
}

make_dirs() {
  mkdir -p "$QA_TESTBED_DIR" "$QA_PKI_DIR" "$QA_CONFIG_DIR_ROOT" "$QA_STATE_DIR_ROOT" \
    "$QA_LOG_DIR" "$QA_PID_DIR"
}

cmd_up() {
  require_commands ip openssl curl jq setsid flock sha256sum
  local no_kme=${QA_TESTBED_NO_KME:-0}
  [[ $no_kme == 1 ]] || build_solution
  make_dirs
  pki_up
  log "network: bridge $QA_MGMT_BRIDGE, namespaces ${QA_NODES[*]/#/qa-} and their clients"
  network_up
  configs_up
  log "wrote $QA_TESTBED_DIR/testbed.json"
  if [[ $no_kme == 1 ]]; then
    log "QA_TESTBED_NO_KME=1: not starting KMEs or the control plane"
  else
    kme_start_all
    controld_start
    ensure_demo_tenant
    write_testbed_json
    write_qactl_json
    ipsec_start_all
    tls_start_all
  fi
  log "testbed up in $QA_TESTBED_DIR"
}

cmd_down() {
  tls_stop_all
  ipsec_stop_all
  stop_all
  network_down
  # The next `up` starts from empty KME stores; only logs and the PKI outlive a testbed.
  rm -rf "$QA_PID_DIR" "$QA_STATE_DIR_ROOT" "$QA_CONFIG_DIR_ROOT" "$QA_TESTBED_DIR/testbed.json" "$(qactl_config_path)" \
    "$QA_CONTROLD_DIR/tenant-$QA_DEMO_TENANT.token"
  log "testbed down; kept logs in $QA_LOG_DIR and PKI in $QA_PKI_DIR (remove $QA_TESTBED_DIR to discard them)"
}

cmd_status() {
  local node ns_state pid_state health all_up=1 pid
  if link_exists "" "$QA_MGMT_BRIDGE"; then
    echo "bridge $QA_MGMT_BRIDGE: present"
  else
    echo "bridge $QA_MGMT_BRIDGE: absent"; all_up=0
  fi
  printf '%-10s %-22s %-22s %s\n' NODE NAMESPACE KME HEALTHZ
  for node in "${QA_NODES[@]}"; do
    if netns_exists "$(node_netns "$node")"; then ns_state="$(node_netns "$node") up"
    else ns_state="$(node_netns "$node") absent"; all_up=0; fi
    if pid=$(kme_pid "$node"); then pid_state="running (pid $pid)"
    else pid_state="not running"; all_up=0; fi
    if [[ -s $QA_PKI_DIR/ca.pem ]] && kme_healthy "$node"; then health="ok $(kme_url "$node")"
    else health="no answer"; all_up=0; fi
    printf '%-10s %-22s %-22s %s\n' "$node" "$ns_state" "$pid_state" "$health"
  done
  if pid=$(controld_pid); then pid_state="running (pid $pid)"; else pid_state="not running"; all_up=0; fi
  if [[ -s $QA_PKI_DIR/ca.pem ]] && controld_healthy; then health="ok $(controld_url)"; else health="no answer"; all_up=0; fi
  printf '%-10s %-22s %-22s %s\n' controld "(root namespace)" "$pid_state" "$health"
  ipsec_status || all_up=0
  tls_status || all_up=0
  ((all_up)) || return 3
}

# take_lock — one changing command at a time (namespaces are machine-wide, so is the lock).
take_lock() {
  exec 9>"${QA_TESTBED_LOCK:-/run/qa-testbed.cmd.lock}"
  flock -w 600 9 || die "another testbed.sh still holds ${QA_TESTBED_LOCK:-/run/qa-testbed.cmd.lock}"
}

main() {
  local command=${1:-}
  [[ -n $command ]] || usage
  [[ $command == -h || $command == --help || $command == help ]] && usage 0
  require_root "$@"
  [[ $command == status ]] || take_lock
  case $command in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    start-kme) require_node "${2:-}"; kme_start "$2" ;;
    restart-kme) require_node "${2:-}"; kme_stop "$2"; kme_start "$2" ;;
    kill-kme) require_node "${2:-}"; kme_kill "$2" ;;
    start-controld) controld_start ;;
    restart-controld) controld_stop; controld_start ;;
    kill-controld) controld_kill ;;
    start-ipsec) require_node "${2:-}"; ipsec_routing "$2"; charon_start "$2"; ipsec_agent_start "$2" ;;
    kill-charon) require_node "${2:-}"; charon_kill "$2" ;;
    kill-ipsec-agent) require_node "${2:-}"; ipsec_agent_kill "$2" ;;
    pause-ipsec-agent) require_node "${2:-}"; ipsec_agent_pause "$2" ;;
    resume-ipsec-agent) require_node "${2:-}"; ipsec_agent_resume "$2" ;;
    start-tls-agent) require_node "${2:-}"; tls_agent_start "$2" ;;
    stop-tls-agent) require_node "${2:-}"; tls_agent_stop "$2" ;;
    *) echo "unknown command '$command'" >&2; usage ;;
  esac
}

main "$@"
