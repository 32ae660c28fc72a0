//! The database through the real binary: `fulcrum verify`, reading commands on a
//! read-only file, a plain error for a write to one, and a one-line error for a
//! damaged schema.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Workspace;

/// A workspace with the demo company and one plan version.
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

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn set_read_only(path: &std::path::Path, read_only: bool) {
    let mode = if read_only { 0o444 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn verify_reports_a_sound_database_and_exits_0() {
    let ws = planned();
    ws.ok(&["approve", "1"]);
    let out = ws.ok(&["verify"]);
    assert!(out.contains("SQLite integrity check: ok"), "{out}");
    assert!(
        out.contains("approval chain: 1 approval(s), sound"),
        "{out}"
    );
    assert!(out.trim_end().ends_with(": sound"), "{out}");
}

#[test]
fn verify_finds_an_approved_version_altered_behind_its_back_and_exits_1() {
    let ws = planned();
    ws.ok(&["approve", "1"]);
    {
        let conn = rusqlite::Connection::open(ws.db()).expect("raw open");
        conn.execute_batch(
            "DROP TRIGGER kpis_approved_no_update;
             DROP TRIGGER kpis_approved_no_update_into;
             UPDATE kpis SET value = 0 WHERE version_id = 1;",
        )
        .expect("tamper");
    }
    let output = ws.run(&["verify"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("problem: plan version 1 was altered after its approval"),
        "{out}"
    );
    assert!(
        out.contains("problem: protective trigger kpis_approved_no_update is missing; restored"),
        "{out}"
    );
    assert!(
        stderr(&output).contains("is not sound: 3 problem(s) found"),
        "{}",
        stderr(&output)
    );
    // The triggers are back: the next verify only finds the altered content.
    let output = ws.run(&["verify"]);
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        !out.contains("trigger kpis_approved_no_update is missing"),
        "{out}"
    );
    assert!(out.contains("problem: plan version 1 was altered"), "{out}");
}

#[test]
fn reading_commands_work_on_a_read_only_database_and_change_nothing() {
    let ws = planned();
    let before = std::fs::read(ws.db()).expect("bytes");
    set_read_only(&ws.db(), true);
    let out = ws.ok(&["versions"]);
    assert!(out.contains("draft"), "{out}");
    ws.ok(&["export", "out"]);
    assert!(ws.path("out/items.csv").exists());
    let out = ws.ok(&["report", "--html", "report.html"]);
    assert!(out.contains("HTML report written to report.html"), "{out}");
    ws.ok(&["verify"]);
    set_read_only(&ws.db(), false);
    assert_eq!(std::fs::read(ws.db()).expect("bytes"), before);
}

#[test]
fn write_to_a_read_only_database_is_a_plain_user_error_said_once() {
    let ws = planned();
    ws.ok(&["init", "--demo", "--write", "demo"]);
    set_read_only(&ws.db(), true);
    for args in [
        vec!["import", "demo"],
        vec!["approve", "1"],
        vec!["cycle", "--forecast-method", "seasonal-naive"],
    ] {
        let output = ws.run(&args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(
            message.starts_with(&format!("error: {} is read-only;", ws.db().display())),
            "{args:?}: {message}"
        );
    }
    set_read_only(&ws.db(), false);
}

#[test]
fn missing_schema_migrations_table_is_a_one_line_error() {
    let ws = planned();
    rusqlite::Connection::open(ws.db())
        .expect("raw open")
        .execute_batch("DROP TABLE schema_migrations")
        .expect("drop");
    for args in [vec!["versions"], vec!["cycle"]] {
        let output = ws.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.len() < 300, "{args:?}: {message}");
        assert!(message.contains("no schema_migrations table"), "{message}");
    }
}

#[test]
fn serve_works_on_a_read_only_database() {
    use std::io::{BufRead, BufReader, Read, Write};
    let ws = planned();
    // A session made while the file was writable still reads it.
    let token = {
        let store = fulcrum_store::Store::open(&ws.db()).expect("open");
        let user = store
            .add_user(
                "reader",
                None,
                fulcrum_access::Role::Viewer,
                "reader password",
            )
            .expect("user");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("time")
            .as_secs() as i64;
        store.create_session(user.id, now).expect("session").token
    };
    set_read_only(&ws.db(), true);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .arg("--db")
        .arg(ws.db())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(ws.dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start fulcrum serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read address");
    let addr = line
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://"))
        .map(|url| url.trim_end_matches('/').to_string());
    let reply = addr.as_ref().map(|addr| {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .write_all(
                format!("GET /api/versions HTTP/1.1\r\nHost: {addr}\r\nCookie: fulcrum_session={token}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .expect("write");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read");
        reply
    });
    child.kill().expect("stop the server");
    let output = child.wait_with_output().expect("wait");
    set_read_only(&ws.db(), false);
    let reply = reply.unwrap_or_else(|| {
        panic!(
            "no address in {line:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert!(reply.starts_with("HTTP/1.1 200 OK"), "{reply}");
    assert!(reply.contains(r#""status":"draft""#), "{reply}");
}
