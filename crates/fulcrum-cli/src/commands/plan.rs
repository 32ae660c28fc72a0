//! `fulcrum plan`: the planners' change log of the current cycle (set, lock,
//! unlock, undo, log, history, upload, download), through the planning desk
//! the server uses too ([`fulcrum_planning::Desk`]). Every edit appends one
//! change; `fulcrum cycle` replays the log.

use std::path::Path;

use fulcrum_planning::describe::{now_rfc3339, thousands};
use fulcrum_planning::target::{parse_period, selector};
use fulcrum_planning::{Desk, Edit, EditMeta, EventSpec, GridQuery, PlanningError, SpreadChoice};
use fulcrum_store::Store;

use super::Failure;
use super::data::open_existing;
use crate::cli::{ChangeMetaArgs, PlanArgs, PlanCommand, PlanTarget, SpreadArg};

pub use fulcrum_planning::cycle_log;

/// Runs a `fulcrum plan` subcommand.
pub fn run(db: &Path, args: &PlanArgs) -> Result<(), Failure> {
    let mut store = open_existing(db)?;
    let mut desk = Desk::open(&store).map_err(planning)?;
    match &args.command {
        PlanCommand::Set(set) => {
            let (product, location, customer) = product_of(&set.target)?;
            let edit = Edit::Set {
                layer: set.layer.clone(),
                product,
                location,
                customer,
                period: set.target.period.clone(),
                value: set.value,
                spread: match set.spread {
                    SpreadArg::Proportional => SpreadChoice::Proportional,
                    SpreadArg::Statistical => SpreadChoice::Statistical,
                    SpreadArg::LastYear => SpreadChoice::LastYear,
                    SpreadArg::Equal => SpreadChoice::Equal,
                },
            };
            append(&mut desk, &mut store, &set.meta, &[edit])
        }
        PlanCommand::Lock(lock) | PlanCommand::Unlock(lock) => {
            let (product, location, customer) = product_of(&lock.target)?;
            let period = lock.target.period.clone();
            let edit = if matches!(args.command, PlanCommand::Lock(_)) {
                Edit::Lock {
                    product,
                    location,
                    customer,
                    period,
                }
            } else {
                Edit::Unlock {
                    product,
                    location,
                    customer,
                    period,
                }
            };
            append(&mut desk, &mut store, &lock.meta, &[edit])
        }
        PlanCommand::Undo(undo) => append(
            &mut desk,
            &mut store,
            &undo.meta,
            &[Edit::Undo {
                change: undo.change,
            }],
        ),
        PlanCommand::Log => print_log(&desk),
        PlanCommand::History(history) => print_history(&desk, &history.target, &history.layer),
        PlanCommand::Upload(upload) => {
            let name = upload
                .file
                .file_name()
                .map_or_else(|| "overrides".into(), |n| n.to_string_lossy().into_owned());
            let bytes = std::fs::read(&upload.file).map_err(|e| {
                Failure::user(format!("cannot read {}: {e}", upload.file.display()))
            })?;
            let rows = desk.read_overrides(&name, &bytes).map_err(|error| {
                Failure::user(format!(
                    "{name} was not taken; nothing changed:\n{}",
                    error
                        .problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                ))
            })?;
            let meta = meta(&upload.meta, desk.revision(), format!("uploaded {name}"));
            let ids = desk
                .append_overrides(&mut store, &meta, &rows, &now_rfc3339())
                .map_err(planning)?;
            outln!(
                "{} rows of {name} appended as changes {}–{} to the log of {}. Run `fulcrum cycle` to recompute the plan.",
                thousands(rows.len() as f64),
                ids.first().copied().unwrap_or_default(),
                ids.last().copied().unwrap_or_default(),
                desk.log_key()
            );
            Ok(())
        }
        PlanCommand::Events => print_events(&desk),
        PlanCommand::Promotion(p) => {
            let event = EventSpec::Promotion {
                name: p.name.clone(),
                product: p.node.product.clone(),
                location: p.node.location.clone(),
                customer: p.node.customer.clone(),
                start: p.node.start.clone(),
                end: p.node.end.clone(),
                uplift_pct: p.uplift,
                pull_forward_pct: p.pull_forward,
                pull_forward_months: p.pull_forward_months,
                dip_pct: p.dip,
                dip_months: p.dip_months,
                cannibalised_items: p.cannibalise.clone(),
                cannibalisation_pct: p.cannibalisation,
            };
            append(&mut desk, &mut store, &p.meta, &[Edit::AddEvent { event }])
        }
        PlanCommand::OneTime(o) => {
            let event = EventSpec::OneTime {
                name: o.name.clone(),
                product: o.node.product.clone(),
                location: o.node.location.clone(),
                customer: o.node.customer.clone(),
                start: o.node.start.clone(),
                end: o.node.end.clone(),
                units: o.units,
                percent: o.percent,
            };
            append(&mut desk, &mut store, &o.meta, &[Edit::AddEvent { event }])
        }
        PlanCommand::Launch(l) => {
            let event = EventSpec::Launch {
                name: l.name.clone(),
                item: l.item.clone(),
                like_item: l.like.clone(),
                volume: l.volume,
                start: l.start.clone(),
                phase_in_months: l.phase_in,
                replaces: l.replaces.clone(),
                phase_out_months: l.phase_out,
            };
            append(&mut desk, &mut store, &l.meta, &[Edit::AddEvent { event }])
        }
        PlanCommand::EventOn(e) | PlanCommand::EventOff(e) => {
            let active = matches!(args.command, PlanCommand::EventOn(_));
            let edit = Edit::SetEvent {
                event: e.event,
                active,
            };
            append(&mut desk, &mut store, &e.meta, &[edit])
        }
        PlanCommand::Download(download) => {
            let grid = fulcrum_planning::grid(
                &desk,
                &GridQuery {
                    product: download.product.clone(),
                    location: download.location.clone(),
                    customer: download.customer.clone(),
                    offset: 0,
                    limit: usize::MAX,
                },
            )
            .map_err(planning)?;
            let bytes = fulcrum_io::write_grid_xlsx(&fulcrum_planning::grid::sheet(&grid))
                .map_err(|e| Failure::Internal(anyhow::anyhow!(e)))?;
            std::fs::write(&download.file, bytes).map_err(|e| {
                Failure::user(format!("cannot write {}: {e}", download.file.display()))
            })?;
            outln!(
                "Wrote {} ({} nodes × {} columns, at revision {}).",
                download.file.display(),
                thousands(grid.nodes.len() as f64),
                grid.columns.len(),
                grid.revision
            );
            Ok(())
        }
    }
}

/// A refusal of the desk as the CLI reports it: the user's mistake, or ours.
pub(crate) fn planning(error: PlanningError) -> Failure {
    match error {
        PlanningError::Store(store) => store.into(),
        PlanningError::Corrupt(detail) => Failure::Internal(anyhow::anyhow!(detail)),
        other => Failure::user(other.to_string()),
    }
}

/// The product, location and customer codes of a node (`None`: every one).
type NodeCodes = (Option<String>, Option<String>, Option<String>);

/// The codes of a target (exactly one of `--family` and `--item`).
fn product_of(target: &PlanTarget) -> Result<NodeCodes, Failure> {
    let product = match (&target.family, &target.item) {
        (Some(code), None) | (None, Some(code)) => code.clone(),
        _ => return Err(Failure::user("give exactly one of --family and --item")),
    };
    Ok((
        Some(product),
        target.location.clone(),
        target.customer.clone(),
    ))
}

/// Who and why, with the log's revision as the base unless one is given.
fn meta(args: &ChangeMetaArgs, revision: u64, default_comment: String) -> EditMeta {
    EditMeta {
        author: args
            .author
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "unknown".to_string()),
        reason_code: args.reason.clone(),
        comment: args.comment.clone().unwrap_or(default_comment),
        base_revision: Some(args.base_revision.unwrap_or(revision)),
    }
}

fn append(
    desk: &mut Desk,
    store: &mut Store,
    args: &ChangeMetaArgs,
    edits: &[Edit],
) -> Result<(), Failure> {
    let meta = meta(args, desk.revision(), String::new());
    let ids = desk
        .append(store, &meta, edits, &now_rfc3339())
        .map_err(planning)?;
    for entry in desk.log_entries(0, ids.len()).iter().rev() {
        outln!(
            "Change {} appended to the log of {}: {}. Run `fulcrum cycle` to recompute the plan.",
            entry.id,
            desk.log_key(),
            entry.what
        );
    }
    Ok(())
}

fn print_log(desk: &Desk) -> Result<(), Failure> {
    let mut entries = desk.log_entries(0, usize::MAX);
    if entries.is_empty() {
        outln!("The change log of {} is empty.", desk.log_key());
        return Ok(());
    }
    entries.reverse();
    outln!(
        "{:>4}  {:<20}  {:<12}  {:<16}  what",
        "id",
        "when",
        "who",
        "reason"
    );
    for entry in entries {
        let undone = entry
            .undone_by
            .map(|by| format!(" (undone by {by})"))
            .unwrap_or_default();
        outln!(
            "{:>4}  {:<20}  {:<12}  {:<16}  {}{undone}",
            entry.id,
            entry.at,
            entry.author,
            entry.reason_code,
            entry.what
        );
    }
    Ok(())
}

fn print_events(desk: &Desk) -> Result<(), Failure> {
    let events = desk.events();
    if events.is_empty() {
        outln!("No events in the log of {}.", desk.log_key());
        return Ok(());
    }
    outln!(
        "{:>4}  {:<3}  {:<10}  {:<24}  {:>12}  what",
        "id",
        "on",
        "type",
        "name",
        "net units"
    );
    for e in events {
        outln!(
            "{:>4}  {:<3}  {:<10}  {:<24}  {:>12}  {}",
            e.id,
            if e.active { "on" } else { "off" },
            e.kind,
            e.name,
            thousands(e.net_units),
            e.what
        );
    }
    Ok(())
}

fn print_history(desk: &Desk, target: &PlanTarget, layer: &Option<String>) -> Result<(), Failure> {
    let (product, location, customer) = product_of(target)?;
    let dataset = desk.dataset();
    let node = selector(
        dataset,
        product.as_deref(),
        location.as_deref(),
        customer.as_deref(),
    )
    .map_err(|(field, reason)| Failure::user(format!("{field}: {reason}")))?;
    let period = parse_period(dataset.calendar(), &target.period).map_err(Failure::user)?;
    let layers: Vec<String> = match layer {
        Some(layer) => vec![layer.clone()],
        None => desk
            .workspace()
            .config()
            .roles
            .iter()
            .cloned()
            .chain(["lock".to_string()])
            .collect(),
    };
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
    for layer in &layers {
        for e in desk.history(&node, period, layer).map_err(planning)? {
            outln!(
                "{:>4}  {:<20}  {:<12}  {:<16}  {:<14}  {:>12}  {:>12}",
                e.change_id,
                e.at,
                e.author,
                e.reason_code,
                e.layer,
                show(e.before),
                show(e.after)
            );
        }
    }
    Ok(())
}
