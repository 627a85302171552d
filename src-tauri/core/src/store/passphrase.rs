//! How strong a recovery passphrase is, in words a coordinator can act on. The recovery
//! passphrase is the last line of defence for the data (and the only key on a machine
//! without a credential store), so setup refuses weak ones.

use serde::Serialize;

use crate::error::{CoreError, Problem, Result};
use crate::store::secret::Passphrase;

/// The shortest passphrase setup accepts, whatever its estimated strength.
pub const MIN_CHARS: usize = 12;
/// The least zxcvbn score (0-4) setup accepts: "safely unguessable" for offline attacks
/// is 4, but with Argon2id at a second per guess 3 is already very costly to guess.
pub const MIN_SCORE: u8 = 3;

/// Feedback for the setup screen, recomputed as the coordinator types.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Strength {
    /// 0 (trivial) to 4 (very strong).
    pub score: u8,
    pub acceptable: bool,
    /// One sentence on what is wrong, if anything.
    pub warning: Option<String>,
    pub suggestions: Vec<String>,
}

/// A new passphrase typed twice: the first, when the second is the same; the field at fault
/// is the confirmation.
pub fn confirmed(typed: Passphrase, again: &Passphrase) -> Result<Passphrase> {
    if typed.expose() != again.expose() {
        return Err(CoreError::invalid(
            "confirmation",
            Problem::Mismatch,
            "the two passphrases differ: type the same passphrase twice",
        ));
    }
    Ok(typed)
}

/// Estimates the strength of a candidate recovery passphrase.
pub fn assess(passphrase: &Passphrase) -> Strength {
    let text = passphrase.expose();
    let chars = text.chars().count();
    if chars == 0 {
        return Strength {
            score: 0,
            acceptable: false,
            warning: Some("Choose a recovery passphrase.".into()),
            suggestions: vec![format!(
                "Use at least {MIN_CHARS} characters: four or five unrelated words work well."
            )],
        };
    }
    let estimate = zxcvbn::zxcvbn(text, &["peerdesk", "peer", "support"]);
    let score = u8::from(estimate.score());
    let feedback = estimate.feedback();
    let mut warning = feedback.and_then(|f| f.warning()).map(|w| w.to_string());
    let mut suggestions: Vec<String> = feedback
        .map(|f| f.suggestions().iter().map(|s| s.to_string()).collect())
        .unwrap_or_default();
    if chars < MIN_CHARS {
        warning.get_or_insert_with(|| format!("It is shorter than {MIN_CHARS} characters."));
        suggestions.insert(
            0,
            format!("Use at least {MIN_CHARS} characters ({chars} so far)."),
        );
    } else if score < MIN_SCORE && suggestions.is_empty() {
        suggestions.push("Add another word or two that are not related to each other.".into());
    }
    Strength {
        score,
        acceptable: chars >= MIN_CHARS && score >= MIN_SCORE,
        warning,
        suggestions,
    }
}

/// Refuses a passphrase that `assess` does not accept, saying why.
pub fn require_acceptable(passphrase: &Passphrase) -> Result<()> {
    let strength = assess(passphrase);
    if strength.acceptable {
        return Ok(());
    }
    let mut reason = strength
        .warning
        .unwrap_or_else(|| "it is easy to guess.".into());
    if let Some(first) = strength.suggestions.first() {
        reason.push(' ');
        reason.push_str(first);
    }
    Err(CoreError::WeakPassphrase(reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_common_passphrases_are_refused_with_a_reason() {
        for weak in ["", "password", "peerdesk2026", "aaaaaaaaaaaaaaaa"] {
            let strength = assess(&Passphrase::new(weak));
            assert!(!strength.acceptable, "{weak:?} must not be acceptable");
            assert!(
                strength.warning.is_some() || !strength.suggestions.is_empty(),
                "{weak:?} must come with advice"
            );
        }
    }

    #[test]
    fn several_unrelated_words_are_accepted() {
        let strength = assess(&Passphrase::new("lantern orbit cedar mosaic"));
        assert!(strength.acceptable, "got {strength:?}");
        assert!(
            require_acceptable(&Passphrase::new("lantern orbit cedar mosaic")).is_ok(),
            "four unrelated words pass the strength check"
        );
    }

    #[test]
    fn refusal_says_what_to_fix() {
        let error = require_acceptable(&Passphrase::new("short")).expect_err("too short");
        assert!(
            error.to_string().contains("12 characters"),
            "message: {error}"
        );
    }
}
