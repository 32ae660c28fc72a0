//! `init`, `import` and `export`: getting datasets in and out of the store.

use std::path::Path;

use fulcrum_core::Dataset;
use fulcrum_store::{InputFile, SnapshotId, Store};

use super::{Failure, Outcome};
use crate::cli::{ExportArgs, ImportArgs, InitArgs};
use crate::progress;

/// Opens the database, which must exist already, for a command that writes to
/// it. A file without write permission is refused at once, plainly.
pub fn open_existing(db: &Path) -> Result<Store, Failure> {
    require_exists(db)?;
    open_writable(db)
}

/// Opens (creating if needed) the database for a command that writes to it.
pub fn open_writable(db: &Path) -> Result<Store, Failure> {
    if std::fs::metadata(db).is_ok_and(|meta| meta.permissions().readonly()) {
        return Err(read_only_failure(db));
    }
    let store = Store::open(db)?;
    print_warnings(&store);
    Ok(store)
}

/// Opens the database, which must exist already, for a command that only reads:
/// read-only, without migrating when the schema is current.
pub fn open_for_reading(db: &Path) -> Result<Store, Failure> {
    require_exists(db)?;
    let store = Store::open_for_reading(db)?;
    print_warnings(&store);
    Ok(store)
}

fn require_exists(db: &Path) -> Result<(), Failure> {
    if !db.exists() {
        return Err(Failure::user(format!(
            "{} does not exist; create it with `fulcrum init --demo` or `fulcrum init` then `fulcrum import PATH`",
            db.display()
        )));
    }
    Ok(())
}

/// The one message for a write to a read-only database.
pub fn read_only_failure(db: &Path) -> Failure {
    Failure::user(format!(
        "{} is read-only; this command writes to the database (reading commands such as `versions`, `report`, `export`, `serve` and `verify` work on a read-only file)",
        db.display()
    ))
}

/// What opening found that the user should know (protective triggers restored).
fn print_warnings(store: &Store) {
    for warning in store.warnings() {
        eprintln!("warning: {warning}");
    }
}

/// `fulcrum verify`: checks the database and prints what it found.
pub fn verify(db: &Path) -> Outcome {
    require_exists(db)?;
    // Open writable when possible, so a missing protective trigger is restored
    // (and still reported); a read-only file is checked as it is.
    let writable = !std::fs::metadata(db).is_ok_and(|meta| meta.permissions().readonly());
    let store = if writable {
        Store::open(db)?
    } else {
        Store::open_for_reading(db)?
    };
    let report = store.verify()?;
    for check in &report.checks {
        outln!("{check}");
    }
    if report.is_sound() {
        outln!("{}: sound", db.display());
        return Ok(());
    }
    for problem in &report.problems {
        outln!("problem: {problem}");
    }
    Err(Failure::user(format!(
        "{} is not sound: {} problem(s) found",
        db.display(),
        report.problems.len()
    )))
}

/// The latest input snapshot and its dataset.
pub fn current_dataset(store: &Store) -> Result<(SnapshotId, Dataset), Failure> {
    fulcrum_planning::current_dataset(store).map_err(super::plan::planning)
}

/// Stores `dataset` as the current inputs, in its canonical CSV form.
pub fn save_dataset(store: &mut Store, dataset: &Dataset) -> Result<SnapshotId, Failure> {
    let files: Vec<InputFile> = fulcrum_io::export_csv_files(dataset)
        .into_iter()
        .map(|(name, content)| InputFile { name, content })
        .collect();
    Ok(store.save_snapshot(&files)?)
}

/// One line describing a dataset's size.
pub fn summary(dataset: &Dataset) -> String {
    format!(
        "{} items, {} locations, {} resources, {} BOM lines, {} sales rows, {} open orders, {}–{} horizon",
        dataset.items.len(),
        dataset.locations.len(),
        dataset.resources.len(),
        dataset.bom.len(),
        dataset.sales.len(),
        dataset.open_orders.len(),
        dataset.calendar().label(dataset.calendar().horizon().start),
        dataset.calendar().label(dataset.calendar().len() - 1),
    )
}

/// The users `init --demo` adds: name, display name, role.
const DEMO_USERS: &[(&str, &str, fulcrum_access::Role)] = &[
    ("admin", "Demo admin", fulcrum_access::Role::Admin),
    (
        "planner",
        "Demo demand planner",
        fulcrum_access::Role::DemandPlanner,
    ),
    ("viewer", "Demo viewer", fulcrum_access::Role::Viewer),
];

/// `fulcrum init`.
pub fn init(db: &Path, args: &InitArgs) -> Outcome {
    let existed = db.exists();
    let mut store = open_writable(db)?;
    if !args.demo {
        outln!(
            "{} {} (schema version {})",
            if existed { "Migrated" } else { "Created" },
            db.display(),
            store.schema_version()?
        );
        return Ok(());
    }
    let spinner = progress::spinner("generating the demo company");
    let config = fulcrum_demo::DemoConfig {
        seed: args.seed,
        ..fulcrum_demo::DemoConfig::default()
    };
    let dataset = match args.scale {
        Some(target) => fulcrum_demo::generate_scaled(&config, target as usize),
        None => fulcrum_demo::generate(&config),
    };
    let snapshot = save_dataset(&mut store, &dataset)?;
    if let Some(path) = &args.write {
        fulcrum_io::export_path(&dataset, path)
            .map_err(|error| Failure::user(format!("cannot write {}: {error}", path.display())))?;
    }
    spinner.finish_and_clear();
    outln!(
        "Loaded the demo company \"{}\" into {} as snapshot {snapshot}: {}",
        dataset.settings.company,
        db.display(),
        summary(&dataset)
    );
    if let Some(path) = &args.write {
        outln!("Wrote it as an importable dataset to {}", path.display());
    }
    add_demo_users(&store)
}

/// Adds the demo users that are missing, and says so.
pub fn add_demo_users(store: &Store) -> Outcome {
    let mut added = Vec::new();
    for (name, display, role) in DEMO_USERS {
        if store.user(name)?.is_none() {
            store.add_user(name, Some(display), *role, fulcrum_store::DEMO_PASSWORD)?;
            added.push(*name);
        }
    }
    if !added.is_empty() {
        outln!(
            "Added the demo users {} with the password {} (accepted only while the server listens on a loopback address)",
            added.join(", "),
            fulcrum_store::DEMO_PASSWORD
        );
    }
    Ok(())
}

/// `fulcrum import`.
pub fn import(db: &Path, args: &ImportArgs) -> Outcome {
    let spinner = progress::spinner("reading and validating");
    let imported = fulcrum_io::import_path(&args.path);
    spinner.finish_and_clear();
    let dataset = imported.map_err(|error| {
        Failure::user(format!(
            "{} problem(s) in {}; nothing was imported:\n{error}",
            error.problems.len(),
            args.path.display()
        ))
    })?;
    let mut store = open_writable(db)?;
    let snapshot = save_dataset(&mut store, &dataset)?;
    outln!(
        "Imported {} into {} as snapshot {snapshot}: {}",
        args.path.display(),
        db.display(),
        summary(&dataset)
    );
    Ok(())
}

/// `fulcrum export`.
pub fn export(db: &Path, args: &ExportArgs) -> Outcome {
    let store = open_for_reading(db)?;
    let (snapshot, dataset) = current_dataset(&store)?;
    fulcrum_io::export_path(&dataset, &args.path)
        .map_err(|error| Failure::user(format!("cannot write {}: {error}", args.path.display())))?;
    outln!("Exported snapshot {snapshot} to {}", args.path.display());
    Ok(())
}
