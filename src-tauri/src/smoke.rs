//! The shell on Tauri's mock runtime: the real command list and the real `AppState` over a
//! real encrypted store, without a window. It proves the handlers are wired (a command
//! answers through IPC), that a locked PeerDesk refuses, and that long work does not hold
//! the one open store (the window's other screens answer while a report renders) but does
//! hold the guard a lock waits on.

use peerdesk_cli::WindowOptions;
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::{clock, Keychain, Passphrase, Store};
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

use crate::AppState;

const PASSPHRASE: &str = "correct horse battery staple 42";

struct Shell {
    _temp: tempfile::TempDir,
    app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

/// A small demo store, and the app over it, still locked.
fn shell() -> Shell {
    let temp = tempfile::tempdir().expect("a temp folder");
    let dir = peerdesk_core::DataDir::new(temp.path().join("data"));
    let mut store = Store::create(
        &dir,
        &Passphrase::new(PASSPHRASE.to_string()),
        Keychain::Off,
    )
    .expect("a new store");
    demo::load(
        &mut store,
        DemoSize::Small,
        clock::now_local(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data");
    store
        .lock(false)
        .expect("locked until the passphrase is typed");
    let state = AppState::new(&WindowOptions {
        data_dir: Some(dir.root().to_path_buf()),
        no_keychain: true,
    });
    let app = mock_builder()
        .manage(state)
        .invoke_handler(crate::handlers())
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a mock window");
    Shell {
        _temp: temp,
        app,
        webview,
    }
}

impl Shell {
    fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: command.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().expect("the app's own URL"),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
    }
}

#[test]
fn the_shell_answers_through_ipc_and_refuses_while_locked() {
    let shell = shell();
    let locked = shell
        .invoke("dashboard", json!({}))
        .expect_err("a locked PeerDesk shows no dashboard");
    assert_eq!(locked["code"], "locked", "the refusal says why: {locked}");

    let screen = shell
        .invoke("unlock_store", json!({ "passphrase": PASSPHRASE }))
        .expect("the recovery passphrase unlocks");
    assert_eq!(
        screen["screen"], "app",
        "the app follows the unlock: {screen}"
    );
    let dashboard = shell.invoke("dashboard", json!({})).expect("the dashboard");
    assert!(
        dashboard["supporters_active"]
            .as_u64()
            .is_some_and(|n| n > 0),
        "the demo's supporters are counted: {dashboard}"
    );

    let refused = shell
        .invoke(
            "add_entry",
            json!({ "list": "roles", "value": "", "family": null }),
        )
        .expect_err("an empty role is refused");
    assert_eq!(refused["code"], "required", "a stable code: {refused}");
    assert_eq!(
        refused["fields"][0]["field"], "value",
        "the field at fault is named for the window: {refused}"
    );
}

#[test]
fn about_answers_while_locked_with_the_real_versions_and_folder() {
    let shell = shell();
    let about = shell
        .invoke("about", json!({}))
        .expect("About needs no unlocked store");
    assert_eq!(
        about["version"],
        env!("CARGO_PKG_VERSION"),
        "the workspace's version: {about}"
    );
    assert_eq!(
        about["sqlcipher_version"].as_str(),
        Some(
            peerdesk_core::store::sqlcipher_version()
                .expect("version")
                .as_str()
        ),
        "the SQLCipher compiled in: {about}"
    );
    assert_eq!(
        about["data_dir"].as_str(),
        shell
            .app
            .state::<AppState>()
            .dir()
            .ok()
            .map(|dir| dir.root().display().to_string())
            .as_deref(),
        "the window's own data folder: {about}"
    );
    assert_eq!(
        about["license"], "MIT OR Apache-2.0",
        "the license: {about}"
    );
}

#[test]
fn long_work_reads_on_its_own_connection_and_leaves_the_open_store_free() {
    let shell = shell();
    shell
        .invoke("unlock_store", json!({ "passphrase": PASSPHRASE }))
        .expect("unlocked");
    let state = shell.app.state::<AppState>();
    let rows: i64 = state
        .read_then(|conn, _| {
            // Another screen asks the open store for something while this work reads.
            let free = state.store.try_lock().is_ok();
            assert!(free, "the open store is not held while long work reads");
            // But a lock, a restore or a key rotation waits: they take the maintenance
            // guard, which the work holds, so its copy of the key is never read after a lock.
            let guarded = state.maintenance.try_lock().is_err();
            assert!(
                guarded,
                "long work holds the guard that lock, restore and rotation take"
            );
            let dashboard = shell.invoke("dashboard", json!({}));
            assert!(
                dashboard.is_ok(),
                "the dashboard answers meanwhile: {dashboard:?}"
            );
            Ok(conn
                .query_row("SELECT count(*) FROM report_outreaches", [], |r| r.get(0))
                .map_err(peerdesk_core::CoreError::from)?)
        })
        .expect("the reading connection reads the store");
    assert!(
        rows > 0,
        "the reading connection sees the demo's outreaches"
    );
}
