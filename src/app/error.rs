//! What a use case can refuse, in terms the web edge turns into HTTP answers.

use crate::domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("wrong code, {attempts_left} attempts left")]
    InvalidCode { attempts_left: u32 },
    #[error("code expired")]
    CodeExpired,
    /// The second step of a sign-in was not taken in time (or was taken already).
    #[error("sign-in expired")]
    SignInExpired,
    #[error("too many wrong codes")]
    TooManyAttempts,
    #[error("resend too early")]
    ResendTooEarly { retry_after: i64 },
    #[error("too many codes sent")]
    TooManySends,
    #[error("SMS limit reached")]
    SmsLimit { retry_after: i64, limit: SmsLimit },
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("locked")]
    Locked { retry_after: i64 },
    #[error("rate limited")]
    RateLimited { retry_after: i64 },
    /// The message gives the support line and address, so the person knows whom to ask.
    #[error("account blocked")]
    AccountBlocked { phone: String, email: String },
    #[error("already confirmed")]
    AlreadyConfirmed,
    #[error("this change is not allowed in the ticket's status")]
    InvalidTransition,
    #[error("a file is larger than {max_bytes} bytes")]
    PayloadTooLarge { max_bytes: u64 },
    #[error("the text of {field} is longer than {max_bytes} bytes")]
    TextTooLarge { field: &'static str, max_bytes: u64 },
    #[error("not allowed for this role")]
    Forbidden,
    /// A new version of a document awaits the customer's acceptance.
    #[error("documents not accepted")]
    DocumentsPending,
    #[error("changed by someone else meanwhile")]
    Conflict,
    /// A reply about to go out has not seen the public replies these people sent meanwhile.
    #[error("answered meanwhile by {by:?}")]
    AnsweredMeanwhile { by: Vec<String> },
    #[error("not signed in")]
    Unauthorized,
    #[error("the client stopped sending the request")]
    RequestTimeout,
    #[error("cross-site request refused")]
    CrossSite,
    #[error("not found")]
    NotFound,
    /// The database cannot be reached or is overloaded: worth trying again in a minute.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The attachment store (the bucket) cannot be reached: files are neither kept nor read.
    #[error("attachment store unavailable: {0}")]
    StorageUnavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &'static str, code: &'static str) -> Self {
        AppError::Validation(vec![FieldError::new(field, code)])
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Validation(vec![e])
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if is_outage(&e) {
            AppError::Unavailable(format!("database: {e}"))
        } else {
            AppError::Internal(format!("database: {e}"))
        }
    }
}

/// Errors that say the database is out of reach or out of breath, not that a request was wrong:
/// no connection in time, a broken connection, a server shutting down or refusing connections,
/// SQLite's file locked past the busy timeout.
fn is_outage(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // PostgreSQL: connection exceptions (08…), operator intervention (57P01–57P05),
            // insufficient resources (53…, a full disk among them). SQLite: SQLITE_BUSY (5),
            // SQLITE_LOCKED (6), SQLITE_FULL (13): nothing was written, worth trying again later.
            code.starts_with("08")
                || code.starts_with("57P")
                || code.starts_with("53")
                || code == "5"
                || code == "6"
                || code == "13"
        }
        _ => false,
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Collects field errors so that a form shows all its problems at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

impl From<crate::files::FileError> for AppError {
    fn from(e: crate::files::FileError) -> Self {
        match e {
            crate::files::FileError::Unavailable(cause) => AppError::StorageUnavailable(cause),
            // A row whose file is gone is ours to answer for, not the caller's.
            crate::files::FileError::NotFound => AppError::Internal("a stored file is missing".into()),
            crate::files::FileError::Io(e) => AppError::from_file_io("attachment store", e),
        }
    }
}

impl AppError {
    /// A disk that is full answers like a bucket out of reach — files not kept, try again
    /// later — and the log says which; any other I/O failure is ours.
    pub fn from_file_io(what: &str, e: std::io::Error) -> AppError {
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                AppError::StorageUnavailable(format!("{what}: the disk is full ({e})"))
            }
            _ => AppError::Internal(format!("{what}: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_an_outage_of_the_store_not_our_fault() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(AppError::from_file_io("receiving a file", full), AppError::StorageUnavailable(_)));
        let other = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(matches!(AppError::from_file_io("receiving a file", other), AppError::Internal(_)));
        let gone = crate::files::FileError::Io(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(matches!(AppError::from(gone), AppError::StorageUnavailable(_)));
    }
}

/// Which SMS budget ran out, with its size: the message says which and when it resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsLimit {
    /// SMS to one number in a day.
    PerPhone(u32),
    /// SMS asked for from one address in a day.
    PerAddress(u32),
    /// SMS of the whole portal in an hour (the pumping ceiling).
    Hourly,
}
