//! How every subcommand prints: text or JSON to `out`; the one-line failure is returned.

use std::io::Write;

pub type Outcome = Result<(), String>;

pub fn emit(out: &mut dyn Write, text: &str) -> Outcome {
    out.write_all(text.as_bytes())
        .map_err(|e| format!("could not write the output: {e}"))
}

pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> Outcome {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    emit(out, &format!("{text}\n"))
}
