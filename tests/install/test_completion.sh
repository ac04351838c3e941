#!/usr/bin/env bash
# The bash completion script printed by `sanxian completion bash` names every
# sub-command of `sanxian --help` and every option of each sub-command's
# `--help` (read independently of the generator), and completes them in bash.
# usage: test_completion.sh SANXIAN
set -euo pipefail
sanxian=$1
export LANG=C.UTF-8
tmp=$(mktemp -d /tmp/sanxian-completion-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$sanxian" completion bash >"$tmp/sanxian.bash"
bash -n "$tmp/sanxian.bash" || fail "not valid bash"
script=$(cat "$tmp/sanxian.bash")

# Sub-commands: the lines after "Subcommands:" in the top-level help.
subs=$("$sanxian" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && /^  [a-z]/ {print $1}')
[ -n "$subs" ] || fail "no sub-commands in --help"
for sub in $subs; do
  grep -q "^    $sub)" <<<"$script" || fail "sub-command $sub has no branch"
  # Every option (the first column of its help: -o,--output) is offered.
  offered=" $(sed -n "/^    $sub)/,/;;\$/p" "$tmp/sanxian.bash" | sed -n 's/^ *opts="\(.*\)"$/\1/p') "
  for opt in $("$sanxian" "$sub" --help | sed -n '/^Options:/,$p' | awk '/^  -/ {print $1}' | tr ',' '\n'); do
    [[ "$offered" == *" $opt "* ]] || fail "$sub: option $opt is not completed"
  done
done
for opt in --output --json; do grep -qe "$opt" <<<"$script" || fail "$opt missing"; done
grep -q -- "--data-dir" <<<"$script" || fail "--data-dir missing"
if grep -qE '\b(completion|manpage)\b' <<<"$(grep 'subs=' "$tmp/sanxian.bash")"; then fail "hidden commands offered"; fi

# Ask bash itself: what does `sanxian ru<TAB>`, `sanxian run --no<TAB>` and
# `sanxian run x --encoding <TAB>` complete to?
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _sanxian; printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/sanxian.bash" "$@"
}
[ "$(complete_words sanxian ru)" = run ] || fail "sanxian ru<TAB>: $(complete_words sanxian ru)"
[ "$(complete_words sanxian run --no-p)" = --no-pdf ] || fail "sanxian run --no-p<TAB>: $(complete_words sanxian run --no-p)"
[ "$(complete_words sanxian run p.yaml --encoding '' | sort | tr '\n' ' ')" = "GBK UTF-8 " ] ||
  fail "--encoding values: $(complete_words sanxian run p.yaml --encoding '')"
[ "$(complete_words sanxian --data-dir /tmp ove)" = overlap ] || fail "after --data-dir DIR: $(complete_words sanxian --data-dir /tmp ove)"
echo "completion test passed ($(wc -w <<<"$subs") sub-commands)"
