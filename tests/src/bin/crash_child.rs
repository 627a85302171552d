//! The child process of the crash tests (`tests/integration/crash.rs`): it does real work on a
//! store and is killed at a random instant by its parent. Not part of PeerDesk.
//!
//! - `crash-child commit DATA_DIR`: logs outreaches one by one, printing each id once its
//!   transaction has committed; the key comes in `PEERDESK_TEST_KEY` (hex), so that the
//!   hundreds of runs do not each spend a second on Argon2id.
//! - `crash-child rotate DATA_DIR`: rotates the data key; the recovery passphrase comes in
//!   `PEERDESK_PASSPHRASE`.

use std::io::Write;

use peerdesk_core::daily::outreach::{self, OutreachForm};
use peerdesk_core::store::keystore::{KeyStore, KeyStoreError};
use peerdesk_core::{DataDir, DataKey, Keychain, Passphrase, Store};

/// A credential store that knows one key, from the environment.
struct KeyFromEnvironment(DataKey);

impl KeyStore for KeyFromEnvironment {
    fn describe(&self) -> String {
        "the crash test's key".into()
    }
    fn load(&self, _store_id: &str) -> Result<Option<DataKey>, KeyStoreError> {
        Ok(Some(self.0.clone()))
    }
    fn save(&self, _store_id: &str, _key: &DataKey) -> Result<(), KeyStoreError> {
        Ok(())
    }
    fn delete(&self, _store_id: &str) -> Result<(), KeyStoreError> {
        Ok(())
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: crash-child commit|rotate DATA_DIR");
        std::process::exit(2);
    };
    let dir = DataDir::new(dir);
    let outcome = match mode.as_str() {
        "commit" => commit(&dir),
        "rotate" => rotate(&dir),
        other => Err(format!("unknown mode {other}")),
    };
    if let Err(message) = outcome {
        eprintln!("crash-child: {message}");
        std::process::exit(1);
    }
}

fn commit(dir: &DataDir) -> Result<(), String> {
    let hex_key = std::env::var("PEERDESK_TEST_KEY").map_err(|e| e.to_string())?;
    let bytes = hex::decode(hex_key).map_err(|e| e.to_string())?;
    let key = DataKey::from_slice(&bytes).ok_or("the key must be 32 bytes")?;
    let keys = KeyFromEnvironment(key);
    let store = Store::unlock(dir, Keychain::On(&keys), None).map_err(|e| e.to_string())?;
    // A contact like one the demo logged, so that every pick-list value is valid.
    let form = store
        .conn()
        .query_row(
            "SELECT d.value, r.value, o.supporter_id,
                    (SELECT e.value FROM outreach_issue_types i JOIN picklist_entries e ON e.id = i.entry_id
                     WHERE i.outreach_id = o.id LIMIT 1)
             FROM outreaches o JOIN picklist_entries d ON d.id = o.department_id
             JOIN picklist_entries r ON r.id = o.role_id
             WHERE o.supporter_id IS NOT NULL LIMIT 1",
            [],
            |r| {
                Ok(OutreachForm {
                    occurred_on: "2026-11-30".into(),
                    kind: "initial".into(),
                    mode: "phone".into(),
                    referred_by: "self".into(),
                    department: r.get(0)?,
                    role: r.get(1)?,
                    supporter_id: r.get(2)?,
                    issue_types: vec![r.get(3)?],
                    resources: Vec::new(),
                    comments: String::new(),
                    outcome: "helpful".into(),
                    request_id: None,
                })
            },
        )
        .map_err(|e| e.to_string())?;
    let now = peerdesk_core::clock::parse_stamp("2026-12-01T10:00:00").ok_or("a moment")?;
    let stdout = std::io::stdout();
    loop {
        let id = outreach::add(store.conn(), &form, now).map_err(|e| e.to_string())?;
        let mut out = stdout.lock();
        writeln!(out, "{id}").map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
}

fn rotate(dir: &DataDir) -> Result<(), String> {
    let passphrase =
        Passphrase::new(std::env::var("PEERDESK_PASSPHRASE").map_err(|e| e.to_string())?);
    let mut store =
        Store::unlock(dir, Keychain::Off, Some(&passphrase)).map_err(|e| e.to_string())?;
    println!("opened");
    store
        .rotate_key(&passphrase, Keychain::Off, &peerdesk_core::Work::none())
        .map_err(|e| e.to_string())?;
    println!("rotated");
    Ok(())
}
