//! The HTML pages: the plan report of the latest or of one version, and the list
//! of versions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fulcrum_report::format::escape_html;
use fulcrum_report::{ReportInput, render_html};
use fulcrum_store::{Store, VersionId};

use crate::AppState;
use crate::error::{AppError, PageError, message_page};
use crate::guard::VersionIdParam;

/// `GET /`: the report of the latest plan version, or a page saying there is none yet.
pub(crate) async fn latest_report(State(state): State<AppState>) -> Result<Response, PageError> {
    let page = state
        .with_store(|store| match store.latest_version()? {
            Some(info) => Ok(Some(report_page(store, info.id)?)),
            None => Ok(None),
        })
        .await?;
    Ok(match page {
        Some(page) => Html(page).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Html(message_page(
                "No plan yet",
                "The database holds no plan version yet. Run `fulcrum cycle` to compute one.",
            )),
        )
            .into_response(),
    })
}

/// `GET /versions/{id}`: the report of one plan version.
pub(crate) async fn version_report(
    State(state): State<AppState>,
    id: Result<VersionIdParam, AppError>,
) -> Result<Html<String>, PageError> {
    let VersionIdParam(id) = id?;
    let page = state
        .with_store(move |store| report_page(store, id))
        .await?;
    Ok(Html(page))
}

fn report_page(store: &Store, id: VersionId) -> Result<String, AppError> {
    let info = store.version(id)?;
    let plan = store.load_plan(id)?;
    Ok(render_html(&ReportInput {
        company: &info.company,
        currency: &info.currency,
        version_name: &info.name,
        plan: &plan,
    }))
}

/// `GET /versions`: every plan version, newest first, with links to its report.
pub(crate) async fn versions_index(
    State(state): State<AppState>,
) -> Result<Html<String>, PageError> {
    let versions = state.with_store(|store| Ok(store.plan_versions()?)).await?;
    let mut rows = String::new();
    for info in versions.iter().rev() {
        rows.push_str(&format!(
            "<tr><td>{id}</td><td><a href=\"/versions/{id}\">{name}</a></td><td>{status}</td><td>{company}</td><td>{start}</td><td>{created}</td></tr>\n",
            id = info.id.0,
            name = escape_html(&info.name),
            status = info.status.as_str(),
            company = escape_html(&info.company),
            start = info.calendar.plan_start(),
            created = escape_html(&info.created_at),
        ));
    }
    if versions.is_empty() {
        rows.push_str("<tr><td colspan=\"6\">No plan versions yet: run <code>fulcrum cycle</code>.</td></tr>\n");
    }
    Ok(Html(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fulcrum: plan versions</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem 3rem;color:#111827}}\
         table{{border-collapse:collapse}}td,th{{padding:.4rem .9rem;border-bottom:1px solid #e5e7eb;text-align:left}}\
         a{{color:#1d4ed8}}</style></head><body><h1>Plan versions</h1>\
         <p><a href=\"/\">Latest report</a> · <a href=\"/api/openapi.json\">API description</a></p>\
         <table><thead><tr><th>Id</th><th>Name</th><th>Status</th><th>Company</th><th>Plan start</th><th>Created (UTC)</th></tr></thead>\
         <tbody>\n{rows}</tbody></table></body></html>\n"
    )))
}
