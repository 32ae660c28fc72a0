#!/usr/bin/env bash
# Whole-cycle scale benchmark: the demo company grown to N item-locations
# (fulcrum_demo::generate_scaled: the catalogue copied, plants, resources and suppliers
# shared, hours × copies), run through `run_cycle` with the default (automatic)
# forecast and the cost-optimal constrained plan. Writes per-stage seconds, peak
# memory and the plan check's violations to bench/results/cycle_scale.json.
# The peer for the forecast stage is bench/forecast/scale.sh; this run shows where a
# cycle's time goes and whether it grows linearly.
#
# Usage: bench/cycle/run.sh [N ...]   (default 1000 10000 40000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release -p fulcrum-cycle --example cycle_scale
mkdir -p bench/results
if [ "$#" -eq 0 ]; then
    set -- 1000 10000 40000
fi
# One process per size, so that each peak memory is its own.
runs=()
for n in "$@"; do
    runs+=("$("$CARGO_TARGET_DIR/release/examples/cycle_scale" "$n" 2>/dev/null | sed -e 's/^{"runs": \[//' -e 's/\]}$//')")
done
(IFS=,; echo "{\"runs\": [${runs[*]}]}") > bench/results/cycle_scale.json
cat bench/results/cycle_scale.json
echo "wrote bench/results/cycle_scale.json"
