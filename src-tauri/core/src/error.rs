//! The core's one error type. Each variant is a situation a coordinator can act on; the
//! message says what happened and what to do, and `code()` gives the UI a stable word to
//! branch on (never the message text).

use std::path::PathBuf;

use crate::keystore::KeyStoreError;

/// Everything that can go wrong in the core, worded for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("there is no PeerDesk database in {0}: set one up first (`peerdesk init`)")]
    NoDatabase(PathBuf),

    #[error("a PeerDesk database already exists at {0}; it was left untouched")]
    AlreadyExists(PathBuf),

    #[error(
        "the key file {0} is missing, so the recovery passphrase cannot unlock the database; \
         restore the key file from a backup (the database was left untouched)"
    )]
    KeyFileMissing(PathBuf),

    #[error("the key file {path} is damaged or is not a PeerDesk key file ({reason})")]
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

    #[error("the database {path} is damaged ({detail}); it was left untouched: restore it from a backup")]
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

    #[error("{0}")]
    Invalid(String),

    /// A form with one message per field, so the window can show each beside its field.
    #[error("{}", .0.summary())]
    Fields(FieldErrors),

    #[error("the database refused the operation: {0}")]
    Database(#[from] rusqlite::Error),
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
            CoreError::Invalid(_) => "invalid",
            CoreError::Fields(_) => "invalid_fields",
            CoreError::Database(_) => "database",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Messages keyed by the field they are about, in the form's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_string(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// "email: … ; phone: …" for the command line and import rejections.
    pub fn summary(&self) -> String {
        self.0
            .iter()
            .map(|(field, message)| format!("{}: {message}", field.replace('_', " ")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
