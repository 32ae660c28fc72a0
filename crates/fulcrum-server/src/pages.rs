//! The HTML pages: the plan report of the latest or of one version.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fulcrum_report::{ReportInput, render_html};
use fulcrum_store::{Store, VersionId};

use crate::error::{AppError, PageError, message_page};
use crate::{AppState, parse_version_id};

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
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = parse_version_id(&id)?;
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
