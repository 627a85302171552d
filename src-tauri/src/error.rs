//! The error that crosses IPC: a stable `code` the UI branches on and a `message` in words.

use peerdesk_core::CoreError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UiError {
    pub code: &'static str,
    pub message: String,
}

impl UiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        UiError {
            code,
            message: message.into(),
        }
    }

    pub fn locked() -> Self {
        UiError::new("locked", "PeerDesk is locked: unlock it first.")
    }
}

impl From<CoreError> for UiError {
    fn from(error: CoreError) -> Self {
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
        }
    }
}

pub type UiResult<T> = Result<T, UiError>;
