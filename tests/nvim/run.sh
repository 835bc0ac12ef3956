#!/usr/bin/env bash
# A real client: Neovim headless with the documented set-up (editors/neovim/servicelint.lua) opens
# a file with `servicelint server` attached; its vim.diagnostic.get() must be the findings of
# `servicelint check --format json` at the same places, and the quick fix on 不知道 must put in the
# suggestion. Usage: tests/nvim/run.sh [BIN] [FILE]; exit 0 pass, 1 fail, 77 nvim missing.
set -euo pipefail
if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim not found: skipping the Neovim client test (apt-get install -y neovim)"
  exit 77
fi
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$repo/target/debug/servicelint}"
file="${2:-examples/zh/phone-script-bad.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
"$bin" check --format json "$file" > "$work/check.json" || [ $? -eq 1 ]
SERVICELINT_BIN="$bin" SERVICELINT_FILE="$file" SERVICELINT_REPO="$repo" \
  SERVICELINT_NVIM_OUT="$work/nvim.json" \
  timeout 60 nvim --headless --clean -n -u NONE -i NONE -c "luafile $repo/tests/nvim/check.lua" \
  > "$work/nvim.log" 2>&1 || true
if [ ! -s "$work/nvim.json" ]; then
  echo "nvim wrote no result; its output:"
  cat "$work/nvim.log"
  exit 1
fi
python3 - "$work/check.json" "$work/nvim.json" "$file" <<'PY'
import json, sys
check = json.load(open(sys.argv[1], encoding="utf-8"))
nvim = json.load(open(sys.argv[2], encoding="utf-8"))
lines = open(sys.argv[3], encoding="utf-8").read().splitlines()
if "error" in nvim:
    sys.exit(f"nvim: {nvim['error']}")

def byte_col(line, column):
    # check's columns are 1-based Unicode scalars; Neovim's are 0-based bytes.
    text = lines[line - 1] if line - 1 < len(lines) else ""
    return len(text[: column - 1].encode("utf-8"))

severity = {"error": 1, "warning": 2, "info": 3}
want = sorted(
    (d["line"] - 1, byte_col(d["line"], d["column"]), d["end_line"] - 1,
     byte_col(d["end_line"], d["end_column"]), d["rule"], d["message"], severity[d["level"]])
    for f in check["files"] for d in f["diagnostics"]
)
got = sorted(
    (d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["code"], d["message"], d["severity"])
    for d in nvim["diagnostics"]
)
if want != got:
    print("check --format json:"); [print("  ", w) for w in want]
    print("vim.diagnostic.get():"); [print("  ", g) for g in got]
    sys.exit("the diagnostics differ")
line = nvim["fixed_line"]
if "不知道" in line or "我帮您确认一下" not in line:
    sys.exit(f"the quick fix did not replace 不知道: {line!r}")
print(f"nvim ({nvim['encoding']}): {len(got)} diagnostics, the same as check; "
      f"quick fix “{nvim['fix_title']}” gives: {line}")
PY
