# shellcheck shell=bash
# A throw-away copy of the cached root booted with `systemd-nspawn -b` (systemd as PID 1), and
# commands run inside it through nsenter. Sourced by scripts/package-test.sh.
#
#   container_boot ROOT RUN MACHINE LOG   copies ROOT to RUN/root and boots it (in the background)
#   in_container CMD...                   runs CMD as root inside the container
#   stop_container                        powers it off (kills it if it does not go)

CONTAINER_PID=""

container_boot() {
  local root=$1 run=$2 machine=$3 console=$4 i j child
  rm -rf "$run"
  mkdir -p "$run"
  cp -a --reflink=auto "$root" "$run/root"
  # --register=no --keep-unit: the host has no systemd to register with (it is not PID 1).
  # --private-network: the daemons' ports and addresses stay inside the container.
  systemd-nspawn -b -D "$run/root" -M "$machine" --register=no --keep-unit --private-network \
    --console=pipe -- systemd.unit=multi-user.target systemd.mask=console-getty.service \
    </dev/null >"$console" 2>&1 &
  nspawn_pid=$!
  # The container's PID 1 is nspawn's child running systemd.
  for ((i = 0; i < 200; i++)); do
    for child in $(ps -o pid= --ppid "$nspawn_pid" 2>/dev/null); do
      if [[ $(cat "/proc/$child/comm" 2>/dev/null) == systemd ]]; then
        CONTAINER_PID=$child
        # Wait until systemd answers on its private socket.
        for ((j = 0; j < 100; j++)); do
          in_container systemctl is-system-running >/dev/null 2>&1 && return 0
          [[ $(in_container systemctl is-system-running 2>/dev/null) == starting ]] && return 0
          sleep 0.1
        done
        return 0
      fi
    done
    kill -0 "$nspawn_pid" 2>/dev/null || { tail -n 30 "$console"; die "systemd-nspawn exited"; }
    sleep 0.1
  done
  tail -n 30 "$console"
  die "no systemd came up in the container"
}

in_container() {
  [[ -n $CONTAINER_PID ]] || die "no container"
  nsenter --target "$CONTAINER_PID" --mount --uts --ipc --net --pid --cgroup -- \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root DEBIAN_FRONTEND=noninteractive "$@"
}

stop_container() {
  local i
  [[ -n ${nspawn_pid:-} ]] || return 0
  if kill -0 "$nspawn_pid" 2>/dev/null; then
    in_container systemctl --no-block poweroff >/dev/null 2>&1 || true
    for ((i = 0; i < 300; i++)); do
      kill -0 "$nspawn_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$nspawn_pid" 2>/dev/null || true
  fi
  wait "$nspawn_pid" 2>/dev/null || true
  nspawn_pid=""
  CONTAINER_PID=""
}
