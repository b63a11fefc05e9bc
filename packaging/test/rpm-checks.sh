# shellcheck shell=bash
# The .rpm checks of scripts/package-test.sh. No RPM distribution is reachable from here, so
# this is rpm's own view on Debian: contents, config files, scriptlets, dependency
# resolution among our packages (rpm -i --test) and a real install/erase into a scratch root.
# Sourced; uses pass/fail/check from the caller.

# The only dependencies an empty rpm database may lack: what a RHEL/Fedora system provides.
RPM_EXTERNAL_REQUIRES='^(systemd|openssl|openssl-libs|dkms|kmod|strongswan|/bin/sh|rtld\(GNU_HASH\)|(ld-linux-x86-64|lib(c|m|dl|pthread|rt|gcc_s|stdc\+\+|z|ssl))\.so\.[0-9.]+(\(.*\))?(\(64bit\))?)$'

rpm_checks() {
  local dist=$1 rpms bin package part files missing scratch unresolved
  mapfile -t rpms < <(compgen -G "$dist/*.rpm" | sort)
  check rpm_built "no .rpm in $dist" test "${#rpms[@]}" -gt 0
  for bin in "${UNITS[@]%.service}"; do
    package=$(source "$REPO/packaging/daemons/$bin.conf" && echo "$PACKAGE")
    part=$(source "$REPO/packaging/daemons/$bin.conf" && echo "$PART")
    rpm=$(compgen -G "$dist/$package-[0-9]*.rpm" | head -n 1 || true)
    if [[ -z $rpm ]]; then
      fail "rpm_${package}_contents" "no $package rpm"
      continue
    fi
    files=$(rpm -qlp "$rpm" 2>/dev/null)
    missing=""
    for f in "/usr/lib/quantum-agents/$bin/$bin" "/usr/lib/systemd/system/$bin.service" "/etc/quantum-agents/$part.json"; do
      grep -qx "$f" <<<"$files" || missing+=" $f"
    done
    check "rpm_${package}_contents" "missing:$missing" test -z "$missing"
    check "rpm_${package}_config_noreplace" "/etc/quantum-agents/$part.json is not %config(noreplace)" \
      bash -c "rpm -qp --qf '[%{FILENAMES} %{FILEFLAGS:fflags}\n]' '$rpm' 2>/dev/null | grep -qx '/etc/quantum-agents/$part.json cn'"
    check "rpm_${package}_systemd_scriptlets" "no preset / disable --now / try-restart of $bin.service" \
      bash -c "s=\$(rpm -qp --scripts '$rpm' 2>/dev/null); grep -q 'preset $bin.service' <<<\"\$s\" &&
        grep -q 'disable --now $bin.service' <<<\"\$s\" && grep -q 'try-restart $bin.service' <<<\"\$s\""
  done

  # Against an empty database, every dependency among our packages must resolve and only the
  # distribution's own may be missing.
  scratch=$(mktemp -d)
  unresolved=$( (rpm --dbpath "$scratch/db" -i --test "${rpms[@]}" 2>&1 || true) |
    sed -n 's/^\s*\(.*\) is needed by .*/\1/p' | sed 's/ [<>=].*//' | sort -u)
  check rpm_dependencies_resolve "unresolved besides the distribution's: $(grep -vE "$RPM_EXTERNAL_REQUIRES" <<<"$unresolved" | tr '\n' ' ')" \
    bash -c "! grep -vE '$RPM_EXTERNAL_REQUIRES' <<<'$unresolved' | grep -q ."
  # The control for the check above: a daemon without quantum-agents-common must not resolve.
  package=$(source "$REPO/packaging/daemons/${UNITS[0]%.service}.conf" && echo "$PACKAGE")
  check rpm_dependencies_control "$package's rpm alone did not miss quantum-agents-common" \
    bash -c "rpm --dbpath '$scratch/db2' -i --test '$(compgen -G "$dist/$package-[0-9]*.rpm" | head -n 1)' 2>&1 |
      grep 'quantum-agents-common = ' >/dev/null"

  # A real install into a scratch root (no scriptlets: they need the running systemd), verify,
  # then erase: nothing of ours may stay.
  rpm --root "$scratch/root" --dbpath /var/lib/rpm --initdb
  if rpm --root "$scratch/root" --dbpath /var/lib/rpm -i --nodeps --noscripts "${rpms[@]}" >"$LOGS/rpm-install.log" 2>&1; then
    check rpm_install_verify "rpm -Va reports changes: $(rpm --root "$scratch/root" --dbpath /var/lib/rpm -Va 2>&1 | head -n 3 | tr '\n' ' ')" \
      bash -c "[[ -z \$(rpm --root '$scratch/root' --dbpath /var/lib/rpm -Va --nodeps 2>&1) ]]"
    rpm --root "$scratch/root" --dbpath /var/lib/rpm -e --nodeps --noscripts $(rpm --root "$scratch/root" --dbpath /var/lib/rpm -qa) >>"$LOGS/rpm-install.log" 2>&1 || true
    left=$(find "$scratch/root" -path "$scratch/root/var/lib/rpm" -prune -o -path "$scratch/root/usr/lib/sysimage" -prune \
      -o \( -type f -o -type l \) -print | head -n 5)
    check rpm_erase_leaves_nothing "left behind: $left" test -z "$left"
  else
    cat "$LOGS/rpm-install.log"
    fail rpm_install_verify "rpm -i into a scratch root failed"
  fi
  rm -rf "$scratch"
}
