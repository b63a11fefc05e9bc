# shellcheck shell=bash
# strongSwan charon-systemd daemons, one per node namespace, each with its own strongswan.conf
# and VICI socket, ESP in userspace (kernel-libipsec over a TUN device: this kernel has no
# ESP). See docs/agents.md "On the testbed". Needs common.sh and procs.sh sourced first.
# The C# twin for tests is tests/QuantumAgents.Integration.Tests/Support/CharonNamespace.cs.

QA_CHARON_BINARY=${QA_CHARON_BINARY:-/usr/sbin/charon-systemd}
QA_CHARON_READY_TIMEOUT=${QA_CHARON_READY_TIMEOUT:-15}
# kernel-libipsec must come before kernel-netlink: the first kernel-ipsec backend wins, and
# kernel-netlink would install XFRM states this kernel cannot process.
QA_CHARON_PLUGINS="random nonce openssl aes sha1 sha2 hmac gmp kdf gcm kernel-libipsec kernel-netlink socket-default vici updown"

charon_name() { echo "charon-$1"; }
charon_dir() { echo "$QA_TESTBED_DIR/charon/$1"; }
charon_conf() { echo "$(charon_dir "$1")/strongswan.conf"; }
# charon_socket NODE — the node's VICI socket (reachable from the root namespace too).
charon_socket() { echo "$(charon_dir "$1")/charon.vici"; }
charon_uri() { echo "unix://$(charon_socket "$1")"; }
charon_pid() { pid_of "$QA_PID_DIR/$(charon_name "$1").pid"; }

# charon_write_conf NODE — the node's strongswan.conf; charon logs to logs/charon-NODE.filelog.
charon_write_conf() {
  local node=$1
  mkdir -p "$(charon_dir "$node")" "$QA_LOG_DIR"
  cat >"$(charon_conf "$node")" <<CONF
charon {
  load = $QA_CHARON_PLUGINS
  install_routes = yes
  install_virtual_ip = no
  # Re-authentication (the IPsec agent's fresh QKD key every rekey_seconds) builds the new
  # IKE_SA and CHILD_SA before deleting the old ones, so traffic never lacks an SA.
  make_before_break = yes
  # A dead peer (its charon restarted) is given up after ~7 s instead of ~165 s, so the
  # IPsec agent can key the tunnel again while the tests wait.
  retransmit_timeout = 1.0
  retransmit_base = 1.4
  retransmit_tries = 3
  filelog {
    main {
      path = $QA_LOG_DIR/$(charon_name "$node").filelog
      time_format = %H:%M:%S
      # Milliseconds: the tests line up a re-authentication with the pings around it.
      time_add_ms = yes
      flush_line = yes
      default = 1
      ike = 2
      cfg = 2
      knl = 2
    }
  }
  plugins {
    vici {
      socket = $(charon_uri "$node")
    }
  }
}
charon-systemd {
  # As packaged (/etc/strongswan.d/quantum-agents-vici.conf): charon runs as this group, so its
  # VICI socket is root:<group> 0770 and the IPsec agent, not root, reaches it as a member.
  group = $QA_IPSEC_AGENT_USER
  journal {
    default = -1
  }
}
swanctl {
  load = random openssl pem pkcs1 x509 pubkey
}
CONF
}

# charon_start NODE — start the node's charon (unless it runs) and wait for its VICI socket.
charon_start() {
  local node=$1 ns pid
  ns=$(node_netns "$node")
  if pid=$(charon_pid "$node"); then
    log "$(charon_name "$node") already running (pid $pid)"
    return 0
  fi
  require_commands "$QA_CHARON_BINARY" swanctl
  netns_exists "$ns" || die "namespace $ns missing — run: $0 up"
  # The group its VICI socket gets (charon-systemd.group) must exist before charon resolves it.
  ipsec_agent_account
  charon_write_conf "$node"
  # Router solicitations on ipsec0 only fill the log with policy misses.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
  # charon-systemd ignores its arguments: the conf path is there so that the command line
  # names a file under $QA_TESTBED_DIR, which is how procs.sh recognises its own processes.
  start_in_netns "$(charon_name "$node")" "$ns" \
    env STRONGSWAN_CONF="$(charon_conf "$node")" "$QA_CHARON_BINARY" "$(charon_conf "$node")"
  charon_wait_ready "$node"
  log "started $(charon_name "$node") (pid $(charon_pid "$node"))"
}

# charon_wait_ready NODE — until charon answers over VICI; on failure show its log and exit 1.
charon_wait_ready() {
  local node=$1 deadline=$((SECONDS + QA_CHARON_READY_TIMEOUT))
  until STRONGSWAN_CONF=$(charon_conf "$node") swanctl --stats --uri "$(charon_uri "$node")" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)) || ! charon_pid "$node" >/dev/null; then
      show_log_tail "$(charon_name "$node")"
      tail -n 20 "$QA_LOG_DIR/$(charon_name "$node").filelog" >&2 2>/dev/null || true
      die "$(charon_name "$node") not answering on $(charon_socket "$node")"
    fi
    sleep 0.05
  done
}

# charon_stop NODE — SIGTERM (charon-systemd ignores SIGINT), SIGKILL after QA_STOP_TIMEOUT.
charon_stop() {
  stop_pidfile "$QA_PID_DIR/$(charon_name "$1").pid" TERM
  rm -f "$(charon_socket "$1")"
}

# charon_kill NODE — SIGKILL, as a crash would (for the agent's recovery tests).
charon_kill() {
  local pid
  if pid=$(charon_pid "$1"); then
    log "killing $(charon_name "$1") (pid $pid, SIGKILL)"
    signal_pid "$pid" KILL
    wait_gone "$pid" 5 || die "$(charon_name "$1") (pid $pid) survived SIGKILL"
  fi
  rm -f "$QA_PID_DIR/$(charon_name "$1").pid" "$(charon_socket "$1")"
}
