#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs from the repository (examples, built-in rules, a starter config).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/document fuzz/corpus/config fuzz/corpus/rule_file
find examples tests -type f \( -name '*.md' -o -name '*.txt' \) -size -64k 2>/dev/null \
    | while read -r f; do cp "$f" "fuzz/corpus/document/$(echo "$f" | tr '/' '_')"; done
find rules -name '*.toml' | while read -r f; do cp "$f" "fuzz/corpus/rule_file/$(echo "$f" | tr '/' '_')"; done
cargo run -q --release -- init fuzz/corpus/config/init.toml >/dev/null 2>&1 || true
printf 'max-file-size = "1MiB"\nlang = "zh"\n[rules]\n"phrasing/negative" = "error"\n[speakers]\nextend-agent = ["售后"]\n[time.limits]\ngreeting = "10s"\n[[kinds]]\nglob = "sop/**"\nkind = "sop"\n' \
    > fuzz/corpus/config/sample.toml
echo "seeds: $(ls fuzz/corpus/document | wc -l) documents, $(ls fuzz/corpus/rule_file | wc -l) rule files, $(ls fuzz/corpus/config | wc -l) configs"
