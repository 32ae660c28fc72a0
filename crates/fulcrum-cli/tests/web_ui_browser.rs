//! The web UI in a real headless browser (Debian's chromium): the demo company goes
//! through the cycle, `fulcrum serve` serves it, and Chromium renders the page.
//!
//! Skipped with a notice when chromium is not installed, unless
//! `FULCRUM_REQUIRE_BROWSER` is set (CI sets it and installs chromium).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::Workspace;

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
}

fn headless(chromium: &str, profile: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

#[test]
fn the_report_page_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("FULCRUM_REQUIRE_BROWSER").is_none(),
            "FULCRUM_REQUIRE_BROWSER is set but chromium is not installed"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&["cycle", "--forecast-method", "seasonal-naive"]);

    let mut child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .arg("--db")
        .arg(ws.db())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start fulcrum serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read address");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();

    let profile = ws.path("chromium-profile");
    let dom = headless(chromium, &profile, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    for needle in [
        "Alpenglow Outdoor Equipment GmbH",
        "id=\"kpis\"",
        "id=\"demand\"",
        "id=\"inventory\"",
        "id=\"capacity\"",
        "id=\"strategies\"",
        "optimal <b>· in this plan</b>",
        "id=\"finance\"",
        "id=\"exceptions\"",
        "<svg",
        "Gross margin",
    ] {
        assert!(dom.contains(needle), "the rendered page lacks {needle:?}");
    }

    let screenshot = ws.path("report.png");
    let shot_arg = format!("--screenshot={}", screenshot.display());
    headless(
        chromium,
        &profile,
        &[&shot_arg, "--window-size=1400,2400", &url],
    );
    let png = std::fs::read(&screenshot).expect("chromium wrote a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        png.len() > 50_000,
        "the screenshot is suspiciously small: {} bytes",
        png.len()
    );
    drop(server);
}
