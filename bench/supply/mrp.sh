#!/usr/bin/env bash
# MRP benchmark: 100,000 items x 36 buckets with 4-level BOMs (synthetic, seed 2026),
# fulcrum_supply::mrp::run_mrp with pegging off and on, against a naive level-by-level
# explosion over integer indices in the same run. Fails if the two disagree on planned
# production and purchase totals. Writes bench/results/mrp.json.
#
# Usage: bench/supply/mrp.sh [N_ITEMS N_BUCKETS REPEATS]   (default 100000 36 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release -p fulcrum-supply --example mrp_bench
mkdir -p bench/results
"$CARGO_TARGET_DIR/release/examples/mrp_bench" "${1:-100000}" "${2:-36}" "${3:-3}" > bench/results/mrp.json
cat bench/results/mrp.json
echo "wrote bench/results/mrp.json"
