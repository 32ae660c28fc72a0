//! The HTML pages: the plan report of the latest or of one version, and the list
//! of versions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fulcrum_report::format::escape_html;
use fulcrum_report::{ReportInput, render_html};
use fulcrum_store::{PlanVersionInfo, Store};

use crate::AppState;
use crate::error::{AppError, PageError, message_page};
use crate::guard::VersionIdParam;

/// `GET /`: the report of the plan of record (the version approved last that is
/// not superseded). With none approved yet, the page says so plainly, links to
/// the newest draft and shows it below; with no version at all, a page saying
/// what to do.
pub(crate) async fn latest_report(State(state): State<AppState>) -> Result<Response, PageError> {
    let page = state
        .with_store(|store| {
            if let Some(info) = store.plan_of_record()? {
                let note = format!(
                    "Plan of record: version {} &ldquo;{}&rdquo;, approved {}.",
                    info.id,
                    escape_html(&info.name),
                    escape_html(info.approved_at.as_deref().unwrap_or("")),
                );
                return Ok(Some(report_page(store, &info, &note)?));
            }
            match store.latest_version()? {
                Some(info) => {
                    let note = format!(
                        "No plan version is approved yet, so there is no plan of record. \
                         Below is the newest draft, <a href=\"/versions/{id}\">version {id}</a>; \
                         approve one with <code>fulcrum approve ID</code>. \
                         <a href=\"/versions\">All versions</a>",
                        id = info.id
                    );
                    Ok(Some(report_page(store, &info, &note)?))
                }
                None => Ok(None),
            }
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
        .with_store(move |store| {
            let info = store.version(id)?;
            report_page(
                store,
                &info,
                "<a href=\"/\">Plan of record</a> · <a href=\"/versions\">All versions</a>",
            )
        })
        .await?;
    Ok(Html(page))
}

/// The report of version `info`, with a banner above it naming the version: id,
/// status, strategy and when it was made, then `note` (trusted HTML).
fn report_page(store: &Store, info: &PlanVersionInfo, note: &str) -> Result<String, AppError> {
    let plan = store.load_plan(info.id)?;
    let page = render_html(&ReportInput {
        company: &info.company,
        currency: &info.currency,
        version_name: &info.name,
        plan: &plan,
    });
    let banner = format!(
        "<div id=\"version-banner\" style=\"font-family:system-ui,sans-serif;padding:.6rem 1rem;\
         background:#eef2ff;border-bottom:1px solid #c7d2fe\">{}<br>{note}</div>\n",
        version_line(info)
    );
    // Right after the opening body tag; a page without one gets the banner first.
    Ok(
        match page
            .find("<body")
            .and_then(|at| page[at..].find('>').map(|end| at + end + 1))
        {
            Some(at) => format!("{}\n{banner}{}", &page[..at], &page[at..]),
            None => format!("{banner}{page}"),
        },
    )
}

/// `Version 3 · approved · strategy optimal · made 2026-01-05T10:00:00Z`, as HTML.
fn version_line(info: &PlanVersionInfo) -> String {
    let status = match info.superseded_by {
        Some(by) => format!("superseded by <a href=\"/versions/{by}\">version {by}</a>"),
        None => info.status.as_str().to_string(),
    };
    format!(
        "<b>Version {id}</b> &ldquo;{name}&rdquo; · <span class=\"status\">{status}</span> · strategy {strategy} · made {created}",
        id = info.id,
        name = escape_html(&info.name),
        strategy = escape_html(info.strategy.as_deref().unwrap_or("not recorded")),
        created = escape_html(&info.created_at),
    )
}

/// `GET /versions`: every plan version, newest first, with links to its report.
pub(crate) async fn versions_index(
    State(state): State<AppState>,
) -> Result<Html<String>, PageError> {
    let versions = state.with_store(|store| Ok(store.plan_versions()?)).await?;
    let mut rows = String::new();
    for info in versions.iter().rev() {
        rows.push_str(&format!(
            "<tr><td>{id}</td><td><a href=\"/versions/{id}\">{name}</a></td><td>{status}</td><td>{strategy}</td><td>{company}</td><td>{start}</td><td>{created}</td></tr>\n",
            id = info.id.0,
            name = escape_html(&info.name),
            status = match info.superseded_by {
                Some(by) => format!("superseded by {by}"),
                None => info.status.as_str().to_string(),
            },
            strategy = escape_html(info.strategy.as_deref().unwrap_or("-")),
            company = escape_html(&info.company),
            start = info.calendar.plan_start(),
            created = escape_html(&info.created_at),
        ));
    }
    if versions.is_empty() {
        rows.push_str("<tr><td colspan=\"7\">No plan versions yet: run <code>fulcrum cycle</code>.</td></tr>\n");
    }
    Ok(Html(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fulcrum: plan versions</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem 3rem;color:#111827}}\
         table{{border-collapse:collapse}}td,th{{padding:.4rem .9rem;border-bottom:1px solid #e5e7eb;text-align:left}}\
         a{{color:#1d4ed8}}</style></head><body><h1>Plan versions</h1>\
         <p><a href=\"/\">Plan of record</a> · <a href=\"/api/openapi.json\">API description</a></p>\
         <table><thead><tr><th>Id</th><th>Name</th><th>Status</th><th>Strategy</th><th>Company</th><th>Plan start</th><th>Created (UTC)</th></tr></thead>\
         <tbody>\n{rows}</tbody></table></body></html>\n"
    )))
}
