//! The edges of the HTTP API: every error, from a wrong method to a rebinding
//! host, answers with the one JSON error body `{"error": message, "code": code}`
//! that the OpenAPI description documents; ids are plain whole numbers from 1.

mod common;

use common::with_session;
use std::io::{Read, Write};
use std::net::TcpStream;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fulcrum_server::{AppState, HostPolicy, app};
use fulcrum_store::Store;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tower::ServiceExt;

fn state() -> AppState {
    AppState::new(Store::open_in_memory().expect("store")).with_host_policy(HostPolicy::new(
        Some(8080),
        &["plan.example.com".to_string()],
    ))
}

/// Sends `request` in-process; status and JSON body.
async fn send(mut request: Request<Body>) -> (StatusCode, Value) {
    let state = state();
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
    assert!(
        content_type.starts_with("application/json"),
        "{status}: {content_type}: {}",
        String::from_utf8_lossy(&bytes)
    );
    (status, serde_json::from_slice(&bytes).expect("JSON"))
}

fn request(method: &str, uri: &str, host: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, host)
}

async fn check(request: Request<Body>, status: StatusCode, code: &str, message: &str) {
    let (got, body) = send(request).await;
    assert_eq!(got, status, "{body}");
    assert_eq!(body, json!({ "error": message, "code": code }));
}

#[tokio::test]
async fn wrong_method_is_405_with_the_json_error_body() {
    check(
        request("POST", "/api/versions", "localhost:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method POST is not allowed on /api/versions",
    )
    .await;
    check(
        request("DELETE", "/", "localhost:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method DELETE is not allowed on /",
    )
    .await;
}

#[tokio::test]
async fn unknown_route_is_404_quoting_at_most_40_characters() {
    let long = format!("/{}", "x".repeat(100));
    check(
        request("GET", &long, "localhost:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("no route for GET /{}…", "x".repeat(39)),
    )
    .await;
}

#[tokio::test]
async fn long_inputs_are_quoted_shortened() {
    let id = "1".repeat(30) + &"a".repeat(30);
    check(
        request("GET", &format!("/api/versions/{id}"), "localhost:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::BAD_REQUEST,
        "bad_request",
        &format!(
            "version id must be a whole number from 1, written without sign or leading zero, got '{}…'",
            &id[..40]
        ),
    )
    .await;
}

#[tokio::test]
async fn id_beyond_the_largest_is_404_not_a_bad_request() {
    for id in ["9223372036854775808", "99999999999999999999999"] {
        check(
            request("GET", &format!("/api/versions/{id}/kpis"), "localhost:8080")
                .body(Body::empty())
                .expect("request"),
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("plan version {id} does not exist"),
        )
        .await;
    }
    check(
        request("GET", "/api/versions/9223372036854775807", "localhost:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::NOT_FOUND,
        "not_found",
        "plan version 9223372036854775807 does not exist",
    )
    .await;
}

#[tokio::test]
async fn path_that_is_not_utf8_is_400_with_the_json_error_body() {
    check(
        request("GET", "/api/versions/%FF/kpis", "localhost:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::BAD_REQUEST,
        "bad_request",
        "version id must be a whole number from 1; the path is not valid UTF-8",
    )
    .await;
}

#[tokio::test]
async fn foreign_host_is_421_against_dns_rebinding() {
    check(
        request("GET", "/api/versions", "evil.example:8080")
            .body(Body::empty())
            .expect("request"),
        StatusCode::MISDIRECTED_REQUEST,
        "misdirected_request",
        "host 'evil.example' is not served here; use 127.0.0.1, localhost or [::1], or start the server with --allowed-host",
    )
    .await;
    check(
        request("GET", "/api/versions", "localhost:9999")
            .body(Body::empty())
            .expect("request"),
        StatusCode::MISDIRECTED_REQUEST,
        "misdirected_request",
        "host 'localhost:9999' names port 9999, but the server listens on 8080",
    )
    .await;
    for host in ["127.0.0.1:8080", "[::1]:8080", "plan.example.com:8080"] {
        let (status, body) = send(
            request("GET", "/api/versions", host)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{host}: {body}");
    }
    let (status, body) = send(
        Request::get("/api/versions")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "the request has no Host header");
}

#[tokio::test]
async fn oversized_requests_are_413_414_431_and_a_body_415() {
    check(
        request(
            "GET",
            &format!("/api/versions?{}", "a".repeat(3000)),
            "localhost:8080",
        )
        .body(Body::empty())
        .expect("request"),
        StatusCode::URI_TOO_LONG,
        "uri_too_long",
        "the request target is 3014 bytes; at most 2048 are served",
    )
    .await;
    let (status, body) = send(
        request("GET", "/api/versions", "localhost:8080")
            .header("x-padding", "p".repeat(20_000))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        "{body}"
    );
    assert_eq!(body["code"], "request_header_fields_too_large");
    check(
        request("GET", "/api/versions", "localhost:8080")
            .header(header::CONTENT_LENGTH, "10000000")
            .body(Body::empty())
            .expect("request"),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "the request body is larger than 65536 bytes",
    )
    .await;
    check(
        request("GET", "/api/versions", "localhost:8080")
            .header(header::CONTENT_TYPE, "text/xml")
            .header(header::CONTENT_LENGTH, "5")
            .body(Body::from("<a/>\n"))
            .expect("request"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "this request takes no body of that type: POST forms, application/json, text/csv or .xlsx only",
    )
    .await;
}

/// Over a real socket: the served port is part of the host check, and errors
/// keep their JSON body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_socket_the_bound_port_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("fulcrum.db");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let shutdown = async {
        let _ = tokio::task::spawn_blocking(move || stopped.recv()).await;
    };
    let server = tokio::spawn(fulcrum_server::serve_with(
        listener,
        db,
        vec!["fulcrum.internal".to_string()],
        shutdown,
    ));
    let ask = move |head: String| {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.write_all(head.as_bytes()).expect("write");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read");
        reply
    };
    let port = addr.port();
    let replies = tokio::task::spawn_blocking(move || {
        [
            format!("localhost:{port}"),
            format!("fulcrum.internal:{port}"),
            format!("attacker.example:{port}"),
            "localhost".to_string(),
        ]
        .map(|host| {
            ask(format!(
                "GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ))
        })
    })
    .await
    .expect("client");
    assert!(replies[0].starts_with("HTTP/1.1 200 OK"), "{}", replies[0]);
    assert!(replies[1].starts_with("HTTP/1.1 200 OK"), "{}", replies[1]);
    assert!(
        replies[2].starts_with("HTTP/1.1 421 Misdirected Request"),
        "{}",
        replies[2]
    );
    assert!(
        replies[2].contains(r#""code":"misdirected_request""#),
        "{}",
        replies[2]
    );
    assert!(
        replies[3].contains(&format!("has no port, but the server listens on {port}")),
        "{}",
        replies[3]
    );
    stop.send(()).expect("signal");
    server.await.expect("join").expect("clean shutdown");
}
