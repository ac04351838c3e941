#!/usr/bin/env bash
# Installs the build into a temporary prefix outside the source tree, moves
# the installed tree elsewhere, and runs the installed `sanxian` on the
# installed sample from another working directory:
#   - the run succeeds and writes run_summary.json;
#   - its audit trail names the installed (moved) rule files and never the
#     source tree;
#   - SANXIAN_DATA_DIR and --data-dir override the installed data;
#   - the build tree's binary copied out of the build tree does not find the
#     source tree either;
#   - man page, bash completion, desktop entry, icon and QGIS plugin are there.
# usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd -P) source=$(cd "$2" && pwd -P)

tmp=$(mktemp -d /tmp/sanxian-install-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
# Moved after installing: nothing may depend on the prefix it was installed to.
mv "$tmp/prefix" "$tmp/moved"
prefix=$tmp/moved
for f in bin/sanxian share/sanxian/layers/roles.yaml share/sanxian/layers/rules.yaml share/sanxian/styles/styles.yaml \
         share/sanxian/samples/otog/otog.yaml share/man/man1/sanxian.1.gz share/man/zh_CN/man1/sanxian.1.gz \
         share/bash-completion/completions/sanxian; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
if [ -n "${SANXIAN_EXPECT_VIEWER:-}" ]; then
  for f in bin/sanxian-viewer share/applications/sanxian-viewer.desktop share/icons/hicolor/scalable/apps/sanxian-viewer.svg; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
  done
fi
if [ -n "${SANXIAN_EXPECT_QGIS_PLUGIN:-}" ]; then
  for f in metadata.txt __init__.py provider.py; do
    [ -f "$prefix/share/qgis/python/plugins/sanxian/$f" ] || fail "QGIS plugin file not installed: $f"
  done
fi

# The run, from a working directory that is neither the source nor the prefix.
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere"
export LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
unset SANXIAN_DATA_DIR SANXIAN_LAYERS_DIR SANXIAN_STYLES_DIR
"$prefix/bin/sanxian" run "$prefix/share/sanxian/samples/otog/otog.yaml" -o out --no-pdf >"$tmp/run.log" 2>&1 ||
  { cat "$tmp/run.log"; fail "installed sanxian run"; }
[ -f out/run_summary.json ] || fail "no run_summary.json"
[ -f out/audit_trail.json ] || fail "no audit_trail.json"
grep -q "\"$prefix/share/sanxian/layers/rules.yaml\"" out/audit_trail.json ||
  fail "the audit trail does not name the installed rules file $prefix/share/sanxian/layers/rules.yaml"
if grep -rlF "$source/" out "$tmp/run.log"; then fail "the installed run refers to the source tree $source"; fi

# SANXIAN_DATA_DIR overrides the installed data: pointing it at an empty
# folder fails and names that folder.
mkdir -p "$tmp/empty"
if SANXIAN_DATA_DIR="$tmp/empty" "$prefix/bin/sanxian" run "$prefix/share/sanxian/samples/otog/otog.yaml" -o out2 --no-pdf \
  >"$tmp/empty.log" 2>&1; then
  fail "SANXIAN_DATA_DIR=$tmp/empty did not take effect"
fi
grep -qF "$tmp/empty/layers" "$tmp/empty.log" || { cat "$tmp/empty.log"; fail "the message does not name $tmp/empty/layers"; }

# --data-dir with a copy of the data: the audit trail names the copy.
cp -a "$prefix/share/sanxian" "$tmp/copy"
"$prefix/bin/sanxian" --data-dir "$tmp/copy" run "$prefix/share/sanxian/samples/otog/otog.yaml" -o out3 --no-pdf >"$tmp/copy.log" 2>&1 ||
  { cat "$tmp/copy.log"; fail "--data-dir run"; }
grep -q "\"$tmp/copy/layers/rules.yaml\"" out3/audit_trail.json || fail "--data-dir $tmp/copy not used"

# The build tree's binary, copied out of the build tree, does not fall back
# on the source tree: it looks beside itself and says where.
mkdir -p "$tmp/lone/bin"
cp "$build/src/cli/sanxian" "$tmp/lone/bin/"
if "$tmp/lone/bin/sanxian" run "$prefix/share/sanxian/samples/otog/otog.yaml" -o out4 --no-pdf >"$tmp/lone.log" 2>&1; then
  fail "a copied binary found data it should not have"
fi
grep -qF "$tmp/lone/share/sanxian/layers" "$tmp/lone.log" || { cat "$tmp/lone.log"; fail "the copied binary's message"; }
if grep -qF "$source" "$tmp/lone.log"; then fail "the copied binary looked into the source tree"; fi

# The man page formats without warnings; the completion script is valid bash.
if command -v groff >/dev/null; then
  warnings=$(zcat "$prefix/share/man/man1/sanxian.1.gz" | groff -k -man -Tutf8 -ww -z 2>&1 || true)
  [ -z "$warnings" ] || fail "man page: $warnings"
fi
bash -n "$prefix/share/bash-completion/completions/sanxian" || fail "completion script"
echo "install test passed: $prefix"
