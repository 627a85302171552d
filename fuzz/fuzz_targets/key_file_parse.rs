//! The key file parser on arbitrary text (`KeyFile::parse`, as opening a store or a backup
//! reads it), then unwrapping its keys with a fixed passphrase.
//!
//! `parse` caps Argon2id at 1 GiB and 16 passes, which is still seconds per input: the keys
//! are unwrapped only when the file asks for tiny costs (as the seeds do), so a run tries
//! thousands of inputs a second. Beyond "never panics": a parsed file writes back to text
//! that parses to the same text; a file that unwraps seals again (same salt and costs) into
//! one that unwraps to the same keys.
//!
//! Every `expect` here is an assertion: a panic is how a fuzz target reports a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use peerdesk_core::store::keyfile::KeyFile;
use peerdesk_core::Passphrase;

/// The passphrase the seed key files were sealed with (fuzz/seeds/make-seeds.py).
const PASSPHRASE: &str = "correct horse battery staple";

/// Argon2id costs cheap enough to try on every input: at most 256 KiB and 2 passes.
fn tiny(file: &KeyFile) -> bool {
    // `KdfParams` is not reachable from a parsed `KeyFile` (its `kdf` field is private): read
    // the costs back from the file's own serialization, which is what was parsed.
    let value = serde_json::to_value(file).expect("a parsed key file serializes");
    let cost = |name: &str| value["kdf"][name].as_u64().unwrap_or(u64::MAX);
    cost("memory_kib") <= 256 && cost("iterations") <= 2 && cost("parallelism") <= 8
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = KeyFile::parse(text) else {
        return;
    };
    let written = file.to_text().expect("a parsed key file writes back");
    let reread = KeyFile::parse(&written).expect("a key file PeerDesk wrote parses");
    assert_eq!(
        reread.to_text().expect("writes back"),
        written,
        "writing a key file back is stable"
    );
    assert_eq!(reread.store_id, file.store_id);
    assert_eq!(reread.has_pending(), file.has_pending());

    if !tiny(&file) {
        return;
    }
    let passphrase = Passphrase::new(PASSPHRASE);
    let Ok(unwrapped) = file.unwrap_keys(&passphrase) else {
        return;
    };
    assert_eq!(unwrapped.pending.is_some(), file.has_pending());
    let resealed = unwrapped
        .sealer
        .seal(&unwrapped.current, unwrapped.pending.as_ref())
        .expect("unwrapped keys seal again");
    let resealed =
        KeyFile::parse(&resealed.to_text().expect("writes")).expect("a resealed key file parses");
    let again = resealed
        .unwrap_keys(&passphrase)
        .expect("a resealed key file opens with the same passphrase");
    assert!(
        again.current == unwrapped.current,
        "the current key survives resealing"
    );
    assert!(
        again.pending == unwrapped.pending,
        "the pending key survives resealing"
    );
    assert!(
        resealed
            .unwrap_keys(&Passphrase::new("not the passphrase"))
            .is_err(),
        "a wrong passphrase opens a key file"
    );
});
