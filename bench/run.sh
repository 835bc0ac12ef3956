#!/usr/bin/env bash
# The servicelint benchmark, one command from a fresh clone: bench/run.sh
# Builds --release, generates a deterministic corpus (2 000 × 10 KB files, one 20 MB file, 20 000 files
# for RSS) under target/bench/, and prints MB/s, files/s, peak RSS, start-up time and the ratio to rg.
# Knobs (environment): BENCH_DIR, BENCH_FILES, BENCH_SIZE, BENCH_BIG_MB, BENCH_MANY (0 skips the RSS
# case), BENCH_RUNS, BENCH_INSTALL_RG=0 (never try to install ripgrep).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${BENCH_DIR:-target/bench}
files=${BENCH_FILES:-2000}
size=${BENCH_SIZE:-10240}
big_mb=${BENCH_BIG_MB:-20}
many=${BENCH_MANY:-20000}
runs=${BENCH_RUNS:-3}

command -v python3 >/dev/null || { echo "bench/run.sh needs python3" >&2; exit 2; }

echo "building servicelint (release)…" >&2
cargo build --release --quiet --bin servicelint
bin="${CARGO_TARGET_DIR:-target}/release/servicelint"

# ripgrep is optional: try to install it only when missing, allowed, and apt-get can (root).
if ! command -v rg >/dev/null && [ "${BENCH_INSTALL_RG:-1}" = 1 ] \
    && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq ripgrep >/dev/null 2>&1 \
        || echo "note: could not install ripgrep; the rg comparison is skipped" >&2
fi

echo "generating the corpus under $out…" >&2
python3 bench/gen_corpus.py --out "$out/corpus" --files "$files" --size "$size" --seed 1
python3 bench/gen_corpus.py --out "$out/big" --files 0 --big-mb "$big_mb" --seed 1
many_args=()
if [ "$many" -gt 0 ]; then
    python3 bench/gen_corpus.py --out "$out/many" --files "$many" --size "$size" --seed 2
    many_args=(--many "$out/many")
fi
python3 bench/gen_corpus.py --out "$out/startup" --files 1 --size "$size" --seed 3

echo >&2
python3 bench/measure.py --bin "$bin" --config bench/bench.toml \
    --corpus "$out/corpus" --big "$out/big/big.md" "${many_args[@]}" \
    --small "$(find "$out/startup" -type f -name 'doc*' | head -n 1)" \
    --runs "$runs" --json "$out/results.json"
