//! The planning grid driven in a real browser: Debian's chromium through
//! chromedriver (WebDriver), from Rust with fantoccini.
//!
//! As the demo admin: log in through the form, double-click a family's
//! quarter cell on the sales layer, type a value, give a reason, and see the
//! items below change and sum exactly; paste a 3 × 4 block (the paste event an
//! Excel copy produces, with tab-separated text); undo it; open a cell's
//! history. As the demo viewer: no cell opens for editing and the server
//! refuses an edit sent from the page's session (403). Screenshots go to
//! `target/tmp/planning-screenshots/`.
//!
//! Skipped with a notice when chromium or chromedriver is missing, unless
//! `FULCRUM_REQUIRE_BROWSER` is set (CI sets it and installs both).

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Workspace;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Kills a child process when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn tools() -> Option<(&'static str, &'static str)> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    Some((chromium, driver))
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("planning-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(screenshots().join(name), png).expect("write screenshot");
}

/// Runs `script` (a function body) until it returns something truthy.
async fn wait_until(client: &Client, what: &str, script: &str) -> Value {
    let started = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.expect("script");
        let truthy = !matches!(value, Value::Null | Value::Bool(false))
            && value != json!(0)
            && value != json!("");
        if truthy {
            return value;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = std::fs::write(
                screenshots().join("timeout.png"),
                client.screenshot().await.unwrap_or_default(),
            );
            let page = client
                .execute("return document.body.innerText.slice(0, 2000);", vec![])
                .await;
            panic!("timed out waiting for {what}; the page reads: {page:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn log_in(client: &Client, base: &str, name: &str) {
    client
        .goto(&format!("{base}/login"))
        .await
        .expect("login page");
    let form = client
        .form(Locator::Css("form[action='/login']"))
        .await
        .expect("form");
    form.set_by_name("name", name).await.expect("name");
    form.set_by_name("password", "fulcrum-demo")
        .await
        .expect("password");
    form.submit().await.expect("submit");
    wait_until(
        client,
        "the login",
        "return !location.pathname.startsWith('/login');",
    )
    .await;
}

/// Marks the grid cell of `row id` and column `key` with an element id and finds it.
async fn grid_cell(client: &Client, row: &str, key: &str) -> fantoccini::elements::Element {
    let found = client
        .execute(
            "const row = findRow(arguments[0]); if (!row) return false; \
             const cell = row.getCell(arguments[1]); cell.getElement().scrollIntoView({block:'center'}); \
             document.querySelectorAll('#test-cell').forEach(e => e.removeAttribute('id')); \
             cell.getElement().id = 'test-cell'; return true;",
            vec![json!(row), json!(key)],
        )
        .await
        .expect("mark cell");
    assert_eq!(found, json!(true), "no cell {row} {key}");
    client
        .find(Locator::Id("test-cell"))
        .await
        .expect("cell element")
}

/// Expands a node's row and every row above it (as clicking their toggles does).
async fn expand(client: &Client, node: &str) {
    client
        .execute(
            "let row = findRow(arguments[0] + '|consensus'); const path = []; \
             while (row) { path.unshift(row); row = row.getTreeParent(); } \
             path.forEach(r => r.treeExpand()); return true;",
            vec![json!(node)],
        )
        .await
        .expect("expand");
}

async fn double_click(client: &Client, element: fantoccini::elements::Element) {
    let actions = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(actions).await.expect("double click");
    client.release_actions().await.expect("release");
}

async fn confirm_reason(client: &Client, reason: &str) {
    wait_until(
        client,
        "the reason prompt",
        "return document.getElementById('reason-dialog').open;",
    )
    .await;
    let select = client
        .find(Locator::Id("reason-code"))
        .await
        .expect("reason select");
    select.select_by_value(reason).await.expect("choose reason");
    client
        .find(Locator::Id("reason-comment"))
        .await
        .expect("comment")
        .send_keys("from the browser test")
        .await
        .expect("type comment");
    client
        .find(Locator::Id("reason-ok"))
        .await
        .expect("ok")
        .click()
        .await
        .expect("click ok");
}

/// `grid value` of a node's figure in a column, from the grid the page holds.
const READ: &str = "const node = state.grid.nodes.find(n => n.code === arguments[0]); \
    const f = state.grid.figures.findIndex(f => f.code === arguments[1]); \
    const c = state.grid.columns.findIndex(c => c.key === arguments[2]); \
    return node ? node.rows[f].values[c] : 'missing';";

async fn read(client: &Client, node: &str, figure: &str, key: &str) -> Value {
    client
        .execute(READ, vec![json!(node), json!(figure), json!(key)])
        .await
        .expect("read grid")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_edits_pastes_undoes_and_reads_history_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        assert!(
            std::env::var_os("FULCRUM_REQUIRE_BROWSER").is_none(),
            "FULCRUM_REQUIRE_BROWSER is set but chromium or chromedriver is not installed"
        );
        eprintln!("skipped: chromium and chromium-driver are not installed");
        return;
    };
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .arg("--db")
        .arg(ws.db())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start fulcrum serve");
    let stdout = child.stdout.take().expect("stdout");
    let _server = Killed(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("address");
    let base = format!("http://127.0.0.1:{port}");

    let driver_port = free_port();
    let _driver = Killed(
        Command::new(driver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1600,1200", "--no-first-run", "--disable-background-networking"],
        }),
    );
    let started = Instant::now();
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
        {
            Ok(client) => break client,
            Err(error) if started.elapsed() < Duration::from_secs(20) => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => panic!("chromedriver did not start a session: {error}"),
        }
    };

    // ---- the admin edits a family-quarter cell -------------------------
    log_in(&client, &base, "admin").await;
    client
        .goto(&format!("{base}/plan"))
        .await
        .expect("plan page");
    wait_until(&client, "the grid", "return typeof state !== 'undefined' && state.grid && document.querySelectorAll('.tabulator-row').length > 10;").await;
    let family = client
        .execute(
            "const items = n => state.grid.nodes.filter(i => i.parent === n.code && i.kind === 'item'); \
             const f = state.grid.nodes.filter(n => n.kind === 'family' && items(n).length >= 2) \
               .sort((a, b) => a.depth - b.depth)[0]; \
             return [f.code, items(f).map(i => i.code)];",
            vec![],
        )
        .await
        .expect("a family");
    let family_code = family[0].as_str().expect("code").to_string();
    let items: Vec<String> = family[1]
        .as_array()
        .expect("items")
        .iter()
        .map(|v| v.as_str().expect("item").to_string())
        .collect();
    assert_eq!(
        read(&client, &family_code, "sales", "q0").await,
        Value::Null
    );
    // The KPI tiles arrive after the grid; wait so the grid does not move under the pointer.
    wait_until(
        &client,
        "the KPIs",
        "return document.getElementById('kpi-note');",
    )
    .await;
    shot(&client, "01-grid.png").await;

    expand(&client, &family_code).await;
    let cell = grid_cell(&client, &format!("{family_code}|sales"), "q0").await;
    double_click(&client, cell).await;
    let editor = client
        .wait()
        .for_element(Locator::Css(".tabulator-editing input"))
        .await
        .expect("the cell editor opens");
    editor.send_keys("1200").await.expect("type");
    editor.send_keys("\u{E007}").await.expect("enter");
    confirm_reason(&client, "customer_intel").await;
    wait_until(
        &client,
        "the saved edit",
        "return state.grid.revision === 1;",
    )
    .await;
    assert_eq!(
        read(&client, &family_code, "sales", "q0").await.as_f64(),
        Some(1200.0)
    );
    let mut sum = 0.0;
    for item in &items {
        let value = read(&client, item, "sales", "q0")
            .await
            .as_f64()
            .expect("item typed");
        assert_eq!(value, value.round(), "whole units: {item} {value}");
        sum += value;
    }
    assert_eq!(sum, 1200.0, "the items sum exactly to the family's quarter");
    let shown = grid_cell(&client, &format!("{family_code}|sales"), "q0")
        .await
        .text()
        .await
        .expect("cell text");
    assert_eq!(shown.trim(), "1,200");
    wait_until(&client, "the recomputed KPIs", "const n = document.getElementById('kpi-note'); return n && n.textContent.includes('revision 1');").await;
    shot(&client, "02-family-quarter-edit.png").await;

    // ---- paste a 3 × 4 block at an item's sales row --------------------
    let item = &items[0];
    expand(&client, item).await;
    let start = grid_cell(&client, &format!("{item}|sales"), "m3").await;
    start.click().await.expect("select the top-left cell");
    wait_until(
        &client,
        "the range",
        "return state.table.getRanges().length > 0;",
    )
    .await;
    client
        .execute(
            "const data = new DataTransfer(); data.setData('text/plain', arguments[0]); \
             document.getElementById('test-cell').dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true})); return true;",
            vec![json!("11\t12\t13\n21\t22\t23\n31\t32\t33\n41\t42\t43\n")],
        )
        .await
        .expect("paste");
    // 4 rows down from sales: sales, marketing, demand_planner, finance; 3 columns: Apr, May, Jun.
    confirm_reason(&client, "market_trend").await;
    wait_until(
        &client,
        "the pasted block",
        "return state.grid.revision === 13;",
    )
    .await;
    for (row, figure) in ["sales", "marketing", "demand_planner", "finance"]
        .iter()
        .enumerate()
    {
        for (col, key) in ["m3", "m4", "m5"].iter().enumerate() {
            let want = (10 * (row + 1) + col + 1) as f64;
            assert_eq!(
                read(&client, item, figure, key).await.as_f64(),
                Some(want),
                "{figure} {key}"
            );
        }
    }
    shot(&client, "03-pasted-block.png").await;

    // ---- undo the paste --------------------------------------------------
    client
        .find(Locator::Id("undo"))
        .await
        .expect("undo")
        .click()
        .await
        .expect("click undo");
    wait_until(&client, "the undo", "return state.grid.revision === 25;").await;
    for figure in ["marketing", "demand_planner", "finance"] {
        assert_eq!(
            read(&client, item, figure, "m3").await,
            Value::Null,
            "{figure} is empty again"
        );
    }
    assert_eq!(
        read(&client, &family_code, "sales", "q0").await.as_f64(),
        Some(1200.0),
        "the edit before stays"
    );

    // ---- a cell's history ------------------------------------------------
    let cell = grid_cell(&client, &format!("{family_code}|sales"), "q0").await;
    cell.click().await.expect("select");
    client
        .find(Locator::Id("history-button"))
        .await
        .expect("history")
        .click()
        .await
        .expect("click");
    let history = wait_until(
        &client,
        "the history",
        "const t = document.getElementById('history-table'); return t && t.innerText;",
    )
    .await;
    let history = history.as_str().expect("text");
    assert!(
        history.contains("admin")
            && history.contains("1,200")
            && history.contains("customer_intel"),
        "{history}"
    );
    shot(&client, "04-history-and-chart.png").await;

    // ---- an event: added from the form, then switched off ----------------
    client
        .find(Locator::Css("#event-form-box summary"))
        .await
        .expect("the event form")
        .click()
        .await
        .expect("open");
    for (field, value) in [
        ("name", "Spring sale"),
        ("product", item.as_str()),
        ("start", "2026-03"),
        ("end", "2026-03"),
    ] {
        client
            .find(Locator::Css(&format!("#event-form input[name={field}]")))
            .await
            .expect("field")
            .send_keys(value)
            .await
            .expect("type");
    }
    client
        .find(Locator::Css("#event-form button[type=submit]"))
        .await
        .expect("add")
        .click()
        .await
        .expect("click");
    confirm_reason(&client, "promotion").await;
    wait_until(&client, "the event", "return state.grid.revision === 26;").await;
    let events = wait_until(
        &client,
        "the events table",
        "const t = document.getElementById('events-table'); return t && t.innerText.includes('Spring sale') && t.innerText;",
    )
    .await;
    assert!(
        events.as_str().unwrap_or_default().contains("+20% on"),
        "{events}"
    );
    let uplift = read(&client, item, "events", "m2")
        .await
        .as_f64()
        .expect("events");
    assert!(uplift > 0.0, "the promotion lifts March: {uplift}");
    shot(&client, "05-event.png").await;
    client
        .find(Locator::Css("#events-table input[type=checkbox]"))
        .await
        .expect("the on switch")
        .click()
        .await
        .expect("switch off");
    confirm_reason(&client, "promotion").await;
    wait_until(
        &client,
        "the event off",
        "return state.grid.revision === 27;",
    )
    .await;
    assert_eq!(
        read(&client, item, "events", "m2").await.as_f64(),
        Some(0.0)
    );

    // ---- a viewer may read but not edit ----------------------------------
    client
        .find(Locator::Css("#user-bar button"))
        .await
        .expect("log out")
        .click()
        .await
        .expect("click");
    wait_until(
        &client,
        "the login page",
        "return location.pathname.startsWith('/login');",
    )
    .await;
    log_in(&client, &base, "viewer").await;
    client
        .goto(&format!("{base}/plan"))
        .await
        .expect("plan page");
    wait_until(&client, "the grid", "return typeof state !== 'undefined' && state.grid && document.querySelectorAll('.tabulator-row').length > 10;").await;
    expand(&client, &family_code).await;
    let cell = grid_cell(&client, &format!("{family_code}|sales"), "q1").await;
    double_click(&client, cell).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        client
            .find_all(Locator::Css(".tabulator-editing"))
            .await
            .expect("find")
            .is_empty(),
        "no editor opens for a viewer"
    );
    let status = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/api/v1/plan/changes', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf}, \
               body: JSON.stringify({base_revision: state.grid.revision, reason_code: 'other', edits: [{kind: 'set', layer: 'sales', product: arguments[0], period: '2026-Q2', value: 5}]})}) \
             .then(r => r.json().then(b => done([r.status, b.error])));",
            vec![json!(family_code)],
        )
        .await
        .expect("fetch");
    assert_eq!(status[0], json!(403), "{status}");
    assert!(
        status[1].as_str().unwrap_or_default().contains("viewer"),
        "{status}"
    );
    shot(&client, "06-viewer.png").await;
    client.close().await.expect("close");
}
