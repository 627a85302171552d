//! The command line, run in-process against temp folders with the passphrase alone.

use std::path::Path;

use crate::fixture::{scratch, PASSPHRASE};

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn peerdesk(data_dir: &Path, passphrase_file: Option<&Path>, args: &[&str]) -> Outcome {
    let mut argv: Vec<String> = vec![
        "peerdesk".into(),
        "--no-keychain".into(),
        "--data-dir".into(),
        data_dir.display().to_string(),
    ];
    if let Some(file) = passphrase_file {
        argv.push("--passphrase-file".into());
        argv.push(file.display().to_string());
    }
    argv.extend(args.iter().map(|a| a.to_string()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = peerdesk_cli::run_args(argv, &mut out, &mut err);
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&out).into(),
        stderr: String::from_utf8_lossy(&err).into(),
    }
}

fn write_passphrase(folder: &Path, text: &str) -> std::path::PathBuf {
    let path = folder.join("passphrase.txt");
    std::fs::write(&path, format!("{text}\n")).expect("write passphrase file");
    path
}

fn assert_one_line_failure(outcome: &Outcome, expected: &str) {
    assert_eq!(
        outcome.code, 1,
        "a user error exits 1 (stderr: {})",
        outcome.stderr
    );
    assert_eq!(
        outcome.stderr.lines().count(),
        1,
        "one line on stderr: {:?}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains(expected),
        "stderr {:?} should contain {expected:?}",
        outcome.stderr
    );
}

#[test]
fn init_demo_and_status_work_headless() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    let init = peerdesk(s.dir.root(), Some(&pass), &["init"]);
    assert_eq!(init.code, 0, "init succeeds: {}", init.stderr);
    assert!(
        init.stdout
            .contains("Created a new encrypted PeerDesk store"),
        "stdout: {}",
        init.stdout
    );

    let demo = peerdesk(s.dir.root(), Some(&pass), &["demo", "--size", "small"]);
    assert_eq!(demo.code, 0, "demo succeeds: {}", demo.stderr);
    assert!(
        demo.stdout
            .contains("40 supporters, 300 requests, 500 outreaches"),
        "stdout: {}",
        demo.stdout
    );

    let status = peerdesk(s.dir.root(), Some(&pass), &["status"]);
    assert_eq!(status.code, 0, "status succeeds: {}", status.stderr);
    for expected in [
        "Schema version:",
        "SQLCipher:",
        "Unlocked with:   passphrase",
        "supporters",
        "outreaches",
    ] {
        assert!(
            status.stdout.contains(expected),
            "status shows {expected:?}: {}",
            status.stdout
        );
    }
    assert!(
        !status.stdout.contains(PASSPHRASE),
        "status never prints the passphrase"
    );

    let json = peerdesk(s.dir.root(), Some(&pass), &["status", "--json"]);
    let parsed: serde_json::Value =
        serde_json::from_str(&json.stdout).expect("status --json is JSON");
    let requests = parsed["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c["table"] == "requests")
        .expect("requests");
    assert_eq!(requests["rows"], 300, "JSON counts match the demo");
}

#[test]
fn init_refuses_an_existing_store_in_one_line() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(peerdesk(s.dir.root(), Some(&pass), &["init"]).code, 0);
    let before = crate::fixture::sha256(&s.dir.database());
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&pass), &["init"]),
        "already exists",
    );
    assert_eq!(
        crate::fixture::sha256(&s.dir.database()),
        before,
        "the existing store is untouched"
    );
}

#[test]
fn init_refuses_a_weak_passphrase() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), "password");
    assert_one_line_failure(&peerdesk(s.dir.root(), Some(&pass), &["init"]), "too weak");
    assert!(s.dir.needs_setup(), "nothing was created");
}

#[test]
fn status_without_a_store_says_to_run_init() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&pass), &["status"]),
        "peerdesk init",
    );
    assert!(s.dir.needs_setup(), "status never creates a store");
}

#[test]
fn a_wrong_passphrase_is_one_clear_line() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(peerdesk(s.dir.root(), Some(&pass), &["init"]).code, 0);
    let wrong = s.temp.path().join("wrong.txt");
    std::fs::write(&wrong, "not the right passphrase\n").expect("write");
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&wrong), &["status"]),
        "that passphrase does not unlock this database",
    );
}

#[test]
fn no_passphrase_and_no_keychain_says_how_to_give_one() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(peerdesk(s.dir.root(), Some(&pass), &["init"]).code, 0);
    // PEERDESK_PASSPHRASE is not set for the test process (the test script never sets it).
    if std::env::var_os("PEERDESK_PASSPHRASE").is_none() {
        assert_one_line_failure(
            &peerdesk(s.dir.root(), None, &["status"]),
            "--passphrase-file",
        );
    }
}

#[test]
fn init_without_a_passphrase_says_how_to_give_one_and_creates_nothing() {
    let s = scratch();
    if std::env::var_os("PEERDESK_PASSPHRASE").is_none() {
        assert_one_line_failure(
            &peerdesk(s.dir.root(), None, &["init"]),
            "a recovery passphrase is needed: give it with --passphrase-file",
        );
        assert!(!s.dir.database().exists(), "no database was created");
        assert!(!s.dir.key_file().exists(), "no key file was created");
    }
}

#[test]
fn bad_arguments_are_one_line_and_exit_1() {
    let s = scratch();
    assert_one_line_failure(
        &peerdesk(s.dir.root(), None, &["demo", "--size", "huge"]),
        "invalid value",
    );
    assert_one_line_failure(
        &peerdesk(s.dir.root(), None, &["frobnicate"]),
        "unrecognized subcommand",
    );
}

#[test]
fn help_lists_the_commands_and_exits_0() {
    let s = scratch();
    let help = peerdesk(s.dir.root(), None, &["--help"]);
    assert_eq!(help.code, 0, "help exits 0");
    assert!(
        help.stdout
            .starts_with("PeerDesk: the private workbench of a peer-support program"),
        "help opens with what PeerDesk is: {}",
        help.stdout
    );
    for command in [
        "init",
        "status",
        "demo",
        "--data-dir",
        "--passphrase-file",
        "--no-keychain",
    ] {
        assert!(
            help.stdout.contains(command),
            "help mentions {command}: {}",
            help.stdout
        );
    }
}
