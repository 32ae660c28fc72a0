#!/usr/bin/env bash
# Scale check: N synthetic monthly series (default 100,000) with 60 months of
# history through `fulcrum forecast` on all cores; prints wall seconds and peak
# memory and writes bench/results/forecast_scale.json.
#
#   bash bench/forecast/scale.sh [N_SERIES] [BACKTEST_ORIGINS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
N="${1:-100000}"
ORIGINS="${2:-3}"
WORK="${FORECAST_BENCH_DIR:-/tmp/fulcrum-forecast-bench}"
mkdir -p "$WORK" bench/results

cargo build --release -p fulcrum-cli
BIN=("$CARGO_TARGET_DIR/release/fulcrum" forecast)

# Deterministic synthetic data: level, trend, season, noise and some
# intermittent series, from a fixed seed.
python3 - "$N" "$WORK/scale_input.csv" <<'PY'
import sys
import numpy as np
n_series, path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(20261122)
months = [f"{2020 + i // 12}-{i % 12 + 1:02d}-01" for i in range(60)]
with open(path, "w") as fh:
    fh.write("unique_id,ds,y\n")
    t = np.arange(60)
    for s in range(n_series):
        level = rng.uniform(10, 1000)
        trend = rng.normal(0, level * 0.005)
        season = 1 + rng.uniform(0, 0.4) * np.sin(2 * np.pi * (t + rng.integers(12)) / 12)
        y = (level + trend * t) * season * rng.lognormal(0, 0.1, 60)
        if s % 10 == 0:
            y = np.where(rng.random(60) < 0.6, 0.0, np.round(y / 10))
        y = np.maximum(y, 0).round(2)
        fh.write("".join(f"S{s},{d},{v}\n" for d, v in zip(months, y)))
PY

START=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$WORK/scale_mem.txt" "${BIN[@]}" --input "$WORK/scale_input.csv" --horizon 18 \
    --season-length 12 --output "$WORK/scale_output.csv" --backtest-origins "$ORIGINS"
END=$(date +%s.%N)
SECONDS_TAKEN=$(python3 -c "print(round($END - $START, 2))")
PEAK_KB=$(tail -1 "$WORK/scale_mem.txt")
cat > bench/results/forecast_scale.json <<JSON
{
  "benchmark": "fulcrum forecast on synthetic monthly series, 60 months of history, h=18",
  "n_series": $N,
  "backtest_origins": $ORIGINS,
  "threads": $(nproc),
  "wall_seconds": $SECONDS_TAKEN,
  "peak_rss_mb": $(python3 -c "print(round($PEAK_KB / 1024, 1))"),
  "target_seconds_below": 180,
  "target_peak_rss_mb_below": 2048
}
JSON
cat bench/results/forecast_scale.json
