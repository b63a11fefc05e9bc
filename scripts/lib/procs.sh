# shellcheck shell=bash
# Processes the testbed starts: one pid file each under $QA_PID_DIR, logs under $QA_LOG_DIR.
# Nothing is ever stopped by name — only the PIDs recorded here, and only while the
# process still looks like ours (its command line names a file under $QA_TESTBED_DIR).

QA_STOP_TIMEOUT=${QA_STOP_TIMEOUT:-10}

# proc_field PID N — field N of /proc/PID/stat counted from the state (1 = state, 3 = pgrp).
# Fails when the process is gone. (The command name before it may hold spaces.)
proc_field() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -r -a fields <<<"${stat##*) }"
  echo "${fields[$(($2 - 1))]}"
}

# proc_alive PID — running (a zombie waiting for its parent to reap it counts as gone).
proc_alive() {
  local state
  state=$(proc_field "$1" 1) || return 1
  [[ $state != Z && $state != X ]]
}

# pid_of PIDFILE — prints the PID if it is alive and ours; fails otherwise.
pid_of() {
  local pid
  [[ -s $1 ]] || return 1
  read -r pid <"$1" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  proc_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$QA_TESTBED_DIR/" || return 1
  echo "$pid"
}

# wait_gone PID SECONDS — true once the PID has exited.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while proc_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# signal_pid PID SIGNAL — our daemons lead their own session (setsid), so signal the
# whole process group: helpers they spawned go with them.
signal_pid() {
  if [[ $(proc_field "$1" 3 2>/dev/null) == "$1" ]]; then
    kill "-$2" -- "-$1" 2>/dev/null || true
  else
    kill "-$2" "$1" 2>/dev/null || true
  fi
}

# stop_pidfile PIDFILE [SIGNAL] — SIGTERM (or SIGNAL), wait, then SIGKILL; removes the file.
stop_pidfile() {
  local file=$1 signal=${2:-TERM} name pid
  name=$(basename "$file" .pid)
  if pid=$(pid_of "$file"); then
    log "stopping $name (pid $pid, SIG$signal)"
    signal_pid "$pid" "$signal"
    if ! wait_gone "$pid" "$QA_STOP_TIMEOUT"; then
      warn "$name (pid $pid) still running after ${QA_STOP_TIMEOUT}s; sending SIGKILL"
      signal_pid "$pid" KILL
      wait_gone "$pid" 5 || die "$name (pid $pid) survived SIGKILL"
    fi
  fi
  rm -f "$file"
}

# start_in_netns NAME NETNS COMMAND... — detached (own session) inside NETNS (the root
# namespace when NETNS is empty), logs appended to
# logs/NAME.log, PID in pids/NAME.pid. The caller's QA_* variables are not passed on: the
# daemons read QA_-prefixed variables as settings (QA_keys__ttl_seconds=60), and the
# testbed's own (QA_TESTBED_DIR, QA_SKIP_BUILD, ...) are not theirs.
start_in_netns() {
  local name=$1 ns=$2; shift 2
  local pid_file=$QA_PID_DIR/$name.pid log_file=$QA_LOG_DIR/$name.log
  local unset_args=() var in_netns=()
  [[ -z $ns ]] || in_netns=(ip netns exec "$ns")
  for var in $(compgen -e); do
    [[ $var == QA_* ]] && unset_args+=(-u "$var")
  done
  rm -f "$pid_file"
  printf '=== %s testbed: starting %s in %s: %s\n' "$(date -Is)" "$name" "${ns:-the root namespace}" "$*" >>"$log_file"
  # sh writes its own PID, then exec's `ip netns exec`, which exec's the daemon: same PID.
  # fd 9 is testbed.sh's lock: the daemon must not hold it.
  # shellcheck disable=SC2016  # $$, $0 and $@ are for the inner sh
  env "${unset_args[@]}" -u NOTIFY_SOCKET -u WATCHDOG_USEC -u WATCHDOG_PID \
    setsid sh -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "${in_netns[@]}" "$@" \
    </dev/null >>"$log_file" 2>&1 9>&- &
  local deadline=$((SECONDS + 5))
  until [[ -s $pid_file ]]; do
    ((SECONDS < deadline)) || die "$name did not start (see $log_file)"
    sleep 0.05
  done
}

# show_log_tail NAME — last lines of logs/NAME.log, for failures.
show_log_tail() {
  local log_file=$QA_LOG_DIR/$1.log
  echo "---- last 20 lines of $log_file ----" >&2
  tail -n 20 "$log_file" >&2 2>/dev/null || true
  echo "----" >&2
}

# stop_all — every process the testbed recorded.
stop_all() {
  local file
  [[ -d $QA_PID_DIR ]] || return 0
  for file in "$QA_PID_DIR"/*.pid; do
    [[ -e $file ]] && stop_pidfile "$file"
  done
  return 0
}
