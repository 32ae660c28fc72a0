//! The one application error type, how it becomes a response, and where
//! internal failures are logged.

use fulcrum_report::format::escape_html;
use std::sync::Arc;

use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use fulcrum_store::StoreError;
use serde::Serialize;

/// Why a request failed.
///
/// Client errors carry a message meant for the client. Internal errors carry
/// a detail meant for the log only: the client sees a generic message, and
/// [`log_internal_errors`] writes the detail with the request line.
#[derive(Debug)]
pub enum AppError {
    /// 404: the thing asked for does not exist.
    NotFound(String),
    /// 400: the request itself is wrong.
    BadRequest(String),
    /// 500: something failed on our side; the detail is logged, not shown.
    Internal(String),
    /// Any other client error status (405, 413, 414, 415, 421, 431, …), refused
    /// before a handler runs, with its message.
    Refused(StatusCode, String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Refused(status, _) => *status,
        }
    }

    /// The text the client may see.
    fn public_message(&self) -> &str {
        match self {
            AppError::NotFound(message)
            | AppError::BadRequest(message)
            | AppError::Refused(_, message) => message,
            AppError::Internal(_) => "internal server error",
        }
    }

    /// The machine-readable code of the error body: the status's reason phrase
    /// in snake case (`not_found`, `method_not_allowed`, …).
    fn code(&self) -> String {
        self.status()
            .canonical_reason()
            .unwrap_or("error")
            .to_lowercase()
            .replace(['-', ' '], "_")
            .replace('\'', "")
    }

    /// Attaches the internal detail (if any) for the logging middleware.
    fn finish(self, mut response: Response) -> Response {
        if let AppError::Internal(detail) = self {
            response
                .extensions_mut()
                .insert(InternalDetail(Arc::new(detail)));
        }
        response
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::VersionNotFound(_) | StoreError::SnapshotNotFound(_) => {
                AppError::NotFound(err.to_string())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The JSON body of every error response, as the OpenAPI description promises:
/// `{"error": message, "code": code}`.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    code: &'a str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let code = self.code();
        let response = (
            self.status(),
            Json(ErrorBody {
                error: self.public_message(),
                code: &code,
            }),
        )
            .into_response();
        self.finish(response)
    }
}

/// A message that may hold the client's input (a query parser's complaint):
/// at most 200 characters, then `…`.
pub(crate) fn shown_long(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(200).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// `text` as quoted in an error message: at most 40 characters, then `…`, so a
/// long input does not come back whole.
pub(crate) fn shown(text: &str) -> String {
    const LIMIT: usize = 40;
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(LIMIT).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// An [`AppError`] on a route that serves HTML: same status and message, as a page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError(err)
    }
}

impl From<StoreError> for PageError {
    fn from(err: StoreError) -> Self {
        PageError(err.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(err) = self;
        let status = err.status();
        let page = message_page(
            status.canonical_reason().unwrap_or("Error"),
            err.public_message(),
        );
        let response = (status, Html(page)).into_response();
        err.finish(response)
    }
}

/// A minimal self-contained page showing one message.
pub(crate) fn message_page(title: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Fulcrum: {title}</title></head>\
         <body style=\"font-family: system-ui, sans-serif; margin: 3rem\">\
         <h1>{title}</h1><p>{message}</p></body></html>\n",
        title = escape_html(title),
        message = escape_html(message),
    )
}

/// The hidden detail of an internal error, carried to the logging middleware
/// in the response's extensions.
#[derive(Debug, Clone)]
struct InternalDetail(Arc<String>);

/// Middleware: logs the detail of every internal error with its request line.
pub(crate) async fn log_internal_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let mut response = next.run(request).await;
    if let Some(InternalDetail(detail)) = response.extensions_mut().remove::<InternalDetail>() {
        tracing::error!(%method, %uri, error = %detail, "request failed");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_page_escapes_its_text() {
        let page = message_page("Not Found", "no <plan> & \"nothing\"");
        assert!(
            page.contains("<p>no &lt;plan&gt; &amp; &quot;nothing&quot;</p>"),
            "{page}"
        );
    }

    #[test]
    fn internal_details_stay_out_of_the_body_but_reach_the_middleware() {
        let response = AppError::Internal("disk I/O error at /secret/path".into()).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let detail = response
            .extensions()
            .get::<InternalDetail>()
            .expect("detail");
        assert_eq!(detail.0.as_str(), "disk I/O error at /secret/path");
    }
}
