//! The key file beside the database: the data key wrapped by a key derived from the
//! recovery passphrase, so the passphrase unlocks the data whether or not the OS
//! credential store still holds the key. (The database cannot hold the key that opens it.)
//!
//! Format: a small JSON document. The Argon2id parameters, the salt and the store id are
//! bound to the ciphertext as associated data, so changing any of them fails to open just
//! as a wrong passphrase does. Nothing in it is secret without the passphrase.
//!
//! While the data key is being rotated, the file also holds the next key (`pending`),
//! wrapped the same way: exactly one of the two opens the database at any instant, and the
//! store tries them in that order (see `store::rotation`).

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{CoreError, Problem, Result};
use crate::files::disk::{self, Publish};
use crate::store::secret::{DataKey, Passphrase};

const FORMAT: &str = "peerdesk-key-file";
const VERSION: u32 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
/// The most a key file may ask of Argon2id: 1 GiB, 16 passes, 8 lanes (PeerDesk writes 256 MiB,
/// 3 passes, 1 lane).
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_ITERATIONS: u32 = 16;
const MAX_PARALLELISM: u32 = 8;

/// Argon2id cost parameters, as stored in the key file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// 256 MiB, three passes, one lane: about 0.6 s on the 2-core machines PeerDesk is measured
    /// on (docs/performance.md), longer on an older workstation, which is the point: every guess
    /// at the passphrase costs that much, and that much memory. (64 MiB took 0.16 s.) A key file
    /// keeps the parameters it was written with until the passphrase is changed.
    pub const RECOMMENDED: KdfParams = KdfParams {
        memory_kib: 256 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// 8 MiB, one pass: what the test suites' fixtures write with `PEERDESK_LIGHT_KDF=1` (see
    /// [`KdfParams::for_new_keys`]). Never written by a release build.
    pub const LIGHT_FOR_TESTS: KdfParams = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 1,
        parallelism: 1,
    };

    /// What a new key file (setup, a changed passphrase, a reporting passphrase) is written
    /// with: [`KdfParams::RECOMMENDED`]. A debug build run with `PEERDESK_LIGHT_KDF=1` writes
    /// [`KdfParams::LIGHT_FOR_TESTS`] instead: the integration tests open a store through the
    /// passphrase several hundred times, and at 256 MiB that was most of their time in CI. The
    /// tests of the cost itself, the desktop tests and every release build use the real one;
    /// a key file keeps the parameters it was written with either way.
    pub fn for_new_keys() -> KdfParams {
        Self::for_new_keys_given(
            cfg!(debug_assertions),
            std::env::var(LIGHT_KDF_VARIABLE).ok().as_deref(),
        )
    }

    fn for_new_keys_given(debug_build: bool, light: Option<&str>) -> KdfParams {
        if debug_build && light == Some("1") {
            KdfParams::LIGHT_FOR_TESTS
        } else {
            KdfParams::RECOMMENDED
        }
    }
}

/// The environment variable that lightens the Argon2id cost of new key files in a debug build.
pub const LIGHT_KDF_VARIABLE: &str = "PEERDESK_LIGHT_KDF";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kdf {
    algorithm: String,
    #[serde(flatten)]
    params: KdfParams,
    salt: String,
}

/// One wrapped key: its nonce and the ciphertext with its tag.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Wrapped {
    nonce: String,
    wrapped_key: String,
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
    #[serde(flatten)]
    current: Wrapped,
    /// The next data key while a rotation is under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending: Option<Wrapped>,
}

/// The keys a key file holds, unwrapped with the right passphrase.
pub struct Unwrapped {
    pub current: DataKey,
    /// The key a rotation was moving to, if one was under way.
    pub pending: Option<DataKey>,
    /// Seals new key files under the same passphrase without deriving it again.
    pub sealer: Sealer,
}

/// The key derived from the recovery passphrase, with the salt and cost it was derived
/// with: wraps data keys into new key files (a rotation) in milliseconds.
pub struct Sealer {
    store_id: String,
    params: KdfParams,
    salt: String,
    wrapping_key: Zeroizing<[u8; 32]>,
}

impl Sealer {
    /// Derives the wrapping key from `passphrase` with a fresh salt (setup, a new passphrase).
    pub fn new(store_id: &str, passphrase: &Passphrase, params: KdfParams) -> Result<Sealer> {
        let mut salt = [0u8; SALT_LEN];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        Ok(Sealer {
            store_id: store_id.into(),
            params,
            salt: BASE64.encode(salt),
            wrapping_key: derive(passphrase, &salt, params)?,
        })
    }

    /// A key file holding `current` and, during a rotation, `pending`.
    pub fn seal(&self, current: &DataKey, pending: Option<&DataKey>) -> Result<KeyFile> {
        let mut file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            store_id: self.store_id.clone(),
            kdf: Kdf {
                algorithm: "argon2id".into(),
                params: self.params,
                salt: self.salt.clone(),
            },
            cipher: "xchacha20poly1305".into(),
            current: Wrapped {
                nonce: String::new(),
                wrapped_key: String::new(),
            },
            pending: None,
        };
        file.current = self.wrap(current, &file.associated_data(Slot::Current))?;
        if let Some(next) = pending {
            file.pending = Some(self.wrap(next, &file.associated_data(Slot::Pending))?);
        }
        Ok(file)
    }

    fn wrap(&self, key: &DataKey, aad: &str) -> Result<Wrapped> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = XChaCha20Poly1305::new(self.wrapping_key.as_slice().into());
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CoreError::Internal("the data key could not be wrapped".into()))?;
        Ok(Wrapped {
            nonce: BASE64.encode(nonce),
            wrapped_key: BASE64.encode(sealed),
        })
    }
}

#[derive(Clone, Copy)]
enum Slot {
    Current,
    Pending,
}

impl KeyFile {
    /// Wraps `key` under `passphrase` with fresh salt and nonce.
    pub fn seal(
        store_id: &str,
        key: &DataKey,
        passphrase: &Passphrase,
        params: KdfParams,
    ) -> Result<Self> {
        Sealer::new(store_id, passphrase, params)?.seal(key, None)
    }

    /// Unwraps the data key (and a rotation's next key); a wrong passphrase, or any
    /// tampering, is `WrongPassphrase`.
    pub fn unwrap_keys(&self, passphrase: &Passphrase) -> Result<Unwrapped> {
        let salt = BASE64
            .decode(&self.kdf.salt)
            .map_err(|_| damaged("bad salt"))?;
        let wrapping_key = derive(passphrase, &salt, self.kdf.params)?;
        let current = self.unwrap_one(&self.current, &wrapping_key, Slot::Current)?;
        let pending = self
            .pending
            .as_ref()
            .map(|wrapped| self.unwrap_one(wrapped, &wrapping_key, Slot::Pending))
            .transpose()?;
        Ok(Unwrapped {
            current,
            pending,
            sealer: Sealer {
                store_id: self.store_id.clone(),
                params: self.kdf.params,
                salt: self.kdf.salt.clone(),
                wrapping_key,
            },
        })
    }

    /// Whether a rotation of the data key was under way when this file was written.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some()
    }

    fn unwrap_one(
        &self,
        wrapped: &Wrapped,
        wrapping_key: &[u8; 32],
        slot: Slot,
    ) -> Result<DataKey> {
        let nonce = BASE64
            .decode(&wrapped.nonce)
            .map_err(|_| damaged("bad nonce"))?;
        let sealed = BASE64
            .decode(&wrapped.wrapped_key)
            .map_err(|_| damaged("bad wrapped key"))?;
        if nonce.len() != NONCE_LEN {
            return Err(damaged("bad nonce length"));
        }
        let cipher = XChaCha20Poly1305::new(wrapping_key.as_slice().into());
        let aad = self.associated_data(slot);
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

    /// Everything but the ciphertext, bound to it so that none of it can be changed; the
    /// slot keeps the current and the pending key from being swapped.
    fn associated_data(&self, slot: Slot) -> String {
        let p = self.kdf.params;
        let slot = match slot {
            Slot::Current => "",
            Slot::Pending => ":pending",
        };
        format!(
            "{}:{}:{}:{}:{}:{}:{}:{}:{}{slot}",
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
        Self::parse(&text).map_err(|reason| CoreError::KeyFileDamaged {
            path: path.to_path_buf(),
            reason,
        })
    }

    /// Reads a key file's text (from the data folder or a backup); the reason when it is not one.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let file: KeyFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(format!("format {} version {}", file.format, file.version));
        }
        if file.kdf.algorithm != "argon2id" || file.cipher != "xchacha20poly1305" {
            return Err(format!(
                "unknown algorithms {} / {}",
                file.kdf.algorithm, file.cipher
            ));
        }
        // A file (or a backup) made to stall or exhaust the computer before the passphrase is
        // even checked: costs far beyond any PeerDesk writes are refused.
        let p = file.kdf.params;
        if !(8..=MAX_MEMORY_KIB).contains(&p.memory_kib)
            || !(1..=MAX_ITERATIONS).contains(&p.iterations)
            || !(1..=MAX_PARALLELISM).contains(&p.parallelism)
        {
            return Err(format!(
                "its Argon2id cost is out of bounds ({} KiB, {} passes, {} lanes)",
                p.memory_kib, p.iterations, p.parallelism
            ));
        }
        Ok(file)
    }

    /// The file as it is written to disk.
    pub fn to_text(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map_err(|e| CoreError::Internal(format!("the key file could not be written: {e}")))
    }

    /// Writes the file so that a crash leaves either the old file or the new one, whole.
    pub fn write_atomically(&self, path: &Path) -> Result<()> {
        disk::write_whole(path, self.to_text()?.as_bytes(), Publish::Replace)
    }

    /// Writes the file where none exists yet (setup, restore): never over another store's key.
    pub fn write_new(&self, path: &Path) -> Result<()> {
        disk::write_whole(path, self.to_text()?.as_bytes(), Publish::NoClobber)
    }
}

fn damaged(reason: &str) -> CoreError {
    CoreError::Unusable(format!("the key file is damaged: {reason}"))
}

fn derive(passphrase: &Passphrase, salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(|e| {
        CoreError::refused(
            Problem::Unreadable,
            format!("the key file's Argon2id parameters are unusable: {e}"),
        )
    })?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose().as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| CoreError::Internal(format!("the passphrase could not be processed: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cheap parameters keep these unit tests fast; the desktop tests use the real ones.
    const FAST: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn only_a_debug_build_asked_with_exactly_1_writes_light_key_files() {
        use KdfParams as K;
        assert_eq!(K::for_new_keys_given(true, Some("1")), K::LIGHT_FOR_TESTS);
        for (debug, light) in [
            (false, Some("1")),
            (true, None),
            (true, Some("0")),
            (true, Some("yes")),
            (true, Some("")),
        ] {
            assert_eq!(
                K::for_new_keys_given(debug, light),
                K::RECOMMENDED,
                "debug build {debug}, {LIGHT_KDF_VARIABLE}={light:?}: the real cost"
            );
        }
        let key = DataKey::generate();
        let file =
            KeyFile::seal("id", &key, &Passphrase::new("light"), K::LIGHT_FOR_TESTS).expect("seal");
        let read = KeyFile::parse(&file.to_text().expect("text")).expect("a light key file reads");
        assert_eq!(
            read.unwrap_keys(&Passphrase::new("light"))
                .expect("opens")
                .current,
            key,
            "and opens with its passphrase"
        );
    }

    #[test]
    fn the_right_passphrase_unwraps_the_key() {
        let key = DataKey::generate();
        let file = KeyFile::seal("id", &key, &Passphrase::new("right one"), FAST).expect("seal");
        let keys = file
            .unwrap_keys(&Passphrase::new("right one"))
            .expect("unwrap");
        assert_eq!(keys.current, key, "the same key comes back");
        assert!(keys.pending.is_none(), "no rotation under way");
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
            .unwrap_keys(&Passphrase::new("wrong one"))
            .err()
            .expect("must fail");
        assert!(matches!(error, CoreError::WrongPassphrase), "got {error:?}");
    }

    #[test]
    fn lowering_the_stored_cost_breaks_the_file_instead_of_weakening_it() {
        let mut file =
            KeyFile::seal("id", &DataKey::generate(), &Passphrase::new("pw"), FAST).expect("seal");
        file.kdf.params.iterations = 2;
        assert!(
            matches!(
                file.unwrap_keys(&Passphrase::new("pw")),
                Err(CoreError::WrongPassphrase)
            ),
            "a changed cost parameter fails like a wrong passphrase"
        );
    }

    #[test]
    fn a_rotation_keeps_both_keys_and_they_cannot_be_swapped() {
        let (old, new) = (DataKey::generate(), DataKey::generate());
        let file = KeyFile::seal("id", &old, &Passphrase::new("pw"), FAST).expect("seal");
        let sealer = file
            .unwrap_keys(&Passphrase::new("pw"))
            .expect("unwrap")
            .sealer;
        let rotating = sealer.seal(&old, Some(&new)).expect("seal both");
        let text = rotating.to_text().expect("text");
        let keys = KeyFile::parse(&text)
            .expect("parse")
            .unwrap_keys(&Passphrase::new("pw"))
            .expect("unwrap both");
        assert_eq!(keys.current, old, "the current key is the old one");
        assert_eq!(keys.pending, Some(new), "the next key is pending");
        let mut swapped = rotating.clone();
        let pending = swapped.pending.take().expect("pending");
        swapped.pending = Some(std::mem::replace(&mut swapped.current, pending));
        assert!(
            matches!(
                swapped.unwrap_keys(&Passphrase::new("pw")),
                Err(CoreError::WrongPassphrase)
            ),
            "swapping the two wrapped keys is detected"
        );
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
            again
                .unwrap_keys(&Passphrase::new("pw"))
                .expect("unwrap")
                .current,
            key,
            "the key read back from disk unwraps"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_key_file_asking_for_a_huge_cost_is_refused_before_any_work() {
        let file =
            KeyFile::seal("id", &DataKey::generate(), &Passphrase::new("pw"), FAST).expect("seal");
        let text = file
            .to_text()
            .expect("text")
            .replace("\"memory_kib\": 1024", "\"memory_kib\": 4294967295");
        let reason = KeyFile::parse(&text).expect_err("an absurd cost is refused");
        assert!(
            reason.contains("out of bounds"),
            "the reason says why: {reason}"
        );
    }

    #[test]
    fn a_missing_or_garbled_file_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("peerdesk.key");
        assert!(
            matches!(KeyFile::read(&path), Err(CoreError::KeyFileMissing(_))),
            "a missing file is named as missing"
        );
        std::fs::write(&path, "not json").expect("write");
        assert!(
            matches!(KeyFile::read(&path), Err(CoreError::KeyFileDamaged { .. })),
            "a garbled file is named as damaged"
        );
    }
}
