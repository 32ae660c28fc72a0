//! `fulcrum plan`: the planners' change log of the current cycle (set, lock,
//! unlock, undo, log, history). Every edit appends one change; `fulcrum cycle`
//! replays the log.

use std::path::Path;

use fulcrum_core::Dataset;
use fulcrum_cycle::ForecastMethod;
use fulcrum_cycle::demand_plan::replay_workspace;
use fulcrum_store::changes::log_key;
use fulcrum_store::{Store, StoreError};
use fulcrum_workspace::{
    Basis, CellLayer, Change, ChangeKind, Grain, Layer, NodeSelector, Period, Spread, grain,
};

use super::Failure;
use super::data::{current_dataset, open_existing};
use crate::cli::{PlanArgs, PlanCommand, PlanSetArgs, PlanTarget, SpreadArg};

/// The change log key of the dataset's cycle (company and plan start).
pub fn cycle_log(dataset: &Dataset) -> String {
    log_key(
        &dataset.settings.company,
        &dataset.calendar().plan_start().to_string(),
    )
}

/// Runs a `fulcrum plan` subcommand.
pub fn run(db: &Path, args: &PlanArgs) -> Result<(), Failure> {
    let mut store = open_existing(db)?;
    let (_, dataset) = current_dataset(&store)?;
    let log = cycle_log(&dataset);
    match &args.command {
        PlanCommand::Set(set) => {
            let kind = ChangeKind::SetValue {
                layer: Layer::role(&set.layer),
                selector: selector(&dataset, &set.target)?,
                period: period(&dataset, &set.target.period)?,
                value: set.value,
                spread: match set.spread {
                    SpreadArg::Proportional => Spread::Proportional(Basis::Current),
                    SpreadArg::Equal => Spread::Equal,
                },
            };
            append(&mut store, &dataset, &log, set, kind)
        }
        PlanCommand::Lock(target) | PlanCommand::Unlock(target) => {
            let selector = selector(&dataset, &target.target)?;
            let period = period(&dataset, &target.target.period)?;
            let kind = if matches!(args.command, PlanCommand::Lock(_)) {
                ChangeKind::Lock { selector, period }
            } else {
                ChangeKind::Unlock { selector, period }
            };
            append(&mut store, &dataset, &log, &target.meta, kind)
        }
        PlanCommand::Undo(undo) => append(
            &mut store,
            &dataset,
            &log,
            &undo.meta,
            ChangeKind::Undo {
                change: undo.change,
            },
        ),
        PlanCommand::Log => print_log(&store.list_changes(&log)?, &dataset),
        PlanCommand::History(history) => {
            let changes = store.list_changes(&log)?;
            let workspace = replay_workspace(&dataset, ForecastMethod::Automatic, &changes)
                .map_err(|e| Failure::user(format!("the change log does not replay: {e}")))?;
            let selector = NodeSelector {
                product: Some(history.item.clone()),
                location: Some(history.location.clone()),
                customer: None,
            };
            let bucket = dataset
                .calendar()
                .parse_bucket(&history.period)
                .map_err(|e| Failure::user(format!("bad period '{}': {e}", history.period)))?;
            let roles = &workspace.config().roles;
            let roles: Vec<(usize, &String)> = roles
                .iter()
                .enumerate()
                .filter(|(_, role)| history.layer.as_ref().is_none_or(|l| l == *role))
                .collect();
            if roles.is_empty() {
                return Err(Failure::user(format!(
                    "unknown layer '{}'",
                    history.layer.as_deref().unwrap_or_default()
                )));
            }
            let show = |v: Option<f64>| v.map_or("-".to_string(), thousands);
            outln!(
                "{:>4}  {:<20}  {:<12}  {:<16}  {:<14}  {:>12}  {:>12}",
                "id",
                "when",
                "who",
                "reason",
                "layer",
                "before",
                "after"
            );
            for (role, name) in roles {
                let entries = workspace
                    .history(&selector, bucket, CellLayer::Role(role))
                    .map_err(|e| Failure::user(e.to_string()))?;
                for e in entries {
                    outln!(
                        "{:>4}  {:<20}  {:<12}  {:<16}  {:<14}  {:>12}  {:>12}",
                        e.change_id,
                        e.at,
                        e.author,
                        e.reason_code,
                        name,
                        show(e.before),
                        show(e.after)
                    );
                }
            }
            Ok(())
        }
    }
}

fn append(
    store: &mut Store,
    dataset: &Dataset,
    log: &str,
    meta: &impl ChangeMeta,
    kind: ChangeKind,
) -> Result<(), Failure> {
    let earlier = store.list_changes(log)?;
    let revision = earlier.last().map_or(0, |c| c.id);
    let change = Change {
        id: revision + 1,
        author: meta.author(),
        at: now(),
        reason_code: meta.reason().to_string(),
        comment: meta.comment().to_string(),
        base_revision: meta.base_revision().unwrap_or(revision),
        kind,
    };
    let result = store.append_change(log, &change, |earlier, change| {
        let mut all = earlier.to_vec();
        all.push(change.clone());
        replay_workspace(dataset, ForecastMethod::Automatic, &all)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => {}
        Err(StoreError::ChangeRefused(message)) => return Err(Failure::user(message)),
        Err(other) => return Err(other.into()),
    }
    outln!(
        "Change {} appended to the log of {log}: {}. Run `fulcrum cycle` to recompute the plan.",
        change.id,
        describe(&change.kind, dataset)
    );
    Ok(())
}

/// Author, reason and comment of an edit.
pub trait ChangeMeta {
    /// Who (default $USER).
    fn author(&self) -> String;
    /// Reason code.
    fn reason(&self) -> &str;
    /// Comment.
    fn comment(&self) -> &str;
    /// The revision seen (default: the log's last change).
    fn base_revision(&self) -> Option<u64>;
}

impl ChangeMeta for crate::cli::ChangeMetaArgs {
    fn author(&self) -> String {
        self.author
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "unknown".to_string())
    }
    fn reason(&self) -> &str {
        &self.reason
    }
    fn comment(&self) -> &str {
        self.comment.as_deref().unwrap_or_default()
    }
    fn base_revision(&self) -> Option<u64> {
        self.base_revision
    }
}

impl ChangeMeta for PlanSetArgs {
    fn author(&self) -> String {
        self.meta.author()
    }
    fn reason(&self) -> &str {
        self.meta.reason()
    }
    fn comment(&self) -> &str {
        self.meta.comment()
    }
    fn base_revision(&self) -> Option<u64> {
        self.meta.base_revision()
    }
}

fn selector(dataset: &Dataset, target: &PlanTarget) -> Result<NodeSelector, Failure> {
    let product = match (&target.family, &target.item) {
        (Some(family), None) => {
            if !dataset.families.iter().any(|f| &f.code == family) {
                return Err(Failure::user(format!("unknown family '{family}'")));
            }
            family.clone()
        }
        (None, Some(item)) => {
            if dataset.item(item).is_none() {
                return Err(Failure::user(format!("unknown item '{item}'")));
            }
            item.clone()
        }
        _ => return Err(Failure::user("give exactly one of --family and --item")),
    };
    if let Some(location) = &target.location
        && !dataset.locations.iter().any(|l| &l.code == location)
        && !dataset.regions.iter().any(|r| &r.code == location)
    {
        return Err(Failure::user(format!("unknown location '{location}'")));
    }
    if let Some(customer) = &target.customer
        && !dataset.customers.iter().any(|c| &c.code == customer)
        && !dataset.channels.iter().any(|c| &c.code == customer)
    {
        return Err(Failure::user(format!("unknown customer '{customer}'")));
    }
    Ok(NodeSelector {
        product: Some(product),
        location: target.location.clone(),
        customer: target.customer.clone(),
    })
}

/// A horizon period from `2026-05`, `2026-Q2` or `2026`.
fn period(dataset: &Dataset, text: &str) -> Result<Period, Failure> {
    let calendar = dataset.calendar();
    let grain = if text.contains("-Q") || text.contains("-q") {
        Grain::Quarter
    } else if text.contains('-') {
        Grain::Month
    } else {
        Grain::Year
    };
    let wanted = text.to_uppercase();
    (0..grain::count(calendar, grain))
        .map(|index| Period { grain, index })
        .find(|p| grain::label(calendar, *p) == wanted)
        .ok_or_else(|| {
            Failure::user(format!(
                "bad period '{text}': give a month (2026-05), quarter (2026-Q2) or year (2026) of the horizon {} to {}",
                calendar.label(calendar.horizon().start),
                calendar.label(calendar.horizon().end - 1)
            ))
        })
}

/// `1,234,567.5`: thousands separators, at most two decimals.
pub fn thousands(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let frac = frac.trim_end_matches('0');
    let sign = if value < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{out}")
    } else {
        format!("{sign}{out}.{frac}")
    }
}

fn describe(kind: &ChangeKind, dataset: &Dataset) -> String {
    let calendar = dataset.calendar();
    match kind {
        ChangeKind::SetValue {
            layer,
            selector,
            period,
            value,
            ..
        } => format!(
            "set {} at {} in {} to {}",
            layer.describe(),
            selector.describe(),
            grain::label(calendar, *period),
            thousands(*value)
        ),
        ChangeKind::Lock { selector, period } => format!(
            "lock {} in {}",
            selector.describe(),
            grain::label(calendar, *period)
        ),
        ChangeKind::Unlock { selector, period } => format!(
            "unlock {} in {}",
            selector.describe(),
            grain::label(calendar, *period)
        ),
        ChangeKind::AddEvent(event) => format!("add event {} \"{}\"", event.id, event.name),
        ChangeKind::SetEventActive { event_id, active } => {
            format!("event {event_id} {}", if *active { "on" } else { "off" })
        }
        ChangeKind::Undo { change } => format!("undo change {change}"),
        ChangeKind::Approve { plan_version } => format!("approve as {plan_version}"),
    }
}

fn print_log(changes: &[Change], dataset: &Dataset) -> Result<(), Failure> {
    if changes.is_empty() {
        outln!("The change log of {} is empty.", cycle_log(dataset));
        return Ok(());
    }
    outln!(
        "{:>4}  {:<20}  {:<12}  {:<16}  what",
        "id",
        "when",
        "who",
        "reason"
    );
    for change in changes {
        outln!(
            "{:>4}  {:<20}  {:<12}  {:<16}  {}",
            change.id,
            change.at,
            change.author,
            change.reason_code,
            describe(&change.kind, dataset)
        );
    }
    Ok(())
}

/// The current time as RFC 3339 (UTC, seconds).
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil from days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
