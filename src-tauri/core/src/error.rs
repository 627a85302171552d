//! The core's one error type. Each variant is a situation a coordinator can act on; the
//! message says what happened and what to do, and `code()` gives the UI a stable word to
//! branch on (never the message text).

use std::path::{Path, PathBuf};

/// A file's name alone: the messages about the key file name it, not the folders above it
/// (a coordinator knows the data folder; a full path is developer text on their screen).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Everything that can go wrong in the core, worded for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("there is no PeerDesk database in {0}: set one up first (`peerdesk init`)")]
    NoDatabase(PathBuf),

    #[error("a PeerDesk database already exists at {0}; it was left untouched")]
    AlreadyExists(PathBuf),

    #[error(
        "the key file {} is missing from the data folder, so the recovery passphrase cannot \
         unlock the database (it was left untouched): restore the data from a backup",
        file_name(.0)
    )]
    KeyFileMissing(PathBuf),

    /// The parser's `reason` stays out of the message (it names JSON fields and columns, which
    /// nobody at the keyboard can act on); it is kept for a developer's `{:?}`.
    #[error(
        "the key file {} in the data folder is damaged or is not a PeerDesk key file",
        file_name(path)
    )]
    KeyFileDamaged { path: PathBuf, reason: String },

    #[error("{} already exists; it was left untouched: choose another name", .0.display())]
    FileExists(PathBuf),

    #[error("that passphrase does not unlock this database")]
    WrongPassphrase,

    #[error(
        "too many wrong passphrases in a row: wait {wait_seconds} seconds before the next try"
    )]
    TooManyAttempts { wait_seconds: u64 },

    #[error("PeerDesk is locked: type the recovery passphrase to open it")]
    Locked,

    #[error(
        "the key in the OS credential store no longer opens this database (it was restored \
         from elsewhere, or its key was changed): unlock it with the recovery passphrase, \
         which puts the right key back"
    )]
    StaleStoredKey,

    #[error(
        "{holder} has this data folder open: close it first, or wait for it with --wait SECONDS"
    )]
    FolderInUse { holder: String },

    #[error("{} cannot be written: {source}; nothing was left there", path.display())]
    CannotWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} cannot be restored: {reason}; nothing was changed", path.display())]
    BackupDamaged { path: PathBuf, reason: String },

    #[error(
        "{} already holds a PeerDesk store: restore into an empty folder, or replace it \
         (the store there is moved aside, not deleted)", .0.display()
    )]
    StoreExists(PathBuf),

    #[error(
        "the OS credential store holds no key for this database: unlock it with the recovery \
         passphrase"
    )]
    RecoveryNeeded,

    #[error("this database needs its passphrase to unlock ({0})")]
    PassphraseNeeded(String),

    #[error(
        "{0} is not a PeerDesk database, or it is damaged beyond reading; it was left untouched"
    )]
    NotAPeerDeskDatabase(PathBuf),

    #[error("the database {path} is damaged ({detail}); make no more changes and restore it from a backup")]
    Damaged { path: PathBuf, detail: String },

    #[error(
        "this database was written by a newer PeerDesk (schema {found}; this version knows up to \
         {known}); it was left untouched: install the newer PeerDesk to open it"
    )]
    NewerSchema { found: u32, known: u32 },

    #[error("the passphrase is too weak: {0}")]
    WeakPassphrase(String),

    #[error("{0}")]
    CredentialStore(#[from] KeyStoreError),

    #[error("the data folder cannot be used ({path}): {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The store cannot be used as it is, and no value the person typed is at fault (the
    /// reporting store gone, a key file or a kept key damaged, the database busy elsewhere).
    #[error("{0}")]
    Unusable(String),

    /// PeerDesk itself could not finish (a writer or an encoder failed): nothing the
    /// person typed is at fault, and nothing was left half done.
    #[error("{0}")]
    Internal(String),

    /// One value refused: the field it is about (when there is one), a stable code, words.
    #[error("{}", .0.message)]
    Invalid(FieldError),

    /// A form with one message per field, so the window can show each beside its field.
    #[error("{}", .0.summary())]
    Fields(FieldErrors),

    #[error("{}", database_words(.0))]
    Database(#[from] rusqlite::Error),

    /// The person pressed Cancel (or Ctrl-C) and the work stopped where it could: its
    /// transaction rolled back, its temporary files removed (see `work`).
    #[error("cancelled: nothing was changed")]
    Cancelled,
}

/// A page that fails its HMAC as it is read (SQLCipher checks each page it reads) is damage,
/// said as such, like the check of every page says it.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

fn database_words(error: &rusqlite::Error) -> String {
    if is_damage(error) {
        format!(
            "the database is damaged ({error}): make no more changes and restore it from a backup"
        )
    } else {
        format!("the database refused the operation: {error}")
    }
}

impl CoreError {
    /// A stable, machine-readable word for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::NoDatabase(_) => "needs_setup",
            CoreError::AlreadyExists(_) => "already_exists",
            CoreError::KeyFileMissing(_) => "key_file_missing",
            CoreError::KeyFileDamaged { .. } => "key_file_damaged",
            CoreError::FileExists(_) => "exists",
            CoreError::WrongPassphrase => "wrong_passphrase",
            CoreError::TooManyAttempts { .. } => "too_many_attempts",
            CoreError::Locked => "locked",
            CoreError::StaleStoredKey => "stale_stored_key",
            CoreError::FolderInUse { .. } => "folder_in_use",
            CoreError::CannotWrite { .. } => "cannot_write",
            CoreError::BackupDamaged { .. } => "backup_damaged",
            CoreError::StoreExists(_) => "store_exists",
            CoreError::RecoveryNeeded => "recovery_needed",
            CoreError::PassphraseNeeded(_) => "passphrase_needed",
            CoreError::NotAPeerDeskDatabase(_) => "not_peerdesk",
            CoreError::Damaged { .. } => "damaged",
            CoreError::NewerSchema { .. } => "newer_schema",
            CoreError::WeakPassphrase(_) => "weak_passphrase",
            CoreError::CredentialStore(_) => "credential_store",
            CoreError::Io { .. } => "io",
            CoreError::Internal(_) => "internal",
            CoreError::Unusable(_) => "unusable",
            CoreError::Invalid(invalid) => invalid.code.as_str(),
            CoreError::Fields(_) => "invalid_fields",
            CoreError::Database(e) if is_damage(e) => "damaged",
            CoreError::Database(_) => "database",
            CoreError::Cancelled => "cancelled",
        }
    }

    /// Whose move it is: the person's (a value, a file, a passphrase), the store's (it cannot
    /// be used as it is), or the system's (a write refused). The command line's exit code.
    pub fn trouble(&self) -> Trouble {
        match self {
            CoreError::NoDatabase(_)
            | CoreError::KeyFileMissing(_)
            | CoreError::KeyFileDamaged { .. }
            | CoreError::TooManyAttempts { .. }
            | CoreError::FolderInUse { .. }
            | CoreError::NotAPeerDeskDatabase(_)
            | CoreError::Damaged { .. }
            | CoreError::NewerSchema { .. }
            | CoreError::CredentialStore(_)
            | CoreError::Unusable(_)
            | CoreError::Database(_) => Trouble::Store,
            CoreError::CannotWrite { .. } | CoreError::Io { .. } | CoreError::Internal(_) => {
                Trouble::System
            }
            CoreError::AlreadyExists(_)
            | CoreError::FileExists(_)
            | CoreError::WrongPassphrase
            | CoreError::Locked
            | CoreError::StaleStoredKey
            | CoreError::BackupDamaged { .. }
            | CoreError::StoreExists(_)
            | CoreError::RecoveryNeeded
            | CoreError::PassphraseNeeded(_)
            | CoreError::WeakPassphrase(_)
            | CoreError::Invalid(_)
            | CoreError::Fields(_)
            | CoreError::Cancelled => Trouble::Input,
        }
    }

    /// The store is there and sound, and only a passphrase opens it now (locked, no key in
    /// the credential store, a stale one, or no credential store at all): the unlock screen,
    /// or the command line's prompt.
    pub fn needs_passphrase(&self) -> bool {
        matches!(
            self,
            CoreError::Locked
                | CoreError::RecoveryNeeded
                | CoreError::StaleStoredKey
                | CoreError::PassphraseNeeded(_)
        )
    }

    /// `field`'s value is refused for `code`: `message` says why and what to type instead.
    pub fn invalid(field: &str, code: Problem, message: impl Into<String>) -> Self {
        CoreError::Invalid(FieldError {
            field: Some(field.to_string()),
            code,
            message: message.into(),
        })
    }

    /// A request refused as a whole (no one field is wrong: a closed request, a missing file).
    pub fn refused(code: Problem, message: impl Into<String>) -> Self {
        CoreError::Invalid(FieldError {
            field: None,
            code,
            message: message.into(),
        })
    }

    /// The refused values, each with its field, for a form or `--json`: one for `Invalid`,
    /// all of them for `Fields`, none for any other error.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            CoreError::Invalid(one) => vec![one.clone()],
            CoreError::Fields(all) => all.0.clone(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Whose move an error is (see `CoreError::trouble`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trouble {
    /// The person can fix it: a value, a flag, a file, a passphrase.
    Input,
    /// The store cannot be used as it is: missing, damaged, newer, in use, locked out.
    Store,
    /// The system refused: a write failed (a full disk, no permission).
    System,
}

/// What is wrong with a value, as a stable word the window and scripts branch on (the words
/// for the coordinator are the message's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Nothing was given where something must be.
    Required,
    /// The shape is wrong: a date, an email, a phone number, a colour, a number.
    Format,
    /// A number, a date or a period outside what the program allows.
    OutOfRange,
    /// Longer than the field holds.
    TooLong,
    /// Not one of the choices, or no such record.
    Unknown,
    /// A choice the program retired: kept for the history, no longer offered.
    Retired,
    /// Already there, and there may be only one.
    Duplicate,
    /// Not allowed in the record's present state (a closed request, a folder in use).
    NotAllowed,
    /// A file that cannot be read as asked (an import, a logo).
    Unreadable,
    /// Typed twice, and the two differ (a new passphrase and its confirmation).
    Mismatch,
}

impl Problem {
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::Format => "format",
            Problem::OutOfRange => "out_of_range",
            Problem::TooLong => "too_long",
            Problem::Unknown => "unknown",
            Problem::Retired => "retired",
            Problem::Duplicate => "duplicate",
            Problem::NotAllowed => "not_allowed",
            Problem::Unreadable => "unreadable",
            Problem::Mismatch => "mismatch",
        }
    }
}

/// One refused value: the field it is about, as the form and the command line name it
/// (none when the request as a whole is refused), a stable code and the words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub code: Problem,
    pub message: String,
}

/// Messages keyed by the field they are about, in the form's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, code: Problem, message: impl Into<String>) {
        self.0.push(FieldError {
            field: Some(field.to_string()),
            code,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `field` already has a message.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field.as_deref() == Some(field))
    }

    /// "email: … ; phone: …" for the command line and import rejections.
    pub fn summary(&self) -> String {
        self.0
            .iter()
            .map(|e| match &e.field {
                Some(field) => format!("{}: {}", field.replace('_', " "), e.message),
                None => e.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Why the OS credential store could not give or take a key.
#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    #[error("the OS credential store is locked or refused access ({0})")]
    Locked(String),
    #[error("no OS credential store answers ({0})")]
    Unavailable(String),
    #[error("the OS credential store holds something unreadable for this database ({0})")]
    Unreadable(String),
}
