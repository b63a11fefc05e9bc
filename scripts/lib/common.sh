# shellcheck shell=bash disable=SC2034  # constants used by the other lib/*.sh files
# Shared by the testbed scripts: the scenario's constants, logging, small checks.
# Sourced, never run; expects `set -euo pipefail` from the caller.

# --- The MadQCI scenario -----------------------------------------------------

# Node names in index order: node N (1-based) owns 198.18.255.N and 198.19.N.0/24.
QA_NODES=(cait ccs rectorado)

# QKD data links "a:b:prefix" on prefix.0/24: a gets .<index of a>, b .<index of b>.
# The first node of each pair produces the link's (simulated) key, the second receives it.
QA_DATA_LINKS=("cait:ccs:198.18.12" "ccs:rectorado:198.18.23")

# Nodes that forward IP between their data links (trusted nodes), and the static routes
# "node:destination:gateway" that send end-node traffic through them.
QA_FORWARDING_NODES=(ccs)
QA_DATA_ROUTES=("cait:198.18.23.0/24:198.18.12.2" "rectorado:198.18.12.0/24:198.18.23.2")

# Management bridge in the root namespace.
QA_MGMT_BRIDGE=qa-mgmt
QA_MGMT_PREFIX=198.18.255
QA_MGMT_ROOT_ADDRESS=198.18.255.254

QA_KME_PORT=8443

# Where everything the testbed makes lives (see docs/testbed.md).
QA_TESTBED_DIR=${QA_TESTBED_DIR:-/run/qa-testbed}
QA_PKI_DIR=$QA_TESTBED_DIR/pki
QA_CONFIG_DIR_ROOT=$QA_TESTBED_DIR/config
QA_STATE_DIR_ROOT=$QA_TESTBED_DIR/state
QA_LOG_DIR=$QA_TESTBED_DIR/logs
QA_PID_DIR=$QA_TESTBED_DIR/pids

# --- Logging -------------------------------------------------------------------

log() { printf '[testbed] %s\n' "$*"; }
warn() { printf '[testbed] warning: %s\n' "$*" >&2; }
die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

# --- Checks --------------------------------------------------------------------

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (it creates network namespaces); try: sudo $0 $*"
}

# require_commands CMD... — fail naming what to install (scripts/setup.sh installs all).
require_commands() {
  local cmd missing=()
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  ((${#missing[@]} == 0)) || die "missing command(s): ${missing[*]} — run scripts/setup.sh"
}

# --- Node lookups --------------------------------------------------------------

is_node() {
  local n
  for n in "${QA_NODES[@]}"; do [[ $n == "$1" ]] && return 0; done
  return 1
}

require_node() {
  is_node "${1:-}" || die "unknown node '${1:-}' (nodes: ${QA_NODES[*]})"
}

# node_index NODE — 1-based position in QA_NODES.
node_index() {
  local i
  for i in "${!QA_NODES[@]}"; do
    [[ ${QA_NODES[$i]} == "$1" ]] && { echo $((i + 1)); return 0; }
  done
  return 1
}

# node_saes NODE — the SAEs a node's KME serves: one named after the node (the paper: "the
# SAEs correspond to the Node ID"), a second application SAE, <node>-app, for tests of
# multiple SAEs per node, and one per agent (<node>-ipsec, <node>-tls: the names qa-controld
# hands out in the agents' work).
node_saes() { printf '%s\n' "$1" "$1-app" "$1-ipsec" "$1-tls"; }

node_netns() { echo "qa-$1"; }
client_netns() { echo "qa-$1-client"; }
mgmt_address() { echo "$QA_MGMT_PREFIX.$(node_index "$1")"; }
kme_url() { echo "https://$(mgmt_address "$1"):$QA_KME_PORT"; }

# infrastructure_ranges_json — the scenario's own networks as a JSON array of CIDRs: the
# management bridge and every QKD data link (which hold the nodes' own addresses). No tenant's
# subnet may reach into them; the client networks 198.19.N.0/24 stay clear of them.
infrastructure_ranges_json() {
  local spec
  {
    echo "$QA_MGMT_PREFIX.0/24"
    for spec in "${QA_DATA_LINKS[@]}"; do echo "${spec##*:}.0/24"; done
  } | jq -R . | jq -cs .
}

# data_links_of NODE — one line per adjacent node:
#   "peer my-address peer-address producer" (producer: true when NODE makes the key).
data_links_of() {
  local spec a b prefix
  for spec in "${QA_DATA_LINKS[@]}"; do
    IFS=: read -r a b prefix <<<"$spec"
    if [[ $a == "$1" ]]; then
      echo "$b $prefix.$(node_index "$a") $prefix.$(node_index "$b") true"
    elif [[ $b == "$1" ]]; then
      echo "$a $prefix.$(node_index "$b") $prefix.$(node_index "$a") false"
    fi
  done
}

# data_addresses NODE — this node's addresses on its data links, one a line.
data_addresses() {
  local mine
  while read -r _ mine _; do echo "$mine"; done < <(data_links_of "$1")
}
