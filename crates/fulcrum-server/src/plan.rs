//! The planning workspace over HTTP: the grid, its chart and cell history, the
//! change log, edits, undo, override uploads, the grid as a workbook, and the
//! plan recomputed with the log (`/api/v1/plan/…`); the grid page (`/plan`).
//!
//! Handlers only translate HTTP: every rule is the planning desk's
//! ([`fulcrum_planning::Desk`]). Edits are allowed per layer: the route only
//! needs a session, and each edit is checked against the role with
//! [`Desk::required_action`] before anything is written.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fulcrum_access::{Action, allowed};
use fulcrum_core::KpiUnit;
use fulcrum_planning::{
    Desk, Edit, EditMeta, GridQuery, PlanningError, REASON_CODES, describe::now_rfc3339,
    target::parse_period,
};
use fulcrum_store::Store;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, shown_long};

/// Nodes per grid page unless `limit` says otherwise; at most [`MAX_GRID_LIMIT`].
pub const DEFAULT_GRID_LIMIT: usize = 500;
/// The largest grid page.
pub const MAX_GRID_LIMIT: usize = 5_000;
/// The largest page of the change log.
pub const MAX_LOG_LIMIT: usize = 1_000;

impl From<PlanningError> for AppError {
    fn from(error: PlanningError) -> Self {
        match error {
            PlanningError::NoInputs => AppError::NotFound(error.to_string()),
            PlanningError::Invalid(_) => AppError::BadRequest(error.to_string()),
            PlanningError::Conflict(message) | PlanningError::Frozen(message) => {
                AppError::Refused(StatusCode::CONFLICT, message)
            }
            PlanningError::Store(store) => store.into(),
            PlanningError::Corrupt(detail) => AppError::Internal(detail),
        }
    }
}

impl AppState {
    /// Runs `work` with the current cycle's desk (opened, or replayed again
    /// when the store moved on) and the store, on the blocking pool.
    async fn with_desk<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Desk, &mut Store) -> Result<T, AppError> + Send + 'static,
    {
        let desk = Arc::clone(&self.desk);
        let store = self.store();
        tokio::task::spawn_blocking(move || {
            let poisoned = || AppError::Internal("a server mutex is poisoned".into());
            let mut desk = desk.lock().map_err(|_| poisoned())?;
            let mut store = store.lock().map_err(|_| poisoned())?;
            let current = match desk.as_ref() {
                Some(open) => open.is_current(&store)?,
                None => false,
            };
            if !current {
                *desk = Some(Desk::open(&store)?);
            }
            let desk = desk.as_mut().ok_or_else(poisoned)?;
            work(desk, &mut store)
        })
        .await
        .map_err(|err| AppError::Internal(format!("desk task failed: {err}")))?
    }
}

/// Which nodes a request addresses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScopeParams {
    product: Option<String>,
    location: Option<String>,
    customer: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
    period: Option<String>,
    layer: Option<String>,
}

fn params(query: Result<Query<ScopeParams>, QueryRejection>) -> Result<ScopeParams, AppError> {
    query
        .map(|Query(params)| params)
        .map_err(|rejection| AppError::BadRequest(shown_long(&rejection.body_text())))
}

fn grid_query(params: &ScopeParams) -> Result<GridQuery, AppError> {
    let limit = params.limit.unwrap_or(DEFAULT_GRID_LIMIT);
    if limit == 0 || limit > MAX_GRID_LIMIT {
        return Err(AppError::BadRequest(format!(
            "limit must be from 1 to {MAX_GRID_LIMIT}, got {limit}"
        )));
    }
    Ok(GridQuery {
        product: params.product.clone(),
        location: params.location.clone(),
        customer: params.customer.clone(),
        offset: params.offset.unwrap_or(0),
        limit,
    })
}

/// `GET /api/v1/plan/grid`: one page of the grid.
pub(crate) async fn grid(
    State(state): State<AppState>,
    query: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let query = grid_query(&params(query)?)?;
    let body = state
        .with_desk(move |desk, _| {
            let grid = fulcrum_planning::grid(desk, &query)?;
            serde_json::to_vec(&grid).map_err(|e| AppError::Internal(e.to_string()))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// `GET /api/v1/plan/grid.xlsx`: the same grid (every node) as a workbook.
pub(crate) async fn grid_xlsx(
    State(state): State<AppState>,
    query: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let mut query = grid_query(&params(query)?)?;
    query.limit = usize::MAX;
    let bytes = state
        .with_desk(move |desk, _| {
            let grid = fulcrum_planning::grid(desk, &query)?;
            fulcrum_io::write_grid_xlsx(&fulcrum_planning::grid::sheet(&grid))
                .map_err(AppError::Internal)
        })
        .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"demand-plan.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

fn selector_of(
    desk: &Desk,
    params: &ScopeParams,
) -> Result<fulcrum_workspace::NodeSelector, AppError> {
    fulcrum_planning::target::selector(
        desk.dataset(),
        params.product.as_deref(),
        params.location.as_deref(),
        params.customer.as_deref(),
    )
    .map_err(|(field, reason)| AppError::BadRequest(format!("{field}: {reason}")))
}

/// `GET /api/v1/plan/chart?product=…`: the chart of a node.
pub(crate) async fn chart(
    State(state): State<AppState>,
    query: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Json<fulcrum_planning::Chart>, AppError> {
    let params = params(query)?;
    let chart = state
        .with_desk(move |desk, _| {
            let selector = selector_of(desk, &params)?;
            Ok(fulcrum_planning::chart(desk, &selector)?)
        })
        .await?;
    Ok(Json(chart))
}

/// `GET /api/v1/plan/history?product=…&period=…&layer=…`: a cell's history.
pub(crate) async fn history(
    State(state): State<AppState>,
    query: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Json<Vec<fulcrum_planning::CellChange>>, AppError> {
    let params = params(query)?;
    let entries = state
        .with_desk(move |desk, _| {
            let selector = selector_of(desk, &params)?;
            let period_text = params
                .period
                .as_deref()
                .ok_or_else(|| AppError::BadRequest("give the cell's period".into()))?;
            let period = parse_period(desk.dataset().calendar(), period_text)
                .map_err(|reason| AppError::BadRequest(format!("period: {reason}")))?;
            let layer = params
                .layer
                .as_deref()
                .ok_or_else(|| AppError::BadRequest("give the cell's layer".into()))?;
            Ok(desk.history(&selector, period, layer)?)
        })
        .await?;
    Ok(Json(entries))
}

/// `GET /api/v1/plan/events`: the events of the log, with their effect.
pub(crate) async fn events(
    State(state): State<AppState>,
) -> Result<Json<Vec<fulcrum_planning::EventInfo>>, AppError> {
    Ok(Json(state.with_desk(|desk, _| Ok(desk.events())).await?))
}

/// A page of the change log.
#[derive(Debug, Serialize)]
pub(crate) struct LogPage {
    revision: u64,
    total: usize,
    offset: usize,
    changes: Vec<fulcrum_planning::LogEntry>,
}

/// `GET /api/v1/plan/changes`: the change log, newest first, paginated.
pub(crate) async fn changes(
    State(state): State<AppState>,
    query: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Json<LogPage>, AppError> {
    let params = params(query)?;
    let offset = params.offset.unwrap_or(0);
    let limit = params.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LOG_LIMIT {
        return Err(AppError::BadRequest(format!(
            "limit must be from 1 to {MAX_LOG_LIMIT}, got {limit}"
        )));
    }
    let page = state
        .with_desk(move |desk, _| {
            Ok(LogPage {
                revision: desk.revision(),
                total: desk.changes().len(),
                offset,
                changes: desk.log_entries(offset, limit),
            })
        })
        .await?;
    Ok(Json(page))
}

/// The body of `POST /api/v1/plan/changes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EditRequest {
    /// The revision the grid was loaded at.
    base_revision: Option<u64>,
    reason_code: String,
    #[serde(default)]
    comment: String,
    edits: Vec<Edit>,
}

/// The reply to an accepted edit.
#[derive(Debug, Serialize)]
pub(crate) struct EditReply {
    revision: u64,
    changes: Vec<u64>,
}

fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, AppError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !json {
        return Err(AppError::Refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the edits as application/json".into(),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        AppError::BadRequest(format!(
            "the body is not a valid request: {}",
            shown_long(&e.to_string())
        ))
    })
}

/// The request body, refused with the one error shape when it is beyond
/// `limit` bytes (a chunked body has no length for the guard to check first)
/// or could not be read.
fn read_body(body: Result<Bytes, BytesRejection>, limit: u64) -> Result<Bytes, AppError> {
    let too_large = || {
        AppError::Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {limit} bytes"),
        )
    };
    match body {
        Ok(bytes) if bytes.len() as u64 > limit => Err(too_large()),
        Ok(bytes) => Ok(bytes),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large()),
        Err(rejection) => Err(AppError::BadRequest(format!(
            "the request body could not be read: {}",
            shown_long(&rejection.body_text())
        ))),
    }
}

/// Refuses the first edit the user's role may not make.
fn check_permissions(desk: &Desk, user: &CurrentUser, edits: &[Edit]) -> Result<(), AppError> {
    for (index, edit) in edits.iter().enumerate() {
        let action = desk.required_action(edit);
        if !allowed(user.role(), action) {
            return Err(AppError::Refused(
                StatusCode::FORBIDDEN,
                format!(
                    "edit {}: role {} may not {action} (user {})",
                    index + 1,
                    user.role(),
                    crate::error::shown(user.name())
                ),
            ));
        }
    }
    Ok(())
}

/// What a request appends: edits, or the rows of an overrides file (whose
/// problems then name file rows).
enum Batch {
    Edits(Vec<Edit>),
    Overrides(Vec<fulcrum_io::OverrideRow>),
}

impl AppState {
    /// Appends the batch `make` builds from the current desk, as `user` with
    /// `meta`, after checking every edit against the user's role: all or none.
    async fn append_as<F>(
        &self,
        user: CurrentUser,
        meta: EditMeta,
        make: F,
    ) -> Result<Json<EditReply>, AppError>
    where
        F: FnOnce(&Desk) -> Result<Batch, AppError> + Send + 'static,
    {
        let reply = self
            .with_desk(move |desk, store| {
                let batch = make(desk)?;
                let at = now_rfc3339();
                let ids = match &batch {
                    Batch::Edits(edits) => {
                        check_permissions(desk, &user, edits)?;
                        desk.append(store, &meta, edits, &at)?
                    }
                    Batch::Overrides(rows) => {
                        let edits = fulcrum_planning::desk::override_edits(rows);
                        check_permissions(desk, &user, &edits)?;
                        desk.append_overrides(store, &meta, rows, &at)?
                    }
                };
                Ok(EditReply {
                    revision: desk.revision(),
                    changes: ids,
                })
            })
            .await?;
        self.forget_plan();
        Ok(Json(reply))
    }
}

/// `POST /api/v1/plan/changes`: appends edits, all or none.
pub(crate) async fn post_changes(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EditReply>, AppError> {
    let body = read_body(body, crate::MAX_BODY_BYTES)?;
    let request: EditRequest = json_body(&headers, &body)?;
    let meta = EditMeta {
        author: user.name().to_string(),
        reason_code: request.reason_code,
        comment: request.comment,
        base_revision: request.base_revision,
    };
    let edits = request.edits;
    state
        .append_as(user, meta, move |_| Ok(Batch::Edits(edits)))
        .await
}

/// The body of `POST /api/v1/plan/undo`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UndoRequest {
    base_revision: Option<u64>,
    /// The changes of one action to undo together (a paste, an upload); by
    /// default the user's newest change still standing.
    #[serde(default)]
    changes: Option<Vec<u64>>,
}

/// `POST /api/v1/plan/undo`: undoes `changes` (newest first) or the user's
/// newest change still standing, as compensating changes in one transaction.
pub(crate) async fn undo(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EditReply>, AppError> {
    let body = read_body(body, crate::MAX_BODY_BYTES)?;
    let request: UndoRequest = json_body(&headers, &body)?;
    let meta = EditMeta {
        author: user.name().to_string(),
        reason_code: "undo".into(),
        comment: String::new(),
        base_revision: request.base_revision,
    };
    let author = user.name().to_string();
    state
        .append_as(user, meta, move |desk| {
            let mut changes = match request.changes {
                Some(changes) if !changes.is_empty() => changes,
                _ => vec![desk.last_undoable(&author).ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "{} has no change left to undo",
                        crate::error::shown(&author)
                    ))
                })?],
            };
            changes.sort_unstable_by(|a, b| b.cmp(a));
            changes.dedup();
            Ok(Batch::Edits(
                changes
                    .into_iter()
                    .map(|change| Edit::Undo { change })
                    .collect(),
            ))
        })
        .await
}

/// Query of `POST /api/v1/plan/overrides`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UploadParams {
    name: Option<String>,
    reason_code: Option<String>,
    base_revision: Option<u64>,
}

/// `POST /api/v1/plan/overrides?name=file.csv&reason_code=…`: an overrides file
/// (CSV or XLSX body), every bad cell named, nothing changed unless all are good.
pub(crate) async fn upload_overrides(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    headers: HeaderMap,
    query: Result<Query<UploadParams>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EditReply>, AppError> {
    let body = read_body(body, crate::guard::MAX_UPLOAD_BYTES)?;
    let Query(params) =
        query.map_err(|rejection| AppError::BadRequest(shown_long(&rejection.body_text())))?;
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let xlsx =
        media.starts_with("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    if !xlsx && !media.starts_with("text/csv") {
        return Err(AppError::Refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the overrides as text/csv or as an .xlsx workbook".into(),
        ));
    }
    let name = params.name.unwrap_or_else(|| {
        if xlsx {
            "overrides.xlsx"
        } else {
            "overrides.csv"
        }
        .into()
    });
    let meta = EditMeta {
        author: user.name().to_string(),
        reason_code: params.reason_code.unwrap_or_else(|| "upload".into()),
        comment: format!("uploaded {name}"),
        base_revision: params.base_revision,
    };
    state
        .append_as(user, meta, move |desk| {
            let rows = desk.read_overrides(&name, &body).map_err(|error| {
                AppError::BadRequest(
                    error
                        .problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?;
            Ok(Batch::Overrides(rows))
        })
        .await
}

/// One KPI of the recomputed plan.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KpiJson {
    code: String,
    label: String,
    value: f64,
    unit: &'static str,
}

/// The plan recomputed with the change log.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlanKpis {
    revision: u64,
    kpis: Vec<KpiJson>,
    exceptions: usize,
    seconds: f64,
}

/// `GET /api/v1/plan/kpis`: the whole plan recomputed with the log (inventory
/// policy, supply, capacity, finance), its KPIs; cached per revision.
pub(crate) async fn kpis(State(state): State<AppState>) -> Result<Json<PlanKpis>, AppError> {
    let (key, inputs) = state
        .with_desk(|desk, _| Ok(((desk.snapshot(), desk.revision()), desk.plan_inputs())))
        .await?;
    if let Some(cached) = state.cached_plan(key) {
        return Ok(Json(cached));
    }
    let started = std::time::Instant::now();
    let plan = tokio::task::spawn_blocking(move || inputs.plan())
        .await
        .map_err(|err| AppError::Internal(format!("cycle task failed: {err}")))?;
    let reply = PlanKpis {
        revision: key.1,
        kpis: plan
            .kpis
            .iter()
            .map(|k| KpiJson {
                code: k.code.clone(),
                label: k.label.clone(),
                value: k.value,
                unit: match k.unit {
                    KpiUnit::Quantity => "quantity",
                    KpiUnit::Money => "money",
                    KpiUnit::Ratio => "ratio",
                    KpiUnit::Count => "count",
                    KpiUnit::Turns => "turns",
                },
            })
            .collect(),
        exceptions: plan.exceptions.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    state.remember_plan(key, reply.clone());
    Ok(Json(reply))
}

/// What the page needs to know of the user.
#[derive(Debug, Serialize)]
struct PageUser<'a> {
    name: &'a str,
    role: &'a str,
    editable: Vec<String>,
    may_lock: bool,
    may_manage_events: bool,
    may_export: bool,
    reasons: &'static [&'static str],
}

/// `GET /plan`: the demand-planning grid page.
pub(crate) async fn page(Extension(user): Extension<CurrentUser>) -> Html<String> {
    let editable = ["sales", "marketing", "demand_planner", "finance"]
        .into_iter()
        .filter(|layer| {
            fulcrum_planning::demand_layer(layer)
                .is_some_and(|l| allowed(user.role(), Action::EditDemandLayer(l)))
        })
        .map(String::from)
        .collect();
    let page_user = PageUser {
        name: user.name(),
        role: user.role().as_str(),
        editable,
        may_lock: allowed(
            user.role(),
            Action::EditDemandLayer(fulcrum_access::DemandLayer::DemandPlanning),
        ),
        may_manage_events: allowed(user.role(), Action::ManageEvents),
        may_export: allowed(user.role(), Action::ExportData),
        reasons: &REASON_CODES,
    };
    let user_json = serde_json::to_string(&page_user).unwrap_or_else(|_| "{}".into());
    Html(
        include_str!("../assets/plan.html")
            .replace(
                "{{csrf}}",
                &fulcrum_report::format::escape_html(user.csrf_token()),
            )
            .replace("{{user}}", &fulcrum_report::format::escape_html(&user_json)),
    )
}

/// A vendored or own static file, cached for a day (vendored paths carry their version).
fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

/// `GET /assets/…`: the grid's scripts and styles, embedded in the binary.
pub(crate) mod assets {
    use super::asset;
    use axum::response::Response;

    const JS: &str = "text/javascript; charset=utf-8";
    const CSS: &str = "text/css; charset=utf-8";

    /// Tabulator 6.3.1 (MIT), from npm `tabulator-tables`.
    pub(crate) async fn tabulator_js() -> Response {
        asset(
            JS,
            include_bytes!("../assets/vendor/tabulator-6.3.1/tabulator.min.js"),
        )
    }
    /// Tabulator's simple theme.
    pub(crate) async fn tabulator_css() -> Response {
        asset(
            CSS,
            include_bytes!("../assets/vendor/tabulator-6.3.1/tabulator_simple.min.css"),
        )
    }
    /// Apache ECharts 5.6.0 (Apache-2.0), from npm `echarts`.
    pub(crate) async fn echarts_js() -> Response {
        asset(
            JS,
            include_bytes!("../assets/vendor/echarts-5.6.0/echarts.min.js"),
        )
    }
    /// The grid page's own script.
    pub(crate) async fn plan_js() -> Response {
        asset(JS, include_bytes!("../assets/plan.js"))
    }
    /// The grid page's own styles.
    pub(crate) async fn plan_css() -> Response {
        asset(CSS, include_bytes!("../assets/plan.css"))
    }
}
