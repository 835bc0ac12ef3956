#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs from the repository (examples, built-in rules, a starter config).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/document fuzz/corpus/config fuzz/corpus/rule_file
find examples tests -type f \( -name '*.md' -o -name '*.txt' \) -size -64k 2>/dev/null \
    | while read -r f; do cp "$f" "fuzz/corpus/document/$(echo "$f" | tr '/' '_')"; done
find rules -name '*.toml' | while read -r f; do cp "$f" "fuzz/corpus/rule_file/$(echo "$f" | tr '/' '_')"; done
# A rule with regular expressions (no built-in rule has one).
printf '%s\n' 'summary.zh = "x"' 'summary.en = "x"' 'level = "warning"' 'message.zh = "{found}"' \
    'message.en = "{found}"' 'help.zh = "x"' 'help.en = "x"' 'rationale.zh = "x"' 'rationale.en = "x"' \
    '[check.forbid]' 'scope = "document"' "regex.zh = ['退款.{0,6}\\d+\\s*天', '(x+x+)+y']" \
    "regex.en = ['(?i)\\brefund\\b.{0,20}?\\d+ days']" 'allow.en = ["refund policy"]' \
    '[examples]' 'bad = ["客服：退款3天到账。"]' 'good = ["客服：退款3个工作日内到账。"]' \
    > fuzz/corpus/rule_file/regex.toml
cargo run -q --release -- init fuzz/corpus/config/init.toml >/dev/null 2>&1 || true
printf 'max-file-size = "1MiB"\nlang = "zh"\n[rules]\n"phrasing/negative" = "error"\n[speakers]\nextend-agent = ["售后"]\n[time.limits]\ngreeting = "10s"\n[[kinds]]\nglob = "sop/**"\nkind = "sop"\n' \
    > fuzz/corpus/config/sample.toml
echo "seeds: $(ls fuzz/corpus/document | wc -l) documents, $(ls fuzz/corpus/rule_file | wc -l) rule files, $(ls fuzz/corpus/config | wc -l) configs"
