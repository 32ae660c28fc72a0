//! Command-line definitions. What each command does lives in `commands`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::aggregate_cmd::AggregateArgs;
use crate::forecast_cmd::ForecastArgs;

/// Fulcrum: open-source Sales & Operations Planning.
///
/// With no command, runs `fulcrum up`: creates the demo company if the database
/// does not exist, runs the monthly cycle and serves the web UI.
#[derive(Debug, Parser)]
#[command(name = "fulcrum", version, about, long_about)]
pub struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "FULCRUM_DB", default_value = "fulcrum.db")]
    pub db: PathBuf,
    /// Log more (repeat for more detail).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The command to run (default: up).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database if needed (and the demo company), run the cycle and serve the UI.
    Up(UpArgs),
    /// Create (or migrate) the database, optionally loading the demo company.
    Init(InitArgs),
    /// Import a dataset (folder of CSV files or an .xlsx workbook) as the current inputs.
    Import(ImportArgs),
    /// Export the current inputs as a CSV folder or an .xlsx workbook.
    Export(ExportArgs),
    /// Run the monthly S&OP cycle on the current inputs and store a plan version.
    Cycle(CycleArgs),
    /// Print the headline KPIs of a plan version and write the HTML report.
    Report(ReportArgs),
    /// Edit the demand plan of the current cycle: every edit appends a change to
    /// its log, which `fulcrum cycle` replays.
    Plan(PlanArgs),
    /// Serve the web UI and the JSON API.
    Serve(ServeArgs),
    /// List plan versions.
    Versions,
    /// Approve a plan version: it becomes the plan of record and can no longer change.
    Approve(ApproveArgs),
    /// Check the database: SQLite integrity, snapshot hashes, protective triggers
    /// and the approval chain (exit 0 when sound, 1 when not).
    Verify,
    /// Manage the users who may log in to the web UI.
    User(UserArgs),
    /// Forecast a long-format CSV (unique_id,ds,y).
    Forecast(ForecastArgs),
    /// Solve an aggregate-planning problem file.
    Aggregate(AggregateArgs),
}

/// Arguments of `fulcrum user`.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: UserCommand,
}

/// The `fulcrum user` commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (the password is asked twice, or read from stdin).
    Add {
        /// Login name (letters, digits, '.', '_', '-', '@').
        name: String,
        /// admin, executive, demand_planner, supply_planner, finance, sales,
        /// marketing or viewer.
        #[arg(long)]
        role: String,
        /// Name shown on pages (default: the login name).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users.
    List,
    /// Set a user's password (ends their sessions).
    Passwd {
        /// Login name.
        name: String,
        /// Read the password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a user: they can no longer log in (ends their sessions).
    Disable {
        /// Login name.
        name: String,
    },
}

/// Arguments of `fulcrum up`.
#[derive(Debug, Args)]
pub struct UpArgs {
    /// Address to serve on.
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Also serve requests for this host name (besides 127.0.0.1, localhost and
    /// [::1]); repeat for more. Others are refused (421) against DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
}

/// Where `up` and `serve` listen unless told otherwise: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Arguments of `fulcrum init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Load the demo company as the current inputs.
    #[arg(long)]
    pub demo: bool,
    /// Seed of the demo generator.
    #[arg(long, default_value_t = 42, requires = "demo")]
    pub seed: u64,
    /// Also write the demo company as an importable dataset (folder, or .xlsx file).
    #[arg(long, value_name = "PATH", requires = "demo")]
    pub write: Option<PathBuf>,
    /// Grow the demo company to at least this many item-locations (its catalogue
    /// copied, plants, resources and suppliers shared, hours scaled), for load and
    /// scale tests.
    #[arg(long, value_name = "N", requires = "demo", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub scale: Option<u32>,
}

/// Arguments of `fulcrum import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A folder of CSV files or an .xlsx workbook.
    pub path: PathBuf,
}

/// Arguments of `fulcrum export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Target: a folder (created if missing) or a path ending in .xlsx.
    pub path: PathBuf,
}

/// Arguments of `fulcrum cycle`.
#[derive(Debug, Args)]
pub struct CycleArgs {
    /// Name of the plan version (default: "Cycle <first horizon bucket>").
    #[arg(long)]
    pub name: Option<String>,
    /// Statistical forecast method.
    #[arg(long, value_enum, default_value_t = ForecastMethodArg::Auto)]
    pub forecast_method: ForecastMethodArg,
    /// Keep the unconstrained MRP as the plan (skip the cost-optimal constrained
    /// plan); capacity overloads are still reported.
    #[arg(long)]
    pub unconstrained: bool,
    /// Strategy of the constrained family plan.
    #[arg(long, value_enum, default_value_t = StrategyArg::Optimal)]
    pub strategy: StrategyArg,
}

/// The constrained-plan strategies `fulcrum cycle` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StrategyArg {
    /// Cost-optimal: build early, start late, overtime or lost sales, whichever costs least.
    Optimal,
    /// One production rate per family; inventory and backlog absorb the swings.
    Level,
    /// Production follows demand; no inventory built ahead.
    Chase,
    /// The planner's fixes in `plan_fixes.csv` (family production, resource overtime)
    /// hold; the optimiser chooses the rest.
    Mixed,
}

/// The forecast methods `fulcrum cycle` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ForecastMethodArg {
    /// Automatic model selection per item and location.
    Auto,
    /// The last twelve months repeated.
    SeasonalNaive,
}

/// Arguments of `fulcrum report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Plan version id (default: the latest).
    #[arg(long)]
    pub version: Option<i64>,
    /// Print the KPIs as JSON instead of a table. Writes no HTML report unless
    /// `--html` is given.
    #[arg(long)]
    pub json: bool,
    /// Where to write the HTML report (default: fulcrum-report.html, except with
    /// `--json`, which writes none unless asked).
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
    /// Also write the plan (KPIs, key figures, planned orders, exceptions, forecast
    /// models) as an Excel workbook.
    #[arg(long, value_name = "PATH.xlsx")]
    pub xlsx: Option<PathBuf>,
}

/// Arguments of `fulcrum approve`.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The plan version id (see `fulcrum versions`).
    pub version: i64,
}

/// Arguments of `fulcrum serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to serve on.
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Also serve requests for this host name (besides 127.0.0.1, localhost and
    /// [::1]); repeat for more. Others are refused (421) against DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
}

/// Arguments of `fulcrum plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: PlanCommand,
}

/// The `fulcrum plan` subcommands.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Type a value on a role's layer at a node and period (spread to its cells).
    Set(PlanSetArgs),
    /// Lock the cells under a node and period (later spreads keep them).
    Lock(PlanLockArgs),
    /// Unlock the cells under a node and period.
    Unlock(PlanLockArgs),
    /// Revert exactly what an earlier change did (appends a compensating change).
    Undo(PlanUndoArgs),
    /// Print the change log of the current cycle.
    Log,
    /// Print the history of a cell (a node and period, every layer or one).
    History(PlanHistoryArgs),
    /// Append an overrides file (CSV or XLSX: layer,product,location,customer,
    /// period,value), every bad cell named, nothing changed unless all are good.
    Upload(PlanUploadArgs),
    /// Write the demand-planning grid (every node, month, quarter and year) as
    /// an Excel workbook.
    Download(PlanDownloadArgs),
    /// List the events (promotions, one-time events, launches) with their effect.
    Events,
    /// Add a promotion: uplift, pull-forward, post-promotion dip, cannibalisation.
    Promotion(PlanPromotionArgs),
    /// Add a one-time event: units in total, or a percentage of the forecast.
    OneTime(PlanOneTimeArgs),
    /// Add a new-product launch following a like item, phasing out the one it replaces.
    Launch(PlanLaunchArgs),
    /// Switch an event on (its effect feeds the consensus).
    EventOn(PlanEventArgs),
    /// Switch an event off.
    EventOff(PlanEventArgs),
}

/// Where an event applies: a family or item, optionally a location and customer.
#[derive(Debug, Args)]
pub struct EventNode {
    /// The family or item.
    #[arg(long)]
    pub product: String,
    /// A location or region (default: all).
    #[arg(long)]
    pub location: Option<String>,
    /// A customer or channel (default: all).
    #[arg(long)]
    pub customer: Option<String>,
    /// First month (2026-05).
    #[arg(long)]
    pub start: String,
    /// Last month, inclusive (2026-06).
    #[arg(long)]
    pub end: String,
}

/// Arguments of `fulcrum plan promotion`.
#[derive(Debug, Args)]
pub struct PlanPromotionArgs {
    /// Its name.
    #[arg(long)]
    pub name: String,
    /// Where and when.
    #[command(flatten)]
    pub node: EventNode,
    /// Uplift on the statistical forecast during the promotion, in percent.
    #[arg(long)]
    pub uplift: f64,
    /// Share of the uplift taken from the months before, in percent.
    #[arg(long, default_value_t = 0.0)]
    pub pull_forward: f64,
    /// How many months before the pull-forward comes from.
    #[arg(long, default_value_t = 0)]
    pub pull_forward_months: usize,
    /// Dip after the promotion, in percent of the forecast.
    #[arg(long, default_value_t = 0.0)]
    pub dip: f64,
    /// How many months the dip lasts.
    #[arg(long, default_value_t = 0)]
    pub dip_months: usize,
    /// Items that lose volume to it (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    pub cannibalise: Vec<String>,
    /// What they lose of their forecast during it, in percent.
    #[arg(long, default_value_t = 0.0)]
    pub cannibalisation: f64,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan one-time`.
#[derive(Debug, Args)]
pub struct PlanOneTimeArgs {
    /// Its name.
    #[arg(long)]
    pub name: String,
    /// Where and when.
    #[command(flatten)]
    pub node: EventNode,
    /// Units in total, spread like the forecast (negative removes).
    #[arg(long, allow_negative_numbers = true, conflicts_with = "percent")]
    pub units: Option<f64>,
    /// Or a percentage of each cell's forecast.
    #[arg(long, allow_negative_numbers = true)]
    pub percent: Option<f64>,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan launch`.
#[derive(Debug, Args)]
pub struct PlanLaunchArgs {
    /// Its name.
    #[arg(long)]
    pub name: String,
    /// The new item.
    #[arg(long)]
    pub item: String,
    /// The item whose forecast shape it follows.
    #[arg(long)]
    pub like: String,
    /// Units of the new item from the launch to the end of the horizon.
    #[arg(long)]
    pub volume: f64,
    /// First month of the launch.
    #[arg(long)]
    pub start: String,
    /// Months over which the new item ramps up.
    #[arg(long, default_value_t = 0)]
    pub phase_in: usize,
    /// The item it replaces.
    #[arg(long)]
    pub replaces: Option<String>,
    /// Months over which the replaced item ramps down.
    #[arg(long, default_value_t = 0)]
    pub phase_out: usize,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan event-on` and `event-off`.
#[derive(Debug, Args)]
pub struct PlanEventArgs {
    /// The event's id (see `fulcrum plan events`).
    pub event: u64,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan upload`.
#[derive(Debug, Args)]
pub struct PlanUploadArgs {
    /// The overrides file (.csv or .xlsx).
    pub file: std::path::PathBuf,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan download`.
#[derive(Debug, Args)]
pub struct PlanDownloadArgs {
    /// The workbook to write (.xlsx).
    pub file: std::path::PathBuf,
    /// Only this family or item and what is under it.
    #[arg(long)]
    pub product: Option<String>,
    /// Only this region or location.
    #[arg(long)]
    pub location: Option<String>,
    /// Only this channel or customer.
    #[arg(long)]
    pub customer: Option<String>,
}

/// Which node and period.
#[derive(Debug, Args)]
pub struct PlanTarget {
    /// A product family.
    #[arg(long, conflicts_with = "item")]
    pub family: Option<String>,
    /// An item.
    #[arg(long)]
    pub item: Option<String>,
    /// A location or region (default: all).
    #[arg(long)]
    pub location: Option<String>,
    /// A customer or channel (default: all).
    #[arg(long)]
    pub customer: Option<String>,
    /// A month (2026-05), quarter (2026-Q2) or year (2026) of the horizon.
    #[arg(long)]
    pub period: String,
}

/// Who, why and what was seen.
#[derive(Debug, Args)]
pub struct ChangeMetaArgs {
    /// Reason code.
    #[arg(long)]
    pub reason: String,
    /// Free comment.
    #[arg(long)]
    pub comment: Option<String>,
    /// Who (default: $USER).
    #[arg(long)]
    pub author: Option<String>,
    /// The log revision the edit was made against (default: the latest); a later
    /// change to the same cells is then a conflict.
    #[arg(long)]
    pub base_revision: Option<u64>,
}

/// How a typed value is spread.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SpreadArg {
    /// In proportion to the current values (then the statistical forecast,
    /// last year, equal shares where those are zero).
    Proportional,
    /// In proportion to the statistical forecast.
    Statistical,
    /// By the seasonal profile: the same months of last year.
    LastYear,
    /// Equal shares.
    Equal,
}

/// Arguments of `fulcrum plan set`.
#[derive(Debug, Args)]
pub struct PlanSetArgs {
    /// The role layer: sales, marketing, demand_planner or finance.
    #[arg(long)]
    pub layer: String,
    /// Node and period.
    #[command(flatten)]
    pub target: PlanTarget,
    /// The value (units).
    #[arg(long, allow_negative_numbers = true)]
    pub value: f64,
    /// How it is spread.
    #[arg(long, value_enum, default_value = "proportional")]
    pub spread: SpreadArg,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan lock` and `unlock`.
#[derive(Debug, Args)]
pub struct PlanLockArgs {
    /// Node and period.
    #[command(flatten)]
    pub target: PlanTarget,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan undo`.
#[derive(Debug, Args)]
pub struct PlanUndoArgs {
    /// The id of the change to revert.
    pub change: u64,
    /// Who and why.
    #[command(flatten)]
    pub meta: ChangeMetaArgs,
}

/// Arguments of `fulcrum plan history`.
#[derive(Debug, Args)]
pub struct PlanHistoryArgs {
    /// Node and period.
    #[command(flatten)]
    pub target: PlanTarget,
    /// Only this layer (a role layer, or `lock`).
    #[arg(long)]
    pub layer: Option<String>,
}
