#!/usr/bin/env bash
# The evaluation in one command: builds servicelint (debug; pass --release to time nothing but
# get the release binary) and scores it on the team's labelled set and, when present, on
# ../shared/corpus with tests/eval/corpus-labels.toml. Extra arguments go to eval.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=debug
if [ "${1:-}" = "--release" ]; then profile=release; shift; fi
if [ "$profile" = release ]; then cargo build --release -q; else cargo build -q; fi
bin="${CARGO_TARGET_DIR:-target}/$profile/servicelint"
python3 tests/eval/eval.py --bin "$bin" "$@"
if [ -d ../shared/corpus ]; then
  python3 tests/eval/eval.py --bin "$bin" --corpus ../shared/corpus "$@"
fi
