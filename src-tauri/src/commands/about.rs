//! What PeerDesk is: its version, the SQLCipher it is built with, where its data lives and
//! its license, for the About screen. Nothing here needs the store: the setup and unlock
//! screens offer About too, so someone asked "which version is installed, where is the
//! data?" can answer without the passphrase.

use serde::Serialize;
use tauri::State;

use crate::error::UiResult;
use crate::AppState;

#[derive(Debug, Serialize)]
pub struct About {
    /// The program's version, as the installers and `peerdesk --version` give it (the
    /// workspace's `Cargo.toml`: tauri.conf.json names none, so Tauri uses the same).
    pub version: String,
    pub sqlcipher_version: String,
    /// The data folder this window uses (the platform's, or `--data-dir`).
    pub data_dir: String,
    pub license: &'static str,
}

#[tauri::command(async)]
pub fn about<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> UiResult<About> {
    Ok(About {
        version: app.package_info().version.to_string(),
        sqlcipher_version: peerdesk_core::store::sqlcipher_version()?,
        data_dir: state.dir()?.root().display().to_string(),
        license: env!("CARGO_PKG_LICENSE"),
    })
}
