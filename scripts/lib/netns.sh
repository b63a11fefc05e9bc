# shellcheck shell=bash
# The testbed's network: namespaces, the management bridge, QKD data links, client subnets.
# Every function is idempotent: it creates what is missing and leaves the rest alone.
#
# Interface names (all ≤ 15 characters):
#   root ns:    qa-mgmt (bridge), qa-m-<node> (veth into the bridge)
#   node ns:    mgmt (peer of qa-m-<node>), to-<peer> (data link), client
#   client ns:  uplink (peer of the node's "client")

netns_exists() {
  ip netns list | awk '{print $1}' | grep -qxF -- "$1"
}

ensure_netns() {
  netns_exists "$1" || ip netns add "$1"
  ip -n "$1" link set dev lo up
}

# link_exists NS IFNAME — NS "" means the root namespace.
link_exists() {
  if [[ -z $1 ]]; then
    ip link show dev "$2" >/dev/null 2>&1
  else
    ip -n "$1" link show dev "$2" >/dev/null 2>&1
  fi
}

# ensure_veth NS_A IF_A NS_B IF_B — a veth pair between two namespaces (NS_A "" = root).
ensure_veth() {
  local ns_a=$1 if_a=$2 ns_b=$3 if_b=$4
  link_exists "$ns_a" "$if_a" && return 0
  # A half left over from an interrupted run would block the name on the other side.
  if link_exists "$ns_b" "$if_b"; then
    ip -n "$ns_b" link del dev "$if_b"
  fi
  ip ${ns_a:+-n "$ns_a"} link add "$if_a" type veth peer name "$if_b" netns "$ns_b"
}

# ensure_address NS IFNAME CIDR — assign and bring up.
ensure_address() {
  ip -n "$1" addr replace "$3" dev "$2"
  ip -n "$1" link set dev "$2" up
}

ensure_mgmt_bridge() {
  link_exists "" "$QA_MGMT_BRIDGE" || ip link add "$QA_MGMT_BRIDGE" type bridge
  ip addr replace "$QA_MGMT_ROOT_ADDRESS/24" dev "$QA_MGMT_BRIDGE"
  ip link set dev "$QA_MGMT_BRIDGE" up
}

# ensure_node_mgmt NODE — the node's leg on the management bridge: 198.18.255.N/24.
ensure_node_mgmt() {
  local node=$1 ns root_if
  ns=$(node_netns "$node")
  root_if="qa-m-$node"
  ensure_veth "" "$root_if" "$ns" mgmt
  ip link set dev "$root_if" master "$QA_MGMT_BRIDGE"
  ip link set dev "$root_if" up
  ensure_address "$ns" mgmt "$(mgmt_address "$node")/24"
}

# ensure_data_link SPEC — "a:b:prefix", see QA_DATA_LINKS.
ensure_data_link() {
  local a b prefix ns_a ns_b
  IFS=: read -r a b prefix <<<"$1"
  ns_a=$(node_netns "$a")
  ns_b=$(node_netns "$b")
  ensure_veth "$ns_a" "to-$b" "$ns_b" "to-$a"
  ensure_address "$ns_a" "to-$b" "$prefix.$(node_index "$a")/24"
  ensure_address "$ns_b" "to-$a" "$prefix.$(node_index "$b")/24"
}

# ensure_client NODE — client namespace behind the node on 198.19.N.0/24.
ensure_client() {
  local node=$1 n ns cns
  n=$(node_index "$node")
  ns=$(node_netns "$node")
  cns=$(client_netns "$node")
  ensure_netns "$cns"
  ensure_veth "$ns" client "$cns" uplink
  ensure_address "$ns" client "198.19.$n.1/24"
  ensure_address "$cns" uplink "198.19.$n.2/24"
  ip -n "$cns" route replace default via "198.19.$n.1"
}

# ensure_routing — trusted nodes forward between links; end nodes route through them.
ensure_routing() {
  local node spec dest gateway
  for node in "${QA_FORWARDING_NODES[@]}"; do
    ip netns exec "$(node_netns "$node")" sysctl -qw net.ipv4.ip_forward=1
  done
  for spec in "${QA_DATA_ROUTES[@]}"; do
    IFS=: read -r node dest gateway <<<"$spec"
    ip -n "$(node_netns "$node")" route replace "$dest" via "$gateway"
  done
}

# network_up — the whole topology, in dependency order.
network_up() {
  local node spec
  ensure_mgmt_bridge
  for node in "${QA_NODES[@]}"; do
    ensure_netns "$(node_netns "$node")"
    ensure_node_mgmt "$node"
    ensure_client "$node"
  done
  for spec in "${QA_DATA_LINKS[@]}"; do
    ensure_data_link "$spec"
  done
  ensure_routing
}

# network_down — delete our namespaces (which takes their veths along) and the bridge.
network_down() {
  local node ns
  for node in "${QA_NODES[@]}"; do
    for ns in "$(client_netns "$node")" "$(node_netns "$node")"; do
      if netns_exists "$ns"; then
        ip netns del "$ns"
        log "removed namespace $ns"
      fi
    done
    # Normally gone with its peer (asynchronously); remove a half left by an interrupted `up`.
    ip link del dev "qa-m-$node" 2>/dev/null || true
  done
  if link_exists "" "$QA_MGMT_BRIDGE"; then
    ip link del dev "$QA_MGMT_BRIDGE"
    log "removed bridge $QA_MGMT_BRIDGE"
  fi
  return 0
}
