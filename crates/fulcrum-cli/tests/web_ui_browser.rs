//! The web UI in a real headless browser (Debian's chromium): the demo company goes
//! through the cycle, `fulcrum serve` serves it, and Chromium renders the page.
//!
//! The server wants a session: the test logs in as the demo admin over the
//! socket, checks that Chromium without a session lands on the login form, and
//! renders the report through a small loopback proxy that adds the session
//! cookie (headless Chromium has no flag to set a cookie).
//!
//! Skipped with a notice when chromium is not installed, unless
//! `FULCRUM_REQUIRE_BROWSER` is set (CI sets it and installs chromium).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
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

/// Logs in as `name` with `password` over the socket; the session cookie.
fn log_in(addr: &str, name: &str, password: &str) -> String {
    let form = format!("name={name}&password={password}");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(
            format!(
                "POST /login HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{form}",
                form.len()
            )
            .as_bytes(),
        )
        .expect("write");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    reply
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: "))
        .and_then(|cookie| cookie.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie in {reply}"))
        .to_string()
}

/// A loopback proxy to `server` that sends every request with `cookie` (and
/// the server's own Host); its address.
fn cookie_proxy(server: String, cookie: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let addr = listener.local_addr().expect("proxy addr").to_string();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { continue };
            let (server, cookie) = (server.clone(), cookie.clone());
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let mut lines = head.split("\r\n").filter(|line| !line.is_empty());
                let request_line = lines.next().unwrap_or_default();
                let mut out = format!(
                    "{request_line}\r\nHost: {server}\r\nCookie: {cookie}\r\nConnection: close\r\n"
                );
                for line in lines {
                    let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
                    if !matches!(
                        name.as_str(),
                        "host" | "cookie" | "connection" | "origin" | "referer"
                    ) {
                        out.push_str(line);
                        out.push_str("\r\n");
                    }
                }
                out.push_str("\r\n");
                let Ok(mut upstream) = TcpStream::connect(&server) else {
                    return;
                };
                if upstream.write_all(out.as_bytes()).is_ok() {
                    let _ = std::io::copy(&mut upstream, &mut client);
                }
            });
        }
    });
    addr
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
    // Without a session the browser lands on the login form.
    let login = headless(chromium, &profile, &["--dump-dom", &url]);
    let login = String::from_utf8_lossy(&login.stdout);
    assert!(login.contains("Log in to Fulcrum"), "{login}");
    assert!(
        login.contains("fulcrum-demo"),
        "the demo password is named on loopback"
    );

    let server_addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let cookie = log_in(&server_addr, "admin", "fulcrum-demo");
    let url = format!("http://{}/", cookie_proxy(server_addr, cookie));
    let dom = headless(chromium, &profile, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    for needle in [
        "id=\"user-bar\"",
        "Demo admin",
        "<span class=\"user-role\">admin</span>",
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
