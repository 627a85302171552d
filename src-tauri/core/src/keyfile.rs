//! The key file beside the database: the data key wrapped by a key derived from the
//! recovery passphrase, so the passphrase unlocks the data whether or not the OS
//! credential store still holds the key. (The database cannot hold the key that opens it.)
//!
//! Format: a small JSON document. The Argon2id parameters, the salt and the store id are
//! bound to the ciphertext as associated data, so changing any of them fails to open just
//! as a wrong passphrase does. Nothing in it is secret without the passphrase.

use std::io::Write;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::secret::{DataKey, Passphrase};

const FORMAT: &str = "peerdesk-key-file";
const VERSION: u32 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;

/// Argon2id cost parameters, as stored in the key file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// 64 MiB, three passes, one lane: about a second on a workstation, which is the point.
    pub const RECOMMENDED: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kdf {
    algorithm: String,
    #[serde(flatten)]
    params: KdfParams,
    salt: String,
}

/// The parsed key file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    /// Names this database in the OS credential store.
    pub store_id: String,
    kdf: Kdf,
    cipher: String,
    nonce: String,
    wrapped_key: String,
}

impl KeyFile {
    /// Wraps `key` under `passphrase` with fresh salt and nonce.
    pub fn seal(
        store_id: &str,
        key: &DataKey,
        passphrase: &Passphrase,
        params: KdfParams,
    ) -> Result<Self> {
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            store_id: store_id.into(),
            kdf: Kdf {
                algorithm: "argon2id".into(),
                params,
                salt: BASE64.encode(salt),
            },
            cipher: "xchacha20poly1305".into(),
            nonce: BASE64.encode(nonce),
            wrapped_key: String::new(),
        };
        let wrapping_key = derive(passphrase, &salt, params)?;
        let cipher = XChaCha20Poly1305::new(wrapping_key.as_slice().into());
        let aad = file.associated_data();
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CoreError::Invalid("the data key could not be wrapped".into()))?;
        file.wrapped_key = BASE64.encode(sealed);
        Ok(file)
    }

    /// Unwraps the data key; a wrong passphrase (or any tampering) is `WrongPassphrase`.
    pub fn unwrap_key(&self, passphrase: &Passphrase) -> Result<DataKey> {
        let damaged =
            |reason: &str| CoreError::Invalid(format!("the key file is damaged: {reason}"));
        let salt = BASE64
            .decode(&self.kdf.salt)
            .map_err(|_| damaged("bad salt"))?;
        let nonce = BASE64
            .decode(&self.nonce)
            .map_err(|_| damaged("bad nonce"))?;
        let sealed = BASE64
            .decode(&self.wrapped_key)
            .map_err(|_| damaged("bad wrapped key"))?;
        if nonce.len() != NONCE_LEN {
            return Err(damaged("bad nonce length"));
        }
        let wrapping_key = derive(passphrase, &salt, self.kdf.params)?;
        let cipher = XChaCha20Poly1305::new(wrapping_key.as_slice().into());
        let aad = self.associated_data();
        let plain = cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &sealed,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CoreError::WrongPassphrase)?;
        let plain = Zeroizing::new(plain);
        DataKey::from_slice(&plain).ok_or_else(|| damaged("the wrapped key has the wrong length"))
    }

    /// Everything but the ciphertext, bound to it so that none of it can be changed.
    fn associated_data(&self) -> String {
        let p = self.kdf.params;
        format!(
            "{}:{}:{}:{}:{}:{}:{}:{}:{}",
            self.format,
            self.version,
            self.store_id,
            self.kdf.algorithm,
            p.memory_kib,
            p.iterations,
            p.parallelism,
            self.kdf.salt,
            self.cipher
        )
    }

    pub fn read(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CoreError::KeyFileMissing(path.to_path_buf()))
            }
            Err(e) => return Err(CoreError::io(path, e)),
        };
        let damaged = |reason: String| CoreError::KeyFileDamaged {
            path: path.to_path_buf(),
            reason,
        };
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(damaged(format!(
                "format {} version {}",
                file.format, file.version
            )));
        }
        if file.kdf.algorithm != "argon2id" || file.cipher != "xchacha20poly1305" {
            return Err(damaged(format!(
                "unknown algorithms {} / {}",
                file.kdf.algorithm, file.cipher
            )));
        }
        Ok(file)
    }

    /// Writes the file so that a crash leaves either the old file or the new one, whole:
    /// a temporary file in the same folder, flushed to disk, then renamed over the target.
    pub fn write_atomically(&self, path: &Path) -> Result<()> {
        let folder = path.parent().unwrap_or(Path::new("."));
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| CoreError::Invalid(format!("the key file could not be written: {e}")))?;
        let mut temp = tempfile::Builder::new()
            .prefix(".peerdesk-key-")
            .tempfile_in(folder)
            .map_err(|e| CoreError::io(folder, e))?;
        temp.write_all(text.as_bytes())
            .map_err(|e| CoreError::io(temp.path(), e))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| CoreError::io(temp.path(), e))?;
        temp.persist(path)
            .map_err(|e| CoreError::io(path, e.error))?;
        sync_folder(folder)
    }
}

/// Makes the rename itself durable (a no-op where folders cannot be opened as files).
fn sync_folder(folder: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = std::fs::File::open(folder).map_err(|e| CoreError::io(folder, e))?;
        dir.sync_all().map_err(|e| CoreError::io(folder, e))?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

fn derive(passphrase: &Passphrase, salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|e| {
        CoreError::Invalid(format!(
            "the key file's Argon2id parameters are unusable: {e}"
        ))
    })?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose().as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| CoreError::Invalid(format!("the passphrase could not be processed: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cheap parameters keep these unit tests fast; the integration tests use the real ones.
    const FAST: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn the_right_passphrase_unwraps_the_key() {
        let key = DataKey::generate();
        let file = KeyFile::seal("id", &key, &Passphrase::new("right one"), FAST).expect("seal");
        assert_eq!(
            file.unwrap_key(&Passphrase::new("right one"))
                .expect("unwrap"),
            key
        );
    }

    #[test]
    fn a_wrong_passphrase_is_reported_as_such() {
        let file = KeyFile::seal(
            "id",
            &DataKey::generate(),
            &Passphrase::new("right one"),
            FAST,
        )
        .expect("seal");
        let error = file
            .unwrap_key(&Passphrase::new("wrong one"))
            .expect_err("must fail");
        assert!(matches!(error, CoreError::WrongPassphrase), "got {error:?}");
    }

    #[test]
    fn lowering_the_stored_cost_breaks_the_file_instead_of_weakening_it() {
        let mut file =
            KeyFile::seal("id", &DataKey::generate(), &Passphrase::new("pw"), FAST).expect("seal");
        file.kdf.params.iterations = 2;
        assert!(matches!(
            file.unwrap_key(&Passphrase::new("pw")),
            Err(CoreError::WrongPassphrase)
        ));
    }

    #[test]
    fn the_file_round_trips_through_disk_and_holds_no_key_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("peerdesk.key");
        let key = DataKey::generate();
        KeyFile::seal("id", &key, &Passphrase::new("pw"), FAST)
            .expect("seal")
            .write_atomically(&path)
            .expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            !text.contains(&hex::encode(key.as_bytes())),
            "the raw key must not be in the file"
        );
        let again = KeyFile::read(&path).expect("parse");
        assert_eq!(
            again.unwrap_key(&Passphrase::new("pw")).expect("unwrap"),
            key
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_missing_or_garbled_file_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("peerdesk.key");
        assert!(matches!(
            KeyFile::read(&path),
            Err(CoreError::KeyFileMissing(_))
        ));
        std::fs::write(&path, "not json").expect("write");
        assert!(matches!(
            KeyFile::read(&path),
            Err(CoreError::KeyFileDamaged { .. })
        ));
    }
}
