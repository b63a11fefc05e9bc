#!/usr/bin/env bash
# A VM reads /dev/qrng fed from the network. Boots Debian's kernel under qemu with qrng.ko,
# the NativeAOT qa-qrng-agent and its libraries in a busybox initramfs; qemu's user network
# lets the guest reach two servers this script starts on the host's loopback:
#   - qa-controld, whose entropy source is a device source pointed at a file of random bytes
#     written here, so the test knows every byte the guest's /dev/qrng must yield, in order;
#   - busybox httpd with two REST "appliances" (CGI): one serving random bytes, one whose
#     bytes get stuck after a known count.
# The guest (scripts/vm-entropy-test/init) runs the agent against each: exact bytes with
# hwrng=0; hwrng on with rngd reading /dev/qrng; the stuck source cut off before any stuck
# byte reaches the device. Here the guest's reports are checked against the files and the
# agents' reports against the control plane's view.
# Prints "PASS <name>" / "FAIL <name>: why" and ends with "vm-entropy-test: N passed, N failed".
# Needs root (apt-get, mknod). QEMU_ACCEL=tcg|kvm; VM_ENTROPY_TEST_DIR (default out/vm-entropy-test).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export QEMU_MEMORY=${QEMU_MEMORY:-512}
# The guest's one way out: qemu user networking, restricted, with one forward per host server
# (set below, once their loopback ports are known).
HOST_ALIAS=10.0.2.100
# shellcheck source=lib/qemu.sh
source "$REPO/scripts/lib/qemu.sh"
# shellcheck source=vm-entropy-test/guest.sh
source "$REPO/scripts/vm-entropy-test/guest.sh"

WORK=${VM_ENTROPY_TEST_DIR:-$REPO/out/vm-entropy-test}
BOOT_TIMEOUT=${VM_ENTROPY_BOOT_TIMEOUT:-300}
CONTROLD=${QA_CONTROLD_BINARY:-$REPO/agents/QuantumAgents.ControlPlane/bin/Release/net10.0/qa-controld}
EXACT_BYTES=$((1 << 20))
STUCK_AFTER=150000 # good bytes the stuck appliance serves before it sticks; not a batch multiple

CHECKS_SUITE=vm-entropy-test
# shellcheck source=lib/checks.sh
source "$REPO/scripts/lib/checks.sh"
servers=()
cleanup() {
  local pid
  for pid in "${servers[@]}"; do
    if kill "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  checks_stopped_early
}
trap cleanup EXIT

if [[ $(id -u) -ne 0 ]]; then
  fail vm_entropy_test_setup "must run as root (apt-get, mknod); try: sudo $0"
  finish
fi
# linux-headers-amd64 + gcc/make: qrng.ko; qemu-system-x86, busybox-static, cpio: the guest and
# the host's httpd; kmod: depmod for the guest's modprobe; clang, zlib1g-dev: the NativeAOT link;
# xz-utils, binutils: the PVH vmlinux; curl, jq, openssl: talking to the control plane.
qemu_require_packages linux-headers-amd64 qemu-system-x86 busybox-static cpio gcc make kmod \
  clang zlib1g-dev xz-utils binutils curl jq openssl iproute2
KVER=$(qemu_kernel_version)
echo "vm-entropy-test: Debian kernel $KVER"

rm -rf "$WORK"
mkdir -p "$WORK"/{log,www/cgi-bin,state,guest}

# --- What goes into the guest ---------------------------------------------------------
qrng_guest_build_module "$WORK" "$KVER" || { fail module_builds "see above"; finish; }
qrng_guest_publish_agent "$WORK" || { fail agent_publishes_nativeaot "see above"; finish; }
agent=$WORK/agent/qa-qrng-agent
check agent_is_one_native_binary "not an ELF executable, or an IL assembly beside it" sh -c "head -c 4 '$agent' | grep -q ELF && [ ! -e '$WORK/agent/qa-qrng-agent.dll' ]"
echo "vm-entropy-test: qa-qrng-agent $(($(stat -c %s "$agent") / 1024)) KiB, native libraries: $(find "$WORK/agent" -maxdepth 1 -name '*.so' -printf '%f ')"
if [[ ! -x $CONTROLD ]]; then
  dotnet build "$REPO/agents/QuantumAgents.ControlPlane/QuantumAgents.ControlPlane.csproj" -c Release -nologo -v q >"$WORK/log/controld-build.log" 2>&1 ||
    { cat "$WORK/log/controld-build.log"; fail controld_builds "see above"; finish; }
fi

# The bytes: the control plane's file, the good appliance's, and the one that gets stuck.
head -c $((4 << 20)) /dev/urandom >"$WORK/entropy.bin"
head -c $((4 << 20)) /dev/urandom >"$WORK/good.bin"
{ head -c "$STUCK_AFTER" /dev/urandom; head -c $((1 << 20)) /dev/zero | tr '\0' '\245'; } >"$WORK/stuck.bin"

free_port() {
  local port
  for port in $(shuf -i 20000-29999 -n 50); do
    [[ -n $(ss -Hltn "sport = :$port") ]] || { echo "$port"; return 0; }
  done
  return 1
}
CP_PORT=$(free_port)
REST_PORT=$(free_port)
[[ $REST_PORT != "$CP_PORT" ]] || REST_PORT=$(free_port)
sha256_hex() { sha256sum | cut -d' ' -f1; }
# Tokens without a newline: the control plane hashes exactly what a caller presents.
(umask 077 && for name in admin vm-exact vm-rest vm-stuck; do openssl rand -hex 32 | tr -d "\n" >"$WORK/guest/$name.token"; done)
node_entry() { jq -n --arg hash "$(sha256_hex <"$WORK/guest/$1.token")" --arg address "$2" '{address: $address, links: [], token_sha256: $hash}'; }
jq -n --arg listen "http://127.0.0.1:$CP_PORT" --arg state "$WORK/state" --arg file "$WORK/entropy.bin" \
  --arg admin "$(sha256_hex <"$WORK/guest/admin.token")" \
  --argjson exact "$(node_entry vm-exact 198.18.250.1)" --argjson rest "$(node_entry vm-rest 198.18.250.2)" \
  --argjson stuck "$(node_entry vm-stuck 198.18.250.3)" \
  '{listen: [$listen], state_directory: $state, durability: "process_crash", admin_token_sha256: $admin,
    nodes: {"vm-exact": $exact, "vm-rest": $rest, "vm-stuck": $stuck},
    entropy: {source: {kind: "device", path: $file, quantum: false}}}' >"$WORK/controld.json"

# --- The host's servers, on loopback ----------------------------------------------------
"$CONTROLD" --config "$WORK/controld.json" >"$WORK/log/controld.log" 2>&1 &
servers+=($!)
admin() {
  curl -sS --fail-with-body --max-time 10 -H "Authorization: Bearer $(cat "$WORK/guest/admin.token")" \
    -H 'Content-Type: application/json' -X "$1" ${3:+--data "$3"} "http://127.0.0.1:$CP_PORT$2"
}
for _ in $(seq 1 150); do
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$CP_PORT/healthz" && break
  kill -0 "${servers[0]}" 2>/dev/null || break
  sleep 0.2
done
if ! curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$CP_PORT/healthz"; then
  cat "$WORK/log/controld.log"
  fail controld_starts "qa-controld did not answer on 127.0.0.1:$CP_PORT"
  finish
fi
(umask 077 && admin POST /api/v1/tenants '{"name":"vm"}' | jq -j .token >"$WORK/guest/tenant.token")

# A REST appliance that hands out its file in order, N bytes per GET ?bytes=N.
appliance() {
  cat >"$WORK/www/cgi-bin/$1" <<CGI
#!/bin/sh
n=\${QUERY_STRING#*bytes=}
n=\${n%%&*}
offset=\$(cat "$WORK/www/$1.offset" 2>/dev/null || echo 0)
echo \$((offset + n)) >"$WORK/www/$1.offset"
printf 'Content-Type: application/octet-stream\r\n\r\n'
tail -c +\$((offset + 1)) "$2" | head -c "\$n"
CGI
  chmod 0755 "$WORK/www/cgi-bin/$1"
}
appliance good "$WORK/good.bin"
appliance stuck "$WORK/stuck.bin"
busybox httpd -f -p "127.0.0.1:$REST_PORT" -h "$WORK/www" &
servers+=($!)
for _ in $(seq 1 50); do
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$REST_PORT/cgi-bin/good?bytes=0" && break
  sleep 0.1
done
rm -f "$WORK/www/good.offset"

# --- The guest ------------------------------------------------------------------------
agent_json() { # NAME SOURCE-JSON MODULE-PARAMETERS-JSON BATCH
  jq -n --arg node "vm-$1" --argjson source "$2" --argjson parameters "$3" --argjson batch "$4" \
    --arg url "http://$HOST_ALIAS:$CP_PORT" \
    '{source: $source, module: {parameters: $parameters}, batch_bytes: $batch, node: $node,
      control_plane: {url: $url, token_file: ("/etc/qa/" + $node + ".token")}}' >"$WORK/guest/$1.json"
}
agent_json exact "{\"kind\": \"control_plane\", \"url\": \"http://$HOST_ALIAS:$CP_PORT\", \"token_file\": \"/etc/qa/tenant.token\", \"quantum\": false}" \
  '["hwrng=0", "capacity=65536"]' 65536
agent_json rest "{\"kind\": \"rest\", \"url\": \"http://$HOST_ALIAS:$REST_PORT/cgi-bin/good?bytes={bytes}\", \"quantum\": false}" \
  '["capacity=262144"]' 65536
agent_json stuck "{\"kind\": \"rest\", \"url\": \"http://$HOST_ALIAS:$REST_PORT/cgi-bin/stuck?bytes={bytes}\", \"quantum\": false, \"backoff_seconds\": 0.5, \"max_backoff_seconds\": 2}" \
  '["hwrng=0"]' 16384
printf 'HOST_ALIAS=%s\nCP_PORT=%s\nREST_PORT=%s\nEXACT_BYTES=%s\n' "$HOST_ALIAS" "$CP_PORT" "$REST_PORT" "$EXACT_BYTES" >"$WORK/guest/env"
# restrict=on: the guest reaches neither the host nor anything beyond it, except through these
# two forwards, each connection a busybox nc to one server on the host's loopback.
export QEMU_NIC="user,model=e1000,restrict=on,guestfwd=tcp:$HOST_ALIAS:$CP_PORT-cmd:busybox nc 127.0.0.1 $CP_PORT,guestfwd=tcp:$HOST_ALIAS:$REST_PORT-cmd:busybox nc 127.0.0.1 $REST_PORT"

root=$WORK/initramfs
initramfs_init "$root" "$REPO/scripts/vm-entropy-test/init"
qrng_guest_add_agent "$root" "$WORK"
initramfs_add_program "$root" "$(qemu_unpack_deb rng-tools-debian)/usr/sbin/rngd"
qrng_guest_add_modules "$root" "$KVER" "$WORK" kernel/drivers/net/ethernet/intel/e1000/e1000.ko
mkdir -p "$root/etc/qa"
cp "$WORK"/guest/* "$root/etc/qa/"
rm "$root/etc/qa/admin.token"
initramfs_pack "$root" "$WORK/initramfs.cpio.gz"

serial=$WORK/log/serial.log
boot_rc=0
start=$SECONDS
qemu_boot "$(qemu_kernel_image "$KVER")" "$WORK/initramfs.cpio.gz" "$serial" "$BOOT_TIMEOUT" || boot_rc=$?
echo "vm-entropy-test: guest ran $((SECONDS - start)) s, qemu exit code $boot_rc"

# --- What the guest saw, checked against what the host knows ----------------------------
grep -E "^(PASS|FAIL) |^  |^== |^EXACT |^STUCK " "$serial" || true
passed=$((passed + $(grep -cE '^PASS ' "$serial" || true)))
failed=$((failed + $(grep -cE '^FAIL ' "$serial" || true)))

if read -r _ length digest < <(grep -E '^EXACT ' "$serial"); then
  expected=$(head -c "$EXACT_BYTES" "$WORK/entropy.bin" | sha256_hex)
  check exact_bytes_in_order "read $length bytes with SHA-256 $digest; the first $EXACT_BYTES bytes of the control plane's file have $expected" \
    sh -c "[ '$length' = $EXACT_BYTES ] && [ '$digest' = $expected ]"
else
  fail exact_bytes_in_order "no EXACT line from the guest"
fi
if read -r _ length digest _ < <(grep -E '^STUCK ' "$serial"); then
  expected=$(head -c "$length" "$WORK/stuck.bin" | sha256_hex)
  check stuck_source_cut_off_before_stuck_bytes \
    "/dev/qrng held $length bytes (SHA-256 $digest); the source was good for $STUCK_AFTER, whose first $length have $expected" \
    sh -c "[ $length -gt 0 ] && [ $length -le $STUCK_AFTER ] && [ $digest = $expected ]"
else
  fail stuck_source_cut_off_before_stuck_bytes "no STUCK line from the guest"
fi

# The agents' reports, as the control plane shows them.
nodes=$(admin GET /api/v1/nodes || echo '{}')
holds() { jq -e "$1" >/dev/null <<<"$2"; } # FILTER JSON: true when FILTER yields true
facts() { jq -c --arg n "$1" '.nodes[]? | select(.name == $n) | .agents[] | select(.kind == "qrng") | .facts' <<<"$nodes"; }
exact_facts=$(facts vm-exact)
check control_plane_shows_exact_agent_feeding "facts: ${exact_facts:-none}" \
  holds '.state == "feeding" and (.source | startswith("control plane")) and .quantum == "false" and (.fill_level | test("^[0-9]+$")) and (.bytes_fed | tonumber) > 0' "${exact_facts:-null}"
rest_facts=$(facts vm-rest)
check control_plane_shows_rest_agent_feeding "facts: ${rest_facts:-none}" \
  holds '.state == "feeding" and (.source | test("^REST .*health-tested")) and .health == "ok"' "${rest_facts:-null}"
stuck_facts=$(facts vm-stuck)
check control_plane_shows_stuck_source_out_of_service "facts: ${stuck_facts:-none}" \
  holds '.state == "source_out_of_service" and .health == "failing" and (.last_failure | test("repetition count test")) and (.source_failures | tonumber) >= 2' "${stuck_facts:-null}"

if ! grep -qx 'VM-ENTROPY-RESULT: done' "$serial"; then
  tail -n 40 "$serial"
  fail guest_result_marker "no 'VM-ENTROPY-RESULT: done' in $serial"
fi
if ((boot_rc != 0)); then
  fail guest_clean_poweroff "qemu exit code $boot_rc (124: timed out after $BOOT_TIMEOUT s)"
fi
finish
