//! Fulcrum's HTTP server: the plan report as web pages and a JSON API over the
//! store, served by the same binary as the CLI.
//!
//! - [`app`] builds the [`axum::Router`] over an [`AppState`] (the open
//!   [`Store`]); tests drive it with `tower::ServiceExt::oneshot`, no network.
//! - [`serve`] binds an address and serves until Ctrl-C; [`serve_on`] does the
//!   same on a listener the caller bound (so it can print the real address,
//!   e.g. after binding port 0). Neither prints anything.
//!
//! Routes:
//!
//! | Route | Response |
//! |---|---|
//! | `GET /` | HTML report of the plan of record (or, with none approved yet, the newest draft under a note saying so) |
//! | `GET /versions/{id}` | HTML report of one version |
//! | `GET /api/versions` | JSON list of versions, oldest first |
//! | `GET /api/versions/{id}` | JSON header of one version |
//! | `GET /api/versions/{id}/kpis` | JSON list of KPIs |
//! | `GET /api/versions/{id}/series?figure=F[&item=&location=&resource=&family=]` | JSON list of series |
//! | `GET /api/versions/{id}/exceptions` | JSON list of exceptions |
//! | `GET /api/versions/{id}/planned-orders` | JSON list of planned orders with their pegs |
//! | `GET /api/versions/{id}/safety-stocks` | JSON list of safety stocks with their basis and explanation |
//! | `GET /plan` | the demand-planning grid page (Tabulator grid, ECharts chart, KPI tiles) |
//! | `GET /api/v1/plan/grid?product=&location=&customer=&offset=&limit=` | JSON page of the grid: columns, key figures, nodes depth first (`limit` 1–5,000, default 500) |
//! | `GET /api/v1/plan/grid.xlsx` | the whole grid as a workbook (needs `export_data`) |
//! | `GET /api/v1/plan/chart?product=…` | JSON chart of a node: history, statistical forecast and its 80% interval, layers, consensus |
//! | `GET /api/v1/plan/history?product=…&period=…&layer=…` | JSON list of the changes that touched a cell |
//! | `GET /api/v1/plan/kpis` | the plan recomputed with the change log: its KPIs (cached per revision) |
//! | `GET /api/v1/plan/events` | JSON list of the events (promotions, one-time events, launches): on or off, what they do, their net effect |
//! | `GET /api/v1/plan/changes?offset=&limit=` | the change log, newest first (`limit` 1–1,000, default 100) |
//! | `POST /api/v1/plan/changes` | JSON `{base_revision, reason_code, comment, edits}` (set, lock, unlock, undo, add_event, set_event): edits appended all or none; 403 for an edit the role may not make, 409 when another user changed the same cells since `base_revision` |
//! | `POST /api/v1/plan/undo` | JSON `{base_revision, changes?}`: compensating changes for `changes` or the user's newest |
//! | `POST /api/v1/plan/overrides?name=&reason_code=&base_revision=` | a CSV or XLSX overrides file (at most [`MAX_UPLOAD_BYTES`]); every bad cell named, nothing changed unless all are good |
//! | `GET /healthz` | `{"status":"ok","schema_version":N}` |
//! | `GET /login`, `POST /login` | the login form; name and password start a session (303 to `/`) |
//! | `POST /logout` | ends the session (CSRF token required), 303 to `/login` |
//!
//! Every route but `/login` and `/healthz` needs a session and declares the
//! [`fulcrum_access::Action`] it performs; see the `auth` module: no session
//! is a 303 to `/login` for a page and a 401 otherwise, a role without the
//! action a 403, a state-changing request without the session's CSRF token or
//! from another origin a 403, and too many failed logins a 429.
//!
//! Errors are one type, [`AppError`]: `404` for an unknown version or route,
//! `400` for a malformed request (bad id, unknown key figure), `405` for a
//! method a route does not take, `413`/`414`/`431` for a body, target or headers beyond
//! [`MAX_BODY_BYTES`] (an upload: [`MAX_UPLOAD_BYTES`]), [`MAX_URI_BYTES`],
//! [`MAX_HEADER_BYTES`], `415` for any request body but a `POST` form, JSON,
//! CSV or XLSX (each handler takes only its own), `409` for an edit that
//! conflicts or a frozen version, `421` for a `Host` that is not served
//! ([`HostPolicy`]: loopback names on the bound port, and `--allowed-host`
//! names, against DNS rebinding), each with the JSON body
//! `{"error": message, "code": code}` (`code` is the status's reason in snake
//! case, `not_found`; an HTML page on the HTML routes for 400 and 404); anything
//! else is `500` with a generic message, its detail logged through `tracing`.
//! Input quoted in a message is cut at 40 characters (`…`). A version id is a
//! whole number from 1 written plainly (`+1`, `01` are 400); one beyond the
//! largest the store can hold is 404, like any id with no version. Requests
//! beyond hyper's own limits (more than 100 headers, or a head beyond its
//! buffer) are refused by hyper before the router, without this body.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use fulcrum_server::{AppState, app};
//! use fulcrum_store::Store;
//! use tower::ServiceExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let state = AppState::new(Store::open_in_memory().unwrap());
//! let request = Request::get("/api/versions/7/kpis")
//!     .header("host", "localhost:8080")
//!     .body(Body::empty())
//!     .unwrap();
//! // No session: 401.
//! let response = app(state).oneshot(request).await.unwrap();
//! assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
//! # }
//! ```

mod api;
mod auth;
mod error;
mod guard;
mod pages;
mod plan;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use fulcrum_access::Action;
use fulcrum_store::{NewSession, Store, StoreError};
use tokio::net::TcpListener;

pub use auth::{FAILURE_WINDOW, MAX_FAILURES, SESSION_COOKIE, allow, allow_post};
pub use error::{AppError, PageError};
pub use guard::{HostPolicy, MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_UPLOAD_BYTES, MAX_URI_BYTES};

/// Which plan a cached recomputation is of: (snapshot, change log revision).
type PlanKey = (fulcrum_store::SnapshotId, u64);
/// A recomputed plan's KPIs and what it was computed from.
type PlanCacheEntry = (PlanKey, plan::PlanKpis);

/// What every handler shares: the open store.
///
/// One connection behind a mutex; handlers run store calls on tokio's blocking
/// pool. The file is in WAL mode, so a `fulcrum cycle` in another process can
/// write while the server reads.
#[derive(Debug, Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    /// Which `Host` headers are served.
    host_policy: Arc<HostPolicy>,
    /// Failed logins, for the rate limit.
    limiter: Arc<Mutex<auth::LoginLimiter>>,
    /// The current cycle's planning desk, opened on first use.
    desk: Arc<Mutex<Option<fulcrum_planning::Desk>>>,
    /// The plan recomputed with the change log, per (snapshot, revision).
    plan_cache: Arc<Mutex<Option<PlanCacheEntry>>>,
    /// Whether the server listens on a loopback address only (the demo password works).
    loopback: bool,
    /// Whether the session cookie is marked `Secure` (not on loopback).
    secure_cookies: bool,
}

impl AppState {
    /// State over an open store.
    pub fn new(store: Store) -> Self {
        AppState::shared(Arc::new(Mutex::new(store)))
    }

    /// State over a store shared with the caller. Loopback hosts on any port
    /// are served; see [`AppState::with_host_policy`].
    pub fn shared(store: Arc<Mutex<Store>>) -> Self {
        AppState {
            store,
            host_policy: Arc::new(HostPolicy::default()),
            limiter: Arc::default(),
            desk: Arc::default(),
            plan_cache: Arc::default(),
            loopback: true,
            secure_cookies: false,
        }
    }

    fn cached_plan(&self, key: PlanKey) -> Option<plan::PlanKpis> {
        let cache = self.plan_cache.lock().ok()?;
        cache
            .as_ref()
            .filter(|(cached, _)| *cached == key)
            .map(|(_, kpis)| kpis.clone())
    }

    fn remember_plan(&self, key: PlanKey, kpis: plan::PlanKpis) {
        if let Ok(mut cache) = self.plan_cache.lock() {
            *cache = Some((key, kpis));
        }
    }

    fn forget_plan(&self) {
        if let Ok(mut cache) = self.plan_cache.lock() {
            *cache = None;
        }
    }

    /// The same state for a server bound to `addr`: off loopback the session
    /// cookie is `Secure` and the demo password is refused.
    pub fn with_bound_address(mut self, addr: SocketAddr) -> Self {
        self.loopback = addr.ip().is_loopback();
        self.secure_cookies = !self.loopback;
        self
    }

    /// The shared store.
    pub fn store(&self) -> Arc<Mutex<Store>> {
        Arc::clone(&self.store)
    }

    /// Starts a session for the existing, enabled user `name` without asking
    /// for a password: for tests and tools that already trust their caller.
    pub fn session_for(&self, name: &str) -> Result<NewSession, AppError> {
        let store = self
            .store
            .lock()
            .map_err(|_| AppError::Internal("the store mutex is poisoned".into()))?;
        let user = store
            .user(name)?
            .filter(|user| !user.disabled)
            .ok_or_else(|| {
                AppError::NotFound(format!("no enabled user is named '{}'", error::shown(name)))
            })?;
        Ok(store.create_session(user.id, auth::unix_now())?)
    }

    /// The same state serving the hosts of `policy`.
    pub fn with_host_policy(mut self, policy: HostPolicy) -> Self {
        self.host_policy = Arc::new(policy);
        self
    }

    /// Opens (creating and migrating if needed) the database at `db`.
    pub fn open(db: &Path) -> Result<Self, StoreError> {
        Ok(AppState::new(Store::open(db)?))
    }

    /// Opens the existing database at `db` for reading: read-only when its
    /// schema is current, so a read-only file can be served
    /// ([`Store::open_for_reading`]).
    /// A missing file is created (and migrated), as by [`AppState::open`].
    pub fn open_for_reading(db: &Path) -> Result<Self, StoreError> {
        if !db.exists() {
            return AppState::open(db);
        }
        Ok(AppState::new(Store::open_for_reading(db)?))
    }

    /// Runs `read` against the store on the blocking pool.
    async fn with_store<T, F>(&self, read: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, AppError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let store = store
                .lock()
                .map_err(|_| AppError::Internal("the store mutex is poisoned".into()))?;
            read(&store)
        })
        .await
        .map_err(|err| AppError::Internal(format!("store task failed: {err}")))?
    }
}

/// The router with every route, the JSON 404 fallback and error logging.
pub fn app(state: AppState) -> Router {
    app_with_routes(state, Router::new())
}

/// [`app`] with `routes` added under the same checks (sessions, CSRF,
/// host); each of them declares its action with [`allow`] or [`allow_post`].
pub fn app_with_routes(state: AppState, routes: Router<AppState>) -> Router {
    use axum::routing::{get, post};
    const VIEW: Action = Action::ViewPlan;
    Router::new()
        .route("/", allow(VIEW, pages::latest_report))
        .route("/versions", allow(VIEW, pages::versions_index))
        .route("/versions/{id}", allow(VIEW, pages::version_report))
        .route("/api/openapi.json", allow(VIEW, api::openapi))
        .route("/api/versions", allow(VIEW, api::versions))
        .route("/api/versions/{id}", allow(VIEW, api::version))
        .route("/api/versions/{id}/kpis", allow(VIEW, api::kpis))
        .route("/api/versions/{id}/series", allow(VIEW, api::series))
        .route(
            "/api/versions/{id}/exceptions",
            allow(VIEW, api::exceptions),
        )
        .route(
            "/api/versions/{id}/planned-orders",
            allow(VIEW, api::planned_orders),
        )
        .route(
            "/api/versions/{id}/safety-stocks",
            allow(VIEW, api::safety_stocks),
        )
        .route("/plan", allow(VIEW, plan::page))
        .route("/api/v1/plan/grid", allow(VIEW, plan::grid))
        .route(
            "/api/v1/plan/grid.xlsx",
            allow(Action::ExportData, plan::grid_xlsx),
        )
        .route("/api/v1/plan/chart", allow(VIEW, plan::chart))
        .route("/api/v1/plan/history", allow(VIEW, plan::history))
        .route("/api/v1/plan/kpis", allow(VIEW, plan::kpis))
        .route("/api/v1/plan/events", allow(VIEW, plan::events))
        // Edits: any session may ask; each edit is checked against the role's
        // permission for its layer before anything is written (see `plan`).
        .route(
            "/api/v1/plan/changes",
            allow(VIEW, plan::changes).merge(allow_post(VIEW, plan::post_changes)),
        )
        .route("/api/v1/plan/undo", allow_post(VIEW, plan::undo))
        .route(
            "/api/v1/plan/overrides",
            allow_post(VIEW, plan::upload_overrides),
        )
        .route(
            "/assets/vendor/tabulator-6.3.1/tabulator.min.js",
            allow(VIEW, plan::assets::tabulator_js),
        )
        .route(
            "/assets/vendor/tabulator-6.3.1/tabulator_simple.min.css",
            allow(VIEW, plan::assets::tabulator_css),
        )
        .route(
            "/assets/vendor/echarts-5.6.0/echarts.min.js",
            allow(VIEW, plan::assets::echarts_js),
        )
        .route("/assets/plan.js", allow(VIEW, plan::assets::plan_js))
        .route("/assets/plan.css", allow(VIEW, plan::assets::plan_css))
        // Public: no session needed (see `auth`).
        .route("/healthz", get(api::healthz))
        .route("/login", get(auth::login_page).merge(post(auth::login)))
        // Any logged-in user may log out; the CSRF check still applies.
        .route("/logout", allow_post(VIEW, auth::logout))
        .merge(routes)
        .fallback(no_route)
        .method_not_allowed_fallback(guard::method_not_allowed)
        // The largest body any route takes; each handler refuses beyond its own.
        .layer(axum::extract::DefaultBodyLimit::max(
            guard::MAX_UPLOAD_BYTES as usize,
        ))
        .layer(axum::middleware::from_fn(error::log_internal_errors))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

async fn no_route(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    AppError::NotFound(format!(
        "no route for {} {}",
        error::shown(method.as_str()),
        error::shown(uri.path())
    ))
}

/// Why the server could not start or stopped with an error.
#[derive(Debug)]
pub enum ServerError {
    /// The database could not be opened.
    Store(StoreError),
    /// The address could not be bound.
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Serving failed.
    Io(std::io::Error),
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Store(err) => write!(f, "cannot open the database: {err}"),
            ServerError::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServerError::Io(err) => write!(f, "server failed: {err}"),
        }
    }
}

impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServerError::Store(err) => Some(err),
            ServerError::Bind { source, .. } => Some(source),
            ServerError::Io(err) => Some(err),
        }
    }
}

impl From<StoreError> for ServerError {
    fn from(err: StoreError) -> Self {
        ServerError::Store(err)
    }
}

/// Binds `addr`, then serves the database at `db` until Ctrl-C.
///
/// To learn the bound address first (port 0, or to print it), bind a
/// [`TcpListener`] yourself and call [`serve_on`].
pub async fn serve(db: PathBuf, addr: SocketAddr) -> Result<(), ServerError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    serve_on(listener, db).await
}

/// Serves the database at `db` on an already bound listener until Ctrl-C.
pub async fn serve_on(listener: TcpListener, db: PathBuf) -> Result<(), ServerError> {
    serve_until(listener, db, ctrl_c()).await
}

/// [`serve_on`], also serving the host names `allowed_hosts`.
pub async fn serve_on_with_hosts(
    listener: TcpListener,
    db: PathBuf,
    allowed_hosts: Vec<String>,
) -> Result<(), ServerError> {
    serve_with(listener, db, allowed_hosts, ctrl_c()).await
}

/// Serves the database at `db` on `listener` until `shutdown` completes, then
/// finishes the requests in flight. Only loopback hosts are served.
pub async fn serve_until(
    listener: TcpListener,
    db: PathBuf,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    serve_with(listener, db, Vec::new(), shutdown).await
}

/// [`serve_until`], also serving the host names `allowed_hosts` (besides the
/// loopback names), on the listener's port.
pub async fn serve_with(
    listener: TcpListener,
    db: PathBuf,
    allowed_hosts: Vec<String>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let bound = listener.local_addr().map_err(ServerError::Io)?;
    let policy = HostPolicy::new(Some(bound.port()), &allowed_hosts);
    // Writable: logins write sessions. A read-only file is still served, but
    // nobody can log in to it (the session cannot be stored).
    let state = tokio::task::spawn_blocking(move || match AppState::open(&db) {
        Err(err) if err.is_read_only() => AppState::open_for_reading(&db),
        other => other,
    })
    .await
    .map_err(|err| ServerError::Io(std::io::Error::other(err)))??
    .with_host_policy(policy)
    .with_bound_address(bound);
    if !bound.ip().is_loopback() {
        tracing::warn!(%bound, "not a loopback address: the demo password is refused at login");
    }
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(ServerError::Io)
}

/// Completes on Ctrl-C. If the signal handler cannot be installed the server
/// keeps running (it is then stopped like any process) rather than exiting at once.
async fn ctrl_c() {
    if let Err(err) = tokio::signal::ctrl_c().await {
        tracing::warn!(error = %err, "cannot listen for Ctrl-C");
        std::future::pending::<()>().await;
    }
}
