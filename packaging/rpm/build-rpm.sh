#!/usr/bin/env bash
# The .rpm side of scripts/package.sh: one spec (packaging/rpm/quantum-agents.spec.in plus a
# section per daemon from packaging/rpm/daemon.spec.in) with the same subpackages as the .debs,
# built with rpmbuild from the trees the .debs were made of (RPM paths: units in
# /usr/lib/systemd/system). The scriptlets are what Fedora's %systemd_post, %systemd_preun and
# %systemd_postun_with_restart expand to: Debian's rpm has no systemd macros.
#
#   build-rpm.sh VERSION RELEASE DEB-STAGE-DIR DIST-DIR BINARY...
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PKG=$(dirname "$HERE")
VERSION=$1 RELEASE=$2 STAGE=$3 DIST=$4
shift 4
TOP=$(dirname "$STAGE")/rpm
ROOT=$TOP/stage

rm -rf "$TOP"
mkdir -p "$TOP"/{SPECS,RPMS,BUILD} "$ROOT"

# stage PACKAGE — the package's files from its .deb tree, at RPM paths.
stage() {
  local from=$STAGE/$1
  tar -C "$from" --exclude=./DEBIAN --exclude=./usr/share/lintian -cf - . | tar -C "$ROOT" -xf -
  if [[ -d $ROOT/lib ]]; then
    mkdir -p "$ROOT/usr"
    cp -a "$ROOT/lib" "$ROOT/usr/"
    rm -rf "$ROOT/lib"
  fi
  # Drop-ins for other packages' units name Debian's (rng-tools-debian.service); an RPM
  # distro's rngd.service takes other options and is left alone.
  if [[ -d $ROOT/usr/lib/systemd/system ]]; then
    find "$ROOT/usr/lib/systemd/system" -mindepth 1 -maxdepth 1 -name '*.d' -type d -exec rm -rf {} +
  fi
  # strongSwan's configuration lives in /etc/strongswan/ on RPM distributions.
  if [[ -d $ROOT/etc/strongswan.d ]]; then
    mkdir -p "$ROOT/etc/strongswan"
    mv "$ROOT/etc/strongswan.d" "$ROOT/etc/strongswan/"
  fi
  # Debian's changelog.Debian.gz and copyright file are not RPM's: %license and %doc below.
  rm -f "$ROOT/usr/share/doc/$1/changelog.Debian.gz"
}

fill() {
  local text kv
  text=$(<"$1")
  shift
  for kv in "$@"; do text=${text//@${kv%%=*}@/${kv#*=}}; done
  printf '%s\n' "$text"
}

module_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$PKG/../kernel/qrng/dkms.conf")
node_requires=""
spec=$TOP/SPECS/quantum-agents.spec
fill "$HERE/quantum-agents.spec.in" "VERSION=$VERSION" "RELEASE=$RELEASE" \
  "MODULE_VERSION=$module_version" "STAGE=$ROOT" \
  "CHANGELOG_DATE=$(LC_ALL=C date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" '+%a %b %d %Y')" >"$spec"
for package in quantum-agents-common qrng-dkms; do stage "$package"; done
for bin in "$@"; do
  # shellcheck source=/dev/null
  (
    source "$PKG/daemons/$bin.conf"
    stage "$PACKAGE"
    requires=""
    [[ -n $RPM_REQUIRES ]] && requires="Requires:       $RPM_REQUIRES"
    # Files beyond the daemon's own: its udev rule, configuration for other programs.
    extra=""
    [[ -f $PKG/udev/$bin.rules ]] && extra="/usr/lib/udev/rules.d/60-$bin.rules"
    # Configuration for other programs (packaging/etc/<binary>/), at their RPM paths.
    if [[ -d $PKG/etc/$bin ]]; then
      while read -r file; do
        [[ $file == strongswan.d/* ]] && file=strongswan/$file
        extra+=$'\n'"%config(noreplace) /etc/$file"
      done < <(cd "$PKG/etc/$bin" && find . -type f -printf '%P\n' | sort)
    fi
    fill "$HERE/daemon.spec.in" "PACKAGE=$PACKAGE" "BINARY=$bin" "PART=$PART" "EXTRA_FILES=$extra" \
      "SUMMARY=$SUMMARY" "DESCRIPTION=$(fold -s -w 76 <<<"$DESCRIPTION" | sed 's/ *$//')" "REQUIRES=$requires" >>"$spec"
  )
  package=$(source "$PKG/daemons/$bin.conf" && echo "$PACKAGE")
  [[ $package == quantum-controld ]] || node_requires+="Requires:       $package = %{version}-%{release}"$'\n'
done
# The metapackage's dependencies go into the main package's preamble.
awk -v req="$node_requires" '{ if ($0 == "@NODE_REQUIRES@") printf "%s", req; else print }' "$spec" >"$spec.tmp"
mv "$spec.tmp" "$spec"

rpmbuild -bb --quiet --define "_topdir $TOP" --define "_rpmdir $DIST" \
  --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" "$spec" \
  >"$TOP/rpmbuild.log" 2>&1 || { cat "$TOP/rpmbuild.log"; exit 1; }
