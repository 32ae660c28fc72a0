//! People: users with one role each, their passwords (Argon2id, PHC strings
//! with a random salt from the OS) and their server-side sessions.
//!
//! A session token is 256 bits from the OS, written as 64 hex digits; the
//! store keeps only its SHA-256, so a copy of the database does not hold a
//! usable session. Each session has its own CSRF token (also 256 bits). A
//! session ends [`SESSION_IDLE_SECS`] after it was last seen or
//! [`SESSION_ABSOLUTE_SECS`] after it was created, whichever comes first.
//! Times are Unix seconds passed in by the caller (so tests can move the clock).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use fulcrum_access::Role;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::{NOW_UTC, Store, StoreError};

/// Fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// A session ends this long after its last request (8 hours).
pub const SESSION_IDLE_SECS: i64 = 8 * 3600;
/// A session ends this long after login, however busy (24 hours).
pub const SESSION_ABSOLUTE_SECS: i64 = 24 * 3600;
/// The password of the demo users made by `fulcrum init --demo`. The server
/// accepts it only while it listens on a loopback address.
pub const DEMO_PASSWORD: &str = "fulcrum-demo";

/// A user as stored (without the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name, unique.
    pub name: String,
    /// Name shown on pages.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// A disabled user cannot log in, and their sessions are gone.
    pub disabled: bool,
    /// When the user was added (UTC, ISO 8601).
    pub created_at: String,
}

/// A session just created: the token for the cookie (shown once, never
/// stored) and its CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The session token (64 hex digits) for the cookie.
    pub token: String,
    /// The CSRF token every state-changing request must carry.
    pub csrf_token: String,
    /// When it ends at the latest (Unix seconds).
    pub expires_at: i64,
}

/// A live session, found by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Its user.
    pub user: User,
    /// Its CSRF token.
    pub csrf_token: String,
    /// When it ends at the latest (Unix seconds).
    pub expires_at: i64,
}

/// Why a user operation failed.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A user of that name exists already.
    #[error("a user named '{0}' exists already")]
    Exists(String),
    /// No user has that name.
    #[error("no user is named '{0}'")]
    NotFound(String),
    /// The name is empty, too long or has characters other than letters,
    /// digits, `.`, `_`, `-`, `@`.
    #[error("user name '{0}' is not valid: use 1 to 64 letters, digits, '.', '_', '-' or '@'")]
    BadName(String),
    /// The password is shorter than [`MIN_PASSWORD_CHARS`].
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    /// Hashing failed (should not happen).
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

impl From<rusqlite::Error> for UserError {
    fn from(err: rusqlite::Error) -> Self {
        UserError::Store(StoreError::Sqlite(err))
    }
}

/// `bytes` random bytes from the OS, as lower-case hex.
fn random_hex(bytes: usize) -> Result<String, UserError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|err| UserError::Hash(format!("no OS randomness: {err}")))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The SHA-256 of a session token, as stored.
fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The Argon2id PHC string of `password` with a fresh 128-bit salt.
fn hash_password(password: &str) -> Result<String, UserError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UserError::PasswordTooShort);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|err| UserError::Hash(format!("no OS randomness: {err}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|err| UserError::Hash(err.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| UserError::Hash(err.to_string()))
}

/// A PHC string of a password nobody has, verified against when the user does
/// not exist so an unknown name costs as long as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no user has this password at all").unwrap_or_default())
}

fn check_name(name: &str) -> Result<(), UserError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(UserError::BadName(name.chars().take(40).collect()))
    }
}

fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = row.get(3)?;
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        display_name: row.get(2)?,
        role: Role::parse(&role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown role '{role}'").into(),
            )
        })?,
        disabled: row.get(4)?,
        created_at: row.get(5)?,
    })
}

const USER_COLUMNS: &str = "id, name, display_name, role, disabled, created_at";

impl Store {
    /// Adds a user. The display name defaults to the name.
    pub fn add_user(
        &self,
        name: &str,
        display_name: Option<&str>,
        role: Role,
        password: &str,
    ) -> Result<User, UserError> {
        check_name(name)?;
        let hash = hash_password(password)?;
        if self.user(name)?.is_some() {
            return Err(UserError::Exists(name.to_string()));
        }
        self.conn.execute(
            &format!(
                "INSERT INTO users (name, display_name, role, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, {NOW_UTC})"
            ),
            params![name, display_name.unwrap_or(name), role.as_str(), hash],
        )?;
        self.user(name)?
            .ok_or_else(|| UserError::NotFound(name.to_string()))
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>, UserError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
        let users = stmt
            .query_map([], user_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(users)
    }

    /// The user named `name`, if any.
    pub fn user(&self, name: &str) -> Result<Option<User>, UserError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
                [name],
                user_from_row,
            )
            .optional()?)
    }

    /// Sets a user's password; their sessions end.
    pub fn set_password(&self, name: &str, password: &str) -> Result<(), UserError> {
        let hash = hash_password(password)?;
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx.execute(
            "UPDATE users SET password_hash = ?2 WHERE name = ?1",
            params![name, hash],
        )?;
        if changed == 0 {
            return Err(UserError::NotFound(name.to_string()));
        }
        tx.execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
            [name],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Disables a user: they cannot log in, and their sessions end.
    pub fn disable_user(&self, name: &str) -> Result<(), UserError> {
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx.execute("UPDATE users SET disabled = 1 WHERE name = ?1", [name])?;
        if changed == 0 {
            return Err(UserError::NotFound(name.to_string()));
        }
        tx.execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
            [name],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The enabled user `name` if `password` is theirs. The password is checked
    /// by Argon2's constant-time verification; an unknown or disabled name is
    /// checked against a dummy hash, so it takes as long as a wrong password.
    pub fn verify_credentials(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<User>, UserError> {
        let found: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT password_hash, disabled FROM users WHERE name = ?1",
                [name],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let (hash, usable) = match &found {
            Some((hash, disabled)) => (hash.as_str(), *disabled == 0),
            None => (dummy_hash(), false),
        };
        let matches = PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        if matches && usable {
            self.user(name)
        } else {
            Ok(None)
        }
    }

    /// Starts a session for user `user_id` at `now` (Unix seconds).
    pub fn create_session(&self, user_id: i64, now: i64) -> Result<NewSession, UserError> {
        let token = random_hex(32)?;
        let csrf_token = random_hex(32)?;
        let expires_at = now + SESSION_ABSOLUTE_SECS;
        self.conn.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
            params![token_hash(&token), user_id, csrf_token, now, expires_at],
        )?;
        Ok(NewSession {
            token,
            csrf_token,
            expires_at,
        })
    }

    /// The live session of `token` at `now`, its `last_seen` moved to `now`;
    /// `None` for an unknown, expired (idle or absolute) or disabled user's session.
    pub fn session(&self, token: &str, now: i64) -> Result<Option<Session>, UserError> {
        let hash = token_hash(token);
        let found = self
            .conn
            .query_row(
                &format!(
                    "SELECT {cols}, s.csrf_token, s.expires_at FROM sessions AS s
                     JOIN users AS u ON u.id = s.user_id
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen + ?3 > ?2
                       AND u.disabled = 0",
                    cols = USER_COLUMNS
                        .split(", ")
                        .map(|c| format!("u.{c}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                params![hash, now, SESSION_IDLE_SECS],
                |row| {
                    Ok(Session {
                        user: user_from_row(row)?,
                        csrf_token: row.get(6)?,
                        expires_at: row.get(7)?,
                    })
                },
            )
            .optional()?;
        if found.is_some() {
            let touched = self.conn.execute(
                "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1 AND last_seen < ?2",
                params![hash, now],
            );
            match touched.map_err(StoreError::Sqlite) {
                // A database served read-only keeps its sessions as they are.
                Err(err) if !err.is_read_only() => return Err(err.into()),
                _ => {}
            }
        }
        Ok(found)
    }

    /// Ends the session of `token` (no error if there is none).
    pub fn delete_session(&self, token: &str) -> Result<(), UserError> {
        self.conn.execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            [token_hash(token)],
        )?;
        Ok(())
    }

    /// Deletes every session expired at `now`; returns how many.
    pub fn purge_expired_sessions(&self, now: i64) -> Result<usize, UserError> {
        Ok(self.conn.execute(
            "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen + ?2 <= ?1",
            params![now, SESSION_IDLE_SECS],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        Store::open_in_memory().expect("store")
    }

    #[test]
    fn users_are_added_listed_and_checked() {
        let store = store();
        let ada = store
            .add_user("ada", Some("Ada L."), Role::DemandPlanner, "correct horse")
            .expect("add");
        assert_eq!(ada.display_name, "Ada L.");
        assert_eq!(ada.role, Role::DemandPlanner);
        assert!(matches!(
            store.add_user("ada", None, Role::Viewer, "0123456789"),
            Err(UserError::Exists(_))
        ));
        assert!(matches!(
            store.add_user("bob", None, Role::Viewer, "short"),
            Err(UserError::PasswordTooShort)
        ));
        assert!(matches!(
            store.add_user("bad name", None, Role::Viewer, "0123456789"),
            Err(UserError::BadName(_))
        ));
        let hash: String = store
            .conn
            .query_row("SELECT password_hash FROM users", [], |row| row.get(0))
            .expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert_eq!(store.users().expect("list").len(), 1);
        assert_eq!(
            store
                .verify_credentials("ada", "correct horse")
                .expect("ok"),
            Some(ada.clone())
        );
        assert_eq!(
            store.verify_credentials("ada", "wrong horse").expect("ok"),
            None
        );
        assert_eq!(
            store
                .verify_credentials("eve", "correct horse")
                .expect("ok"),
            None
        );
        store.set_password("ada", "battery staple").expect("passwd");
        assert_eq!(
            store
                .verify_credentials("ada", "correct horse")
                .expect("ok"),
            None
        );
        assert!(
            store
                .verify_credentials("ada", "battery staple")
                .expect("ok")
                .is_some()
        );
        store.disable_user("ada").expect("disable");
        assert_eq!(
            store
                .verify_credentials("ada", "battery staple")
                .expect("ok"),
            None
        );
        assert!(matches!(
            store.disable_user("eve"),
            Err(UserError::NotFound(_))
        ));
    }

    #[test]
    fn sessions_expire_idle_and_absolute_and_store_only_the_token_hash() {
        let store = store();
        let user = store
            .add_user("ada", None, Role::Viewer, "correct horse")
            .expect("add");
        let t0 = 1_000_000;
        let new = store.create_session(user.id, t0).expect("session");
        assert_eq!(new.token.len(), 64);
        assert_eq!(new.csrf_token.len(), 64);
        let stored: String = store
            .conn
            .query_row("SELECT token_hash FROM sessions", [], |row| row.get(0))
            .expect("row");
        assert_ne!(stored, new.token);
        assert_eq!(stored, token_hash(&new.token));
        let live = store
            .session(&new.token, t0 + 60)
            .expect("ok")
            .expect("live");
        assert_eq!(live.user, user);
        assert_eq!(live.csrf_token, new.csrf_token);
        assert!(store.session("nope", t0).expect("ok").is_none());
        // Idle: 8 h after the last request.
        assert!(
            store
                .session(&new.token, t0 + 60 + SESSION_IDLE_SECS)
                .expect("ok")
                .is_none()
        );
        // Kept busy, it still ends 24 h after login.
        let busy = store.create_session(user.id, t0).expect("session");
        let mut now = t0;
        while now + 3600 < t0 + SESSION_ABSOLUTE_SECS {
            now += 3600;
            assert!(
                store.session(&busy.token, now).expect("ok").is_some(),
                "{now}"
            );
        }
        assert!(
            store
                .session(&busy.token, t0 + SESSION_ABSOLUTE_SECS)
                .expect("ok")
                .is_none()
        );
        assert_eq!(
            store
                .purge_expired_sessions(t0 + SESSION_ABSOLUTE_SECS)
                .expect("purge"),
            2
        );
        let other = store.create_session(user.id, t0).expect("session");
        store.delete_session(&other.token).expect("delete");
        assert!(store.session(&other.token, t0).expect("ok").is_none());
        // Disabling ends sessions.
        let last = store.create_session(user.id, t0).expect("session");
        store.disable_user("ada").expect("disable");
        assert!(store.session(&last.token, t0).expect("ok").is_none());
    }
}
