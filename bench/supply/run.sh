#!/usr/bin/env bash
# Supply benchmark: the aggregate (family-plan) LP of 200 families x 30 resources x 36
# buckets, plus the Red Tomato LP and MIP, solved with microlp (pure Rust) and, on the
# exported MPS files in the same run, with HiGHS from PyPI (`highspy`). Objectives must
# agree to 1e-6 relative. Writes bench/results/supply.json.
#
# Usage: bench/supply/run.sh [N_FAMILIES N_RESOURCES N_BUCKETS]   (default 200 30 36)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
python3 -c "import highspy" 2>/dev/null || python3 -m pip install --quiet highspy
cargo build --quiet --release -p fulcrum-supply --example supply_bench
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$CARGO_TARGET_DIR/release/examples/supply_bench" "$work" "${1:-200}" "${2:-30}" "${3:-36}" > "$work/microlp.json"
mkdir -p bench/results
python3 bench/supply/highs_check.py "$work/microlp.json" bench/results/supply.json
echo "wrote bench/results/supply.json"
