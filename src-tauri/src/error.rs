//! The error that crosses IPC: a stable `code` the UI branches on and a `message` in words.

use peerdesk_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UiError {
    pub code: &'static str,
    pub message: String,
    /// For a form: [field, message] pairs, in the form's order, to show beside each field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
}

impl UiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        UiError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn locked() -> Self {
        UiError::new("locked", "PeerDesk is locked: unlock it first.")
    }
}

impl From<CoreError> for UiError {
    fn from(error: CoreError) -> Self {
        let fields = match &error {
            CoreError::Fields(errors) => errors.0.clone(),
            _ => Vec::new(),
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
        }
    }
}

pub type UiResult<T> = Result<T, UiError>;
