# shellcheck shell=bash
# A production PKI, checked in the booted container: the deployment's CA lives outside the node
# (here: on the host), signs the node's CSRs, and quantum-agents-init imports the CA certificate
# and each certificate, refusing what does not fit. Then every daemon runs on the new PKI.
# Sourced by deb-checks.sh; uses pass/fail/check, in_container, wait_new_pid, unit_prop,
# check_agents_healthy, LOGS, RUN, UNITS.

PKI_CREDENTIALS=(kme controld sae-local sae-local-ipsec sae-local-tls)

# external_sign NAME — the container's NAME.csr signed on the host by the external CA, into
# the container's /root/import/NAME.pem (the CSR's EKU and SANs copied).
external_sign() {
  local ca=$LOGS/external-ca ext=$LOGS/external-ca/leaf.ext
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >"$ext"
  openssl x509 -req -sha256 -in "$RUN/root/etc/quantum-agents/pki/$1.csr" -copy_extensions copy \
    -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -set_serial "0x$(openssl rand -hex 16)" -days 30 \
    -extfile "$ext" -out "$RUN/root/root/import/$1.pem" 2>"$LOGS/external-sign-$1.err"
}

check_pki_import() {
  local ca=$LOGS/external-ca out name unit pid imported="" answer
  rm -rf "$ca" && mkdir -p "$ca"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ca/ca.key" 2>/dev/null
  openssl req -x509 -new -sha256 -key "$ca/ca.key" -out "$ca/ca.pem" -days 30 -subj "/CN=deployment CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  mkdir -p "$RUN/root/root/import"
  cp "$ca/ca.pem" "$RUN/root/root/import/deployment-ca.pem"

  out=$(in_container quantum-agents-init --import-ca /root/import/deployment-ca.pem 2>&1)
  check pki_import_ca "$out" in_container cmp -s /root/import/deployment-ca.pem /etc/quantum-agents/pki/ca.pem
  # Refused: a certificate the trial CA signed (no longer the node's CA), and one for another key.
  out=$(in_container quantum-agents-init --import-cert kme /etc/quantum-agents/pki/kme.pem 2>&1 || true)
  check pki_import_refuses_foreign_ca "$out" bash -c '[[ $1 == *"is not signed by"* ]]' _ "$out"
  external_sign controld
  out=$(in_container quantum-agents-init --import-cert kme /root/import/controld.pem 2>&1 || true)
  check pki_import_refuses_other_key "$out" bash -c '[[ $1 == *"does not certify"* ]]' _ "$out"

  for name in "${PKI_CREDENTIALS[@]}"; do
    external_sign "$name" && in_container quantum-agents-init --import-cert "$name" "/root/import/$name.pem" >/dev/null 2>&1 &&
      in_container cmp -s "/root/import/$name.pem" "/etc/quantum-agents/pki/$name.pem" && imported+="$name "
  done
  check pki_import_every_certificate "imported: $imported" test "$imported" = "${PKI_CREDENTIALS[*]} "

  # Every daemon on the deployment's PKI: restarted, active, agents reporting, the KME answering.
  for unit in "${UNITS[@]}"; do
    pid=$(unit_prop "$unit" MainPID)
    in_container systemctl restart "$unit" >/dev/null 2>&1 || true
    wait_new_pid "$unit" "$pid" 60 || fail "${unit%.service}_active_on_imported_pki" "$(unit_prop "$unit" ActiveState)"
  done
  check_agents_healthy pki_imported_agents_report
  answer=$(in_container curl -sS --max-time 10 --cacert /root/import/deployment-ca.pem \
    --cert /etc/quantum-agents/pki/sae-local.pem --key /etc/quantum-agents/pki/sae-local.key \
    -w '\n%{http_code}' https://127.0.0.1:8443/api/v1/keys/local-tls/status 2>&1 || true)
  check pki_imported_kme_answers "answer: $(tr '\n' ' ' <<<"$answer")" bash -c '[[ $(tail -n 1 <<<"$1") == 400 ]]' _ "$answer"
  # What the import read is not the node's: purge must find nothing of ours left.
  rm -rf "$RUN/root/root/import"
}
