#!/usr/bin/env bash
# The whole test suite: setup, a Release build, then every test project (unit tests and the
# integration tests that bring up the three-node testbed with real qa-kmed daemons), and the
# /dev/qrng kernel module in Debian's kernel under qemu (scripts/kernel-test.sh).
# Needs root (network namespaces). Ends with one line: "N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

"$REPO/scripts/setup.sh"
dotnet build QuantumAgents.sln -c Release -nologo -v q

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
# --blame-hang-timeout: a hung test fails the run with a dump instead of stalling CI.
QA_SKIP_BUILD=1 dotnet test QuantumAgents.sln -c Release --no-build -nologo \
  --blame-hang-timeout 10m 2>&1 | tee "$results" || status=$?
# The /dev/qrng module in Debian's kernel under qemu; ends with "kernel-test: N passed, N failed".
"$REPO/scripts/kernel-test.sh" 2>&1 | tee -a "$results" || status=$?

# Each test assembly prints "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...".
read -r passed failed skipped < <(
  grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$results" |
    awk -F'[:,] *' '{f += $2; p += $4; s += $6} END {print p+0, f+0, s+0}')
if [[ $(grep -E '^kernel-test: [0-9]+ passed, [0-9]+ failed$' "$results" | tail -n 1) =~ ^kernel-test:\ ([0-9]+)\ passed,\ ([0-9]+) ]]; then
  passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2]))
fi
if ((passed == 0 && failed == 0)); then
  echo "no test ran" >&2
  status=1
fi
if ((status != 0 && failed == 0)); then
  failed=1 # the run broke outside a test (build, crash, hang): count it
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
