//! `fulcrum user`: adding, listing and disabling users, and setting passwords.

use std::io::BufRead;
use std::path::Path;

use fulcrum_access::Role;
use fulcrum_store::{MIN_PASSWORD_CHARS, UserError};

use super::{Failure, Outcome, data};
use crate::cli::{UserArgs, UserCommand};

/// Store failures stay internal (or become the store's one-line user errors
/// later); everything else is the user's to fix.
fn failure(error: UserError) -> Failure {
    match error {
        UserError::Store(error) => Failure::Internal(error.into()),
        other => Failure::user(other),
    }
}

/// `fulcrum user ...`.
pub fn run(db: &Path, args: &UserArgs) -> Outcome {
    let store = data::open_writable(db)?;
    match &args.command {
        UserCommand::Add {
            name,
            role,
            display_name,
            password_stdin,
        } => {
            let role = Role::parse(role).ok_or_else(|| {
                Failure::user(format!(
                    "unknown role '{role}'; the roles are {}",
                    Role::names()
                ))
            })?;
            if store.user(name).map_err(failure)?.is_some() {
                return Err(failure(UserError::Exists(name.clone())));
            }
            let password = read_password(*password_stdin)?;
            let user = store
                .add_user(name, display_name.as_deref(), role, &password)
                .map_err(failure)?;
            outln!(
                "Added user {} ({}) with role {}",
                user.name,
                user.display_name,
                user.role
            );
        }
        UserCommand::List => {
            let users = store.users().map_err(failure)?;
            if users.is_empty() {
                outln!("No users yet: add one with `fulcrum user add NAME --role ROLE`.");
            }
            for user in users {
                outln!(
                    "{}\t{}\t{}\t{}\tadded {}",
                    user.name,
                    user.role,
                    if user.disabled { "disabled" } else { "enabled" },
                    user.display_name,
                    user.created_at
                );
            }
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            if store.user(name).map_err(failure)?.is_none() {
                return Err(failure(UserError::NotFound(name.clone())));
            }
            let password = read_password(*password_stdin)?;
            store.set_password(name, &password).map_err(failure)?;
            outln!("Set the password of {name}; their sessions are ended");
        }
        UserCommand::Disable { name } => {
            store.disable_user(name).map_err(failure)?;
            outln!("Disabled {name}; their sessions are ended");
        }
    }
    Ok(())
}

/// The new password: the first line of stdin with `--password-stdin`, else
/// asked twice on the terminal without echo.
fn read_password(from_stdin: bool) -> Result<String, Failure> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|error| {
                Failure::user(format!("cannot read the password from stdin: {error}"))
            })?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt).map_err(|error| {
                Failure::user(format!(
                    "cannot ask for a password ({error}); pass it on stdin with --password-stdin"
                ))
            })
        };
        let first = ask("New password: ")?;
        let second = ask("Repeat it: ")?;
        if first != second {
            return Err(Failure::user("the two passwords differ"));
        }
        first
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(failure(UserError::PasswordTooShort));
    }
    Ok(password)
}
