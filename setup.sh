#!/usr/bin/env bash
# Installs exactly the Debian 12 packages that Sanxian's build, tests and
# main job need. Idempotent; run as root (or through sudo).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # geoprocessing
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data libgeographiclib-dev
  # the fast integer-grid intersection kernel (Clipper)
  libpolyclipping-dev
  # command line, configuration, JSON, spreadsheets, threads, allocator
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libxlsxwriter-dev libtbb-dev libssl-dev libjemalloc-dev
  # map drawing, viewer and its translations (Qt's own dialogs in Chinese:
  # qtbase_zh_CN.qm from qt6-translations-l10n); CJK font so Chinese renders
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev fonts-noto-cjk
  # tests: GoogleTest, a real PostGIS server, GeographicLib's Planimeter, PDF text
  libgtest-dev libgmock-dev postgresql postgresql-15-postgis-3 geographiclib-tools poppler-utils
  # a UTF-8 locale for the Chinese messages
  locales
  # the Debian package (cmake/Package.cmake): dpkg-shlibdeps computes its
  # dependencies, `file` tells CPack which files are ELF
  dpkg-dev file
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi

# The Debian postgresql package starts a cluster on port 5432; the tests run
# their own throw-away cluster, so nothing here depends on that one.
if ! locale -a 2>/dev/null | grep -qi '^c.utf-\?8$'; then
  echo "note: C.UTF-8 locale not listed; Chinese output may be garbled" >&2
fi
echo "sanxian setup: all packages present"
