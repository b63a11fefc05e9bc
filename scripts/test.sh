#!/usr/bin/env bash
# The whole test suite: setup, a Release build, then every test project (unit tests, and the
# integration and end-to-end tests on the three-node testbed), the /dev/qrng kernel module in
# Debian's kernel under qemu (scripts/kernel-test.sh), the deb/rpm packages installed into a
# systemd-nspawn-booted Debian and then booted as a qemu machine (scripts/package-test.sh, and
# its --vm), and qa-qrng-agent feeding /dev/qrng in a VM (scripts/vm-entropy-test.sh).
# Needs root (network namespaces). Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

"$REPO/scripts/setup.sh"
dotnet build QuantumAgents.sln -c Release -nologo -v q

results=$(mktemp)
started=$(mktemp)
trap 'rm -f "$results" "$started"' EXIT
status=0
# --blame-hang-timeout: a hung test fails the run with a dump instead of stalling CI.
# -m:1: one test assembly at a time; the integration and end-to-end tests share the testbed
# (their fixtures also take a session lock, so running them side by side would only make one wait).
QA_SKIP_BUILD=1 dotnet test QuantumAgents.sln -c Release --no-build -nologo -m:1 \
  --blame-hang-timeout 10m 2>&1 | tee "$results" || status=$?
# The /dev/qrng module in Debian's kernel under qemu; ends with "kernel-test: N passed, N failed".
"$REPO/scripts/kernel-test.sh" 2>&1 | tee -a "$results" || status=$?
# The deb/rpm packages in a systemd-nspawn-booted Debian; ends with "package-test: N passed, N failed".
"$REPO/scripts/package-test.sh" 2>&1 | tee -a "$results" || status=$?
# The packages booted as a machine: Debian's kernel, systemd, DKMS, udev, rngd on /dev/qrng;
# ends with "package-test-vm: N passed, N failed".
"$REPO/scripts/package-test.sh" --vm 2>&1 | tee -a "$results" || status=$?
# package-test's NativeAOT qa-qrng-agent, built in this run: vm-entropy-test takes it as it is.
published=$REPO/out/packaging/publish/qa-qrng-agent
if [[ $published/qa-qrng-agent -nt $started ]]; then export QA_QRNG_AGENT_PUBLISHED=$published; fi
# qa-qrng-agent feeding /dev/qrng in a qemu guest from the network; ends with "vm-entropy-test: N passed, N failed".
"$REPO/scripts/vm-entropy-test.sh" 2>&1 | tee -a "$results" || status=$?

# Each test assembly prints "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...".
read -r passed failed skipped < <(
  grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$results" |
    awk -F'[:,] *' '{f += $2; p += $4; s += $6} END {print p+0, f+0, s+0}')
# An assembly whose test host died counts as one failure (its remaining tests never ran).
failed=$((failed + $(grep -c '^Test Run Aborted' "$results" || true)))
# Each script ends with "SUITE: N passed, N failed".
for suite in kernel-test package-test package-test-vm vm-entropy-test; do
  if [[ $(grep -E "^$suite: [0-9]+ passed, [0-9]+ failed\$" "$results" | tail -n 1) =~ :\ ([0-9]+)\ passed,\ ([0-9]+) ]]; then
    passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2]))
  fi
done
if ((passed == 0 && failed == 0)); then
  echo "no test ran" >&2
  status=1
fi
if ((status != 0 && failed == 0)); then
  failed=1 # the run broke outside a test (build, crash, hang): count it
fi
# Name what failed once more at the end, where a CI log's tail shows it: dotnet test's
# "  Failed Namespace.Class.Test [12 ms]" lines with the first lines of their error message,
# the test a test host died in (a crash, or a hang past --blame-hang-timeout: the rest of that
# assembly did not run), and the scripts' "FAIL check: why" lines.
{
  awk '/^[[:space:]]+Failed [A-Za-z_][A-Za-z0-9_.]+/ || /^FAIL / { sub(/^[[:space:]]+/, ""); print; why = 0; next }
       /^[[:space:]]+Error Message:/ { why = 3; next }
       /^[[:space:]]+Stack Trace:/ { why = 0 }
       why > 0 { sub(/^[[:space:]]+/, ""); print "  " substr($0, 1, 300); why-- }' "$results"
  grep -A1 '^The test running when the crash occurred' "$results" | grep -E '^[A-Za-z_][A-Za-z0-9_.]+$' |
    sed 's/^/Aborted (test host crashed or hung) in /'
} | sed 's/^/  /' || true
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
