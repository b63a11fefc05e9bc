#!/bin/sh
# Runs inside the VM of scripts/package-test.sh --vm (a oneshot unit after multi-user.target):
# Debian's kernel, systemd as PID 1, the packages installed with apt. Writes PASS/FAIL lines and
# a QA-VM-RESULT marker to the serial console, then powers the machine off.
failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# Every daemon up after READY=1 (Type=notify units are "active" only then).
for unit in $(systemctl list-unit-files --no-legend 'qa-*.service' | awk '$1 != "qa-vm-guest-checks.service" {print $1}'); do
  i=0
  while [ "$(systemctl show -p ActiveState --value "$unit")" = activating ] && [ $i -lt 300 ]; do
    sleep 1; i=$((i + 1))
  done
  state=$(systemctl show -p ActiveState --value "$unit")
  if [ "$state" = active ]; then pass "vm_${unit%.service}_active"; else
    fail "vm_${unit%.service}_active" "$state"
    journalctl -u "$unit" --no-pager -n 10 -o cat
  fi
done

# qa-qrng-agent loads qrng.ko (built by DKMS at install) when /dev/qrng is missing.
i=0
while [ ! -c /dev/qrng ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
if grep -q '^qrng ' /proc/modules; then pass vm_qrng_module_loaded; else fail vm_qrng_module_loaded "not in /proc/modules"; fi
if [ -c /dev/qrng ]; then pass vm_dev_qrng_present; else fail vm_dev_qrng_present "no /dev/qrng"; fi
modinfo -F filename qrng | grep -q '/updates/dkms/' && pass vm_qrng_from_dkms ||
  fail vm_qrng_from_dkms "$(modinfo -F filename qrng 2>&1)"
# The agent fills the device; a reader gets bytes.
n=$(timeout 60 head -c 4096 /dev/qrng | wc -c)
[ "$n" = 4096 ] && pass vm_dev_qrng_read_4096 || fail vm_dev_qrng_read_4096 "read $n bytes"
current=$(cat /sys/class/misc/hw_random/rng_current 2>/dev/null)
[ "$current" = qrng ] && pass vm_hwrng_current_is_qrng || fail vm_hwrng_current_is_qrng "rng_current=$current"
n=$(timeout 60 head -c 64 /dev/hwrng | wc -c)
[ "$n" = 64 ] && pass vm_dev_hwrng_read || fail vm_dev_hwrng_read "read $n bytes"

# Least privilege: the agent feeds /dev/qrng with no capability (the unit's ExecStartPre=+ loaded
# the module with writer_gid= its group and quality= its claimed min-entropy); readers are the
# qrng group, not the world.
pid=$(systemctl show -p MainPID --value qa-qrng-agent.service)
caps=$(grep -E '^Cap(Eff|Prm)' "/proc/$pid/status" | awk '{print $2}' | sort -u)
uid=$(awk '/^Uid:/ { print $3 }' "/proc/$pid/status")
[ "$caps" = 0000000000000000 ] && [ "$uid" = "$(id -u qa-qrng-agent)" ] && pass vm_qrng_agent_feeds_without_capabilities ||
  fail vm_qrng_agent_feeds_without_capabilities "uid $uid, CapEff/CapPrm $caps"
[ "$(cat /sys/module/qrng/parameters/writer_gid)" = "$(getent group qa-qrng-agent | cut -d: -f3)" ] &&
  [ "$(cat /sys/module/qrng/parameters/quality)" = 768 ] && pass vm_qrng_loaded_with_writer_group_and_quality ||
  fail vm_qrng_loaded_with_writer_group_and_quality "writer_gid $(cat /sys/module/qrng/parameters/writer_gid), quality $(cat /sys/module/qrng/parameters/quality)"
perms=$(stat -c '%U:%G %a' /dev/qrng)
[ "$perms" = "qa-qrng-agent:qrng 640" ] && pass vm_dev_qrng_group_readable_only || fail vm_dev_qrng_group_readable_only "$perms"
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups head -c 16 /dev/qrng 2>&1 >/dev/null)
case $out in *"Permission denied"*) pass vm_dev_qrng_refuses_others ;; *) fail vm_dev_qrng_refuses_others "nobody: '$out'" ;; esac
n=$(setpriv --reuid=nobody --regid=nogroup --groups="$(getent group qrng | cut -d: -f3)" head -c 16 /dev/qrng | wc -c)
[ "$n" = 16 ] && pass vm_dev_qrng_qrng_group_reads || fail vm_dev_qrng_qrng_group_reads "read $n bytes"

# The IPsec agent, not root, drives the real charon over VICI (its report carries charon's
# version, read over VICI) through the qa-vici group charon-systemd runs as.
facts=""
i=0
while [ $i -lt 60 ]; do
  facts=$(curl -sS --max-time 5 --cacert /etc/quantum-agents/pki/ca.pem -H "Authorization: Bearer $(cat /etc/quantum-agents/pki/admin.token)" \
    https://127.0.0.1:8480/api/v1/nodes 2>/dev/null |
    grep -o '"charon":"[^"]*"' | cut -d'"' -f4)
  case $facts in *5.[0-9]*) break ;; esac
  sleep 1; i=$((i + 1))
done
pid=$(systemctl show -p MainPID --value qa-ipsec-agent.service)
uid=$(awk '/^Uid:/ { print $3 }' "/proc/$pid/status")
case $facts in
*5.[0-9]*) [ "$uid" != 0 ] && pass vm_ipsec_agent_drives_charon_without_root || fail vm_ipsec_agent_drives_charon_without_root "uid $uid" ;;
*) fail vm_ipsec_agent_drives_charon_without_root "charon '$facts', socket $(stat -c '%U:%G %a' /run/charon.vici 2>&1), uid $uid"
  journalctl -u qa-ipsec-agent.service --no-pager -n 10 -o cat ;;
esac

# rngd (rng-tools-debian) reads /dev/qrng: quantum-qrng-agent's drop-in binds it to
# dev-qrng.device, and the udev rule starts it whenever the device appears.
rngd_reads_qrng() {
  i=0
  while [ "$(systemctl show -p ActiveState --value rng-tools-debian.service)" != active ] && [ $i -lt 60 ]; do
    sleep 1; i=$((i + 1))
  done
  pid=$(systemctl show -p MainPID --value rng-tools-debian.service)
  [ "${pid:-0}" -gt 0 ] && [ "$(readlink "/proc/$pid/fd/"* 2>/dev/null | grep -c '^/dev/qrng$')" -ge 1 ]
}
rngd_state() { echo "$(systemctl show -p ActiveState -p MainPID -p ExecStart --value rng-tools-debian.service | tr '\n' ' ')"; }
if rngd_reads_qrng; then pass vm_rngd_reads_dev_qrng; else
  fail vm_rngd_reads_dev_qrng "$(rngd_state)"
  journalctl -u rng-tools-debian.service --no-pager -n 10 -o cat
fi
# What rngd took from /dev/qrng went through its FIPS tests into the kernel's pool (SIGUSR1:
# its statistics, into the journal).
systemctl kill -s USR1 rng-tools-debian.service
sleep 2
bits=$(journalctl -u rng-tools-debian.service --no-pager -o cat | sed -n 's/.*bits sent to kernel pool: \([0-9]*\).*/\1/p' | tail -n 1)
[ "${bits:-0}" -gt 0 ] && pass vm_rngd_feeds_kernel_pool || fail vm_rngd_feeds_kernel_pool "bits sent to kernel pool: ${bits:-none}"
# The module reloaded (rngd and the agent hold the device, so both stop first): the agent loads
# it again and rngd follows the new device by itself.
systemctl stop rng-tools-debian.service qa-qrng-agent.service
modprobe -r qrng && [ ! -e /dev/qrng ] && pass vm_qrng_module_unloaded || fail vm_qrng_module_unloaded "$(lsmod | grep qrng)"
systemctl start qa-qrng-agent.service
if rngd_reads_qrng; then pass vm_rngd_follows_module_reload; else
  fail vm_rngd_follows_module_reload "$(rngd_state)"
  journalctl -u rng-tools-debian.service --no-pager -n 10 -o cat
fi

echo "kernel $(uname -r), $(systemctl --version | head -n 1)"

if [ $failed -eq 0 ]; then echo "QA-VM-RESULT: PASS"; else echo "QA-VM-RESULT: FAIL ($failed)"; fi
systemctl --no-block poweroff
