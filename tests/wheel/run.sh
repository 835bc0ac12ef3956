#!/usr/bin/env bash
# Build the servicelint wheel (maturin, `bindings = "bin"`), install it into a fresh virtual
# environment with no Rust on PATH, and run the installed `servicelint` on examples/.
# Slow (a release build): run by hand or in the release workflow, not in .ci/run.
#   tests/wheel/run.sh            # uses /tmp/servicelint-wheel as scratch space
# Exit 0 when the installed binary runs and lints examples/ (findings are fine: exit 0 or 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
scratch=${SCRATCH:-/tmp/servicelint-wheel}
rm -rf "$scratch"
mkdir -p "$scratch"

echo "== maturin in a build venv"
python3 -m venv "$scratch/build-venv"
"$scratch/build-venv/bin/pip" install -q "maturin>=1.9,<2.0"

echo "== maturin build --release"
"$scratch/build-venv/bin/maturin" build --release --locked --out "$scratch/wheels" 2>&1 | tail -n 5
wheel=$(ls "$scratch"/wheels/servicelint-*.whl)
echo "built $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"

echo "== install into a fresh venv, offline, from the wheel alone"
python3 -m venv "$scratch/use-venv"
"$scratch/use-venv/bin/pip" install -q --no-index "$wheel"

echo "== run the installed servicelint without cargo or rustc on PATH"
bin="$scratch/use-venv/bin/servicelint"
test -x "$bin"
env -i HOME="$scratch" PATH="$scratch/use-venv/bin:/usr/bin:/bin" sh -c '
  if command -v cargo > /dev/null || command -v rustc > /dev/null; then
    echo "cargo or rustc still on PATH" >&2; exit 1
  fi
  servicelint --version
'
set +e
env -i HOME="$scratch" PATH="$scratch/use-venv/bin:/usr/bin:/bin" \
  servicelint check --format concise "$repo/examples/" > "$scratch/examples.txt" 2>&1
code=$?
set -e
tail -n 1 "$scratch/examples.txt"
if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
  echo "the installed servicelint exited $code on examples/" >&2
  cat "$scratch/examples.txt" >&2
  exit 1
fi
echo "wheel OK: exit $code on examples/"
