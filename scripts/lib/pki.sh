# shellcheck shell=bash
# Throw-away testbed PKI: one CA, a KME certificate and an SAE client certificate per node,
# and the control plane's server certificate.
# EC P-256 keys, SHA-256 signatures. Files are made only when missing (or no longer
# chaining to the CA), so `up` is idempotent and certificates survive `down`.

QA_CERT_DAYS=${QA_CERT_DAYS:-825}

# new_ec_key PATH — a P-256 private key (PKCS#8 PEM), mode 0600.
new_ec_key() {
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

ensure_ca() {
  local ca=$QA_PKI_DIR/ca.pem ca_key=$QA_PKI_DIR/ca.key
  [[ -s $ca && -s $ca_key ]] && return 0
  log "creating testbed CA in $QA_PKI_DIR"
  new_ec_key "$ca_key"
  openssl req -x509 -new -sha256 -key "$ca_key" -out "$ca" -days 3650 \
    -subj "/O=Quantum Agents testbed/CN=Quantum Agents testbed CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" 2>/dev/null
  # Certificates from an earlier CA no longer verify: issue_leaf replaces them.
}

# leaf_valid PEM — exists and chains to the current CA.
leaf_valid() {
  [[ -s $1 && -s ${1%.pem}.key ]] &&
    openssl verify -CAfile "$QA_PKI_DIR/ca.pem" "$1" >/dev/null 2>&1
}

# issue_leaf NAME CN EKU [SAN] — pki/NAME.pem + NAME.key signed by the CA.
issue_leaf() {
  local name=$1 cn=$2 eku=$3 san=${4:-}
  local pem=$QA_PKI_DIR/$name.pem key=$QA_PKI_DIR/$name.key ext csr
  leaf_valid "$pem" && return 0
  log "issuing $name certificate (CN=$cn)"
  ext=$(mktemp) csr=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyAgreement"
    echo "extendedKeyUsage=$eku"
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
    if [[ -n $san ]]; then echo "subjectAltName=$san"; fi
  } >"$ext"
  new_ec_key "$key"
  openssl req -new -sha256 -key "$key" -subj "/CN=$cn" -out "$csr"
  openssl x509 -req -sha256 -in "$csr" -CA "$QA_PKI_DIR/ca.pem" -CAkey "$QA_PKI_DIR/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$QA_CERT_DAYS" -extfile "$ext" \
    -out "$pem" 2>/dev/null
  rm -f "$ext" "$csr"
}

# kme_san NODE — IP SANs: management address, data-link addresses, loopback.
kme_san() {
  local san address
  san="IP:$(mgmt_address "$1")"
  while read -r address; do san+=",IP:$address"; done < <(data_addresses "$1")
  echo "$san,IP:127.0.0.1"
}

pki_up() {
  local node sae
  mkdir -p "$QA_PKI_DIR"
  chmod 0755 "$QA_PKI_DIR"
  ensure_ca
  for node in "${QA_NODES[@]}"; do
    # KMEs are TLS servers to SAEs and TLS clients of each other.
    issue_leaf "kme-$node" "kme-$node" "serverAuth,clientAuth" "$(kme_san "$node")"
    # SAEs are TLS clients identified by CN = SAE ID.
    while read -r sae; do
      issue_leaf "sae-$sae" "$sae" "clientAuth"
    done < <(node_saes "$node")
  done
  # The control plane serves HTTPS on the management bridge (and loopback for local tools).
  issue_leaf controld controld serverAuth "IP:$QA_MGMT_ROOT_ADDRESS,IP:127.0.0.1"
  chmod 0600 "$QA_PKI_DIR"/*.key
}
