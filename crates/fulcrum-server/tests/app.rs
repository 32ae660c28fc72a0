//! The router driven in-process with `oneshot`: status codes, JSON shapes and
//! error handling, without a network.

mod common;

use common::with_session;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fulcrum_core::{
    Calendar, Exception, KeyFigure, Kpi, KpiUnit, OrderKind, Peg, Plan, PlannedOrder,
    SafetyStockRecord, Series, SeriesKey, Severity, YearMonth,
};
use fulcrum_server::{AppState, app};
use fulcrum_store::{InputFile, NewPlanVersion, Store, VersionId};
use serde_json::{Value, json};
use tower::ServiceExt;

fn plan() -> Plan {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 2, 18).expect("calendar");
    let mut series = vec![
        Series {
            key: SeriesKey::item_location(KeyFigure::ConsensusDemand, "FG-1", "DC-1"),
            first_bucket: 2,
            values: vec![10.0, 12.5, f64::NAN],
        },
        Series {
            key: SeriesKey::item_location(KeyFigure::ConsensusDemand, "FG-2", "DC-1"),
            first_bucket: 3,
            values: vec![4.0],
        },
        Series {
            key: SeriesKey::resource(KeyFigure::CapacityLoad, "LINE-1"),
            first_bucket: 2,
            values: vec![100.0, 90.0],
        },
    ];
    series.sort_by(|a, b| a.key.cmp(&b.key));
    Plan {
        calendar,
        series,
        planned_orders: vec![
            PlannedOrder {
                kind: OrderKind::Purchase,
                item: "RM".into(),
                location: "PLANT".into(),
                from: None,
                supplier: Some("SUP".into()),
                quantity: 50.0,
                release: 2,
                due: 3,
            },
            PlannedOrder {
                kind: OrderKind::Transfer,
                item: "FG".into(),
                location: "DC".into(),
                from: Some("PLANT".into()),
                supplier: None,
                quantity: 5.0,
                release: 3,
                due: 3,
            },
        ],
        pegging: vec![
            Peg {
                order: 0,
                item: "FG".into(),
                location: "DC".into(),
                bucket: None,
                demand_quantity: 4.0,
                quantity: 8.0,
            },
            Peg {
                order: 0,
                item: "FG".into(),
                location: "DC".into(),
                bucket: Some(3),
                demand_quantity: 20.0,
                quantity: 40.0,
            },
        ],
        kpis: vec![
            Kpi {
                code: "total_revenue".into(),
                label: "Total revenue".into(),
                value: 1_234_567.5,
                unit: KpiUnit::Money,
            },
            Kpi {
                code: "fill_rate".into(),
                label: "Fill rate".into(),
                value: 0.98,
                unit: KpiUnit::Ratio,
            },
        ],
        forecast_models: vec![],
        safety_stocks: vec![
            SafetyStockRecord {
                item: "FG".into(),
                location: "DC".into(),
                safety_stock: 95.0,
                unit_cost: 55.0,
                basis: "normal_fill_rate".into(),
                explanation: "normal demand for a 98% fill rate on lots of 100.0".into(),
            },
            SafetyStockRecord {
                item: "RM".into(),
                location: "PLANT".into(),
                safety_stock: 0.0,
                unit_cost: 3.0,
                basis: "unsourced".into(),
                explanation: "cannot be replenished".into(),
            },
        ],
        exceptions: vec![
            Exception {
                severity: Severity::Critical,
                code: "capacity_overload".into(),
                message: "LINE-1 is loaded to 130% in 2026-02".into(),
                bucket: Some(3),
            },
            Exception {
                severity: Severity::Warning,
                code: "budget_gap".into(),
                message: "Revenue is 4% below budget".into(),
                bucket: None,
            },
        ],
    }
}

/// A store holding `n_versions` versions of [`plan`], named `v1`, `v2`, ...
fn store_with_versions(n_versions: usize) -> Store {
    let mut store = Store::open_in_memory().expect("open");
    let snapshot = store
        .save_snapshot(&[InputFile {
            name: "items.csv".into(),
            content: b"code\nFG-1\n".to_vec(),
        }])
        .expect("snapshot");
    for idx in 1..=n_versions {
        let new = NewPlanVersion {
            name: format!("v{idx}"),
            snapshot,
            parent: None,
            company: "Acme <Cycles>".into(),
            currency: "EUR".into(),
            strategy: None,
        };
        store.save_plan_version(&new, &plan()).expect("save");
    }
    store
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        serde_json::from_str(&self.body).expect("JSON body")
    }
}

async fn get(state: AppState, uri: &str) -> Reply {
    send(
        state,
        Request::get(uri)
            .header(header::HOST, "localhost:8080")
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

async fn send(state: AppState, mut request: Request<Body>) -> Reply {
    with_session(&state, &mut request);
    let response = app(state).oneshot(request).await.expect("infallible");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    Reply {
        status,
        content_type,
        body: String::from_utf8(bytes.to_vec()).expect("utf-8"),
    }
}

/// Asserts a JSON error reply: status and exact message.
async fn check_error(state: AppState, uri: &str, status: StatusCode, message: &str) {
    let reply = get(state, uri).await;
    assert_eq!(reply.status, status, "{uri}: {}", reply.body);
    assert_eq!(
        reply.json(),
        json!({ "error": message, "code": code_of(status) }),
        "{uri}"
    );
}

/// The `code` of an error body: the status's reason phrase in snake case.
fn code_of(status: StatusCode) -> String {
    status
        .canonical_reason()
        .expect("reason")
        .to_lowercase()
        .replace(['-', ' '], "_")
        .replace('\'', "")
}

fn state(n_versions: usize) -> AppState {
    AppState::new(store_with_versions(n_versions))
}

#[tokio::test]
async fn healthz_reports_ok_and_schema_version() {
    let reply = get(state(0), "/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({ "status": "ok", "schema_version": 8 }));
}

#[tokio::test]
async fn versions_lists_headers_oldest_first() {
    let reply = get(state(2), "/api/versions").await;
    assert_eq!(reply.status, StatusCode::OK);
    let mut json = reply.json();
    for version in json.as_array_mut().expect("array") {
        let created_at = version["created_at"].take();
        assert!(
            created_at.as_str().is_some_and(|at| at.ends_with('Z')),
            "{created_at}"
        );
    }
    let calendar = json!({
        "granularity": "month",
        "history_len": 2,
        "horizon_len": 18,
        "first_bucket": "2025-11",
        "plan_start": "2026-01",
        "last_bucket": "2027-06",
    });
    let version = |id: i64, name: &str| {
        json!({
            "id": id, "name": name, "status": "draft", "snapshot": 1, "parent": null,
            "company": "Acme <Cycles>", "currency": "EUR", "created_at": null,
            "approved_at": null, "strategy": null, "superseded_by": null,
            "calendar": calendar,
        })
    };
    assert_eq!(json, json!([version(1, "v1"), version(2, "v2")]));
}

#[tokio::test]
async fn one_version_header_matches_the_list_entry() {
    let state = state(2);
    let list = get(state.clone(), "/api/versions").await.json();
    let one = get(state, "/api/versions/2").await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json(), list[1]);
}

#[tokio::test]
async fn empty_store_lists_no_versions() {
    let reply = get(state(0), "/api/versions").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!([]));
}

#[tokio::test]
async fn kpis_in_plan_order() {
    let reply = get(state(1), "/api/versions/1/kpis").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!([
            { "code": "total_revenue", "label": "Total revenue", "value": 1_234_567.5, "unit": "money" },
            { "code": "fill_rate", "label": "Fill rate", "value": 0.98, "unit": "ratio" },
        ])
    );
}

#[tokio::test]
async fn exceptions_carry_bucket_labels() {
    let reply = get(state(1), "/api/versions/1/exceptions").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!([
            {
                "severity": "critical", "code": "capacity_overload",
                "message": "LINE-1 is loaded to 130% in 2026-02", "bucket": "2026-02",
            },
            {
                "severity": "warning", "code": "budget_gap",
                "message": "Revenue is 4% below budget", "bucket": null,
            },
        ])
    );
}

#[tokio::test]
async fn planned_orders_carry_their_pegs() {
    let reply = get(state(1), "/api/versions/1/planned-orders").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!([
            {
                "index": 0, "kind": "purchase", "item": "RM", "location": "PLANT",
                "from": null, "supplier": "SUP", "quantity": 50.0,
                "release": "2026-01", "due": "2026-02",
                "pegs": [
                    {"item": "FG", "location": "DC", "bucket": null,
                     "demand_quantity": 4.0, "quantity": 8.0},
                    {"item": "FG", "location": "DC", "bucket": "2026-02",
                     "demand_quantity": 20.0, "quantity": 40.0},
                ],
            },
            {
                "index": 1, "kind": "transfer", "item": "FG", "location": "DC",
                "from": "PLANT", "supplier": null, "quantity": 5.0,
                "release": "2026-02", "due": "2026-02", "pegs": [],
            },
        ])
    );
    let missing = get(state(1), "/api/versions/9/planned-orders").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn safety_stocks_carry_their_basis_and_explanation() {
    let reply = get(state(1), "/api/versions/1/safety-stocks").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!([
            {"item": "FG", "location": "DC", "safety_stock": 95.0, "unit_cost": 55.0,
             "basis": "normal_fill_rate",
             "explanation": "normal demand for a 98% fill rate on lots of 100.0"},
            {"item": "RM", "location": "PLANT", "safety_stock": 0.0, "unit_cost": 3.0,
             "basis": "unsourced",
             "explanation": "cannot be replenished"},
        ])
    );
    let missing = get(state(1), "/api/versions/9/safety-stocks").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = get(state(1), "/api/versions/x/safety-stocks").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn series_filtered_by_figure_and_dimensions() {
    let state = state(1);
    let reply = get(
        state.clone(),
        "/api/versions/1/series?figure=consensus_demand",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let fg1 = json!({
        "figure": "consensus_demand", "item": "FG-1", "location": "DC-1",
        "resource": null, "family": null,
        "buckets": ["2026-01", "2026-02", "2026-03"],
        "values": [10.0, 12.5, null],
    });
    let fg2 = json!({
        "figure": "consensus_demand", "item": "FG-2", "location": "DC-1",
        "resource": null, "family": null,
        "buckets": ["2026-02"], "values": [4.0],
    });
    assert_eq!(reply.json(), json!([fg1, fg2]));

    let reply = get(
        state.clone(),
        "/api/versions/1/series?figure=consensus_demand&item=FG-2&location=DC-1",
    )
    .await;
    assert_eq!(reply.json(), json!([fg2]));

    // Empty parameters mean "any".
    let reply = get(
        state.clone(),
        "/api/versions/1/series?figure=consensus_demand&item=&location=DC-1&family=",
    )
    .await;
    assert_eq!(reply.json(), json!([fg1, fg2]));

    let reply = get(
        state.clone(),
        "/api/versions/1/series?figure=capacity_load&resource=LINE-1",
    )
    .await;
    assert_eq!(reply.json()[0]["values"], json!([100.0, 90.0]));

    let reply = get(state, "/api/versions/1/series?figure=revenue").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!([]));
}

#[tokio::test]
async fn bad_series_queries_are_400() {
    let known: Vec<&str> = KeyFigure::ALL
        .iter()
        .map(|figure| figure.as_str())
        .collect();
    let known = known.join(", ");
    check_error(
        state(1),
        "/api/versions/1/series?figure=consensus_demnd",
        StatusCode::BAD_REQUEST,
        &format!("unknown key figure 'consensus_demnd'; one of: {known}"),
    )
    .await;
    check_error(
        state(1),
        "/api/versions/1/series?item=FG-1&figure=",
        StatusCode::BAD_REQUEST,
        &format!("query parameter 'figure' is required; one of: {known}"),
    )
    .await;
    let reply = get(state(1), "/api/versions/1/series?figure=revenue&itme=FG-1").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let message = reply.json()["error"].as_str().expect("message").to_string();
    assert!(message.contains("unknown field `itme`"), "{message}");
}

#[tokio::test]
async fn unknown_versions_are_404_and_bad_ids_400() {
    for uri in [
        "/api/versions/9",
        "/api/versions/9/kpis",
        "/api/versions/9/exceptions",
        "/api/versions/9/series?figure=revenue",
    ] {
        check_error(
            state(1),
            uri,
            StatusCode::NOT_FOUND,
            "plan version 9 does not exist",
        )
        .await;
    }
    for id in ["abc", "0", "-1", "1.5", "+1", "01", "%201"] {
        let shown = id.replace("%20", " ");
        check_error(
            state(1),
            &format!("/api/versions/{id}/kpis"),
            StatusCode::BAD_REQUEST,
            &format!(
                "version id must be a whole number from 1, written without sign or leading zero, got '{shown}'"
            ),
        )
        .await;
    }
    check_error(
        state(1),
        "/api/nothing",
        StatusCode::NOT_FOUND,
        "no route for GET /api/nothing",
    )
    .await;
}

#[tokio::test]
async fn report_pages_render_the_plan() {
    let state = state(2);
    let latest = get(state.clone(), "/").await;
    assert_eq!(latest.status, StatusCode::OK);
    assert!(
        latest.content_type.starts_with("text/html"),
        "{}",
        latest.content_type
    );
    let expected = fulcrum_report::render_html(&fulcrum_report::ReportInput {
        company: "Acme <Cycles>",
        currency: "EUR",
        version_name: "v2",
        plan: &plan(),
    });
    let (banner, page) = split_banner(&latest.body);
    assert_eq!(page, expected);
    assert!(
        banner.contains("<b>Version 2</b> &ldquo;v2&rdquo; · <span class=\"status\">draft</span> · strategy not recorded · made "),
        "{banner}"
    );
    assert!(
        banner.contains("No plan version is approved yet, so there is no plan of record. Below is the newest draft, <a href=\"/versions/2\">version 2</a>"),
        "{banner}"
    );

    let first = get(state.clone(), "/versions/1").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("v1"));
    assert_ne!(first.body, latest.body);

    let missing = get(state.clone(), "/versions/5").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.content_type.starts_with("text/html"));
    assert!(
        missing.body.contains("plan version 5 does not exist"),
        "{}",
        missing.body
    );

    let bad = get(state, "/versions/latest").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body
            .contains("version id must be a whole number from 1, written without sign or leading zero, got &#39;latest&#39;")
    );
}

#[tokio::test]
async fn root_without_versions_explains_what_to_do() {
    let reply = get(state(0), "/").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.content_type.starts_with("text/html"));
    assert!(reply.body.contains("Run `fulcrum cycle`"), "{}", reply.body);
}

#[tokio::test]
async fn internal_failures_are_500_without_details() {
    let shared = Arc::new(Mutex::new(store_with_versions(1)));
    let poisoner = Arc::clone(&shared);
    let _ = std::thread::spawn(move || {
        let _guard = poisoner.lock().expect("lock");
        panic!("poison the store mutex");
    })
    .join();
    let state = AppState::shared(shared);
    check_error(
        state.clone(),
        "/api/versions",
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal server error",
    )
    .await;
    let page = get(state, "/").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!page.body.contains("poison"), "{}", page.body);
}

#[tokio::test]
async fn approved_status_is_visible() {
    let mut store = store_with_versions(1);
    store.approve(VersionId(1)).expect("approve");
    let reply = get(AppState::new(store), "/api/versions").await;
    assert_eq!(reply.json()[0]["status"], json!("approved"));
    assert!(reply.json()[0]["approved_at"].is_string());
}

#[tokio::test]
async fn versions_page_links_every_version_newest_first() {
    let reply = get(state(2), "/versions").await;
    assert_eq!(reply.status, StatusCode::OK);
    let second = reply
        .body
        .find("<a href=\"/versions/2\">")
        .expect("link to 2");
    let first = reply
        .body
        .find("<a href=\"/versions/1\">")
        .expect("link to 1");
    assert!(second < first, "newest first: {}", reply.body);
}

/// Every path of the published OpenAPI description answers (no fallback 404), and
/// its key-figure enum is exactly the engine's key figures.
#[tokio::test]
async fn the_openapi_description_matches_the_router() {
    let reply = get(state(1), "/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let spec = reply.json();
    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 7);
    // The planning API needs a company's inputs: tests/plan_api.rs drives it.
    for path in paths
        .keys()
        .filter(|path| !path.starts_with("/api/v1/plan/"))
    {
        let uri = path.replace("{id}", "1")
            + if path.ends_with("/series") {
                "?figure=revenue"
            } else {
                ""
            };
        let answer = get(state(1), &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    }
    let figures: Vec<&str> = spec["components"]["schemas"]["KeyFigure"]["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .map(|value| value.as_str().expect("string"))
        .collect();
    let engine: Vec<&str> = fulcrum_core::KeyFigure::ALL
        .iter()
        .map(|kf| kf.as_str())
        .collect();
    assert_eq!(figures, engine);
}

/// The version banner the server puts above a report, and the report without it.
fn split_banner(body: &str) -> (String, String) {
    let body = &strip_user_bar(body);
    let start = body
        .find("\n<div id=\"version-banner\"")
        .expect("a version banner");
    let end = start + body[start..].find("</div>\n").expect("banner end") + "</div>\n".len();
    (
        body[start..end].to_string(),
        format!("{}{}", &body[..start], &body[end..]),
    )
}

/// `body` without the user bar the server puts on every page.
fn strip_user_bar(body: &str) -> String {
    let start = body.find("\n<div id=\"user-bar\"").expect("a user bar");
    let end = start + body[start..].find("</div>\n").expect("bar end") + "</div>\n".len();
    format!("{}{}", &body[..start], &body[end..])
}

#[tokio::test]
async fn home_page_shows_the_plan_of_record_and_pages_show_status_and_strategy() {
    let mut store = store_with_versions(3);
    store.approve(VersionId(1)).expect("approve");
    store.approve(VersionId(2)).expect("approve");
    let state = AppState::new(store);

    let home = get(state.clone(), "/").await;
    assert_eq!(home.status, StatusCode::OK);
    let (banner, _) = split_banner(&home.body);
    assert!(
        banner
            .contains("<b>Version 2</b> &ldquo;v2&rdquo; · <span class=\"status\">approved</span>"),
        "{banner}"
    );
    assert!(
        banner.contains("Plan of record: version 2 &ldquo;v2&rdquo;, approved 20"),
        "{banner}"
    );

    let old = get(state.clone(), "/versions/1").await;
    let (banner, _) = split_banner(&old.body);
    assert!(
        banner.contains("superseded by <a href=\"/versions/2\">version 2</a>"),
        "{banner}"
    );

    let list = get(state.clone(), "/versions").await;
    assert!(
        list.body.contains("<td>superseded by 2</td>"),
        "{}",
        list.body
    );
    assert!(list.body.contains("<th>Strategy</th>"), "{}", list.body);

    let json = get(state, "/api/versions/1").await.json();
    assert_eq!(json["status"], "superseded");
    assert_eq!(json["superseded_by"], 2);
}
