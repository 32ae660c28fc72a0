//! The JSON API: plan versions and their KPIs, series, exceptions, planned orders and
//! safety stocks.
//!
//! The store's core types are converted into the serialisable shapes below at
//! this edge; `fulcrum-core` knows nothing of serde.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use fulcrum_core::{Calendar, KeyFigure, Kpi, Series};
use fulcrum_store::{PlanVersionInfo, SeriesFilter};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::AppError;
use crate::guard::VersionIdParam;

/// The published OpenAPI description of this API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`: the OpenAPI description.
pub(crate) async fn openapi() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
}

/// `GET /healthz`: the store answers.
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let schema_version = state
        .with_store(|store| Ok(store.schema_version()?))
        .await?;
    Ok(Json(Health {
        status: "ok",
        schema_version,
    }))
}

/// The body of `GET /healthz`.
#[derive(Debug, Serialize)]
pub(crate) struct Health {
    status: &'static str,
    schema_version: i64,
}

/// `GET /api/versions`: every plan version, oldest first.
pub(crate) async fn versions(
    State(state): State<AppState>,
) -> Result<Json<Vec<VersionJson>>, AppError> {
    let versions = state.with_store(|store| Ok(store.plan_versions()?)).await?;
    Ok(Json(versions.iter().map(VersionJson::from).collect()))
}

/// `GET /api/versions/{id}`: one plan version's header.
pub(crate) async fn version(
    State(state): State<AppState>,
    VersionIdParam(id): VersionIdParam,
) -> Result<Json<VersionJson>, AppError> {
    let info = state
        .with_store(move |store| Ok(store.version(id)?))
        .await?;
    Ok(Json(VersionJson::from(&info)))
}

/// A plan version's header.
#[derive(Debug, Serialize)]
pub(crate) struct VersionJson {
    id: i64,
    name: String,
    status: &'static str,
    snapshot: i64,
    parent: Option<i64>,
    company: String,
    currency: String,
    created_at: String,
    approved_at: Option<String>,
    strategy: Option<String>,
    superseded_by: Option<i64>,
    calendar: CalendarJson,
}

impl From<&PlanVersionInfo> for VersionJson {
    fn from(info: &PlanVersionInfo) -> Self {
        VersionJson {
            id: info.id.0,
            name: info.name.clone(),
            status: info.status.as_str(),
            snapshot: info.snapshot.0,
            parent: info.parent.map(|parent| parent.0),
            company: info.company.clone(),
            currency: info.currency.clone(),
            created_at: info.created_at.clone(),
            approved_at: info.approved_at.clone(),
            strategy: info.strategy.clone(),
            superseded_by: info.superseded_by.map(|id| id.0),
            calendar: CalendarJson::from(&info.calendar),
        }
    }
}

/// A calendar: its shape and the labels of its first bucket, first horizon
/// bucket and last bucket.
#[derive(Debug, Serialize)]
pub(crate) struct CalendarJson {
    granularity: &'static str,
    history_len: usize,
    horizon_len: usize,
    first_bucket: String,
    plan_start: String,
    last_bucket: String,
}

impl From<&Calendar> for CalendarJson {
    fn from(calendar: &Calendar) -> Self {
        CalendarJson {
            granularity: calendar.granularity().as_str(),
            history_len: calendar.history_len(),
            horizon_len: calendar.horizon_len(),
            first_bucket: calendar.label(0),
            plan_start: calendar.plan_start().to_string(),
            last_bucket: calendar.label(calendar.len() - 1),
        }
    }
}

/// `GET /api/versions/{id}/kpis`: the headline KPIs, in plan order.
pub(crate) async fn kpis(
    State(state): State<AppState>,
    VersionIdParam(id): VersionIdParam,
) -> Result<Json<Vec<KpiJson>>, AppError> {
    let kpis = state.with_store(move |store| Ok(store.kpis(id)?)).await?;
    Ok(Json(kpis.iter().map(KpiJson::from).collect()))
}

/// One KPI. A non-finite value is `null`.
#[derive(Debug, Serialize)]
pub(crate) struct KpiJson {
    code: String,
    label: String,
    value: f64,
    unit: &'static str,
}

impl From<&Kpi> for KpiJson {
    fn from(kpi: &Kpi) -> Self {
        KpiJson {
            code: kpi.code.clone(),
            label: kpi.label.clone(),
            value: kpi.value,
            unit: kpi.unit.as_str(),
        }
    }
}

/// `GET /api/versions/{id}/exceptions`: what a planner must look at.
pub(crate) async fn exceptions(
    State(state): State<AppState>,
    VersionIdParam(id): VersionIdParam,
) -> Result<Json<Vec<ExceptionJson>>, AppError> {
    let (calendar, exceptions) = state
        .with_store(move |store| Ok((store.version(id)?.calendar, store.exceptions(id)?)))
        .await?;
    let json = exceptions
        .into_iter()
        .map(|exception| ExceptionJson {
            severity: exception.severity.as_str(),
            code: exception.code,
            message: exception.message,
            bucket: exception.bucket.map(|idx| calendar.label(idx)),
        })
        .collect();
    Ok(Json(json))
}

/// `GET /api/versions/{id}/planned-orders`: every planned order, in plan order, with
/// the independent demands it serves (its pegs).
pub(crate) async fn planned_orders(
    State(state): State<AppState>,
    VersionIdParam(id): VersionIdParam,
) -> Result<Json<Vec<PlannedOrderJson>>, AppError> {
    let (calendar, orders, pegging) = state
        .with_store(move |store| {
            Ok((
                store.version(id)?.calendar,
                store.planned_orders(id)?,
                store.pegging(id)?,
            ))
        })
        .await?;
    let mut json: Vec<PlannedOrderJson> = orders
        .into_iter()
        .enumerate()
        .map(|(index, order)| PlannedOrderJson {
            index,
            kind: order.kind.as_str(),
            item: order.item,
            location: order.location,
            from: order.from,
            supplier: order.supplier,
            quantity: order.quantity,
            release: calendar.label(order.release),
            due: calendar.label(order.due),
            pegs: Vec::new(),
        })
        .collect();
    for peg in pegging {
        // The store refuses pegs of unknown orders; skip rather than fail on one.
        if let Some(order) = json.get_mut(peg.order) {
            order.pegs.push(PegJson {
                item: peg.item,
                location: peg.location,
                bucket: peg.bucket.map(|idx| calendar.label(idx)),
                demand_quantity: peg.demand_quantity,
                quantity: peg.quantity,
            });
        }
    }
    Ok(Json(json))
}

/// One planned order with its pegs; buckets are labels (`2026-04`).
#[derive(Debug, Serialize)]
pub(crate) struct PlannedOrderJson {
    index: usize,
    kind: &'static str,
    item: String,
    location: String,
    from: Option<String>,
    supplier: Option<String>,
    quantity: f64,
    release: String,
    due: String,
    pegs: Vec<PegJson>,
}

/// One independent demand an order serves; `bucket` is `null` for safety stock.
#[derive(Debug, Serialize)]
pub(crate) struct PegJson {
    item: String,
    location: String,
    bucket: Option<String>,
    demand_quantity: f64,
    quantity: f64,
}

/// `GET /api/versions/{id}/safety-stocks`: every buffer's safety stock with why it
/// holds it, sorted by item and location.
pub(crate) async fn safety_stocks(
    State(state): State<AppState>,
    VersionIdParam(id): VersionIdParam,
) -> Result<Json<Vec<SafetyStockJson>>, AppError> {
    let records = state
        .with_store(move |store| Ok(store.safety_stocks(id)?))
        .await?;
    Ok(Json(
        records
            .into_iter()
            .map(|record| SafetyStockJson {
                item: record.item,
                location: record.location,
                safety_stock: record.safety_stock,
                unit_cost: record.unit_cost,
                basis: record.basis,
                explanation: record.explanation,
            })
            .collect(),
    ))
}

/// One buffer's safety stock: the basis code and the explanation in plain words.
#[derive(Debug, Serialize)]
pub(crate) struct SafetyStockJson {
    item: String,
    location: String,
    safety_stock: f64,
    unit_cost: f64,
    basis: String,
    explanation: String,
}

/// One exception; `bucket` is the bucket's label (`2026-04`) when it has one.
#[derive(Debug, Serialize)]
pub(crate) struct ExceptionJson {
    severity: &'static str,
    code: String,
    message: String,
    bucket: Option<String>,
}

/// The query of `GET /api/versions/{id}/series`. `figure` is required; each
/// other parameter given and not empty must match exactly.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeriesQuery {
    figure: Option<String>,
    item: Option<String>,
    location: Option<String>,
    resource: Option<String>,
    family: Option<String>,
}

/// `GET /api/versions/{id}/series?figure=...&item=...`: the matching series.
pub(crate) async fn series(
    State(state): State<AppState>,
    VersionIdParam(id): VersionIdParam,
    query: Result<Query<SeriesQuery>, QueryRejection>,
) -> Result<Json<Vec<SeriesJson>>, AppError> {
    let Query(query) = query.map_err(|rejection| {
        AppError::BadRequest(crate::error::shown_long(&rejection.body_text()))
    })?;
    // An empty parameter (`family=` from a blank form field) means "any".
    let given = |value: Option<String>| value.filter(|text| !text.is_empty());
    let figure = parse_figure(given(query.figure).as_deref())?;
    let filter = SeriesFilter {
        figure: Some(figure),
        item: given(query.item),
        location: given(query.location),
        resource: given(query.resource),
        family: given(query.family),
    };
    let (calendar, series) = state
        .with_store(move |store| Ok((store.version(id)?.calendar, store.series(id, &filter)?)))
        .await?;
    Ok(Json(
        series
            .into_iter()
            .map(|one| SeriesJson::new(&calendar, one))
            .collect(),
    ))
}

fn parse_figure(figure: Option<&str>) -> Result<KeyFigure, AppError> {
    let known = || {
        KeyFigure::ALL
            .iter()
            .map(|figure| figure.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(code) = figure else {
        return Err(AppError::BadRequest(format!(
            "query parameter 'figure' is required; one of: {}",
            known()
        )));
    };
    KeyFigure::parse(code).ok_or_else(|| {
        AppError::BadRequest(format!(
            "unknown key figure '{}'; one of: {}",
            crate::error::shown(code),
            known()
        ))
    })
}

/// One key-figure series with its bucket labels. Non-finite values are `null`.
#[derive(Debug, Serialize)]
pub(crate) struct SeriesJson {
    figure: &'static str,
    item: Option<String>,
    location: Option<String>,
    resource: Option<String>,
    family: Option<String>,
    buckets: Vec<String>,
    values: Vec<f64>,
}

impl SeriesJson {
    fn new(calendar: &Calendar, series: Series) -> Self {
        let buckets = (series.first_bucket..series.first_bucket + series.values.len())
            .map(|idx| calendar.label(idx))
            .collect();
        SeriesJson {
            figure: series.key.figure.as_str(),
            item: series.key.item,
            location: series.key.location,
            resource: series.key.resource,
            family: series.key.family,
            buckets,
            values: series.values,
        }
    }
}
