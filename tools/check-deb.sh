#!/usr/bin/env bash
# Installs the Debian package on a fresh Debian 12 root (a chroot, no
# container) and runs the installed sample there, as the README's "Install"
# section promises. Run by hand, as root; not part of ctest (it needs root,
# the network and a few minutes).
#
# usage: tools/check-deb.sh build/sanxian_0.1.0_amd64.deb [BASE_ROOT]
#
# BASE_ROOT (default /tmp/fresh-root) is a debootstrapped Debian 12 minbase
# root as ../shared/tools/fresh-machine makes it (file .base-ready inside);
# it is copied, never changed. Without one, one is made with debootstrap.
# KEEP=1 keeps the copy (/tmp/sanxian-deb-root) for a look afterwards;
# WITH_QGIS=1 also installs QGIS there and runs the plugin with qgis_process.
set -euo pipefail
deb=$(realpath "$1")
base=${2:-/tmp/fresh-root}
root=/tmp/sanxian-deb-root
[ "$(id -u)" -eq 0 ] || { echo "run as root (chroot, mount)" >&2; exit 2; }
[ -f "$deb" ] || { echo "no package $deb" >&2; exit 2; }

if [ ! -f "$base/.base-ready" ]; then
  base=/tmp/sanxian-deb-base
  if [ ! -f "$base/.base-ready" ]; then
    mirror=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/debian.sources | awk '{print $2}')
    command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror" >/tmp/sanxian-debootstrap.log 2>&1
    cp /etc/apt/sources.list.d/debian.sources "$base/etc/apt/sources.list.d/" && rm -f "$base/etc/apt/sources.list"
    touch "$base/.base-ready"
  fi
fi

rm -rf "$root"
cp -a "$base" "$root"
mount --bind /proc "$root/proc"
mount --bind /dev "$root/dev"
cleanup() {
  umount "$root/proc" "$root/dev" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$root"
}
trap cleanup EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/root/"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /bin/bash -c "$1"; }

echo "== installing $(basename "$deb") with apt-get (dependencies from the archive)"
in_root "apt-get -o DPkg::Lock::Timeout=600 update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y /root/$(basename "$deb")" \
  >/tmp/sanxian-check-deb-apt.log 2>&1 || { tail -30 /tmp/sanxian-check-deb-apt.log; echo "FAIL: apt-get install"; exit 1; }
tail -3 /tmp/sanxian-check-deb-apt.log

echo "== the source tree is not in this root: $(in_root 'ls /work 2>&1 | head -1')"
echo "== sanxian --version: $(in_root 'sanxian --version')"
echo "== sanxian run /usr/share/sanxian/samples/otog/otog.yaml -o out (PDF included)"
in_root "cd /root && sanxian run /usr/share/sanxian/samples/otog/otog.yaml -o out" >/tmp/sanxian-check-deb-run.log 2>&1 ||
  { tail -30 /tmp/sanxian-check-deb-run.log; echo "FAIL: sanxian run"; exit 1; }
tail -5 /tmp/sanxian-check-deb-run.log
for f in run_summary.json audit_trail.json sanxian_report.pdf sanxian_results.gpkg sanxian_results.xlsx ledger.csv; do
  [ -s "$root/root/out/$f" ] || { echo "FAIL: out/$f missing"; exit 1; }
done
if command -v pdffonts >/dev/null; then  # poppler-utils, on this machine: the report's Chinese is drawn in Noto CJK
  echo "== fonts in the PDF report: $(pdffonts "$root/root/out/sanxian_report.pdf" | awk 'NR > 2 {print $1}' | sort -u | tr '\n' ' ')"
  pdffonts "$root/root/out/sanxian_report.pdf" | grep -qi "NotoSansCJK\|NotoSerifCJK" || { echo "FAIL: no Noto CJK font in the PDF"; exit 1; }
fi
echo "== rule files the run used: $(grep -o '"rules_file": "[^"]*"' "$root/root/out/audit_trail.json" | sort -u | tr '\n' ' ')"

echo "== the viewer draws the sample headless"
in_root "cd /root && QT_QPA_PLATFORM=offscreen sanxian-viewer /usr/share/sanxian/samples/otog/otog.yaml --screenshot map.png --size 800x500" \
  >/tmp/sanxian-check-deb-viewer.log 2>&1 || { tail -20 /tmp/sanxian-check-deb-viewer.log; echo "FAIL: sanxian-viewer"; exit 1; }
[ -s "$root/root/map.png" ] || { echo "FAIL: no map.png"; exit 1; }

for f in /usr/share/man/man1/sanxian.1.gz /usr/share/man/man1/sanxian.1 /usr/share/bash-completion/completions/sanxian \
         /usr/share/applications/sanxian-viewer.desktop /usr/share/icons/hicolor/scalable/apps/sanxian-viewer.svg \
         /usr/share/qgis/python/plugins/sanxian/metadata.txt; do
  [ -e "$root$f" ] && echo "   installed: $f"
done

# WITH_QGIS=1: also install QGIS there (about 160 packages more) and run the
# package's plugin from /usr/share/qgis/python/plugins headless.
if [ -n "${WITH_QGIS:-}" ]; then
  echo "== WITH_QGIS: installing qgis and python3-qgis"
  in_root "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qgis python3-qgis" \
    >/tmp/sanxian-check-deb-qgis-apt.log 2>&1 || { tail -20 /tmp/sanxian-check-deb-qgis-apt.log; echo "FAIL: apt-get install qgis"; exit 1; }
  mkdir -p "$root/root/qgis-profile/profiles/default/QGIS"
  printf '[PythonPlugins]\nsanxian=true\n' >"$root/root/qgis-profile/profiles/default/QGIS/QGIS3.ini"
  qgis_env="QGIS_CUSTOM_CONFIG_PATH=/root/qgis-profile QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp LANG=en_US.UTF-8"
  in_root "cd /root && $qgis_env qgis_process.bin list 2>/dev/null | grep sanxian:" || { echo "FAIL: qgis_process list"; exit 1; }
  sample=/usr/share/sanxian/samples/otog/data
  in_root "cd /root && $qgis_env qgis_process.bin --json run sanxian:overlap -- A=$sample/mining.shp B=$sample/redline_2023.shp NO_PDF=true OUTPUT=/root/qgis-out" \
    >"$root/root/qgis.json" 2>/tmp/sanxian-check-deb-qgis.log || { tail -20 /tmp/sanxian-check-deb-qgis.log; echo "FAIL: qgis_process run"; exit 1; }
  in_root "cd /root && sanxian overlap --a $sample/mining.shp --b $sample/redline_2023.shp --no-pdf -o cli-out --json cli.json >/dev/null"
  python3 - "$root/root/qgis.json" "$root/root/cli.json" <<'PY' || { echo "FAIL: qgis_process and sanxian differ"; exit 1; }
import json, sys
qgis = json.load(open(sys.argv[1]))["results"]
cli = json.load(open(sys.argv[2]))
for key in ("pieces", "overlap_area_m2", "planar_overlap_area_m2"):
    assert qgis[key.upper()] == cli[key], (key, qgis[key.upper()], cli[key])
    print("   %s: qgis_process %s = sanxian %s" % (key, qgis[key.upper()], cli[key]))
PY
fi
echo "PASS: the package installs on a fresh Debian 12 root and runs the sample"
