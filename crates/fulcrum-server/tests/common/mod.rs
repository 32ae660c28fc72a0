//! What the server's test crates share: a logged-in session for a request.

use axum::body::Body;
use axum::http::{Request, header};
use fulcrum_server::AppState;

/// Gives `request` the session of an admin test user of `state` (created on
/// first use), and, when it changes state, the CSRF token and a same-origin
/// `Origin`; a request that already has a cookie, or the header
/// `x-test-anonymous`, is sent as it is.
pub fn with_session(state: &AppState, request: &mut Request<Body>) {
    if request.headers_mut().remove("x-test-anonymous").is_some()
        || request.headers().contains_key(header::COOKIE)
    {
        return;
    }
    as_user(state, "tester", fulcrum_access::Role::Admin, request);
}

/// Gives `request` the session of the test user `name` with `role` (created
/// on first use), and, when it changes state, the CSRF token and a
/// same-origin `Origin`.
pub fn as_user(
    state: &AppState,
    name: &str,
    role: fulcrum_access::Role,
    request: &mut Request<Body>,
) {
    {
        let store = state.store();
        let Ok(store) = store.lock() else {
            // A poisoned store: the session cannot be checked either.
            drop(store);
            request.headers_mut().insert(
                header::COOKIE,
                format!("{}=unchecked", fulcrum_server::SESSION_COOKIE)
                    .parse()
                    .expect("cookie"),
            );
            return;
        };
        if store.user(name).expect("user").is_none() {
            store
                .add_user(name, None, role, "tester-password")
                .expect("add test user");
        }
    }
    let session = state.session_for(name).expect("session");
    let headers = request.headers_mut();
    headers.insert(
        header::COOKIE,
        format!("{}={}", fulcrum_server::SESSION_COOKIE, session.token)
            .parse()
            .expect("cookie"),
    );
    if !matches!(request.method().as_str(), "GET" | "HEAD" | "OPTIONS") {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("localhost")
            .to_string();
        let headers = request.headers_mut();
        headers.insert("x-csrf-token", session.csrf_token.parse().expect("csrf"));
        if !headers.contains_key(header::ORIGIN) {
            if let Ok(origin) = format!("http://{host}").parse() {
                headers.insert(header::ORIGIN, origin);
            }
        }
    }
}
