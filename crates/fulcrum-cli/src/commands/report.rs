//! `fulcrum report` and `fulcrum versions`.

use std::path::Path;

use fulcrum_report::ReportInput;
use fulcrum_store::VersionId;

use super::data::{open_existing, open_for_reading};
use super::{Failure, Outcome};
use crate::cli::ReportArgs;

/// `fulcrum report`.
pub fn run(db: &Path, args: &ReportArgs) -> Outcome {
    let store = open_for_reading(db)?;
    let info = match args.version {
        Some(id) => store
            .plan_versions()?
            .into_iter()
            .find(|info| info.id == VersionId(id))
            .ok_or_else(|| {
                Failure::user(format!(
                    "there is no plan version {id}; see `fulcrum versions`"
                ))
            })?,
        None => store
            .latest_version()?
            .ok_or_else(|| Failure::user("there is no plan version yet; run `fulcrum cycle`"))?,
    };
    let plan = store.load_plan(info.id)?;
    let version_name = format!(
        "{} (version {}, {}, strategy {}, made {})",
        info.name,
        info.id,
        info.status.as_str(),
        info.strategy.as_deref().unwrap_or("not recorded"),
        info.created_at
    );
    let input = ReportInput {
        company: &info.company,
        currency: &info.currency,
        version_name: &version_name,
        plan: &plan,
    };
    // The table is for people, who get the HTML report too; `--json` is for
    // programs, which get a file only when they ask for one.
    let html = match (&args.html, args.json) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => Some(std::path::PathBuf::from("fulcrum-report.html")),
        (None, true) => None,
    };
    if let Some(html) = &html {
        std::fs::write(html, fulcrum_report::render_html(&input))
            .map_err(|error| Failure::user(format!("cannot write {}: {error}", html.display())))?;
    }
    if let Some(path) = &args.xlsx {
        let info = fulcrum_io::PlanWorkbookInfo {
            company: &info.company,
            currency: &info.currency,
            version_name: &version_name,
        };
        fulcrum_io::export_plan_xlsx(&plan, &info, path)
            .map_err(|error| Failure::user(format!("cannot write {}: {error}", path.display())))?;
    }
    if args.json {
        let kpis: Vec<serde_json::Value> = plan
            .kpis
            .iter()
            .map(|kpi| {
                serde_json::json!({
                    "code": kpi.code,
                    "label": kpi.label,
                    "value": kpi.value,
                    "unit": kpi.unit.as_str(),
                })
            })
            .collect();
        let document = serde_json::json!({
            "version": {
                "id": info.id.0,
                "name": info.name,
                "status": info.status.as_str(),
                "strategy": info.strategy,
                "created_at": info.created_at,
                "superseded_by": info.superseded_by.map(|id| id.0),
                "company": info.company,
                "currency": info.currency,
            },
            "kpis": kpis,
            "exceptions": plan.exceptions.len(),
            "html": html.as_ref().map(|path| path.display().to_string()),
            "xlsx": args.xlsx.as_ref().map(|path| path.display().to_string()),
        });
        outln!("{}", serde_json::to_string_pretty(&document)?);
    } else {
        out!("{}", fulcrum_report::render_text(&input));
        if let Some(html) = &html {
            outln!("HTML report written to {}", html.display());
        }
        if let Some(path) = &args.xlsx {
            outln!("Plan workbook written to {}", path.display());
        }
    }
    Ok(())
}

/// `fulcrum versions`.
pub fn versions(db: &Path) -> Outcome {
    let store = open_for_reading(db)?;
    let versions = store.plan_versions()?;
    if versions.is_empty() {
        outln!("No plan versions yet; run `fulcrum cycle`.");
        return Ok(());
    }
    outln!(
        "{:>4}  {:<20} {:<13} {:<21} {:>8}  name",
        "id",
        "status",
        "strategy",
        "created (UTC)",
        "snapshot"
    );
    for info in versions {
        let status = match info.superseded_by {
            Some(by) => format!("superseded by {by}"),
            None => info.status.as_str().to_string(),
        };
        outln!(
            "{:>4}  {:<20} {:<13} {:<21} {:>8}  {}",
            info.id.0,
            status,
            info.strategy.as_deref().unwrap_or("-"),
            info.created_at,
            info.snapshot.0,
            info.name
        );
    }
    Ok(())
}

/// `fulcrum approve`.
pub fn approve(db: &Path, id: i64) -> Outcome {
    let mut store = open_existing(db)?;
    let info = store
        .plan_versions()?
        .into_iter()
        .find(|info| info.id == VersionId(id))
        .ok_or_else(|| {
            Failure::user(format!(
                "there is no plan version {id}; see `fulcrum versions`"
            ))
        })?;
    match info.status {
        fulcrum_store::VersionStatus::Approved => {
            return Err(Failure::user(format!(
                "plan version {id} \"{}\" is already approved (at {})",
                info.name,
                info.approved_at.unwrap_or_default()
            )));
        }
        fulcrum_store::VersionStatus::Superseded => {
            return Err(Failure::user(format!(
                "plan version {id} \"{}\" was approved (at {}) and has been superseded by version {}; approve a new version instead",
                info.name,
                info.approved_at.unwrap_or_default(),
                info.superseded_by
                    .map_or_else(|| "?".to_string(), |by| by.to_string())
            )));
        }
        fulcrum_store::VersionStatus::Draft => {}
    }
    let superseded = store.approve(info.id)?;
    outln!(
        "Approved plan version {id} \"{}\": it is now locked as the plan of record for cycle {}.",
        info.name,
        info.calendar.plan_start()
    );
    for old in superseded {
        outln!(
            "Plan version {old} of the same cycle is superseded: no longer the plan of record, still locked."
        );
    }
    Ok(())
}
