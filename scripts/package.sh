#!/usr/bin/env bash
# Builds the Quantum Agents packages into dist/: one .deb per daemon (packaging/daemons/*.conf,
# published NativeAOT), quantum-agents-common (system user, first-install credentials),
# qrng-dkms (kernel/qrng for DKMS), the quantum-agents metapackage for a node, and the same
# set as .rpm from one spec. Then lintian and rpmlint, which must report no error or warning
# (what remains is justified in packaging/lintian/ and packaging/rpm/rpmlint.toml).
#
# Plain dpkg-deb rather than debhelper: the packages hold prebuilt NativeAOT binaries, so a
# debian/ source tree, Build-Depends and dpkg-buildpackage would add a second build for
# nothing; the maintainer scripts are the ones dh_installsystemd/dh_dkms generate, written
# out in packaging/deb/scripts/.
#
#   scripts/package.sh [--revision N] [--no-publish] [--no-lint]
#     --revision N   Debian revision / rpm release (default 1): a rebuilt version to upgrade to
#     --no-publish   reuse out/packaging/publish/ (the binaries of the previous run)
#     --no-lint      skip lintian and rpmlint
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG=$REPO/packaging
OUT=$REPO/out/packaging
DIST=${QA_DIST_DIR:-$REPO/dist}
VERSION=$(<"$PKG/VERSION")
REVISION=1
PUBLISH=yes
LINT=yes
MAINTAINER="Quantum Agents <dev@quantum-agents.invalid>"

while (($#)); do
  case $1 in
  --revision) REVISION=$2; shift 2 ;;
  --no-publish) PUBLISH=no; shift ;;
  --no-lint) LINT=no; shift ;;
  *) echo "usage: $0 [--revision N] [--no-publish] [--no-lint]" >&2; exit 2 ;;
  esac
done
DEB_VERSION=$VERSION-$REVISION

log() { printf '[package] %s\n' "$*" >&2; }
die() { printf '[package] error: %s\n' "$*" >&2; exit 1; }

# dpkg-dev: dpkg-shlibdeps; rpm: rpmbuild; clang: the NativeAOT linker (scripts/setup.sh).
for cmd in dotnet dpkg-deb dpkg-shlibdeps rpmbuild clang $([[ $LINT == yes ]] && echo lintian rpmlint); do
  command -v "$cmd" >/dev/null || die "missing $cmd: run scripts/setup.sh"
done

# Reproducible dates (changelog, rpm build time, file mtimes): the last commit's.
SOURCE_DATE_EPOCH=$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH

# --- The daemons -----------------------------------------------------------------

# daemons — binaries whose packaging/daemons/<binary>.conf names an existing project.
daemons() {
  local conf
  for conf in "$PKG"/daemons/*.conf; do
    # shellcheck source=/dev/null
    (source "$conf" && [[ -f $REPO/$PROJECT ]]) && basename "$conf" .conf
  done
}

# daemon_field BINARY FIELD
# shellcheck source=/dev/null
daemon_field() { (source "$PKG/daemons/$1.conf" && printf '%s\n' "${!2:-}"); }

# A private copy of the sources: other builds in this checkout rewrite obj/ and bin/ under a
# running ilc (it reads their PDBs). bin/ and obj/ of the copy stay for incremental builds.
stage_sources() {
  local src=$OUT/src
  mkdir -p "$src"
  find "$src" -mindepth 1 \( -path "$src/agents/*/bin" -o -path "$src/agents/*/obj" \) -prune \
    -o -type f -print0 | xargs -0r rm -f
  tar -C "$REPO" --exclude='./agents/*/bin' --exclude='./agents/*/obj' -cf - \
    ./agents ./Directory.Build.props ./Directory.Packages.props ./global.json | tar -C "$src" -xf -
}

publish() {
  local bin=$1 project start=$SECONDS
  project=$(daemon_field "$bin" PROJECT)
  rm -rf "$OUT/publish/$bin"
  dotnet publish "$OUT/src/$project" -c Release -r linux-x64 -o "$OUT/publish/$bin" -p:Version="$VERSION" -nologo -v q \
    >"$OUT/log/publish-$bin.log" 2>&1 || { cat "$OUT/log/publish-$bin.log"; die "publishing $bin failed"; }
  [[ $(head -c 4 "$OUT/publish/$bin/$bin" | od -An -c | tr -d ' ') == 177ELF ]] ||
    die "$bin: the publish output is not a native (NativeAOT) executable"
  log "$bin: NativeAOT, $(du -h "$OUT/publish/$bin/$bin" | cut -f1), $((SECONDS - start)) s"
}

# --- Debian packages -----------------------------------------------------------------

# deb_docs DIR PACKAGE LICENSE-FILE [OVERRIDES...] — copyright, changelog and the lintian
# overrides (packaging/lintian/common, the OVERRIDES files named, packaging/lintian/PACKAGE).
deb_docs() {
  local doc=$1/usr/share/doc/$2 overrides=$1/usr/share/lintian/overrides/$2 extra
  mkdir -p "$doc" "$(dirname "$overrides")"
  cat "$PKG/deb/copyright.head" "$PKG/deb/$3" >"$doc/copyright"
  {
    echo "$2 ($DEB_VERSION) bookworm; urgency=medium"
    echo
    echo "  * Built from the Quantum Agents repository by scripts/package.sh."
    echo
    echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
  } | gzip -9n >"$doc/changelog.Debian.gz"
  cat "$PKG/lintian/common" >"$overrides"
  for extra in "${@:4}" "$2"; do
    if [[ -f $PKG/lintian/$extra ]]; then cat "$PKG/lintian/$extra" >>"$overrides"; fi
  done
  # lintian wants "package: tag" lines; comments and blank lines stay as they are.
  sed -i -E "/^(#|$)/! s/^/$2: /" "$overrides"
  chmod 0644 "$overrides"
}

# deb_script TEMPLATE DEST KEY=VALUE... — a maintainer script with @KEY@ filled in.
deb_script() {
  local template=$1 dest=$2 kv text
  shift 2
  text=$(<"$template")
  for kv in "$@"; do text=${text//@${kv%%=*}@/${kv#*=}}; done
  printf '%s\n' "$text" >"$dest"
  chmod 0755 "$dest"
}

# deb_build DIR — md5sums, Installed-Size, then the .deb (gzip: xz takes minutes on 2 cores
# and bookworm's lintian rejects zstd).
deb_build() {
  local dir=$1 size
  find "$dir" -path "$dir/DEBIAN" -prune -o -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$dir" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
    xargs -0r md5sum >DEBIAN/md5sums)
  size=$(du -sk --exclude=DEBIAN "$dir" | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$dir/DEBIAN/control"
  dpkg-deb --root-owner-group -Zgzip --build "$dir" "$DIST/" >/dev/null
}

# shlib_depends FILE... — dpkg-shlibdeps' answer (libc6 only, for NativeAOT).
shlib_depends() {
  local scratch=$OUT/build/shlibdeps
  rm -rf "$scratch" && mkdir -p "$scratch/debian"
  printf 'Source: quantum-agents\n\nPackage: scratch\nArchitecture: any\n' >"$scratch/debian/control"
  (cd "$scratch" && dpkg-shlibdeps -O "$@" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}

# control DIR PACKAGE ARCH DEPENDS SUMMARY DESCRIPTION [EXTRA-FIELDS]
control() {
  mkdir -p "$1/DEBIAN"
  {
    echo "Package: $2"
    echo "Version: $DEB_VERSION"
    echo "Architecture: $3"
    echo "Maintainer: $MAINTAINER"
    echo "Installed-Size: 0"
    [[ -n $4 ]] && echo "Depends: $4"
    [[ -n ${7:-} ]] && printf '%s\n' "$7"
    echo "Section: net"
    echo "Priority: optional"
    echo "Description: $5"
    printf '%s\n' "$6" | fold -s -w 78 | sed 's/ *$//; s/^/ /'
  } >"$1/DEBIAN/control"
}

deb_daemon() {
  local bin=$1 package part unit state dir depends recommends file configure
  package=$(daemon_field "$bin" PACKAGE)
  part=$(daemon_field "$bin" PART)
  unit=$bin.service
  # The unit's StateDirectory= is what purge removes.
  state=$(sed -n 's#^StateDirectory=\(.*\)#/var/lib/\1#p' "$PKG/systemd/$unit")
  dir=$OUT/build/deb/$package
  rm -rf "$dir"
  install -d "$dir/usr/lib/quantum-agents/$bin"
  install -m 0755 "$OUT/publish/$bin/$bin" "$dir/usr/lib/quantum-agents/$bin/"
  # Native libraries a package brings along (e.g. SQLite, Mono.Posix) live next to the binary.
  for file in "$OUT/publish/$bin"/*.so; do
    [[ -e $file ]] || continue
    install -m 0644 "$file" "$dir/usr/lib/quantum-agents/$bin/"
    # NuGet's native libraries come with symbols; the binary itself is stripped by ilc.
    strip --strip-unneeded "$dir/usr/lib/quantum-agents/$bin/$(basename "$file")"
  done
  install -D -m 0644 "$PKG/systemd/$unit" "$dir/lib/systemd/system/$unit"
  # Drop-ins for other packages' units (packaging/systemd/<unit>.d/), e.g. rngd on /dev/qrng.
  for file in $(daemon_field "$bin" DROPINS); do
    install -D -m 0644 "$PKG/systemd/$file" "$dir/lib/systemd/system/$file"
  done
  install -D -m 0644 "$PKG/config/$part.json" "$dir/etc/quantum-agents/$part.json"
  echo "/etc/quantum-agents/$part.json" >"$dir/conffiles.list"
  # Configuration for other programs (packaging/etc/<binary>/, laid out as under /etc), e.g.
  # charon's VICI socket group: conffiles too.
  if [[ -d $PKG/etc/$bin ]]; then
    (cd "$PKG/etc/$bin" && find . -type f -printf '%P\n' | sort) | while read -r file; do
      install -D -m 0644 "$PKG/etc/$bin/$file" "$dir/etc/$file"
      echo "/etc/$file" >>"$dir/conffiles.list"
    done
  fi
  # Device permissions the daemon needs (packaging/udev/<binary>.rules), e.g. /dev/qrng.
  if [[ -f $PKG/udev/$bin.rules ]]; then
    install -D -m 0644 "$PKG/udev/$bin.rules" "$dir/lib/udev/rules.d/60-$bin.rules"
  fi
  deb_docs "$dir" "$package" license-agents daemon
  depends=$(shlib_depends "$dir/usr/lib/quantum-agents/$bin"/*)
  depends+=", quantum-agents-common (= $DEB_VERSION)"
  [[ -n $(daemon_field "$bin" DEB_DEPENDS) ]] && depends+=", $(daemon_field "$bin" DEB_DEPENDS)"
  recommends=$(daemon_field "$bin" DEB_RECOMMENDS)
  control "$dir" "$package" amd64 "$depends" "$(daemon_field "$bin" SUMMARY)" \
    "$(daemon_field "$bin" DESCRIPTION)" "${recommends:+Recommends: $recommends}"
  mv "$dir/conffiles.list" "$dir/DEBIAN/conffiles"
  # A daemon's own configure steps (packaging/deb/scripts/<binary>.configure), if any.
  configure=""
  [[ -f $PKG/deb/scripts/$bin.configure ]] && configure=$(<"$PKG/deb/scripts/$bin.configure")
  for script in postinst prerm postrm; do
    deb_script "$PKG/deb/scripts/daemon.$script" "$dir/DEBIAN/$script" \
      "PACKAGE=$package" "UNIT=$unit" "STATE=$state" "CONFIGURE=$configure"
  done
  deb_build "$dir"
}

deb_common() {
  local dir=$OUT/build/deb/quantum-agents-common
  rm -rf "$dir"
  install -D -m 0755 "$PKG/sbin/quantum-agents-init" "$dir/usr/sbin/quantum-agents-init"
  install -D -m 0644 "$PKG/sysusers/quantum-agents.conf" "$dir/usr/lib/sysusers.d/quantum-agents.conf"
  install -d "$dir/usr/share/man/man8"
  gzip -9n <"$PKG/man/quantum-agents-init.8" >"$dir/usr/share/man/man8/quantum-agents-init.8.gz"
  install -D -m 0644 "$PKG/config/nlog.config" "$dir/usr/share/doc/quantum-agents-common/examples/nlog.config"
  deb_docs "$dir" quantum-agents-common license-agents
  # systemd: systemd-sysusers and the units; openssl: quantum-agents-init's credentials.
  control "$dir" quantum-agents-common all "systemd, openssl" \
    "Quantum Agents: system user and first-install credentials" \
    "Shared by the Quantum Agents daemons: the quantum-agents system user and quantum-agents-init, which makes the node CA, certificates and tokens of a single-node installation at first install so that the default configuration runs right away."
  deb_script "$PKG/deb/scripts/common.postinst" "$dir/DEBIAN/postinst"
  deb_script "$PKG/deb/scripts/common.postrm" "$dir/DEBIAN/postrm"
  deb_build "$dir"
}

# The module's own version (dkms.conf) names /usr/src/qrng-<version>, as DKMS requires.
module_version() { sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/kernel/qrng/dkms.conf"; }

deb_dkms() {
  local dir=$OUT/build/deb/qrng-dkms mv
  mv=$(module_version)
  rm -rf "$dir"
  install -d "$dir/usr/src/qrng-$mv"
  install -m 0644 "$REPO"/kernel/qrng/{qrng.c,qrng.h,Kbuild,Makefile,dkms.conf} "$dir/usr/src/qrng-$mv/"
  deb_docs "$dir" qrng-dkms license-gpl2
  control "$dir" qrng-dkms all "dkms (>= 3)" "/dev/qrng kernel module (DKMS source)" \
    "The qrng kernel module's source for DKMS, which builds it for every installed kernel: /dev/qrng, a buffer of quantum random bytes that the QRNG agent fills and any reader drains, also registered with the kernel's hw_random core." \
    "Recommends: linux-headers-amd64 | linux-headers"
  deb_script "$PKG/deb/scripts/dkms.postinst" "$dir/DEBIAN/postinst" "VERSION=$mv"
  deb_script "$PKG/deb/scripts/dkms.prerm" "$dir/DEBIAN/prerm" "VERSION=$mv"
  deb_build "$dir"
}

# quantum-agents — what a node runs: every daemon but the control plane (one per deployment).
deb_meta() {
  local dir=$OUT/build/deb/quantum-agents bin package depends="qrng-dkms (= $DEB_VERSION)"
  rm -rf "$dir"
  for bin in "${BINARIES[@]}"; do
    package=$(daemon_field "$bin" PACKAGE)
    [[ $package == quantum-controld ]] && continue
    depends="$package (= $DEB_VERSION), $depends"
  done
  deb_docs "$dir" quantum-agents license-agents
  control "$dir" quantum-agents all "$depends" "Quantum Agents node (metapackage)" \
    "Everything a Quantum Agents node runs: the key manager and the IPsec, TLS and QRNG agents with the /dev/qrng module. The control plane (quantum-controld) runs once per deployment and is only suggested." \
    "Suggests: quantum-controld"
  deb_build "$dir"
}

# --- Main ----------------------------------------------------------------------------

mkdir -p "$OUT/log" "$OUT/build" "$DIST"
# QA_PACKAGE_DAEMONS="qa-kmed ...": only these (a quicker build while working on one).
if [[ -n ${QA_PACKAGE_DAEMONS:-} ]]; then read -ra BINARIES <<<"$QA_PACKAGE_DAEMONS"; else mapfile -t BINARIES < <(daemons); fi
log "version $DEB_VERSION, daemons: ${BINARIES[*]}"
if [[ $PUBLISH == yes ]]; then
  stage_sources
  for bin in "${BINARIES[@]}"; do publish "$bin"; done
fi
rm -f "$DIST"/*.deb "$DIST"/*.rpm
for bin in "${BINARIES[@]}"; do deb_daemon "$bin"; done
deb_common
deb_dkms
deb_meta
"$PKG/rpm/build-rpm.sh" "$VERSION" "$REVISION" "$OUT/build/deb" "$DIST" "${BINARIES[@]}"
ls -l "$DIST"/*.deb "$DIST"/*.rpm | awk '{printf "[package] %8d KiB  %s\n", $5 / 1024, $9}' >&2

if [[ $LINT == yes ]]; then
  status=0
  # Errors and warnings fail; info tags are shown but accepted. Overrides ship in each package.
  lintian --fail-on error,warning "$DIST"/*.deb || status=$?
  if ((status == 0)); then log "lintian: no errors or warnings"; else log "lintian: failed (exit $status)"; fi
  rpm_status=0
  # --strict: warnings fail too.
  rpmlint --strict -c "$PKG/rpm/rpmlint.toml" "$DIST"/*.rpm || rpm_status=$?
  if ((rpm_status == 0)); then log "rpmlint: no errors or warnings"; else log "rpmlint: failed (exit $rpm_status)"; fi
  ((status == 0 && rpm_status == 0)) || exit 1
fi
