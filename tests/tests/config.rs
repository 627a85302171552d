//! The window's configuration, read as files: what the webview may load and run, what its
//! capability grants, and whether the commands the UI calls are the ones Rust registers,
//! declares and grants. No build of the app is needed; a change to any of these files that
//! widens what the window may do fails here, in a plain `cargo test`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{} reads: {e}", path.display()))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{} is JSON: {e}", path.display()))
}

/// The files directly in `dir`, sorted; none when it does not exist.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files
}

/// Every string in `value` (object keys excluded) with its JSON pointer.
fn strings<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => out.push((pointer, text.as_str())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                strings(item, format!("{pointer}/{index}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                strings(item, format!("{pointer}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// Every object member in `value` whose key `matches`, with its JSON pointer.
fn members<'a>(
    value: &'a Value,
    pointer: String,
    matches: &dyn Fn(&str) -> bool,
    out: &mut Vec<(String, &'a Value)>,
) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                members(item, format!("{pointer}/{index}"), matches, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let here = format!("{pointer}/{key}");
                if matches(key) {
                    out.push((here.clone(), item));
                }
                members(item, here, matches, out);
            }
        }
        _ => {}
    }
}

/// The CSP's directives and their sources, whichever shape tauri.conf.json gives it: one
/// string ("default-src 'self'; …"), or an object of directive → string or list of strings.
fn csp_directives(csp: &Value) -> Vec<(String, Vec<String>)> {
    let words =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_string).collect() };
    match csp {
        Value::String(text) => text
            .split(';')
            .filter_map(|directive| {
                let mut parts = directive.split_whitespace();
                let name = parts.next()?.to_lowercase();
                Some((name, parts.map(str::to_string).collect()))
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(name, sources)| {
                let sources = match sources {
                    Value::String(text) => words(text),
                    Value::Array(items) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .flat_map(words)
                        .collect(),
                    _ => Vec::new(),
                };
                (name.to_lowercase(), sources)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The only URL origins the CSP may name: Tauri's own. `http://ipc.localhost` is where
/// Tauri's IPC goes when the `ipc:` custom protocol cannot be used (and on Windows).
const TAURI_ORIGINS: &[&str] = &["http://ipc.localhost"];

/// Directives that decide what may run as script (or as a plugin object).
const SCRIPT_DIRECTIVES: &[&str] = &[
    "default-src",
    "script-src",
    "script-src-elem",
    "script-src-attr",
    "worker-src",
    "object-src",
];

/// The permissions the window holds that are not one of PeerDesk's own commands. The
/// commands' own (`allow-<command>`) are checked against src-tauri/build.rs instead, and
/// the next test proves each of those is a command the UI calls.
const EXPECTED_OTHER_PERMISSIONS: &[(&str, &str)] = &[
    (
        "core:event:allow-listen",
        "the idle lock: the window hears the `peerdesk:locked` event Rust emits (api.js onLocked)",
    ),
    (
        "core:event:allow-unlisten",
        "and stops hearing it when the listener is dropped (the function onLocked returns)",
    ),
];

/// The command names in src-tauri/build.rs's `COMMANDS`.
fn declared_commands(root: &Path) -> BTreeSet<String> {
    let text = read(&root.join("src-tauri/build.rs"));
    let start = text
        .find("const COMMANDS")
        .expect("src-tauri/build.rs declares `const COMMANDS`");
    let list = &text[start..];
    let list = &list[list.find("&[").expect("COMMANDS is a slice") + 2..];
    let list = &list[..list.find("];").expect("COMMANDS ends with `];`")];
    let list: String = list
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The last path segment of every entry of `tauri::generate_handler![…]` in src-tauri/src/lib.rs.
fn registered_commands(root: &Path) -> BTreeSet<String> {
    let text = read(&root.join("src-tauri/src/lib.rs"));
    let start = text
        .find("generate_handler![")
        .expect("src-tauri/src/lib.rs calls tauri::generate_handler!")
        + "generate_handler![".len();
    let list = &text[start..];
    let list = &list[..list.find(']').expect("generate_handler! is closed")];
    list.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|entry| !entry.is_empty() && !entry.starts_with('#'))
        .map(|entry| {
            entry
                .rsplit("::")
                .next()
                .unwrap_or(entry)
                .trim()
                .to_string()
        })
        .collect()
}

/// Every `.js` file under `dir`, at any depth.
fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for path in files_in(dir) {
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

/// The command names the UI passes as a literal to `call(…)` (api.js's one way to Rust) or
/// to `invoke(…)`, in every script under ui/js.
fn called_commands(root: &Path) -> BTreeSet<String> {
    let mut files = Vec::new();
    js_files(&root.join("ui/js"), &mut files);
    assert!(!files.is_empty(), "ui/js holds the UI's scripts");
    let mut names = BTreeSet::new();
    for file in files {
        let text = read(&file);
        for function in ["call(", "invoke("] {
            for (at, _) in text.match_indices(function) {
                // `call(` itself, not `recall(` or `fn_call(`.
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                    continue;
                }
                let rest = text[at + function.len()..].trim_start();
                let Some(quote) = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '\'' | '"' | '`'))
                else {
                    continue; // not a literal name: `call(command, args)` in api.js itself
                };
                let name: String = rest[1..].chars().take_while(|&c| c != quote).collect();
                names.insert(name);
            }
        }
    }
    names
}

/// The commands the capability files grant: `allow-<command>` in kebab case, back in snake case.
fn granted_commands(root: &Path) -> BTreeSet<String> {
    let mut granted = BTreeSet::new();
    for file in files_in(&root.join("src-tauri/capabilities")) {
        if file.extension().is_some_and(|e| e == "json") {
            for permission in permissions(&read_json(&file)) {
                if let Some(command) = permission.strip_prefix("allow-") {
                    if !command.contains(':') {
                        granted.insert(command.replace('-', "_"));
                    }
                }
            }
        }
    }
    granted
}

/// The permission identifiers of a capability (plain strings, or objects with scopes).
fn permissions(capability: &Value) -> Vec<String> {
    capability["permissions"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| match item {
                    Value::String(id) => Some(id.clone()),
                    Value::Object(map) => map
                        .get("identifier")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `a` less `b`, for the failure messages.
fn less(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Vec<String> {
    a.difference(b).cloned().collect()
}

#[test]
fn the_window_allows_no_inline_script_no_eval_no_remote_url_and_only_expected_permissions() {
    let root = root();
    let config_path = root.join("src-tauri/tauri.conf.json");
    let config = read_json(&config_path);
    let mut problems: Vec<String> = Vec::new();

    // The content security policy.
    let csp = &config["app"]["security"]["csp"];
    let directives = csp_directives(csp);
    if directives.is_empty() {
        problems.push(format!("app.security.csp is missing or empty: {csp}"));
    }
    if !directives.iter().any(|(name, _)| name == "default-src") {
        problems.push("the CSP has no default-src: everything it does not name is allowed".into());
    }
    for (directive, sources) in &directives {
        for source in sources {
            let lower = source.to_lowercase();
            let bare = lower.trim_matches('\'');
            if lower.contains("unsafe-inline")
                || lower.contains("unsafe-eval")
                || lower.contains("unsafe-hashes")
            {
                problems.push(format!("the CSP's {directive} allows {source}"));
            }
            if bare.starts_with('*') || ["http:", "https:", "ws:", "wss:"].contains(&bare) {
                problems.push(format!("the CSP's {directive} allows any host: {source}"));
            }
            if lower.contains("://") && !TAURI_ORIGINS.contains(&lower.trim_end_matches('/')) {
                problems.push(format!(
                    "the CSP's {directive} allows a remote origin: {source} (only {TAURI_ORIGINS:?})"
                ));
            }
            if SCRIPT_DIRECTIVES.contains(&directive.as_str())
                && ["data:", "blob:", "filesystem:"].contains(&bare)
            {
                problems.push(format!("the CSP's {directive} runs script from {source}"));
            }
        }
    }

    // No URL anywhere else in the config: the window loads the app's own files only.
    let mut texts = Vec::new();
    strings(&config, String::new(), &mut texts);
    for (pointer, text) in &texts {
        if pointer == "/$schema" || pointer.starts_with("/app/security/csp") {
            continue; // the editor's schema (never loaded); the CSP was checked above
        }
        if text.contains("://") {
            problems.push(format!("tauri.conf.json{pointer} names a URL: {text}"));
        }
    }
    // Nothing dangerous switched on, and no remote origin given the IPC.
    let mut found = Vec::new();
    members(
        &config,
        String::new(),
        &|key: &str| key.starts_with("dangerous") || key == "remote",
        &mut found,
    );
    for (pointer, value) in found {
        if !matches!(value, Value::Null | Value::Bool(false)) {
            problems.push(format!("tauri.conf.json{pointer} is set: {value}"));
        }
    }
    if config["app"]["security"]["capabilities"]
        .as_array()
        .is_some_and(|c| c.iter().any(Value::is_object))
    {
        problems.push(
            "tauri.conf.json defines a capability inline: keep them in src-tauri/capabilities, which this test reads"
                .into(),
        );
    }
    let labels: BTreeSet<String> = config["app"]["windows"]
        .as_array()
        .map(|windows| {
            windows
                .iter()
                .map(|w| w["label"].as_str().unwrap_or("main").to_string())
                .collect()
        })
        .unwrap_or_default();

    // The capabilities: only the app's windows, no remote URL, only expected permissions.
    let commands = declared_commands(&root);
    let capability_files = files_in(&root.join("src-tauri/capabilities"));
    assert!(
        !capability_files.is_empty(),
        "src-tauri/capabilities holds the window's capability"
    );
    for file in capability_files {
        let name = file.display().to_string();
        if file.extension().is_none_or(|e| e != "json") {
            problems.push(format!(
                "{name}: only JSON capabilities are read here; write it as JSON or extend this test"
            ));
            continue;
        }
        let capability = read_json(&file);
        let mut texts = Vec::new();
        strings(&capability, String::new(), &mut texts);
        for (pointer, text) in &texts {
            if pointer != "/$schema" && text.contains("://") {
                problems.push(format!("{name}{pointer} names a URL: {text}"));
            }
        }
        let mut remote = Vec::new();
        members(
            &capability,
            String::new(),
            &|key: &str| key == "remote",
            &mut remote,
        );
        for (pointer, value) in remote {
            problems.push(format!(
                "{name}{pointer}: a remote origin is given the IPC: {value}"
            ));
        }
        if capability.get("webviews").is_some() {
            problems.push(format!("{name}: grants webviews besides the app's window"));
        }
        if capability.get("local") == Some(&Value::Bool(false)) {
            problems.push(format!("{name}: `local: false` is for remote content"));
        }
        for window in capability["windows"].as_array().into_iter().flatten() {
            let window = window.as_str().unwrap_or("");
            if !labels.contains(window) {
                problems.push(format!(
                    "{name}: window {window:?} is not one of tauri.conf.json's {labels:?}"
                ));
            }
        }
        for permission in permissions(&capability) {
            let own_command = permission
                .strip_prefix("allow-")
                .is_some_and(|c| !c.contains(':') && commands.contains(&c.replace('-', "_")));
            let expected = EXPECTED_OTHER_PERMISSIONS
                .iter()
                .any(|(id, _)| *id == permission);
            if !own_command && !expected {
                problems.push(format!(
                    "{name}: permission {permission:?} is neither one of build.rs's COMMANDS nor expected"
                ));
            }
        }
    }

    // Permission files written by hand could define what a permission grants.
    for path in files_in(&root.join("src-tauri/permissions")) {
        if path.file_name().is_some_and(|n| n != "autogenerated") {
            problems.push(format!(
                "{}: a hand-written permission file; read what it grants and extend this test",
                path.display()
            ));
        }
    }

    assert!(
        problems.is_empty(),
        "the window's configuration allows too much:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_commands_the_ui_invokes_are_the_commands_rust_registers() {
    let root = root();
    let called = called_commands(&root);
    let registered = registered_commands(&root);
    let declared = declared_commands(&root);
    let granted = granted_commands(&root);
    assert!(!registered.is_empty(), "generate_handler! lists commands");

    let mut problems = Vec::new();
    let mut compare = |a: &BTreeSet<String>, a_name: &str, b: &BTreeSet<String>, b_name: &str| {
        let only_a = less(a, b);
        if !only_a.is_empty() {
            problems.push(format!("{a_name} but not {b_name}: {only_a:?}"));
        }
        let only_b = less(b, a);
        if !only_b.is_empty() {
            problems.push(format!("{b_name} but not {a_name}: {only_b:?}"));
        }
    };
    compare(
        &called,
        "called by the UI (ui/js)",
        &registered,
        "registered in generate_handler! (src-tauri/src/lib.rs)",
    );
    compare(
        &registered,
        "registered in generate_handler! (src-tauri/src/lib.rs)",
        &declared,
        "declared in COMMANDS (src-tauri/build.rs)",
    );
    compare(
        &declared,
        "declared in COMMANDS (src-tauri/build.rs)",
        &granted,
        "granted as allow-<command> (src-tauri/capabilities)",
    );
    assert!(
        problems.is_empty(),
        "the UI's commands and Rust's differ:\n  {}",
        problems.join("\n  ")
    );
}
