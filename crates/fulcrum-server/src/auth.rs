//! People on the server: login and logout, the session cookie, CSRF and
//! same-origin checks, the login rate limit and the permission of each route.
//!
//! - Every request but `/login` and `/healthz` needs a live session (cookie
//!   [`SESSION_COOKIE`]): without one a page (`GET`, not under `/api/`) is a
//!   303 to `/login`, anything else a 401 with the JSON error body.
//! - Every state-changing request (any method but GET, HEAD, OPTIONS) needs a
//!   same-origin `Origin` (or, without one, `Referer`), and, but for
//!   `POST /login`, the session's CSRF token in the `X-CSRF-Token` header or
//!   the form field `csrf`; else 403.
//! - Each route declares the [`Action`] it performs with [`allow`]; a user
//!   whose role lacks it gets 403 (JSON under `/api/`, a page elsewhere).
//! - Login: after [`MAX_FAILURES`] failed attempts for one user name or from
//!   one client address within [`FAILURE_WINDOW`], 429 without checking the
//!   password. The demo password is refused unless the server listens on a
//!   loopback address.
//! - HTML pages get a bar naming the user and their role, with a logout button.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Form;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::MethodRouter;
use fulcrum_access::{Action, Role, allowed};
use fulcrum_report::format::escape_html;
use fulcrum_store::{DEMO_PASSWORD, UserError};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, PageError};
use crate::guard::body_limit;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "fulcrum_session";
/// Failed logins (per user name, per client address) that close the door.
pub const MAX_FAILURES: usize = 5;
/// How long failed logins count.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The logged-in user of a request, put in its extensions by [`authenticate`].
#[derive(Debug, Clone)]
pub(crate) struct CurrentUser {
    name: String,
    display_name: String,
    role: Role,
    csrf_token: String,
}

impl CurrentUser {
    /// Login name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
    /// Role.
    pub(crate) fn role(&self) -> Role {
        self.role
    }
    /// The session's CSRF token (for pages that send requests).
    pub(crate) fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl From<UserError> for AppError {
    fn from(err: UserError) -> Self {
        match err {
            UserError::Store(err) => err.into(),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

/// Unix seconds now.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() as i64)
}

/// Failed login attempts by key (`user:NAME`, `ip:ADDR`), kept in memory.
#[derive(Debug, Default)]
pub(crate) struct LoginLimiter {
    failures: HashMap<String, Vec<Instant>>,
}

impl LoginLimiter {
    /// How long until one of `keys` may try again, if any is locked out.
    fn locked(&mut self, keys: &[String], now: Instant) -> Option<Duration> {
        keys.iter()
            .filter_map(|key| {
                let times = self.failures.get_mut(key)?;
                times.retain(|at| now.duration_since(*at) < FAILURE_WINDOW);
                (times.len() >= MAX_FAILURES)
                    .then(|| FAILURE_WINDOW - now.duration_since(times[times.len() - MAX_FAILURES]))
            })
            .max()
    }

    fn fail(&mut self, keys: &[String], now: Instant) {
        if self.failures.len() > 10_000 {
            self.failures.retain(|_, times| {
                times.retain(|at| now.duration_since(*at) < FAILURE_WINDOW);
                !times.is_empty()
            });
        }
        for key in keys {
            self.failures.entry(key.clone()).or_default().push(now);
        }
    }

    fn succeed(&mut self, keys: &[String]) {
        for key in keys {
            self.failures.remove(key);
        }
    }
}

fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/healthz")
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn forbidden(message: impl Into<String>) -> AppError {
    AppError::Refused(StatusCode::FORBIDDEN, message.into())
}

/// The session token of the request's cookie.
fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// Whether the request comes from a page of this server: its `Origin` (or,
/// without one, its `Referer`) names the scheme-less host it was sent to.
fn same_origin(headers: &HeaderMap) -> Result<(), AppError> {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let matches = |origin: &str| {
        let origin = origin.to_ascii_lowercase();
        ["http://", "https://"].iter().any(|scheme| {
            origin
                .strip_prefix(scheme)
                .is_some_and(|rest| rest == host || rest.starts_with(&format!("{host}/")))
        })
    };
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    let ok = match (origin, referer) {
        (Some(origin), _) => matches(origin),
        (None, Some(referer)) => matches(referer),
        (None, None) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(forbidden(
            "a state-changing request must come from this server's own pages (Origin or Referer of this host)",
        ))
    }
}

/// Compares two tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of field `name` of a URL-encoded form (undecoded: tokens are hex).
fn form_field<'a>(body: &'a [u8], name: &str) -> Option<&'a str> {
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Middleware: finds the session, refuses what needs one without it, checks
/// same-origin and CSRF on state-changing requests, and puts the user bar on
/// HTML pages.
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match authenticated(state, request, next).await {
        Ok(response) | Err(response) => response,
    }
}

async fn authenticated(
    state: AppState,
    request: Request,
    next: Next,
) -> Result<Response, Response> {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    if changes_state(&method) {
        same_origin(request.headers()).map_err(IntoResponse::into_response)?;
    }
    if is_public(&path) {
        return Ok(next.run(request).await);
    }
    let session = match session_token(request.headers()) {
        Some(token) => state
            .with_store(move |store| Ok(store.session(&token, unix_now())?))
            .await
            .map_err(IntoResponse::into_response)?,
        None => None,
    };
    let Some(session) = session else {
        if method == Method::GET && !is_api(&path) {
            return Err(Redirect::to("/login").into_response());
        }
        return Err(AppError::Refused(
            StatusCode::UNAUTHORIZED,
            "log in first: this request has no valid session".into(),
        )
        .into_response());
    };
    let mut request = request;
    if changes_state(&method) {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, body_limit(parts.uri.path()) as usize)
            .await
            .map_err(|_| {
                AppError::Refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the request body is too large".into(),
                )
                .into_response()
            })?;
        let given = parts
            .headers
            .get("x-csrf-token")
            .and_then(|value| value.to_str().ok())
            .or_else(|| form_field(&bytes, "csrf"));
        if !given.is_some_and(|given| same_token(given, &session.csrf_token)) {
            return Err(forbidden(
                "the CSRF token is missing or wrong: send the session's token in X-CSRF-Token or the form field csrf",
            )
            .into_response());
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    let user = CurrentUser {
        name: session.user.name,
        display_name: session.user.display_name,
        role: session.user.role,
        csrf_token: session.csrf_token,
    };
    request.extensions_mut().insert(user.clone());
    let response = next.run(request).await;
    Ok(with_user_bar(response, &user).await)
}

/// An HTML response with the user bar right after its opening body tag.
async fn with_user_bar(response: Response, user: &CurrentUser) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return AppError::Internal("cannot read a page body".into()).into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let bar = user_bar(user);
    let page = match page
        .find("<body")
        .and_then(|at| page[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!("{}\n{bar}{}", &page[..at], &page[at..]),
        None => format!("{bar}{page}"),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}

fn user_bar(user: &CurrentUser) -> String {
    format!(
        "<div id=\"user-bar\" style=\"font-family:system-ui,sans-serif;padding:.4rem 1rem;\
         background:#f3f4f6;border-bottom:1px solid #e5e7eb;display:flex;gap:1rem;align-items:center;\
         justify-content:flex-end\"><span>Signed in as <b class=\"user-name\">{display}</b> \
         (<span class=\"user-login\">{name}</span>, <span class=\"user-role\">{role}</span>)</span>\
         <a href=\"/plan\">Demand plan</a><a href=\"/\">Report</a>\
         <form method=\"post\" action=\"/logout\" style=\"margin:0\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <button type=\"submit\">Log out</button></form></div>\n",
        display = escape_html(&user.display_name),
        name = escape_html(&user.name),
        role = user.role.as_str(),
        csrf = escape_html(&user.csrf_token),
    )
}

/// A `GET` route performing `action`: only users whose role allows it reach
/// the handler (403 otherwise). Every route is declared through this (or
/// [`allow_post`]), so a new route must name its action.
pub fn allow<H, T>(action: Action, handler: H) -> MethodRouter<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    axum::routing::get(handler).route_layer(axum::middleware::from_fn(
        move |request: Request, next: Next| authorize(action, request, next),
    ))
}

/// A `POST` route performing `action`, as [`allow`].
pub fn allow_post<H, T>(action: Action, handler: H) -> MethodRouter<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    axum::routing::post(handler).route_layer(axum::middleware::from_fn(
        move |request: Request, next: Next| authorize(action, request, next),
    ))
}

async fn authorize(action: Action, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let refusal = match request.extensions().get::<CurrentUser>() {
        Some(user) if allowed(user.role, action) => return next.run(request).await,
        Some(user) => forbidden(format!(
            "role {} may not {action} (user {})",
            user.role,
            crate::error::shown(&user.name)
        )),
        None => AppError::Refused(
            StatusCode::UNAUTHORIZED,
            "log in first: this request has no valid session".into(),
        ),
    };
    if is_api(&path) {
        refusal.into_response()
    } else {
        PageError(refusal).into_response()
    }
}

/// The fields of the login form.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
}

/// `GET /login`: the login form.
pub(crate) async fn login_page(State(state): State<AppState>) -> Html<String> {
    Html(login_html(&state, None))
}

fn login_html(state: &AppState, message: Option<&str>) -> String {
    let demo = if state.loopback {
        format!(
            "<p class=\"demo\">Demo database? Log in as <code>admin</code>, <code>planner</code> or \
             <code>viewer</code> with the password <code>{DEMO_PASSWORD}</code>. The demo password \
             works only while the server listens on a loopback address, as it does now.</p>"
        )
    } else {
        "<p class=\"demo\">This server listens on a network address, so the demo password is \
         refused here: set a real password with <code>fulcrum user passwd NAME</code>.</p>"
            .to_string()
    };
    let message = message
        .map(|text| {
            format!(
                "<p class=\"error\" style=\"color:#b91c1c\">{}</p>",
                escape_html(text)
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fulcrum: log in</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:0;color:#111827;background:#f3f4f6}}\
         header{{background:#0f172a;color:#fff;padding:1.2rem 2rem;font-size:.8rem;letter-spacing:.08em}}\
         main{{max-width:26rem;margin:3rem auto;background:#fff;border:1px solid #e5e7eb;\
         border-radius:.5rem;padding:1.5rem 2rem}}h1{{font-size:1.4rem;margin:0 0 1rem}}\
         label{{display:block;margin:.8rem 0;font-size:.9rem;color:#374151}}\
         input{{display:block;width:100%;box-sizing:border-box;margin-top:.3rem;padding:.5rem;\
         border:1px solid #d1d5db;border-radius:.3rem;font-size:1rem}}\
         button{{margin-top:.8rem;padding:.5rem 1.4rem;background:#1d4ed8;color:#fff;border:0;\
         border-radius:.3rem;font-size:1rem;cursor:pointer}}p{{font-size:.85rem;color:#4b5563}}</style></head><body>\
         <header>FULCRUM · SALES &amp; OPERATIONS PLAN</header><main>\
         <h1>Log in to Fulcrum</h1>{message}\
         <form method=\"post\" action=\"/login\">\
         <label>User name <input name=\"name\" autocomplete=\"username\" required autofocus></label>\
         <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
         <button type=\"submit\">Log in</button></form>{demo}</main></body></html>\n"
    )
}

/// `POST /login`: checks the name and password and starts a session.
pub(crate) async fn login(State(state): State<AppState>, request: Request) -> Response {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string());
    let form = match Form::<LoginForm>::from_request(request, &()).await {
        Ok(Form(form)) => form,
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                Html(login_html(
                    &state,
                    Some("The form needs a user name and a password."),
                )),
            )
                .into_response();
        }
    };
    let keys = [format!("user:{}", form.name), format!("ip:{client}")];
    let now = Instant::now();
    let locked = state
        .limiter
        .lock()
        .map_or(None, |mut limiter| limiter.locked(&keys, now));
    if let Some(wait) = locked {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let mut response = (
            StatusCode::TOO_MANY_REQUESTS,
            Html(login_html(
                &state,
                Some(&format!(
                    "Too many failed logins for this user or from this address. Try again in {minutes} minute{}.",
                    if minutes == 1 { "" } else { "s" }
                )),
            )),
        )
            .into_response();
        if let Ok(value) = wait.as_secs().max(1).to_string().parse() {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    let fail = |state: &AppState| {
        if let Ok(mut limiter) = state.limiter.lock() {
            limiter.fail(&keys, now);
        }
    };
    if !state.loopback && form.password == DEMO_PASSWORD {
        fail(&state);
        tracing::warn!(user = %crate::error::shown(&form.name), "refused the demo password on a non-loopback address");
        return (
            StatusCode::FORBIDDEN,
            Html(login_html(
                &state,
                Some("The demo password is refused on a server that listens on a network address."),
            )),
        )
            .into_response();
    }
    let (name, password) = (form.name.clone(), form.password);
    let started = state
        .with_store(
            move |store| match store.verify_credentials(&name, &password)? {
                Some(user) => {
                    let now = unix_now();
                    store.purge_expired_sessions(now).map_err(session_error)?;
                    Ok(Some(
                        store.create_session(user.id, now).map_err(session_error)?,
                    ))
                }
                None => Ok(None),
            },
        )
        .await;
    match started {
        Ok(Some(session)) => {
            if let Ok(mut limiter) = state.limiter.lock() {
                limiter.succeed(&keys[..1]);
            }
            let cookie = format!(
                "{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
                session.token,
                fulcrum_store::SESSION_ABSOLUTE_SECS,
                if state.secure_cookies { "; Secure" } else { "" }
            );
            let mut response = Redirect::to("/").into_response();
            if let Ok(value) = cookie.parse() {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Ok(None) => {
            fail(&state);
            (
                StatusCode::UNAUTHORIZED,
                Html(login_html(&state, Some("Wrong user name or password."))),
            )
                .into_response()
        }
        Err(err) => PageError(err).into_response(),
    }
}

/// A failure to store a session: a database served read-only cannot take one (503).
fn session_error(err: UserError) -> AppError {
    match err {
        UserError::Store(err) if err.is_read_only() => AppError::Refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is served read-only, so no new session can be stored; serve a writable file to log in".into(),
        ),
        other => other.into(),
    }
}

/// `POST /logout`: ends the session (the CSRF check ran in [`authenticate`]).
pub(crate) async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_token(&headers) {
        if let Err(err) = state
            .with_store(move |store| Ok(store.delete_session(&token)?))
            .await
        {
            return PageError(err).into_response();
        }
    }
    let mut response = Redirect::to("/login").into_response();
    let cookie = format!(
        "{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        if state.secure_cookies { "; Secure" } else { "" }
    );
    if let Ok(value) = cookie.parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_locks_after_five_failures_in_the_window() {
        let mut limiter = LoginLimiter::default();
        let keys = ["user:ada".to_string(), "ip:1".to_string()];
        let t0 = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert_eq!(limiter.locked(&keys, t0), None);
            limiter.fail(&keys, t0);
        }
        assert!(limiter.locked(&keys, t0).is_some());
        assert!(limiter.locked(&["user:bob".to_string()], t0).is_none());
        assert!(limiter.locked(&keys, t0 + FAILURE_WINDOW).is_none());
    }

    #[test]
    fn same_origin_wants_this_host() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "localhost:8080".parse().expect("host"));
        assert!(same_origin(&headers).is_err());
        headers.insert(header::ORIGIN, "http://localhost:8080".parse().expect("o"));
        assert!(same_origin(&headers).is_ok());
        headers.insert(
            header::ORIGIN,
            "http://localhost:8080.evil".parse().expect("o"),
        );
        assert!(same_origin(&headers).is_err());
        headers.remove(header::ORIGIN);
        headers.insert(
            header::REFERER,
            "http://localhost:8080/versions".parse().expect("r"),
        );
        assert!(same_origin(&headers).is_ok());
    }
}
