# shellcheck shell=bash
# Generated files: each KME's config/<node>/kmed.json, the control plane's
# config/controld/controld.json and the testbed's testbed.json.
# Rewritten on every `up`, so they always follow this script.

QA_TESTBED_RATE_BPS=${QA_TESTBED_RATE_BPS:-1000000}
QA_TESTBED_POOL_BITS=${QA_TESTBED_POOL_BITS:-67108864}
QA_TESTBED_BLOCK_BYTES=${QA_TESTBED_BLOCK_BYTES:-4096}
QA_TESTBED_DURABILITY=${QA_TESTBED_DURABILITY:-power_loss}

kme_config_path() { echo "$QA_CONFIG_DIR_ROOT/$1/kmed.json"; }

# write_json PATH — stdin to PATH atomically (readers never see half a file).
write_json() {
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$1"
}

# links_json NODE — the "links" object: one entry per adjacent node, over the data link.
links_json() {
  local peer mine theirs producer
  local links='{}'
  while read -r peer mine theirs producer; do
    links=$(jq -c \
      --arg peer "$peer" --arg url "https://$theirs:$QA_KME_PORT" --argjson producer "$producer" \
      --argjson rate "$QA_TESTBED_RATE_BPS" --argjson pool "$QA_TESTBED_POOL_BITS" \
      --argjson block "$QA_TESTBED_BLOCK_BYTES" \
      '.[$peer] = {
         url: $url,
         peer_certificate_subject: ("CN=kme-" + $peer),
         source: { kind: "simulated", producer: $producer, rate_bits_per_second: $rate,
                   pool_bits: $pool, block_bytes: $block }
       }' <<<"$links")
  done < <(data_links_of "$1")
  echo "$links"
}

# topology_json — the whole QKD network, node → adjacent nodes, so every KME can find the
# path to a node it has no link with (trusted-node forwarding through ccs).
topology_json() {
  local node peer
  for node in "${QA_NODES[@]}"; do
    while read -r peer _; do echo "$peer"; done < <(data_links_of "$node") |
      jq -R . | jq -cs --arg node "$node" '{($node): .}'
  done | jq -cs add
}

# saes_json — every node's SAEs, known to every KME: {"<sae>": {node, certificate_subject}}.
saes_json() {
  local node sae
  for node in "${QA_NODES[@]}"; do
    while read -r sae; do
      jq -cn --arg sae "$sae" --arg node "$node" \
        '{($sae): {node: $node, certificate_subject: ("CN=" + $sae)}}'
    done < <(node_saes "$node")
  done | jq -cs add
}

# node_saes_json NODE — the node's SAE credentials for testbed.json.
node_saes_json() {
  local sae
  while read -r sae; do
    jq -cn --arg sae "$sae" --arg cert "$QA_PKI_DIR/sae-$sae.pem" --arg key "$QA_PKI_DIR/sae-$sae.key" \
      '{($sae): {cert: $cert, key: $key}}'
  done < <(node_saes "$1") | jq -cs add
}

# write_kme_config NODE — config/<node>/kmed.json in the daemon's schema.
write_kme_config() {
  local node=$1 dir=$QA_CONFIG_DIR_ROOT/$1
  mkdir -p "$dir"
  jq -n \
    --arg node "$node" --arg listen "https://0.0.0.0:$QA_KME_PORT" \
    --arg cert "$QA_PKI_DIR/kme-$node.pem" --arg key "$QA_PKI_DIR/kme-$node.key" \
    --arg ca "$QA_PKI_DIR/ca.pem" --arg state "$QA_STATE_DIR_ROOT/$node" \
    --arg durability "$QA_TESTBED_DURABILITY" \
    --argjson saes "$(saes_json)" --argjson links "$(links_json "$node")" \
    --argjson topology "$(topology_json)" \
    '{
       node: $node,
       listen: [$listen],
       tls: { certificate: $cert, key: $key, ca: $ca },
       state_directory: $state,
       durability: $durability,
       keys: { default_size: 256, min_size: 64, max_size: 8192, max_per_request: 128,
               max_sae_id_count: 4, ttl_seconds: 3600 },
       saes: $saes,
       links: $links,
       topology: $topology
     }' | write_json "$(kme_config_path "$node")"
}

# node_json NODE — this node's entry in testbed.json.
node_json() {
  local node=$1 n peer mine theirs producer links='{}'
  n=$(node_index "$node")
  while read -r peer mine theirs producer; do
    links=$(jq -c --arg peer "$peer" --arg url "https://$theirs:$QA_KME_PORT" \
      --arg local "$mine" --arg remote "$theirs" --argjson producer "$producer" \
      '.[$peer] = {url: $url, local_address: $local, peer_address: $remote, producer: $producer}' \
      <<<"$links")
  done < <(data_links_of "$node")
  jq -n \
    --arg netns "$(node_netns "$node")" --arg cnetns "$(client_netns "$node")" \
    --arg csubnet "198.19.$n.0/24" --arg cgw "198.19.$n.1" --arg caddr "198.19.$n.2" \
    --arg mgmt "$(mgmt_address "$node")" --arg kme_id "kme-$node" --arg kme_url "$(kme_url "$node")" \
    --arg kconf "$(kme_config_path "$node")" --arg klog "$QA_LOG_DIR/kmed-$node.log" \
    --argjson saes "$(node_saes_json "$node")" --argjson links "$links" \
    --arg address "$(node_service_address "$node")" --arg token "$(cat "$(token_file "node-$node")")" \
    '{
       netns: $netns, client_netns: $cnetns, client_subnet: $csubnet,
       client_gateway: $cgw, client_address: $caddr,
       mgmt_address: $mgmt,
       kme_id: $kme_id, kme_url: $kme_url, kme_config: $kconf, kme_log: $klog,
       links: $links,
       saes: $saes,
       service_address: $address,
       agent_token: $token
     }'
}

# write_testbed_json — $QA_TESTBED_DIR/testbed.json, what tests and tools read.
write_testbed_json() {
  local node nodes='{}'
  for node in "${QA_NODES[@]}"; do
    nodes=$(jq -c --arg node "$node" --argjson entry "$(node_json "$node")" \
      '.[$node] = $entry' <<<"$nodes")
  done
  jq -n \
    --arg ca "$QA_PKI_DIR/ca.pem" --arg dir "$QA_TESTBED_DIR" --arg logs "$QA_LOG_DIR" \
    --arg bridge "$QA_MGMT_BRIDGE" --arg root "$QA_MGMT_ROOT_ADDRESS" --argjson nodes "$nodes" \
    --argjson control_plane "$(controld_json)" \
    '{ ca: $ca, directory: $dir, logs: $logs,
       mgmt: { bridge: $bridge, root_address: $root, subnet: "198.18.255.0/24" },
       control_plane: $control_plane,
       nodes: $nodes }' | write_json "$QA_TESTBED_DIR/testbed.json"
}

configs_up() {
  local node
  for node in "${QA_NODES[@]}"; do
    mkdir -p "$QA_STATE_DIR_ROOT/$node"
    chmod 0700 "$QA_STATE_DIR_ROOT/$node"
    write_kme_config "$node"
  done
  write_controld_config
  write_testbed_json
}
