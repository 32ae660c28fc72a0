//! What every request passes before a handler: the `Host` check (against DNS
//! rebinding), limits on the URI, headers and body, the JSON 405, and version
//! ids in paths.

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fulcrum_store::VersionId;

use crate::AppState;
use crate::error::{AppError, shown};

/// Longest request target served (path and query), in bytes.
pub const MAX_URI_BYTES: usize = 2048;
/// Most bytes of all request headers together.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Largest request body accepted; no route takes a body, so anything more is 413.
pub const MAX_BODY_BYTES: u64 = 64 * 1024;
/// The largest override upload (`POST /api/v1/plan/overrides`).
pub const MAX_UPLOAD_BYTES: u64 = 8 * 1024 * 1024;

/// The media types a POST body may have.
const BODY_TYPES: [&str; 4] = [
    "application/x-www-form-urlencoded",
    "application/json",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// The largest body taken on `path`.
pub(crate) fn body_limit(path: &str) -> u64 {
    if path == "/api/v1/plan/overrides" {
        MAX_UPLOAD_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// Which `Host` header values are served.
///
/// A browser tricked by DNS rebinding sends the attacker's host name, so only
/// loopback names (`127.0.0.1`, `localhost`, `[::1]`) and the names given with
/// `--allowed-host` are served, each with the port the server is bound to when it
/// is known.
#[derive(Debug, Clone, Default)]
pub struct HostPolicy {
    /// The port the server listens on; `None` accepts any port (in-process use).
    pub port: Option<u16>,
    /// Extra host names to serve (lower case, without port).
    pub allowed_hosts: Vec<String>,
}

impl HostPolicy {
    /// Loopback names on `port`, plus `allowed_hosts`.
    pub fn new(port: Option<u16>, allowed_hosts: &[String]) -> Self {
        HostPolicy {
            port,
            allowed_hosts: allowed_hosts
                .iter()
                .map(|host| host.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        }
    }

    /// Why `host` (a `Host` header value) is not served, if it is not.
    fn refuse(&self, host: &str) -> Option<String> {
        let (name, port) = split_host(host)?;
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let loopback = matches!(name.as_str(), "127.0.0.1" | "localhost" | "[::1]");
        if !loopback && !self.allowed_hosts.contains(&name) {
            return Some(format!(
                "host '{}' is not served here; use 127.0.0.1, localhost or [::1], or start the server with --allowed-host",
                shown(&name)
            ));
        }
        match (self.port, port) {
            (Some(bound), Some(asked)) if bound != asked => Some(format!(
                "host '{}' names port {asked}, but the server listens on {bound}",
                shown(host)
            )),
            // Without a port the host means port 80.
            (Some(bound), None) if bound != 80 => Some(format!(
                "host '{}' has no port, but the server listens on {bound}",
                shown(host)
            )),
            _ => None,
        }
    }
}

/// `name[:port]` or `[v6][:port]`; `None` when it is not a host at all.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest.strip_prefix(':') {
            Some(port) => (name, Some(port)),
            None if rest.is_empty() => (name, None),
            None => return None,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    Some((name, port))
}

/// Middleware: refuses requests for a host that is not served (421), and
/// requests whose target, headers or body are too large (414, 431, 413) or that
/// carry a body at all (415: no route takes one), each with the JSON error body.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match check(&state, &request) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn check(state: &AppState, request: &Request) -> Result<(), AppError> {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|value| value.to_str().map(str::to_string))
        .or_else(|| request.uri().authority().map(|a| Ok(a.to_string())));
    match host {
        None => {
            return Err(AppError::BadRequest(
                "the request has no Host header".into(),
            ));
        }
        Some(Err(_)) => {
            return Err(AppError::Refused(
                StatusCode::MISDIRECTED_REQUEST,
                "the Host header is not valid text".into(),
            ));
        }
        Some(Ok(host)) => {
            let refused = match split_host(&host) {
                None => Some(format!("'{}' is not a host name", shown(&host))),
                Some(_) => state.host_policy.refuse(&host),
            };
            if let Some(reason) = refused {
                return Err(AppError::Refused(StatusCode::MISDIRECTED_REQUEST, reason));
            }
        }
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if target > MAX_URI_BYTES {
        return Err(AppError::Refused(
            StatusCode::URI_TOO_LONG,
            format!("the request target is {target} bytes; at most {MAX_URI_BYTES} are served"),
        ));
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return Err(AppError::Refused(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request headers are {header_bytes} bytes; at most {MAX_HEADER_BYTES} are accepted"
            ),
        ));
    }
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    let limit = body_limit(request.uri().path());
    if length.is_some_and(|length| length > limit) {
        return Err(AppError::Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {limit} bytes"),
        ));
    }
    // Bodies are taken by POST only: forms (login, logout), JSON (the planning
    // API), CSV and XLSX (override uploads); each handler checks its own type.
    let taken = request.method() == Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| BODY_TYPES.iter().any(|taken| value.starts_with(taken)));
    if !taken && (chunked || length.is_some_and(|length| length > 0)) {
        return Err(AppError::Refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "this request takes no body of that type: POST forms, application/json, text/csv or .xlsx only".into(),
        ));
    }
    Ok(())
}

/// The 405 of a known route asked with another method, as a JSON error.
pub(crate) async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> AppError {
    AppError::Refused(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "method {} is not allowed on {}",
            shown(method.as_str()),
            shown(uri.path())
        ),
    )
}

/// A version id from the path: any whole number from 1 written plainly (no
/// sign, no leading zero). One beyond what the store can hold names no
/// version: 404.
pub(crate) fn parse_version_id(text: &str) -> Result<VersionId, AppError> {
    let plain = !text.is_empty()
        && text.bytes().all(|byte| byte.is_ascii_digit())
        && !text.starts_with('0');
    if !plain {
        return Err(AppError::BadRequest(format!(
            "version id must be a whole number from 1, written without sign or leading zero, got '{}'",
            shown(text)
        )));
    }
    match text.parse::<i64>() {
        Ok(id) => Ok(VersionId(id)),
        Err(_) => Err(AppError::NotFound(format!(
            "plan version {} does not exist",
            shown(text)
        ))),
    }
}

/// The `{id}` of a route as a [`VersionId`]; a path that is not valid UTF-8 or
/// not an id is a 400 with the JSON error body (404 beyond the largest id).
#[derive(Debug, Clone, Copy)]
pub(crate) struct VersionIdParam(pub(crate) VersionId);

impl<S: Send + Sync> FromRequestParts<S> for VersionIdParam {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(text)) => parse_version_id(&text).map(VersionIdParam),
            Err(_) => Err(AppError::BadRequest(
                "version id must be a whole number from 1; the path is not valid UTF-8".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_split_into_name_and_port() {
        assert_eq!(
            split_host("localhost:8080"),
            Some(("localhost", Some(8080)))
        );
        assert_eq!(split_host("[::1]:8080"), Some(("[::1]", Some(8080))));
        assert_eq!(split_host("[::1]"), Some(("[::1]", None)));
        assert_eq!(split_host("127.0.0.1"), Some(("127.0.0.1", None)));
        assert_eq!(split_host("host:99999"), None);
        assert_eq!(split_host(":80"), None);
        assert_eq!(split_host("[::1]x"), None);
    }

    #[test]
    fn only_loopback_and_allowed_hosts_on_the_bound_port_are_served() {
        let policy = HostPolicy::new(Some(8080), &["Plan.Example.COM.".to_string()]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "plan.example.com:8080",
        ] {
            assert_eq!(policy.refuse(host), None, "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.2:8080",
            "localhost:8081",
            "localhost",
            "localhost.evil.example:8080",
        ] {
            assert!(policy.refuse(host).is_some(), "{host}");
        }
    }

    #[test]
    fn version_ids_are_plain_whole_numbers_from_one() {
        assert_eq!(parse_version_id("1").ok(), Some(VersionId(1)));
        assert_eq!(
            parse_version_id("9223372036854775807").ok(),
            Some(VersionId(i64::MAX))
        );
        for bad in ["0", "+1", "01", "-1", "1.5", "", " 1", "abc", "1e3"] {
            assert!(
                matches!(parse_version_id(bad), Err(AppError::BadRequest(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_version_id("9223372036854775808"),
            Err(AppError::NotFound(message)) if message == "plan version 9223372036854775808 does not exist"
        ));
    }
}
