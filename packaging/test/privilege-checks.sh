# shellcheck shell=bash
# Least privilege, checked in the booted container with the packages installed: one user per
# daemon, each reaching only its own secrets; no CA key on the node; no capability, no core
# file, undumpable processes. Sourced by deb-checks.sh; uses pass/fail/check, in_container,
# unit_prop, wait_new_pid, controld_get, LOGS.

PKI=/etc/quantum-agents/pki

# What each daemon's user alone may read (besides root): its state and its private key.
declare -A SECRETS=(
  [qa-kmed]="/var/lib/quantum-agents/kme/kme.db $PKI/kme.key"
  [qa-controld]="/var/lib/quantum-agents/controld/controld.db $PKI/controld.key"
  [qa-ipsec-agent]="$PKI/sae-local-ipsec.key"
  [qa-tls-agent]="$PKI/sae-local-tls.key"
  [qa-qrng-agent]=""
)
# The node agents' shared secret, and what only root reads.
NODE_TOKEN_READERS="qa-ipsec-agent qa-tls-agent qa-qrng-agent"
ROOT_ONLY="$PKI/admin.token $PKI/sae-local.key"

# as_user USER CMD... — CMD as USER with USER's groups (initgroups), no capabilities.
as_user() { in_container setpriv --reuid="$1" --regid="$1" --init-groups --inh-caps=-all --bounding-set=-all -- "${@:2}"; }

# denied USER FILE — reading FILE as USER fails with EACCES (not "no such file": it must exist);
# otherwise says what happened, as one "...; " item.
denied() {
  local out
  in_container test -e "$2" || { echo "$2 does not exist; "; return 0; }
  if out=$(as_user "$1" head -c 1 "$2" 2>&1 >/dev/null); then
    echo "$1 read $2; "
  elif [[ $out != *"Permission denied"* ]]; then
    echo "$1 on $2: $out; "
  fi
}

readable() { as_user "$1" head -c 1 "$2" >/dev/null 2>&1; }

check_daemon_users() {
  local unit user pid uid other file problems
  for unit in "${UNITS[@]}"; do
    user=$(unit_prop "$unit" User)
    pid=$(unit_prop "$unit" MainPID)
    uid=$(in_container awk '/^Uid:/ { print $3 }' "/proc/$pid/status" || true)
    check "${unit%.service}_runs_as_own_user" "User=$user, effective uid ${uid:-?}" \
      test "$user" = "${unit%.service}" -a -n "$uid" -a "${uid:-0}" != 0 -a "$uid" = "$(in_container id -u "$user")"
    # Every daemon, the QRNG agent included: no capability held, none it could regain.
    check "${unit%.service}_holds_no_capability" "$(in_container grep -E '^Cap(Eff|Prm|Amb)' "/proc/$pid/status" | tr '\n' ' ')" \
      bash -c '[[ $(grep -cE "^Cap(Eff|Prm|Amb):[[:space:]]+0+$" <<<"$1") == 3 ]]' _ "$(in_container cat "/proc/$pid/status")"
    # PR_SET_DUMPABLE=0 makes the files in /proc/PID root's, whatever the process's uid (the
    # directory itself keeps showing the uid, for ps).
    check "${unit%.service}_undumpable" "/proc/$pid/environ owned by uid $(in_container stat -c %u "/proc/$pid/environ")" \
      test "$(in_container stat -c %u "/proc/$pid/environ")" = 0
  done
  for user in "${!SECRETS[@]}"; do
    problems=""
    for other in "${!SECRETS[@]}"; do
      for file in ${SECRETS[$other]}; do
        if [[ $other == "$user" ]]; then
          readable "$user" "$file" || problems+="cannot read its own $file; "
        else
          problems+=$(denied "$user" "$file")
        fi
      done
    done
    for file in $ROOT_ONLY; do problems+=$(denied "$user" "$file"); done
    if [[ " $NODE_TOKEN_READERS " == *" $user "* ]]; then
      readable "$user" "$PKI/node.token" || problems+="cannot read node.token; "
    else
      problems+=$(denied "$user" "$PKI/node.token")
    fi
    check "${user}_reaches_only_its_own_secrets" "$problems" test -z "$problems"
  done
}

check_no_ca_key() {
  local ca key found=""
  ca=$(in_container openssl x509 -in "$PKI/ca.pem" -noout -pubkey)
  for key in $(in_container sh -c "ls $PKI/*.key"); do
    [[ $(in_container openssl pkey -in "$key" -pubout) == "$ca" ]] && found+="$key "
  done
  check no_ca_private_key_on_node "CA key in: ${found}$(in_container sh -c "ls $PKI/ca.key 2>/dev/null")" \
    bash -c '[[ -z $1 ]] && ! nsenter --target '"$CONTAINER_PID"' --mount -- test -e '"$PKI"'/ca.key' _ "$found"
  # Every credential is signed by ca.pem, and a CSR is there for a production CA to sign.
  found=$(in_container sh -c "cd $PKI && for c in kme controld sae-local sae-local-ipsec sae-local-tls; do
    openssl verify -CAfile ca.pem \$c.pem; test -s \$c.csr || echo \$c.csr missing; done" 2>&1 | grep -v ': OK$' || true)
  check credentials_signed_by_node_ca "$found" test -z "$found"
}

check_ipsec_agent_reaches_vici() {
  local nodes charon
  # The agent reads charon's version over VICI for its report: non-root, through the qa-vici group.
  nodes=$(controld_get /api/v1/nodes 2>/dev/null || true)
  charon=$(jq -r '.nodes[].agents[] | select(.kind == "ipsec") | .facts.charon' <<<"$nodes" 2>/dev/null || true)
  check ipsec_agent_drives_charon_without_root "facts.charon '$charon', VICI socket $(in_container stat -c '%U:%G %a' /run/charon.vici 2>&1)" \
    bash -c '[[ $1 =~ [0-9]+\.[0-9]+\.[0-9]+ ]]' _ "$charon"
}

# A daemon sent SIGABRT (what the watchdog sends) writes no core file. The control, a dumpable
# process with no core limit aborting the same way, shows that this kernel writes cores.
check_no_core_dump() {
  local pattern unit pid cores
  pattern=$(cat /proc/sys/kernel/core_pattern)
  in_container sh -c 'rm -rf /tmp/qa-core-control && mkdir -p /tmp/qa-core-control'
  in_container sh -c 'cd /tmp/qa-core-control && ulimit -c unlimited && sh -c "kill -ABRT \$\$"' >/dev/null 2>&1 || true
  check core_dump_control_writes_a_core "core_pattern '$pattern': nothing in /tmp/qa-core-control" \
    test -n "$(in_container sh -c 'ls /tmp/qa-core-control')"
  in_container touch /tmp/qa-core-marker
  for unit in "${UNITS[@]}"; do
    pid=$(unit_prop "$unit" MainPID)
    # MainPID 0 (no process): "kill 0" would signal this test's own process group.
    [[ $pid != 0 ]] || { fail "${unit%.service}_back_after_sigabrt" "no main process"; continue; }
    in_container sh -c "kill -ABRT $pid"
    wait_new_pid "$unit" "$pid" 60 || fail "${unit%.service}_back_after_sigabrt" "$(unit_prop "$unit" ActiveState)"
  done
  cores=$(in_container find / -xdev \( -path /proc -o -path /sys \) -prune -o -newer /tmp/qa-core-marker \
    -type f \( -name 'core' -o -name 'core.[0-9]*' \) -print 2>/dev/null | head -n 5 || true)
  check daemons_sent_sigabrt_leave_no_core "$cores" test -z "$cores"
}

privilege_checks() {
  check_daemon_users
  check_no_ca_key
  check_ipsec_agent_reaches_vici
  check_no_core_dump
}
