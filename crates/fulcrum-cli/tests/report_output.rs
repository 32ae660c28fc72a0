//! What `fulcrum report` and `fulcrum versions` leave behind: nothing but their
//! output when it is piped into a reader that stops early, and no HTML file
//! with `--json` unless one is asked for.

mod common;

use std::process::{Command, Stdio};

use common::Workspace;

fn planned() -> Workspace {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&[
        "cycle",
        "--forecast-method",
        "seasonal-naive",
        "--unconstrained",
    ]);
    ws
}

/// Runs `fulcrum args…` with its stdout a pipe whose reading end is closed
/// before the command writes anything (what `| head -0` does); exit code and
/// stderr.
fn run_into_closed_pipe(ws: &Workspace, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .arg("--db")
        .arg(ws.db())
        .args(args)
        .current_dir(ws.dir.path())
        .env_remove("FULCRUM_DB")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Closing our end at once: every write of the command meets a broken pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn report_into_a_closed_pipe_exits_0_quietly() {
    let ws = planned();
    for args in [
        vec!["report", "--html", "r.html"],
        vec!["report", "--json"],
        vec!["versions"],
    ] {
        let (code, stderr) = run_into_closed_pipe(&ws, &args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn report_json_writes_no_html_file_unless_asked() {
    let ws = planned();
    let out = ws.ok(&["report", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["html"], serde_json::Value::Null);
    assert!(!ws.path("fulcrum-report.html").exists());

    let out = ws.ok(&["report", "--json", "--html", "asked.html"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["html"], "asked.html");
    assert!(ws.path("asked.html").exists());

    // The table is for people: it comes with the HTML report, as before.
    let out = ws.ok(&["report"]);
    assert!(
        out.contains("HTML report written to fulcrum-report.html"),
        "{out}"
    );
    assert!(ws.path("fulcrum-report.html").exists());
}
