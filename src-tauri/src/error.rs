//! The error that crosses IPC: a stable `code` the UI branches on and a `message` in words,
//! and for a refused value the field it is about (`{field, code, message}`), so the window
//! puts the message beside that field.

use peerdesk_core::error::FieldError;
use peerdesk_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UiError {
    pub code: &'static str,
    pub message: String,
    /// For a form: each refused value with its field and code, in the form's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// After many wrong passphrases: seconds before the next try is taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_seconds: Option<u64>,
}

impl UiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        UiError {
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_in_seconds: None,
        }
    }

    /// The same error, saying how long the next passphrase must wait.
    pub fn retry_in(mut self, seconds: Option<u64>) -> Self {
        self.retry_in_seconds = seconds.or(self.retry_in_seconds);
        self
    }

    pub fn locked() -> Self {
        UiError::new("locked", "PeerDesk is locked: unlock it first.")
    }

    /// Refused in reporting mode: the reporting passphrase opens reports, the export and the
    /// flyer only.
    pub fn reporting_mode() -> Self {
        UiError::new(
            "reporting_mode",
            "Reporting access opens Reports, the de-identified export and the flyer only: the coordinator does the rest.",
        )
    }
}

impl From<CoreError> for UiError {
    fn from(error: CoreError) -> Self {
        // A refusal that names no field is the message itself, shown as a whole.
        let fields: Vec<FieldError> = error
            .field_errors()
            .into_iter()
            .filter(|e| e.field.is_some())
            .collect();
        let retry_in_seconds = match &error {
            CoreError::TooManyAttempts { wait_seconds } => Some(*wait_seconds),
            _ => None,
        };
        let mut message = error.to_string();
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..];
        }
        if !message.ends_with('.') {
            message.push('.');
        }
        UiError {
            code: error.code(),
            message,
            fields,
            retry_in_seconds,
        }
    }
}

pub type UiResult<T> = Result<T, UiError>;

/// A form's check as the window shows it while typing: the refused values, field by field
/// (none when the form is fine); any other failure stays an error.
pub fn problems<T>(checked: Result<T, CoreError>) -> UiResult<Vec<FieldError>> {
    match checked {
        Ok(_) => Ok(Vec::new()),
        Err(CoreError::Fields(errors)) => Ok(errors.0),
        Err(other) => Err(other.into()),
    }
}
