//! How every subcommand prints: text or JSON to `out`; and how it fails: a typed `Failure`
//! whose class gives the exit code and whose code and field go into `--json` errors.

use std::io::Write;

use peerdesk_core::error::{FieldError, Problem, Trouble};
use peerdesk_core::CoreError;

pub type Outcome = Result<(), Failure>;

/// Why a command stopped, and so its exit code (documented in `peerdesk --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 1: the person at the keyboard can fix it: a value, a flag, a file, a passphrase.
    Input,
    /// 2: the store cannot be opened or used as it is: missing, damaged, newer, in use, or
    /// the credential store is unreachable.
    Store,
    /// 3: the system refused (a file or the output could not be written), or PeerDesk
    /// itself failed.
    System,
}

impl Class {
    pub fn exit_code(self) -> i32 {
        match self {
            Class::Input => 1,
            Class::Store => 2,
            Class::System => 3,
        }
    }
}

/// The exit codes, as `peerdesk --help` prints them.
pub const EXIT_CODES: &str = "Exit codes: 0 done; 1 refused input you can fix (a value, a flag, a file, a passphrase); \
2 the store cannot be used as it is (missing, locked out, damaged, newer, in use, credential store unreachable); \
3 the system refused (a full disk, no permission) or PeerDesk itself failed. A command that prints JSON \
(--json) prints its failure on stderr as JSON too: {\"error\": {\"exit\", \"code\", \"field\", \"message\"}}.";

/// A command's failure: its class, a stable code, the field at fault when there is one, and
/// the words.
#[derive(Debug, Clone)]
pub struct Failure {
    pub class: Class,
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl Failure {
    /// Something the person can fix, with no one field at fault.
    pub fn input(code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            class: Class::Input,
            code,
            field: None,
            message: message.into(),
        }
    }

    /// A value of `field` (as the flag names it) refused for `problem`.
    pub fn field(field: &str, problem: Problem, message: impl Into<String>) -> Self {
        Failure {
            class: Class::Input,
            code: problem.as_str(),
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    /// The store is not as it should be (a broken audit chain).
    pub fn store(code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            class: Class::Store,
            code,
            field: None,
            message: message.into(),
        }
    }

    /// The output or a file could not be written.
    pub fn system(message: impl Into<String>) -> Self {
        Failure {
            class: Class::System,
            code: "cannot_write",
            field: None,
            message: message.into(),
        }
    }

    /// The same failure, its message led by what it is about ("retention_days: …").
    pub fn about(mut self, subject: &str) -> Self {
        self.message = format!("{subject}: {}", self.message);
        self
    }

    /// Prints the failure on `err`: one line, or with `--json` one JSON object.
    pub fn report(&self, err: &mut dyn Write, as_json: bool) -> i32 {
        let exit = self.class.exit_code();
        if as_json {
            let body = serde_json::json!({ "error": { "exit": exit, "code": self.code, "field": self.field, "message": self.message } });
            let _ = writeln!(err, "{body}");
        } else {
            let _ = writeln!(err, "peerdesk: {}", self.message);
        }
        exit
    }
}

impl From<CoreError> for Failure {
    fn from(error: CoreError) -> Self {
        let class = match error.trouble() {
            Trouble::Input => Class::Input,
            Trouble::Store => Class::Store,
            Trouble::System => Class::System,
        };
        let field = match error.field_errors().as_slice() {
            [FieldError { field, .. }] => field.clone(),
            _ => None,
        };
        Failure {
            class,
            code: error.code(),
            field,
            message: error.to_string(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::system(format!("could not write the output: {error}"))
    }
}

pub fn emit(out: &mut dyn Write, text: &str) -> Outcome {
    Ok(out.write_all(text.as_bytes())?)
}

pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> Outcome {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::system(format!("could not write the JSON: {e}")))?;
    emit(out, &format!("{text}\n"))
}
