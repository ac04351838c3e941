#!/usr/bin/env bash
# Builds the Debian package into a temporary folder (cpack, as the `package`
# target does) and reads it back: file name, the files under /usr, and the
# dependencies (from dpkg-shlibdeps, plus the font and Qt's translations).
# Installing it on a fresh Debian 12 root is tools/check-deb.sh (by hand: root).
# usage: test_deb_contents.sh BUILD_DIR VERSION
set -euo pipefail
build=$(cd "$1" && pwd -P) version=$2
tmp=$(mktemp -d /tmp/sanxian-deb-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail cpack; }
deb=$tmp/sanxian_${version}_amd64.deb
[ -f "$deb" ] || { ls "$tmp"; fail "no $(basename "$deb")"; }
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files"
for f in ./usr/bin/sanxian ./usr/share/sanxian/layers/roles.yaml ./usr/share/sanxian/layers/rules.yaml ./usr/share/sanxian/styles/styles.yaml \
         ./usr/share/sanxian/samples/otog/otog.yaml ./usr/share/sanxian/samples/otog/data/redline_2023.shp \
         ./usr/share/man/man1/sanxian.1.gz ./usr/share/bash-completion/completions/sanxian; do
  grep -qx "$f" "$tmp/files" || fail "$f not in the package"
done
if grep -v '^\./usr/' "$tmp/files" | grep -v '^\./$'; then fail "files outside /usr"; fi
depends=$(dpkg-deb -f "$deb" Depends)
for d in fonts-noto-cjk qt6-translations-l10n libgdal libgeos-c libproj libc6; do
  [[ "$depends" == *"$d"* ]] || fail "Depends lacks $d: $depends"
done
echo "package ok: $(basename "$deb"), $(wc -l <"$tmp/files") entries; Depends: $depends"
