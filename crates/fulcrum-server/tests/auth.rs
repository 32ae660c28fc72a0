//! People on the server: sessions, login and logout, CSRF and same-origin
//! checks, the login rate limit and permissions.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use fulcrum_access::{Action, Role};
use fulcrum_server::{AppState, SESSION_COOKIE, app};
use fulcrum_store::{DEMO_PASSWORD, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

const HOST: &str = "localhost:8080";
const ORIGIN: &str = "http://localhost:8080";

fn state() -> AppState {
    let store = Store::open_in_memory().expect("store");
    store
        .add_user("ada", Some("Ada Lovelace"), Role::Admin, "correct horse")
        .expect("ada");
    store
        .add_user("vic", None, Role::Viewer, "viewer password")
        .expect("vic");
    store
        .add_user("demo", None, Role::Viewer, DEMO_PASSWORD)
        .expect("demo");
    AppState::new(store)
}

async fn send(state: &AppState, request: Request<Body>) -> Response {
    app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible")
}

async fn body(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

async fn json_of(response: Response) -> Value {
    serde_json::from_str(&body(response).await).expect("JSON")
}

fn get(uri: &str) -> axum::http::request::Builder {
    Request::get(uri).header(header::HOST, HOST)
}

fn login_request(name: &str, password: &str) -> Request<Body> {
    let form = format!("name={name}&password={}", password.replace(' ', "+"));
    Request::post("/login")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, form.len())
        .body(Body::from(form))
        .expect("request")
}

fn cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}")
}

#[tokio::test]
async fn without_a_session_pages_redirect_to_login_and_the_api_is_401() {
    let state = state();
    for uri in ["/", "/versions", "/versions/1"] {
        let response = send(&state, get(uri).body(Body::empty()).expect("request")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(response.headers()[header::LOCATION], "/login");
    }
    for uri in ["/api/versions", "/api/openapi.json", "/api/versions/1/kpis"] {
        let response = send(&state, get(uri).body(Body::empty()).expect("request")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(
            json_of(response).await,
            json!({"error": "log in first: this request has no valid session", "code": "unauthorized"})
        );
    }
    let bogus = get("/api/versions")
        .header(header::COOKIE, cookie("not-a-session"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&state, bogus).await.status(), StatusCode::UNAUTHORIZED);
    // Public: the login form and the health check.
    let login = send(&state, get("/login").body(Body::empty()).expect("request")).await;
    assert_eq!(login.status(), StatusCode::OK);
    assert!(
        body(login)
            .await
            .contains("<form method=\"post\" action=\"/login\">")
    );
    let health = send(
        &state,
        get("/healthz").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_pages_name_the_user() {
    let state = state();
    let response = send(&state, login_request("ada", "correct horse")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let set = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("text")
        .to_string();
    assert!(set.starts_with(&format!("{SESSION_COOKIE}=")), "{set}");
    assert!(set.contains("; HttpOnly; SameSite=Strict; Path=/"), "{set}");
    assert!(!set.contains("Secure"), "no Secure on loopback: {set}");
    let token = set
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_string())
        .expect("token");
    assert_eq!(token.len(), 64);
    let page = send(
        &state,
        get("/versions")
            .header(header::COOKIE, cookie(&token))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = body(page).await;
    assert!(
        page.contains("<b class=\"user-name\">Ada Lovelace</b>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"user-role\">admin</span>"),
        "{page}"
    );
    assert!(page.contains("action=\"/logout\""), "{page}");
    let api = send(
        &state,
        get("/api/versions")
            .header(header::COOKIE, cookie(&token))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(api.status(), StatusCode::OK);
}

#[tokio::test]
async fn off_loopback_the_cookie_is_secure_and_the_demo_password_refused() {
    let state = state().with_bound_address("10.0.0.5:8080".parse().expect("addr"));
    let login = body(send(&state, get("/login").body(Body::empty()).expect("request")).await).await;
    assert!(
        login.contains(
            "the demo password is \
         refused here"
        ) || login.contains("demo password is refused here"),
        "{login}"
    );
    let refused = send(&state, login_request("demo", DEMO_PASSWORD)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let ok = send(&state, login_request("ada", "correct horse")).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let set = ok.headers()[header::SET_COOKIE].to_str().expect("text");
    assert!(set.ends_with("; Secure"), "{set}");
    // On loopback the demo password works.
    let ok = send(&state_on_loopback(), login_request("demo", DEMO_PASSWORD)).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
}

fn state_on_loopback() -> AppState {
    state().with_bound_address("127.0.0.1:8080".parse().expect("addr"))
}

#[tokio::test]
async fn wrong_passwords_fail_and_the_sixth_attempt_is_429_without_checking() {
    let state = state();
    let wrong = send(&state, login_request("ada", "wrong horse")).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(!wrong.headers().contains_key(header::SET_COOKIE));
    for _ in 1..5 {
        let wrong = send(&state, login_request("ada", "wrong horse")).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    // The 6th, even with the right password, is refused.
    let limited = send(&state, login_request("ada", "correct horse")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key(header::RETRY_AFTER));
    assert!(body(limited).await.contains("Try again in 15 minutes"));
    // Unknown names count too (per name and per client address).
    let other = state_on_loopback();
    for n in 0..5 {
        let wrong = send(&other, login_request(&format!("nobody{n}"), "whatever pw")).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = send(&other, login_request("vic", "viewer password")).await;
    assert_eq!(
        limited.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "per client address"
    );
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token_and_this_origin() {
    let state = state();
    let session = state.session_for("ada").expect("session");
    let logout = |csrf: Option<&str>, origin: Option<&str>| {
        let mut builder = Request::post("/logout")
            .header(header::HOST, HOST)
            .header(header::COOKIE, cookie(&session.token));
        if let Some(origin) = origin {
            builder = builder.header(header::ORIGIN, origin);
        }
        let form = csrf.map(|csrf| format!("csrf={csrf}")).unwrap_or_default();
        builder
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, form.len())
            .body(Body::from(form))
            .expect("request")
    };
    // No token, a wrong token, another origin, no origin at all: 403.
    for request in [
        logout(None, Some(ORIGIN)),
        logout(Some("0000"), Some(ORIGIN)),
        logout(Some(&session.csrf_token), Some("http://evil.example")),
        logout(Some(&session.csrf_token), None),
    ] {
        let response = send(&state, request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(json_of(response).await["code"], "forbidden");
    }
    // The token in the header works as well as in the form.
    let with_header = Request::post("/api/versions")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, cookie(&session.token))
        .header("x-csrf-token", "wrong")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send(&state, with_header).await.status(),
        StatusCode::FORBIDDEN
    );
    // A foreign origin is refused on login too.
    let mut foreign_login = login_request("ada", "correct horse");
    foreign_login.headers_mut().insert(
        header::ORIGIN,
        "http://evil.example".parse().expect("origin"),
    );
    assert_eq!(
        send(&state, foreign_login).await.status(),
        StatusCode::FORBIDDEN
    );
    // Still logged in; then a proper logout ends the session.
    let response = send(&state, logout(Some(&session.csrf_token), Some(ORIGIN))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/login");
    let after = send(
        &state,
        get("/api/versions")
            .header(header::COOKIE, cookie(&session.token))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_session_is_401() {
    let state = state();
    let old = {
        let store = state.store();
        let store = store.lock().expect("store");
        let user = store.user("ada").expect("read").expect("ada");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("time")
            .as_secs() as i64;
        store
            .create_session(user.id, now - fulcrum_store::SESSION_ABSOLUTE_SECS - 1)
            .expect("session")
    };
    let response = send(
        &state,
        get("/api/versions")
            .header(header::COOKIE, cookie(&old.token))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_role_without_the_action_is_403() {
    // Every route today is view_plan, which every role has: a route that runs
    // the cycle is added the way a new route is, declaring its action.
    let state = state();
    let router = || {
        fulcrum_server::app_with_routes(
            state.clone(),
            axum::Router::new()
                .route(
                    "/api/cycle",
                    fulcrum_server::allow_post(Action::RunCycle, || async { "ran" }),
                )
                .route(
                    "/users",
                    fulcrum_server::allow(Action::ManageUsers, || async {
                        axum::response::Html("<html><body>users</body></html>")
                    }),
                ),
        )
    };
    for (name, status) in [("vic", StatusCode::FORBIDDEN), ("ada", StatusCode::OK)] {
        let session = state.session_for(name).expect("session");
        let run = Request::post("/api/cycle")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, cookie(&session.token))
            .header("x-csrf-token", &session.csrf_token)
            .body(Body::empty())
            .expect("request");
        let response = router().oneshot(run).await.expect("infallible");
        assert_eq!(response.status(), status, "{name}");
        if status == StatusCode::FORBIDDEN {
            assert_eq!(
                json_of(response).await,
                json!({"error": "role viewer may not run_cycle (user vic)", "code": "forbidden"})
            );
        }
        let page = get("/users")
            .header(header::COOKIE, cookie(&session.token))
            .body(Body::empty())
            .expect("request");
        let response = router().oneshot(page).await.expect("infallible");
        assert_eq!(response.status(), status, "{name}");
        let content_type = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("ct")
            .to_string();
        assert!(
            content_type.starts_with("text/html"),
            "a page refusal is a page: {content_type}"
        );
    }
}

#[tokio::test]
async fn a_read_only_database_refuses_new_sessions_with_503() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    Store::open(&path)
        .expect("create")
        .add_user("ada", None, Role::Admin, "correct horse")
        .expect("ada");
    let state = AppState::new(Store::open_read_only(&path).expect("read-only"));
    let response = send(&state, login_request("ada", "correct horse")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body(response).await.contains("served read-only"));
}

#[tokio::test]
async fn a_disabled_users_session_ends_at_once() {
    let state = state();
    let session = state.session_for("vic").expect("session");
    state
        .store()
        .lock()
        .expect("store")
        .disable_user("vic")
        .expect("disable");
    let response = send(
        &state,
        get("/api/versions")
            .header(header::COOKIE, cookie(&session.token))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(state.session_for("vic").is_err(), "no new session either");
}
