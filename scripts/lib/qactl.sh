# shellcheck shell=bash
# $QA_TESTBED_DIR/qactl.json: qactl's configuration for this testbed, as the demo tenant.
#   export QACTL_CONFIG=/run/qa-testbed/qactl.json; agents/QuantumAgents.Cli/bin/Release/net10.0/qactl nodes
# For `qactl key` each node acts as its own SAE (named after the node).

qactl_config_path() { echo "$QA_TESTBED_DIR/qactl.json"; }

# write_qactl_json — after ensure_demo_tenant (the token file must exist).
write_qactl_json() {
  local node nodes='{}'
  for node in "${QA_NODES[@]}"; do
    nodes=$(jq -c --arg node "$node" --arg kme "$(kme_url "$node")" \
      --arg cert "$QA_PKI_DIR/sae-$node.pem" --arg key "$QA_PKI_DIR/sae-$node.key" \
      --arg subnet "198.19.$(node_index "$node").0/24" \
      '.[$node] = {kme_url: $kme, sae_id: $node, certificate: $cert, key: $key, client_subnet: $subnet}' <<<"$nodes")
  done
  jq -n --arg url "$(controld_url)" --arg ca "$QA_PKI_DIR/ca.pem" \
    --arg token_file "$QA_CONTROLD_DIR/tenant-$QA_DEMO_TENANT.token" --argjson nodes "$nodes" \
    '{url: $url, ca: $ca, token_file: $token_file, nodes: $nodes}' | write_json "$(qactl_config_path)"
}
