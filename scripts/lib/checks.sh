# shellcheck shell=bash
# The PASS/FAIL bookkeeping of the test scripts scripts/test.sh runs (kernel-test,
# vm-entropy-test, package-test): one "PASS name" / "FAIL name: why" line per check and, at the
# end, one "SUITE: N passed, N failed" line that test.sh adds to its total — also when a setup
# step dies early, so a broken run is never counted as an empty one.
#
#   CHECKS_SUITE=kernel-test; source lib/checks.sh
#   pass NAME | fail NAME WHY | check NAME WHY COMMAND...   (PASS if COMMAND succeeds)
#   finish                 the counts line; exits 0 only if something passed and nothing failed
#   checks_stopped_early   for the script's EXIT trap: a FAIL and the counts line if finish never ran
#   checks_teardown        defined by a script that has something to stop before the counts line

passed=0
failed=0
checks_finished=no

pass() {
  echo "PASS $1"
  passed=$((passed + 1))
}

fail() {
  echo "FAIL $1: $2"
  failed=$((failed + 1))
}

check() {
  local name=$1 why=$2
  shift 2
  if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

finish() {
  checks_finished=yes
  if declare -F checks_teardown >/dev/null; then checks_teardown; fi
  echo "$CHECKS_SUITE: $passed passed, $failed failed"
  ((failed == 0 && passed > 0))
  exit
}

checks_stopped_early() {
  [[ $checks_finished == yes ]] && return
  if declare -F checks_teardown >/dev/null; then checks_teardown; fi
  echo "FAIL ${CHECKS_SUITE//-/_}_setup: stopped early, see above"
  echo "$CHECKS_SUITE: $passed passed, $((failed + 1)) failed"
}
