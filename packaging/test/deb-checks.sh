# shellcheck shell=bash
# The checks scripts/package-test.sh runs inside the booted container. Sourced; uses
# pass/fail/check/log, in_container, LOGS, DAEMON_PACKAGES and UNITS from the caller.

# unit_prop UNIT PROPERTY — one property's value, from systemd over D-Bus.
unit_prop() { in_container systemctl show -p "$2" --value "$1"; }

# wait_settled UNIT SECONDS — until the unit is active or has failed (or time runs out).
wait_settled() {
  local i state
  for ((i = 0; i < $2 * 5; i++)); do
    state=$(unit_prop "$1" ActiveState)
    [[ $state == active || $state == failed ]] && return 0
    sleep 0.2
  done
}

# wait_new_pid UNIT OLD-PID SECONDS — until the unit is active with a main PID other than OLD-PID.
wait_new_pid() {
  local i pid
  for ((i = 0; i < $3 * 5; i++)); do
    pid=$(unit_prop "$1" MainPID)
    [[ $(unit_prop "$1" ActiveState) == active && $pid != 0 && $pid != "$2" ]] && return 0
    sleep 0.2
  done
  return 1
}

# json_has FILTER JSON — jq -e, quietly.
json_has() { jq -e "$1" <<<"$2" >/dev/null 2>&1; }

unit_journal() { in_container journalctl -u "$1" --no-pager -n 15 -o cat 2>&1 | sed 's/^/    | /'; }

# controld GET PATH — the control plane's answer to the admin, over HTTPS with the node CA.
controld_get() {
  in_container sh -c "curl -sS --fail --max-time 10 --cacert /etc/quantum-agents/pki/ca.pem \
    -H \"Authorization: Bearer \$(cat /etc/quantum-agents/pki/admin.token)\" https://127.0.0.1:8480$1"
}

check_install() {
  local start=$SECONDS
  # --no-install-recommends: what the Depends promise must be enough. linux-headers-amd64 is
  # what an admin adds for DKMS (qrng-dkms only recommends it).
  if in_container sh -c 'apt-get install -y -q --no-install-recommends /root/dist/*.deb linux-headers-amd64' \
    >"$LOGS/apt-install.log" 2>&1; then
    pass apt_install_debs_with_debian_dependencies
  else
    tail -n 30 "$LOGS/apt-install.log"
    fail apt_install_debs_with_debian_dependencies "apt-get install failed (log: $LOGS/apt-install.log)"
    return 1
  fi
  log "apt-get install took $((SECONDS - start)) s ($(grep -c '^Setting up' "$LOGS/apt-install.log") packages set up)"
}

check_units_ready() {
  local unit state type
  for unit in "${UNITS[@]}"; do
    wait_settled "$unit" 90
    state=$(unit_prop "$unit" ActiveState)/$(unit_prop "$unit" SubState)
    type=$(unit_prop "$unit" Type)
    # Type=notify: "active" is only reached after READY=1; a unit that never notifies stays
    # "activating" until TimeoutStartSec and then fails.
    if [[ $state == active/running && $type == notify ]]; then
      pass "${unit%.service}_active_after_ready"
    else
      unit_journal "$unit"
      fail "${unit%.service}_active_after_ready" "state $state, Type=$type"
    fi
    check "${unit%.service}_enabled" "is-enabled: $(in_container systemctl is-enabled "$unit" 2>&1)" \
      test "$(in_container systemctl is-enabled "$unit" 2>&1)" = enabled
  done
}

# check_agents_healthy NAME — every agent (qa-<kind>-agent) reports to the control plane over
# HTTPS with the node token, and is healthy there, within 30 s.
check_agents_healthy() {
  local expected healthy="" i
  expected=$(printf '%s\n' "${UNITS[@]}" | sed -n 's/^qa-\(.*\)-agent\.service$/\1/p' | sort | paste -sd' ')
  for ((i = 0; i < 60; i++)); do
    healthy=$(controld_get /api/v1/nodes 2>/dev/null |
      jq -r '[.nodes[].agents[] | select(.healthy) | .kind] | sort | join(" ")' 2>/dev/null || true)
    [[ $healthy == "$expected" ]] && break
    sleep 0.5
  done
  check "$1" "healthy agents: '$healthy', expected '$expected'" test "$healthy" = "$expected"
}

check_https() {
  local nodes
  if nodes=$(controld_get /api/v1/nodes 2>"$LOGS/controld-curl.err"); then
    check controld_https_nodes "no node 'local' in $nodes" json_has '.nodes[] | select(.name == "local")' "$nodes"
  else
    fail controld_https_nodes "$(cat "$LOGS/controld-curl.err")"
  fi
  check_agents_healthy agents_report_to_controld
  # The KME answers ETSI GS QKD 014 over mutual TLS. A single node has no QKD link, so the
  # spec's error for a same-node slave SAE is the right answer; it needs the caller's
  # certificate to have been accepted (without it: 401).
  local answer
  answer=$(in_container curl -sS --max-time 10 --cacert /etc/quantum-agents/pki/ca.pem \
    --cert /etc/quantum-agents/pki/sae-local.pem --key /etc/quantum-agents/pki/sae-local.key \
    -w '\n%{http_code}' https://127.0.0.1:8443/api/v1/keys/local-tls/status 2>&1 || true)
  check kme_https_etsi014_answers_sae "answer: $(tr '\n' ' ' <<<"$answer")" \
    bash -c '[[ $(tail -n 1 <<<"$1") == 400 ]] && head -n -1 <<<"$1" | jq -e ".message | contains(\"is on this node\")" >/dev/null' _ "$answer"
  answer=$(in_container curl -sS --max-time 10 --cacert /etc/quantum-agents/pki/ca.pem \
    -w '\n%{http_code}' https://127.0.0.1:8443/api/v1/keys/local-tls/status 2>&1 || true)
  check kme_https_rejects_no_client_certificate "answer: $(tr '\n' ' ' <<<"$answer")" \
    bash -c '[[ $(tail -n 1 <<<"$1") == 401 ]]' _ "$answer"
}

check_analyze() {
  local unit out score max
  for unit in "${UNITS[@]}"; do
    # verify exits 0 on unknown keys and bad values (it only warns): any output fails.
    out=$(in_container systemd-analyze verify "/lib/systemd/system/$unit" 2>&1)
    check "${unit%.service}_analyze_verify_clean" "$out" test -z "$out"
    in_container systemd-analyze security --no-pager "$unit" >"$LOGS/security-${unit%.service}.txt" 2>&1 || true
    score=$(sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p' "$LOGS/security-${unit%.service}.txt")
    echo "  systemd-analyze security $unit: ${score:-?} ($(tail -n 1 "$LOGS/security-${unit%.service}.txt" | awk '{print $NF, $(NF-1)}'))"
    # A ceiling (SECURITY_MAX in packaging/daemons/, default 2.0), so that a unit losing its
    # hardening fails here (scores: docs/packaging.md, "The units").
    # shellcheck source=/dev/null
    max=$(source "$REPO/packaging/daemons/${unit%.service}.conf" && echo "${SECURITY_MAX:-2.0}")
    check "${unit%.service}_security_exposure_at_most_$max" "exposure ${score:-unknown}" \
      awk -v s="${score:-99}" -v max="$max" 'BEGIN { exit !(s <= max) }'
  done
}

check_watchdog() {
  local unit second control
  # The control: a unit that never pets its watchdog is killed for it in this systemd.
  in_container systemd-run -q --unit=qa-watchdog-control -p WatchdogSec=2 -p Restart=no /bin/sleep 60 >/dev/null 2>&1 || true
  sleep 4
  control=$(unit_prop qa-watchdog-control.service Result)
  check watchdog_control_unit_killed "Result=$control (expected watchdog)" test "$control" = watchdog
  in_container systemctl reset-failed qa-watchdog-control.service >/dev/null 2>&1 || true
  for unit in "${UNITS[@]}"; do
    check "${unit%.service}_watchdog_armed" "WatchdogUSec=$(unit_prop "$unit" WatchdogUSec)" \
      test "$(unit_prop "$unit" WatchdogUSec)" = 20s
  done
  # Twice the daemons' WatchdogSec apart, every daemon must have pinged again and still run
  # with the same process, never restarted.
  declare -A first_ping first_pid
  for unit in "${UNITS[@]}"; do
    first_ping[$unit]=$(unit_prop "$unit" WatchdogTimestampMonotonic)
    first_pid[$unit]=$(unit_prop "$unit" MainPID)
  done
  log "waiting 25 s (longer than WatchdogSec=20s) to see the watchdog fed"
  sleep 25
  for unit in "${UNITS[@]}"; do
    second=$(unit_prop "$unit" WatchdogTimestampMonotonic)
    check "${unit%.service}_watchdog_fed" \
      "last ping ${first_ping[$unit]} -> $second, NRestarts=$(unit_prop "$unit" NRestarts), PID ${first_pid[$unit]} -> $(unit_prop "$unit" MainPID)" \
      test "$second" -gt "${first_ping[$unit]}" -a "$(unit_prop "$unit" NRestarts)" = 0 \
      -a "$(unit_prop "$unit" MainPID)" = "${first_pid[$unit]}" -a "$(unit_prop "$unit" ActiveState)" = active
  done
}

check_restarts() {
  local unit pid restarts
  for unit in "${UNITS[@]}"; do
    pid=$(unit_prop "$unit" MainPID)
    in_container systemctl restart "$unit" >/dev/null 2>&1 || true
    if wait_new_pid "$unit" "$pid" 60; then pass "${unit%.service}_systemctl_restart"; else
      unit_journal "$unit"
      fail "${unit%.service}_systemctl_restart" "state $(unit_prop "$unit" ActiveState), PID $(unit_prop "$unit" MainPID)"
    fi
    pid=$(unit_prop "$unit" MainPID)
    restarts=$(unit_prop "$unit" NRestarts)
    # A unit without a main process has MainPID 0, and "kill -9 0" would kill this very test.
    if [[ $pid == 0 ]]; then
      fail "${unit%.service}_kill9_restarted" "no main process to kill (state $(unit_prop "$unit" ActiveState))"
      continue
    fi
    in_container sh -c "kill -9 $pid"
    # Restart=on-failure, RestartSec=2s: back within seconds, counted as a restart.
    if wait_new_pid "$unit" "$pid" 60 && (($(unit_prop "$unit" NRestarts) > restarts)); then
      pass "${unit%.service}_kill9_restarted"
    else
      unit_journal "$unit"
      fail "${unit%.service}_kill9_restarted" "state $(unit_prop "$unit" ActiveState), NRestarts $(unit_prop "$unit" NRestarts)"
    fi
  done
}

check_dkms() {
  local kver ko
  kver=$(in_container sh -c 'ls -d /usr/src/linux-headers-*-amd64 2>/dev/null' | head -n 1 | sed 's#.*/linux-headers-##')
  check dkms_debian_headers_installed "no linux-headers-*-amd64 in the container" test -n "$kver"
  in_container dkms status -m qrng >"$LOGS/dkms-status.txt" 2>&1 || true
  check dkms_qrng_installed_for_debian_kernel "dkms status: $(cat "$LOGS/dkms-status.txt")" \
    grep -qE "^qrng/[^,]+, $kver, x86_64: installed" "$LOGS/dkms-status.txt"
  ko=$(in_container sh -c "ls /lib/modules/$kver/updates/dkms/qrng.ko* 2>/dev/null" | head -n 1)
  check dkms_qrng_vermagic "module ${ko:-missing}: vermagic '$(in_container modinfo -F vermagic "${ko:-/nonexistent}" 2>&1)'" \
    bash -c "[[ -n '$ko' && \$(nsenter --target $CONTAINER_PID --mount -- modinfo -F vermagic '$ko') == '$kver '* ]]"
}

check_upgrade() {
  local conf=/etc/quantum-agents/kmed.json unit package pids=() version i
  # The admin's edit: a real setting, so that the daemon must start with it after the upgrade.
  in_container sed -i 's/"durability": "power_loss"/"durability": "process_crash"/' "$conf"
  for unit in "${UNITS[@]}"; do pids+=("$(unit_prop "$unit" MainPID)"); done
  if in_container sh -c 'apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold /root/upgrade/*.deb' \
    >"$LOGS/apt-upgrade.log" 2>&1; then
    pass apt_upgrade_to_rebuilt_version
  else
    tail -n 30 "$LOGS/apt-upgrade.log"
    fail apt_upgrade_to_rebuilt_version "log: $LOGS/apt-upgrade.log"
  fi
  for package in "${DAEMON_PACKAGES[@]}"; do
    version=$(in_container dpkg-query -W -f '${Version}' "$package" 2>&1)
    check "${package}_upgraded" "version $version" bash -c "[[ '$version' == *-2 ]]"
  done
  check upgrade_keeps_edited_conffile "$conf lost the admin's edit" \
    in_container grep -q '"durability": "process_crash"' "$conf"
  check upgrade_no_conffile_prompt_leftovers "$(in_container sh -c 'ls /etc/quantum-agents/*.dpkg-* 2>/dev/null')" \
    test -z "$(in_container sh -c 'ls /etc/quantum-agents/*.dpkg-* 2>/dev/null')"
  i=0
  for unit in "${UNITS[@]}"; do
    # postinst restarts every daemon on upgrade: a new process, active (READY) again.
    check "${unit%.service}_restarted_on_upgrade" "PID ${pids[$i]} -> $(unit_prop "$unit" MainPID), $(unit_prop "$unit" ActiveState)" \
      wait_new_pid "$unit" "${pids[$i]}" 60
    i=$((i + 1))
  done
}

check_purge() {
  local packages left
  mapfile -t packages < <(in_container sh -c \
    'for d in /root/dist/*.deb; do dpkg-deb -f "$d" Package; done')
  if in_container apt-get purge -y -q "${packages[@]}" >"$LOGS/apt-purge.log" 2>&1; then
    pass apt_purge
  else
    tail -n 30 "$LOGS/apt-purge.log"
    fail apt_purge "log: $LOGS/apt-purge.log"
  fi
  left=$(in_container dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null | grep -v ' un\? *$' || true)
  check purge_no_package_left "$left" test -z "$left"
  # Anything named after us anywhere on the root filesystem (the test's own .debs excepted).
  left=$(in_container find / -xdev \( -path /proc -o -path /sys -o -path /root/dist -o -path /root/upgrade \
    -o -path /var/cache/apt -o -path /var/log \) -prune -o \
    \( -name '*quantum-agents*' -o -name '*quantum-*' -o -name 'qa-*' -o -name 'qrng*' -o -name 'kmed.json' \
    -o -name 'controld*' \) -print 2>/dev/null | head -n 20)
  check purge_leaves_no_file "left behind: $(tr '\n' ' ' <<<"$left")" test -z "$left"
  in_container systemctl daemon-reload
  left=$(in_container systemctl list-units --all --plain --no-legend 'qa-*' 2>&1)
  check purge_leaves_no_unit "$left" test -z "$left"
  # minbase has no procps: the container's /proc directly.
  left=$(in_container sh -c 'cat /proc/[0-9]*/comm 2>/dev/null' | grep '^qa-' || true)
  check purge_leaves_no_process "$left" test -z "$left"
}

deb_checks() {
  check_install || return 0
  check_units_ready
  check_https
  check_analyze
  check_watchdog
  check_restarts
  privilege_checks
  check_pki_import
  check_dkms
  check_upgrade
  check_purge
}
