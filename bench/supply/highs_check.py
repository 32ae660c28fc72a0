"""Solve the MPS files written by `supply_bench` with HiGHS (PyPI `highspy`) and
compare the objectives with microlp's, in the same run.

Usage: python3 highs_check.py MICROLP_JSON OUT_JSON
Exit status 1 if any objective differs by more than 1e-6 relative.
"""

import json
import platform
import sys
import time

import highspy


def solve(path):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    status = h.readModel(path)
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS could not read {path}: {status}")
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    model_status = h.getModelStatus()
    if model_status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS did not reach optimality on {path}: {h.modelStatusToString(model_status)}")
    return h.getInfo().objective_function_value, seconds


def main():
    microlp_json, out_json = sys.argv[1], sys.argv[2]
    with open(microlp_json) as f:
        report = json.load(f)
    ok = True
    for model in report["models"]:
        objective, seconds = solve(model["mps"])
        rust = model["microlp_objective"]
        relative = abs(objective - rust) / max(1.0, abs(objective))
        model["highs_objective"] = objective
        model["highs_seconds"] = round(seconds, 6)
        model["relative_difference"] = relative
        model["agree_1e-6"] = relative <= 1e-6
        model["microlp_over_highs_time"] = round(model["microlp_seconds"] / seconds, 3) if seconds > 0 else None
        model["total_cost"] = rust + model["objective_constant"]
        ok = ok and model["agree_1e-6"]
        del model["mps"]
    report["highs_version"] = highspy.Highs().version() if hasattr(highspy.Highs(), "version") else "unknown"
    report["python"] = platform.python_version()
    report["machine"] = platform.machine()
    report["all_agree_1e-6"] = ok
    with open(out_json, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    for model in report["models"]:
        print(
            f"{model['name']:<28} vars {model['variables']:>6} rows {model['rows']:>6}  "
            f"microlp {model['microlp_objective']:.6f} in {model['microlp_seconds']:.3f}s  "
            f"HiGHS {model['highs_objective']:.6f} in {model['highs_seconds']:.3f}s  "
            f"rel diff {model['relative_difference']:.2e}"
        )
    if not ok:
        print("objectives disagree beyond 1e-6 relative", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
