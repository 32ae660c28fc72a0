//! The planning API (`/api/v1/plan/…`) as a client drives it: every mutating
//! endpoint against every role, CSRF and origin checks, conflicts, bodies of
//! the wrong type or size, uploads with bad cells, and bounded pages — each
//! refusal in the one error shape and with nothing written.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use common::{as_user, with_session};
use fulcrum_access::Role;
use fulcrum_server::{AppState, MAX_BODY_BYTES, MAX_UPLOAD_BYTES, app};
use fulcrum_store::{InputFile, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

const HOST: &str = "localhost:8080";

/// A server over the demo company's inputs (no plan version is needed: the
/// desk forecasts the newest snapshot).
fn demo_state() -> AppState {
    let dataset = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let mut store = Store::open_in_memory().expect("store");
    let files: Vec<InputFile> = fulcrum_io::export_csv_files(&dataset)
        .into_iter()
        .map(|(name, content)| InputFile { name, content })
        .collect();
    store.save_snapshot(&files).expect("snapshot");
    AppState::new(store)
}

async fn send(state: &AppState, request: Request<Body>) -> Response {
    app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible")
}

async fn json_of(response: Response) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// Sends `request` as the test user of `role` and returns the status and JSON.
async fn send_as(state: &AppState, role: Role, mut request: Request<Body>) -> (StatusCode, Value) {
    as_user(state, role.as_str(), role, &mut request);
    let response = send(state, request).await;
    (response.status(), json_of(response).await)
}

/// Sends `request` as the admin test user.
async fn send_admin(state: &AppState, mut request: Request<Body>) -> (StatusCode, Value) {
    with_session(state, &mut request);
    let response = send(state, request).await;
    (response.status(), json_of(response).await)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("request")
}

fn post(uri: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Request<Body> {
    let body = body.into();
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .expect("request")
}

fn post_json(uri: &str, body: &Value) -> Request<Body> {
    post(uri, "application/json", body.to_string())
}

/// Asserts the one error shape: `{"error": message, "code": code}` and nothing else.
fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["error"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(body.as_object().map(|o| o.len()), Some(2), "{body}");
}

/// What the tests edit: a family with items, one of its items, and the first
/// month of the horizon.
struct Target {
    family: String,
    item: String,
    month: String,
}

async fn target(state: &AppState) -> Target {
    let (status, grid) = send_admin(state, get("/api/v1/plan/grid?limit=5000")).await;
    assert_eq!(status, StatusCode::OK, "{grid}");
    let nodes = grid["nodes"].as_array().expect("nodes");
    let item = nodes
        .iter()
        .find(|n| n["kind"] == "item" && n["parent"].is_string())
        .expect("an item under a family");
    Target {
        family: item["parent"].as_str().expect("parent").to_string(),
        item: item["code"].as_str().expect("code").to_string(),
        month: grid["columns"][0]["period"]
            .as_str()
            .expect("period")
            .to_string(),
    }
}

async fn revision(state: &AppState) -> u64 {
    let (status, log) = send_admin(state, get("/api/v1/plan/changes?limit=1")).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    log["revision"].as_u64().expect("revision")
}

fn set(layer: &str, product: &str, period: &str, value: f64) -> Value {
    json!({"kind": "set", "layer": layer, "product": product, "period": period, "value": value})
}

fn edits(edits: Vec<Value>) -> Value {
    json!({"reason_code": "customer_intel", "comment": "test", "edits": edits})
}

/// The role × endpoint table: `x` = allowed, columns in [`Role::ALL`] order
/// (admin, executive, demand_planner, supply_planner, finance, sales,
/// marketing, viewer). Written out, not derived from the permission table,
/// so that a server that checks the wrong action fails here.
const ENDPOINTS: &[(&str, &str)] = &[
    ("GET grid", "xxxxxxxx"),
    ("GET grid.xlsx", "xxxxxxx."),
    ("POST changes: set sales", "x....x.."),
    ("POST changes: set marketing", "x.....x."),
    ("POST changes: set finance", "x...x..."),
    ("POST changes: set demand_planner", "x.x....."),
    ("POST changes: lock", "x.x....."),
    ("POST changes: unlock", "x.x....."),
    ("POST undo of a sales change", "x....x.."),
    ("POST changes: add an event", "x.x..xx."),
    ("POST overrides (sales layer)", "x....x.."),
];

/// The request of one endpoint case, after whatever setup it needs.
async fn endpoint_request(state: &AppState, case: &str, t: &Target) -> Request<Body> {
    let changes = "/api/v1/plan/changes";
    match case {
        "GET grid" => get("/api/v1/plan/grid?limit=3"),
        "GET grid.xlsx" => get("/api/v1/plan/grid.xlsx"),
        "POST changes: set sales" => {
            post_json(changes, &edits(vec![set("sales", &t.item, &t.month, 5.0)]))
        }
        "POST changes: set marketing" => post_json(
            changes,
            &edits(vec![set("marketing", &t.item, &t.month, 6.0)]),
        ),
        "POST changes: set finance" => post_json(
            changes,
            &edits(vec![set("finance", &t.item, &t.month, 7.0)]),
        ),
        "POST changes: set demand_planner" => post_json(
            changes,
            &edits(vec![set("demand_planner", &t.family, &t.month, 900.0)]),
        ),
        "POST changes: lock" => post_json(
            changes,
            &edits(vec![
                json!({"kind": "lock", "product": t.item, "period": t.month}),
            ]),
        ),
        "POST changes: unlock" => post_json(
            changes,
            &edits(vec![
                json!({"kind": "unlock", "product": t.item, "period": t.month}),
            ]),
        ),
        "POST changes: add an event" => post_json(
            changes,
            &edits(vec![json!({"kind": "add_event", "event": {
                "type": "one_time", "name": "Trade fair", "product": t.family,
                "start": t.month, "end": t.month, "units": 50.0
            }})]),
        ),
        "POST undo of a sales change" => {
            let (status, reply) = send_admin(
                state,
                post_json(changes, &edits(vec![set("sales", &t.item, &t.month, 8.0)])),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{reply}");
            post_json(
                "/api/v1/plan/undo",
                &json!({"changes": [reply["changes"][0]]}),
            )
        }
        "POST overrides (sales layer)" => post(
            "/api/v1/plan/overrides?name=o.csv",
            "text/csv",
            format!(
                "layer,product,location,customer,period,value\nsales,{},,,{},9\n",
                t.item, t.month
            ),
        ),
        other => panic!("no request for {other}"),
    }
}

#[tokio::test]
async fn every_mutating_endpoint_follows_the_role_table() {
    let state = demo_state();
    let t = target(&state).await;
    for (case, row) in ENDPOINTS {
        for (role, cell) in Role::ALL.iter().zip(row.chars()) {
            let request = endpoint_request(&state, case, &t).await;
            let before = revision(&state).await;
            let mut request = request;
            as_user(&state, role.as_str(), *role, &mut request);
            let response = send(&state, request).await;
            let status = response.status();
            let after = revision(&state).await;
            if cell == 'x' {
                assert_eq!(status, StatusCode::OK, "{role} × {case}");
                if case.starts_with("POST") {
                    assert!(after > before, "{role} × {case} wrote nothing");
                }
            } else {
                let body = json_of(response).await;
                assert_error(status, &body, StatusCode::FORBIDDEN, "forbidden");
                assert_eq!(after, before, "{role} × {case}: a refusal wrote");
                if case.starts_with("POST") {
                    let message = body["error"].as_str().unwrap_or_default();
                    assert!(message.contains(role.as_str()), "{message}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_stale_edit_of_the_same_cells_is_a_conflict_naming_the_other_planner() {
    let state = demo_state();
    let t = target(&state).await;
    let base = revision(&state).await;
    // The sales planner and the admin both loaded the grid at `base`.
    let mut first = edits(vec![set("sales", &t.item, &t.month, 11.0)]);
    first["base_revision"] = json!(base);
    let (status, reply) = send_as(
        &state,
        Role::Sales,
        post_json("/api/v1/plan/changes", &first),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let mut second = edits(vec![set("sales", &t.item, &t.month, 22.0)]);
    second["base_revision"] = json!(base);
    let (status, body) = send_admin(&state, post_json("/api/v1/plan/changes", &second)).await;
    assert_error(status, &body, StatusCode::CONFLICT, "conflict");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains("sales"),
        "names the other author: {message}"
    );
    assert_eq!(revision(&state).await, base + 1, "the stale edit wrote");

    // The same stale base on other cells is no conflict: nothing is lost.
    let mut elsewhere = edits(vec![set("marketing", &t.item, &t.month, 3.0)]);
    elsewhere["base_revision"] = json!(base);
    let (status, reply) = send_admin(&state, post_json("/api/v1/plan/changes", &elsewhere)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
}

#[tokio::test]
async fn plan_posts_need_the_csrf_token_and_the_same_origin() {
    let state = demo_state();
    let t = target(&state).await;
    let before = revision(&state).await;
    let bodies = [
        (
            "/api/v1/plan/changes",
            "application/json",
            edits(vec![set("sales", &t.item, &t.month, 1.0)]).to_string(),
        ),
        ("/api/v1/plan/undo", "application/json", "{}".to_string()),
        (
            "/api/v1/plan/overrides",
            "text/csv",
            format!(
                "layer,product,location,customer,period,value\nsales,{},,,{},1\n",
                t.item, t.month
            ),
        ),
    ];
    for (uri, media, body) in &bodies {
        let mut request = post(uri, media, body.clone());
        with_session(&state, &mut request);
        request.headers_mut().remove("x-csrf-token");
        let response = send(&state, request).await;
        let status = response.status();
        assert_error(
            status,
            &json_of(response).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );

        let mut request = post(uri, media, body.clone());
        request.headers_mut().insert(
            header::ORIGIN,
            "https://evil.example".parse().expect("origin"),
        );
        with_session(&state, &mut request);
        let response = send(&state, request).await;
        let status = response.status();
        assert_error(
            status,
            &json_of(response).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    assert_eq!(revision(&state).await, before);
}

#[tokio::test]
async fn bodies_of_the_wrong_type_or_size_are_refused_in_the_one_shape() {
    let state = demo_state();
    let t = target(&state).await;
    let before = revision(&state).await;
    let good = edits(vec![set("sales", &t.item, &t.month, 1.0)]).to_string();
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        // A type no route takes: the guard.
        (
            post("/api/v1/plan/changes", "text/plain", good.clone()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        // A type another route takes: the handler.
        (
            post("/api/v1/plan/changes", "text/csv", good.clone()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            post("/api/v1/plan/overrides", "application/json", good.clone()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        // Not JSON, and JSON that is not a request.
        (
            post("/api/v1/plan/changes", "application/json", "{edits"),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            post_json("/api/v1/plan/changes", &json!({"edits": [], "extra": 1})),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        // Beyond the limits, with a length the guard sees…
        (
            post(
                "/api/v1/plan/changes",
                "application/json",
                vec![b' '; MAX_BODY_BYTES as usize + 1],
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            post(
                "/api/v1/plan/overrides",
                "text/csv",
                vec![b'x'; MAX_UPLOAD_BYTES as usize + 1],
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        // …and chunked, with no length.
        (
            chunked(
                "/api/v1/plan/changes",
                "application/json",
                MAX_BODY_BYTES + 1,
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            chunked("/api/v1/plan/overrides", "text/csv", MAX_UPLOAD_BYTES + 1),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        // A method and a path the API does not have.
        (
            Request::put("/api/v1/plan/changes")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .expect("request"),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            get("/api/v1/plan/nothing-here"),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (request, expected, code) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, body) = send_admin(&state, request).await;
        assert_error(status, &body, expected, code);
        assert!(
            !body["error"].as_str().unwrap_or_default().is_empty(),
            "{what}"
        );
    }
    assert_eq!(revision(&state).await, before, "a refused body wrote");
}

/// A chunked POST of `length` spaces (no `Content-Length`).
fn chunked(uri: &str, content_type: &str, length: u64) -> Request<Body> {
    let chunk = vec![b' '; 64 * 1024];
    let chunks = (length as usize).div_ceil(chunk.len());
    let stream = futures_stream(chunk, chunks);
    Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::TRANSFER_ENCODING, "chunked")
        .body(Body::from_stream(stream))
        .expect("request")
}

/// `count` copies of `chunk` as a body stream.
fn futures_stream(
    chunk: Vec<u8>,
    count: usize,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    struct Repeat {
        chunk: Vec<u8>,
        left: usize,
    }
    impl futures_core::Stream for Repeat {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.left == 0 {
                return std::task::Poll::Ready(None);
            }
            self.left -= 1;
            std::task::Poll::Ready(Some(Ok(self.chunk.clone())))
        }
    }
    Repeat { chunk, left: count }
}

#[tokio::test]
async fn an_upload_with_bad_cells_names_each_and_changes_nothing() {
    let state = demo_state();
    let t = target(&state).await;
    let before = revision(&state).await;
    let csv = format!(
        "layer,product,location,customer,period,value\n\
         sales,{item},,,{month},10\n\
         sales,{item},,,{month},ten\n\
         gossip,{item},,,{month},5\n\
         sales,NO-SUCH-ITEM,,,{month},5\n\
         sales,{item},,,1999-01,5\n",
        item = t.item,
        month = t.month
    );
    let (status, body) = send_admin(
        &state,
        post("/api/v1/plan/overrides?name=week49.csv", "text/csv", csv),
    )
    .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let message = body["error"].as_str().unwrap_or_default();
    for row in [
        "week49.csv:3",
        "week49.csv:4",
        "week49.csv:5",
        "week49.csv:6",
    ] {
        assert!(message.contains(row), "{row} not named in: {message}");
    }
    assert!(
        !message.contains("week49.csv:2"),
        "a good row named: {message}"
    );
    assert_eq!(revision(&state).await, before, "a rejected upload wrote");

    // The good rows alone are taken, as one action, and show in the grid.
    let csv = format!(
        "layer,product,location,customer,period,value\nsales,{},,,{},10\n",
        t.item, t.month
    );
    let (status, reply) = send_admin(
        &state,
        post("/api/v1/plan/overrides?name=week49.csv", "text/csv", csv),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["revision"].as_u64(), Some(before + 1));
    let (_, grid) = send_admin(
        &state,
        get(&format!("/api/v1/plan/grid?product={}&limit=1", t.item)),
    )
    .await;
    let figures = grid["figures"].as_array().expect("figures");
    let sales = figures
        .iter()
        .position(|f| f["code"] == "sales")
        .expect("sales figure");
    assert_eq!(grid["nodes"][0]["rows"][sales]["values"][0], json!(10.0));
}

#[tokio::test]
async fn grid_and_log_pages_are_bounded_and_page_through_everything() {
    let state = demo_state();
    for uri in [
        "/api/v1/plan/grid?limit=0",
        "/api/v1/plan/grid?limit=5001",
        "/api/v1/plan/grid?colour=red",
        "/api/v1/plan/changes?limit=1001",
        "/api/v1/plan/chart?product=NO-SUCH",
        "/api/v1/plan/history?product=NO-SUCH&period=2026-01&layer=sales",
    ] {
        let (status, body) = send_admin(&state, get(uri)).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    }
    let (status, whole) = send_admin(&state, get("/api/v1/plan/grid?limit=5000")).await;
    assert_eq!(status, StatusCode::OK);
    let total = whole["total_nodes"].as_u64().expect("total") as usize;
    let codes: Vec<Value> = whole["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["code"].clone())
        .collect();
    assert_eq!(codes.len(), total);
    let mut paged = Vec::new();
    let mut offset = 0;
    while offset < total {
        let (_, page) = send_admin(
            &state,
            get(&format!("/api/v1/plan/grid?offset={offset}&limit=7")),
        )
        .await;
        assert_eq!(page["offset"].as_u64(), Some(offset as u64));
        let nodes = page["nodes"].as_array().expect("nodes");
        assert!(!nodes.is_empty() && nodes.len() <= 7);
        paged.extend(nodes.iter().map(|n| n["code"].clone()));
        offset += nodes.len();
    }
    assert_eq!(paged, codes, "pages of 7 give the grid in the same order");
}

/// The schema `reference` (`#/components/schemas/Name`) points to.
fn schema<'a>(spec: &'a Value, reference: &Value) -> &'a Value {
    let name = reference
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .unwrap_or_else(|| panic!("not a schema reference: {reference}"));
    &spec["components"]["schemas"][name]
}

/// Asserts that `value` has every field its schema requires, and no field
/// the schema does not describe, descending into described objects and arrays.
fn assert_fits(spec: &Value, schema_of: &Value, value: &Value, at: &str) {
    let schema_of = match schema_of.get("$ref") {
        Some(reference) => schema(spec, reference),
        None => schema_of,
    };
    if let Some(items) = schema_of.get("items") {
        for (index, item) in value
            .as_array()
            .expect("an array")
            .iter()
            .enumerate()
            .take(3)
        {
            assert_fits(spec, items, item, &format!("{at}[{index}]"));
        }
        return;
    }
    let Some(properties) = schema_of.get("properties").and_then(Value::as_object) else {
        return;
    };
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{at} is not an object"));
    for required in schema_of["required"].as_array().into_iter().flatten() {
        let name = required.as_str().expect("a name");
        assert!(object.contains_key(name), "{at} lacks {name}");
    }
    for (name, field) in object {
        let described = properties
            .get(name)
            .unwrap_or_else(|| panic!("{at}.{name} is not described"));
        assert_fits(spec, described, field, &format!("{at}.{name}"));
    }
}

#[tokio::test]
async fn the_openapi_description_matches_the_planning_api() {
    let state = demo_state();
    let t = target(&state).await;
    let (_, spec) = send_admin(&state, get("/api/openapi.json")).await;
    let paths = spec["paths"].as_object().expect("paths");
    let plan_paths: Vec<&String> = paths
        .keys()
        .filter(|p| p.starts_with("/api/v1/plan/"))
        .collect();
    assert_eq!(plan_paths.len(), 9, "{plan_paths:?}");
    for path in plan_paths {
        for (method, operation) in paths[path].as_object().expect("operation") {
            let request = match (method.as_str(), path.as_str()) {
                ("get", "/api/v1/plan/chart") => get(&format!("{path}?product={}", t.item)),
                ("get", "/api/v1/plan/history") => get(&format!(
                    "{path}?product={}&period={}&layer=sales",
                    t.item, t.month
                )),
                ("get", _) => get(path),
                ("post", "/api/v1/plan/changes") => {
                    post_json(path, &edits(vec![set("sales", &t.item, &t.month, 4.0)]))
                }
                ("post", "/api/v1/plan/undo") => post_json(path, &json!({})),
                ("post", "/api/v1/plan/overrides") => post(
                    path,
                    "text/csv",
                    format!(
                        "layer,product,location,customer,period,value\nsales,{},,,{},4\n",
                        t.item, t.month
                    ),
                ),
                other => panic!("no request for {other:?}"),
            };
            let mut request = request;
            with_session(&state, &mut request);
            let response = send(&state, request).await;
            assert_eq!(response.status(), StatusCode::OK, "{method} {path}");
            let ok = &operation["responses"]["200"]["content"];
            if let Some(described) = ok.get("application/json") {
                let body = json_of(response).await;
                assert_fits(
                    &spec,
                    &described["schema"],
                    &body,
                    &format!("{method} {path}"),
                );
            } else {
                let media = response.headers()[header::CONTENT_TYPE]
                    .to_str()
                    .expect("type")
                    .to_string();
                assert!(ok.get(&media).is_some(), "{method} {path} answered {media}");
            }
        }
    }
}
