//! Secrets in memory: the database key and the passphrase. Neither prints in `Debug`, neither
//! serializes, and both are wiped when dropped.

use std::fmt;

use rand::RngCore;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The 32 random bytes that SQLCipher uses as its raw key.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl DataKey {
    pub const LEN: usize = 32;

    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::LEN];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        DataKey(bytes)
    }

    /// A key from bytes read back from a store; `None` unless exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let array: [u8; Self::LEN] = bytes.try_into().ok()?;
        Some(DataKey(array))
    }

    pub fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    /// The statement that hands this key to SQLCipher as a raw key (no KDF of its own).
    pub(crate) fn sqlcipher_key_statement(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "PRAGMA key = \"{}\";",
            self.sqlcipher_key_literal().as_str()
        ))
    }

    /// The statement that re-encrypts an open database under this key.
    pub(crate) fn sqlcipher_rekey_statement(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "PRAGMA rekey = \"{}\";",
            self.sqlcipher_key_literal().as_str()
        ))
    }

    /// SQLCipher's raw-key form, `x'<64 hex digits>'`, as a value (for `ATTACH … KEY ?`).
    pub(crate) fn sqlcipher_key_literal(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0));
        Zeroizing::new(format!("x'{}'", hex.as_str()))
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// A passphrase typed by the coordinator or read from a file or the environment.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Self {
        Passphrase(text.into())
    }

    /// A passphrase read from a file: a single trailing line break (as editors and `echo`
    /// add) is not part of it; anything else is.
    pub fn from_file_contents(mut text: String) -> Self {
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Passphrase(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let key = DataKey::generate();
        let printed = format!("{key:?} {:?}", Passphrase::new("correct horse"));
        assert!(
            !printed.contains(&hex::encode(key.as_bytes())),
            "key bytes leaked: {printed}"
        );
        assert!(
            !printed.contains("correct horse"),
            "passphrase leaked: {printed}"
        );
    }

    #[test]
    fn a_passphrase_file_loses_only_its_final_line_break() {
        let cases = [
            ("pw\n", "pw"),
            ("pw\r\n", "pw"),
            ("pw", "pw"),
            (" pw \n\n", " pw \n"),
        ];
        for (file, expected) in cases {
            let passphrase = Passphrase::from_file_contents(file.to_string());
            assert_eq!(passphrase.expose(), expected, "for file contents {file:?}");
        }
    }

    #[test]
    fn a_data_key_needs_exactly_32_bytes() {
        assert!(DataKey::from_slice(&[7; 32]).is_some(), "32 bytes is a key");
        assert!(DataKey::from_slice(&[7; 31]).is_none(), "31 bytes is not");
        assert!(DataKey::from_slice(&[7; 33]).is_none(), "33 bytes is not");
    }
}
