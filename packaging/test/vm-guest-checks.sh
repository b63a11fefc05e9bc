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
