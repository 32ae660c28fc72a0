//! `fulcrum user add/list/passwd/disable`, and the demo users of `init --demo`.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::Workspace;
use fulcrum_store::Store;

/// Runs `fulcrum --db <db> args…` with `stdin` as its standard input.
fn run_with_stdin(ws: &Workspace, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .arg("--db")
        .arg(ws.db())
        .args(args)
        .current_dir(ws.dir.path())
        .env_remove("FULCRUM_DB")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fulcrum");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn users_are_added_listed_given_passwords_and_disabled() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    let added = run_with_stdin(
        &ws,
        &[
            "user",
            "add",
            "ada",
            "--role",
            "demand_planner",
            "--display-name",
            "Ada L.",
            "--password-stdin",
        ],
        "correct horse battery\n",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(
        String::from_utf8_lossy(&added.stdout)
            .contains("Added user ada (Ada L.) with role demand_planner")
    );
    let list = ws.ok(&["user", "list"]);
    assert!(
        list.starts_with("ada\tdemand_planner\tenabled\tAda L.\tadded "),
        "{list}"
    );
    {
        let store = Store::open(&ws.db()).expect("open");
        assert!(
            store
                .verify_credentials("ada", "correct horse battery")
                .expect("check")
                .is_some()
        );
    }

    // User errors: one line, exit code 1.
    for (args, stdin, message) in [
        (
            &["user", "add", "ada", "--role", "viewer", "--password-stdin"][..],
            "0123456789\n",
            "error: a user named 'ada' exists already\n",
        ),
        (
            &["user", "add", "bob", "--role", "root", "--password-stdin"][..],
            "0123456789\n",
            "error: unknown role 'root'; the roles are admin, executive, demand_planner, supply_planner, finance, sales, marketing, viewer\n",
        ),
        (
            &["user", "add", "bob", "--role", "viewer", "--password-stdin"][..],
            "short\n",
            "error: the password must have at least 10 characters\n",
        ),
        (
            &["user", "passwd", "nobody", "--password-stdin"][..],
            "0123456789\n",
            "error: no user is named 'nobody'\n",
        ),
        (
            &["user", "disable", "nobody"][..],
            "",
            "error: no user is named 'nobody'\n",
        ),
    ] {
        let output = run_with_stdin(&ws, args, stdin);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), message, "{args:?}");
    }

    let passwd = run_with_stdin(
        &ws,
        &["user", "passwd", "ada", "--password-stdin"],
        "new password here\n",
    );
    assert!(passwd.status.success(), "{}", stderr(&passwd));
    {
        let store = Store::open(&ws.db()).expect("open");
        assert!(
            store
                .verify_credentials("ada", "correct horse battery")
                .expect("check")
                .is_none()
        );
        assert!(
            store
                .verify_credentials("ada", "new password here")
                .expect("check")
                .is_some()
        );
    }
    ws.ok(&["user", "disable", "ada"]);
    let list = ws.ok(&["user", "list"]);
    assert!(
        list.starts_with("ada\tdemand_planner\tdisabled\t"),
        "{list}"
    );
    let store = Store::open(&ws.db()).expect("open");
    assert!(
        store
            .verify_credentials("ada", "new password here")
            .expect("check")
            .is_none()
    );
}

#[test]
fn init_demo_adds_the_demo_users_once() {
    let ws = Workspace::new();
    let out = ws.ok(&["init", "--demo"]);
    assert!(
        out.contains("Added the demo users admin, planner, viewer with the password fulcrum-demo"),
        "{out}"
    );
    let list = ws.ok(&["user", "list"]);
    let roles: Vec<(&str, &str)> = list
        .lines()
        .map(|line| {
            let mut cells = line.split('\t');
            (cells.next().unwrap_or(""), cells.next().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("admin", "admin"),
            ("planner", "demand_planner"),
            ("viewer", "viewer")
        ]
    );
    let again = ws.ok(&["init", "--demo"]);
    assert!(!again.contains("demo users"), "{again}");
}
