//! What each command does. Commands return [`Failure`], which keeps the user's
//! mistakes (bad input, missing data) apart from internal failures.

/// `println!` for command output that ends the command quietly, with exit code 0,
/// when stdout is closed (`fulcrum report | head`).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::commands::write_stdout(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

/// `print!` with the same behaviour as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::commands::write_stdout(format_args!($($arg)*))?
    };
}

mod cycle;
mod data;
mod plan;
mod report;
mod serve;
mod user;

use std::fmt;

use crate::cli::{Cli, Command, DEFAULT_ADDR, UpArgs};

/// Why a command failed.
pub enum Failure {
    /// The user can fix it: bad input, missing inputs, a wrong id. Exit code 1.
    User(String),
    /// Something went wrong inside Fulcrum or its environment. Exit code 70.
    Internal(anyhow::Error),
    /// Whoever read the output stopped reading (a closed pipe): not a failure of
    /// the command. Exit code 0, nothing printed.
    OutputClosed,
}

/// Writes command output to stdout; a closed pipe is [`Failure::OutputClosed`].
pub fn write_stdout(args: fmt::Arguments<'_>) -> Result<(), Failure> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::OutputClosed),
        Err(error) => Err(Failure::Internal(
            anyhow::Error::new(error).context("cannot write to stdout"),
        )),
    }
}

impl Failure {
    /// A user error with a message.
    pub fn user(message: impl fmt::Display) -> Self {
        Failure::User(message.to_string())
    }

    /// Prints the failure and returns the exit code.
    pub fn report(self) -> std::process::ExitCode {
        match self {
            Failure::User(message) => {
                eprintln!("error: {message}");
                std::process::ExitCode::from(1)
            }
            Failure::Internal(error) => {
                eprintln!("internal error: {error:#}");
                std::process::ExitCode::from(70)
            }
            Failure::OutputClosed => std::process::ExitCode::SUCCESS,
        }
    }
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::Internal(error.into())
    }
}

/// The result of a command.
pub type Outcome = Result<(), Failure>;

/// Sets up logging to stderr; `RUST_LOG` overrides the verbosity flag.
pub fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Outcome {
    let db = cli.db.clone();
    run_command(cli).map_err(|failure| store_failure(&db, failure))
}

/// Store errors the user can act on (a read-only file, a file from a newer
/// Fulcrum, a damaged or foreign file) are user errors, said in one line.
fn store_failure(db: &std::path::Path, failure: Failure) -> Failure {
    let Failure::Internal(error) = failure else {
        return failure;
    };
    let Some(store_error) = error.downcast_ref::<fulcrum_store::StoreError>() else {
        return Failure::Internal(error);
    };
    use fulcrum_store::StoreError as E;
    if store_error.is_read_only() {
        return data::read_only_failure(db);
    }
    match store_error {
        E::SchemaTooNew { .. }
        | E::NeedsMigration { .. }
        | E::NotAFulcrumDatabase
        | E::MigrationsTableMissing
        | E::SnapshotAltered(_) => Failure::user(format!("{}: {store_error}", db.display())),
        _ => Failure::Internal(error),
    }
}

fn run_command(cli: Cli) -> Outcome {
    let db = cli.db.as_path();
    let command = match cli.command {
        Some(command) => command,
        None => Command::Up(UpArgs {
            addr: DEFAULT_ADDR
                .parse()
                .map_err(|e| anyhow::anyhow!("default address: {e}"))?,
            allowed_hosts: Vec::new(),
        }),
    };
    match command {
        Command::Up(args) => serve::up(db, &args),
        Command::Init(args) => data::init(db, &args),
        Command::Import(args) => data::import(db, &args),
        Command::Export(args) => data::export(db, &args),
        Command::Cycle(args) => cycle::run(db, &args).map(|_| ()),
        Command::Report(args) => report::run(db, &args),
        Command::Plan(args) => plan::run(db, &args),
        Command::Serve(args) => serve::serve(db, args.addr, &args.allowed_hosts),
        Command::Versions => report::versions(db),
        Command::Approve(args) => report::approve(db, args.version),
        Command::Verify => data::verify(db),
        Command::User(args) => user::run(db, &args),
        Command::Forecast(args) => {
            crate::forecast_cmd::run(&args).map_err(|e| Failure::user(format!("{e:#}")))
        }
        Command::Aggregate(args) => {
            crate::aggregate_cmd::run(&args).map_err(|e| Failure::user(format!("{e:#}")))
        }
    }
}
