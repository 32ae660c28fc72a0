//! `fulcrum serve` and `fulcrum up`.

use std::net::SocketAddr;
use std::path::Path;

use super::{Failure, Outcome, cycle, data};
use crate::cli::UpArgs;

/// `fulcrum serve`: serves the web UI and API until Ctrl-C.
pub fn serve(db: &Path, addr: SocketAddr, allowed_hosts: &[String]) -> Outcome {
    // Checked here so a bad file is a plain error before listening.
    drop(data::open_for_reading(db)?);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|error| Failure::user(format!("cannot listen on {addr}: {error}")))?;
        let bound = listener.local_addr()?;
        outln!(
            "Fulcrum is serving {} on http://{bound}/ (Ctrl-C to stop)",
            db.display()
        );
        fulcrum_server::serve_on_with_hosts(listener, db.to_path_buf(), allowed_hosts.to_vec())
            .await
            .map_err(|error| Failure::Internal(error.into()))
    })
}

/// `fulcrum up`: the demo company (if the database is new), a cycle (if the inputs
/// have no plan yet), then the server.
pub fn up(db: &Path, args: &UpArgs) -> Outcome {
    if !db.exists() {
        data::init(
            db,
            &crate::cli::InitArgs {
                demo: true,
                seed: 42,
                write: None,
                scale: None,
            },
        )?;
    }
    let mut store = data::open_writable(db)?;
    // A database made before there were users (or by plain `init`) gets the
    // demo users, so the demo can be logged in to.
    if store.users()?.is_empty() {
        data::add_demo_users(&store)?;
    }
    let snapshot = store.latest_snapshot()?;
    let planned = store
        .latest_version()?
        .is_some_and(|version| Some(version.snapshot) == snapshot);
    if !planned {
        cycle::run_on(&mut store, None, &Default::default())?;
    }
    drop(store);
    serve(db, args.addr, &args.allowed_hosts)
}
