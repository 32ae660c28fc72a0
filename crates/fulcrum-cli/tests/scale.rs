//! `fulcrum init --demo --scale N` loads a coherent company of at least N
//! item-locations, and `fulcrum -v cycle` says how long each stage took.

mod common;

use common::Workspace;

#[test]
fn a_scaled_demo_company_is_loaded_and_its_cycle_stages_are_timed() {
    let ws = Workspace::new();
    let loaded = ws.ok(&["init", "--demo", "--scale", "600"]);
    // The demo has 88 items and 275 item-locations: three copies reach 600.
    assert!(loaded.contains("264 items"), "{loaded}");
    let out = ws.run(&[
        "-v",
        "cycle",
        "--forecast-method",
        "seasonal-naive",
        "--unconstrained",
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for stage in ["forecast", "supply", "finance", "KPIs"] {
        assert!(stderr.contains(&format!("stage {stage}: ")), "{stderr}");
    }
    assert!(stderr.contains("cycle: "), "{stderr}");
    let bad = ws.run(&["init", "--scale", "300"]);
    assert!(!bad.status.success(), "--scale needs --demo");
}
