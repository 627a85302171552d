//! The command line, run in-process against temp folders with the passphrase alone.

use std::path::Path;

use crate::fixture::{scratch, PASSPHRASE};

pub(crate) struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn peerdesk(data_dir: &Path, passphrase_file: Option<&Path>, args: &[&str]) -> Outcome {
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
    // The commands run inside this test process, so the folder lock of the one before is an
    // open file of this process. While another test thread starts a program (pdftoppm,
    // zbarimg, a crash child), that child holds a copy of every open file until it has
    // started, the lock included, and on a machine busy with a build that can take seconds.
    // Only that is waited out: a folder held by "another peerdesk command" of this very
    // process, never one held by a window.
    let this_process = format!("another peerdesk command (process {})", std::process::id());
    let mut attempts = 0;
    loop {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = peerdesk_cli::run_args(argv.clone(), &mut out, &mut err);
        let outcome = Outcome {
            code,
            stdout: String::from_utf8_lossy(&out).into(),
            stderr: String::from_utf8_lossy(&err).into(),
        };
        attempts += 1;
        if code == 2 && outcome.stderr.contains(&this_process) && attempts < 100 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        }
        return outcome;
    }
}

pub(crate) fn write_passphrase(folder: &Path, text: &str) -> std::path::PathBuf {
    let path = folder.join("passphrase.txt");
    std::fs::write(&path, format!("{text}\n")).expect("write passphrase file");
    path
}

/// A failure the person can fix: exit 1, one line on stderr that says `expected`.
pub(crate) fn assert_one_line_failure(outcome: &Outcome, expected: &str) {
    assert_failure(outcome, 1, expected);
}

/// A failure of class `exit` (1 input, 2 store, 3 system): one line on stderr that says
/// `expected`.
pub(crate) fn assert_failure(outcome: &Outcome, exit: i32, expected: &str) {
    assert_eq!(
        outcome.code, exit,
        "the failure exits {exit} (stderr: {})",
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
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["init"]).code,
        0,
        "the first init creates the store"
    );
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
    assert_failure(
        &peerdesk(s.dir.root(), Some(&pass), &["status"]),
        2,
        "peerdesk init",
    );
    assert!(s.dir.needs_setup(), "status never creates a store");
}

#[test]
fn a_wrong_passphrase_is_one_clear_line() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["init"]).code,
        0,
        "init creates the store"
    );
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
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["init"]).code,
        0,
        "init creates the store"
    );
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
        "requests",
        "match",
        "assign",
        "outreach",
        "settings",
        "picklist",
        "calendar",
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

/// A fresh store set up through the command line; returns the passphrase file.
pub(crate) fn initialized(s: &crate::fixture::Scratch) -> std::path::PathBuf {
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["init"]).code,
        0,
        "init creates the store"
    );
    pass
}

#[test]
fn orgs_are_added_set_and_listed_with_a_logo() {
    let s = scratch();
    let pass = initialized(&s);
    let logo = s.temp.path().join("logo.png");
    image::RgbImage::from_pixel(120, 40, image::Rgb([200, 80, 20]))
        .save(&logo)
        .expect("write a PNG");
    let host = peerdesk(
        s.dir.root(),
        Some(&pass),
        &[
            "orgs",
            "add",
            "Riverside Health",
            "--short",
            "RH",
            "--color",
            "#2f6f8f",
        ],
    );
    assert_eq!(host.code, 0, "{}", host.stderr);
    assert!(
        host.stdout.contains("as the host program"),
        "{}",
        host.stdout
    );
    let logo_arg = logo.display().to_string();
    let partner = peerdesk(
        s.dir.root(),
        Some(&pass),
        &[
            "orgs",
            "add",
            "Lakeview Clinic",
            "--partner",
            "--logo",
            &logo_arg,
        ],
    );
    assert_eq!(partner.code, 0, "{}", partner.stderr);
    let set = peerdesk(
        s.dir.root(),
        Some(&pass),
        &[
            "orgs",
            "set",
            "lakeview clinic",
            "--color",
            "#AA3300",
            "--short",
            "LVC",
        ],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let listed = peerdesk(s.dir.root(), Some(&pass), &["orgs", "list", "--json"]);
    let orgs: serde_json::Value = serde_json::from_str(&listed.stdout).expect("JSON");
    assert_eq!(
        orgs[0]["name"], "Riverside Health",
        "the host is listed first"
    );
    assert_eq!(
        orgs[0]["is_host"], true,
        "the first organization is the host"
    );
    assert_eq!(
        orgs[0]["brand_color"], "#2F6F8F",
        "the host's brand colour is kept in upper case"
    );
    assert_eq!(
        orgs[1]["short_name"], "LVC",
        "the partner's short name is set"
    );
    assert_eq!(
        (orgs[1]["co_branding"].clone(), orgs[1]["has_logo"].clone()),
        (true.into(), true.into()),
        "the partner is co-branded and has its logo"
    );

    let not_a_logo = s.temp.path().join("logo.gif");
    std::fs::write(&not_a_logo, b"GIF89a\x01\x00\x01\x00").expect("write");
    let bad_logo = not_a_logo.display().to_string();
    let refused = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["orgs", "set", "LVC", "--logo", &bad_logo],
    );
    assert_one_line_failure(&refused, "PNG or JPEG");
    assert_one_line_failure(
        &peerdesk(
            s.dir.root(),
            Some(&pass),
            &["orgs", "set", "Nowhere", "--partner"],
        ),
        "no organization",
    );
    assert_one_line_failure(
        &peerdesk(
            s.dir.root(),
            Some(&pass),
            &["orgs", "add", "X", "--color", "blue"],
        ),
        "a colour code such as #2F6F8F",
    );
    let table = peerdesk(s.dir.root(), Some(&pass), &["orgs", "list"]);
    assert!(
        table.stdout.contains("Lakeview Clinic") && table.stdout.contains("partner"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_roster_import_is_all_or_nothing_from_the_command_line() {
    let s = scratch();
    let pass = initialized(&s);
    assert_eq!(
        peerdesk(
            s.dir.root(),
            Some(&pass),
            &["orgs", "add", "Riverside Health"]
        )
        .code,
        0,
        "the host organization is added"
    );
    let file = s.temp.path().join("roster.csv");
    std::fs::write(
        &file,
        "\u{FEFF}Name;Role;Dept;E-mail;Trained\n\
         Ana Lima;Nurse;Cardiac ICU;ana@riverside.org;2024-03-01\n\
         Bo Chen;Physician;Cardiology;bo@;2024-03-01\n\
         Cy Diaz;Pharmacist;Pharmacy;cy@riverside.org;2099-01-01\n",
    )
    .expect("write roster");
    let path = file.display().to_string();

    let blocked = peerdesk(s.dir.root(), Some(&pass), &["supporters", "import", &path]);
    assert_one_line_failure(&blocked, "nothing was imported: 2 of 3 rows were rejected");
    assert!(
        blocked
            .stdout
            .contains("1 to add, 0 to update, 0 unchanged, 2 rejected"),
        "{}",
        blocked.stdout
    );
    assert!(
        blocked.stdout.contains("row 3: email:"),
        "{}",
        blocked.stdout
    );
    assert!(
        blocked.stdout.contains("row 4: trained on:") && blocked.stdout.contains("in the future"),
        "{}",
        blocked.stdout
    );
    assert!(
        blocked.stdout.contains("New departments: Cardiac ICU"),
        "{}",
        blocked.stdout
    );
    let empty = peerdesk(s.dir.root(), Some(&pass), &["supporters", "list", "--json"]);
    assert_eq!(empty.stdout.trim(), "[]", "no change after a rejection");

    let dry = peerdesk(
        s.dir.root(),
        Some(&pass),
        &[
            "supporters",
            "import",
            &path,
            "--dry-run",
            "--valid-rows-only",
        ],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout.contains("Dry run: nothing was changed."),
        "a dry run says nothing was changed"
    );
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["supporters", "list", "--json"])
            .stdout
            .trim(),
        "[]",
        "the roster is still empty after the dry run"
    );

    let partial = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["supporters", "import", &path, "--valid-rows-only"],
    );
    assert_eq!(partial.code, 0, "{}", partial.stderr);
    assert!(
        partial.stdout.contains("Imported: 1 added, 0 updated."),
        "{}",
        partial.stdout
    );
    let listed = peerdesk(s.dir.root(), Some(&pass), &["supporters", "list", "--json"]);
    let roster: serde_json::Value = serde_json::from_str(&listed.stdout).expect("JSON");
    let ana = &roster[0];
    for key in [
        "id",
        "name",
        "role",
        "department",
        "organization",
        "status",
        "open_cases",
        "trained_on",
        "consent_to_list",
    ] {
        assert!(
            ana.get(key).is_some(),
            "supporters list --json has {key}: {ana}"
        );
    }
    assert_eq!(
        (ana["name"].as_str(), ana["organization"].as_str()),
        (Some("Ana Lima"), Some("Riverside Health")),
        "Ana Lima is listed at the host organization"
    );
    let again = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["supporters", "import", &path, "--valid-rows-only"],
    );
    assert!(
        again.stdout.contains("0 to add, 0 to update, 1 unchanged"),
        "{}",
        again.stdout
    );
    let table = peerdesk(s.dir.root(), Some(&pass), &["supporters", "list"]);
    assert!(
        table.stdout.contains("Ana Lima") && table.stdout.contains("1 supporters"),
        "{}",
        table.stdout
    );
    assert_one_line_failure(
        &peerdesk(
            s.dir.root(),
            Some(&pass),
            &["supporters", "import", "/no/such/file.csv"],
        ),
        "cannot read",
    );
}

#[test]
fn a_nomination_survey_is_imported_and_tallied() {
    let s = scratch();
    let pass = initialized(&s);
    let file = s.temp.path().join("survey.csv");
    std::fs::write(
        &file,
        "Department,Nominee\nICU,Ana Lima\nICU,Ana Lima\nICU,Bo Chen\nRadiology,Cy Diaz\n",
    )
    .expect("write");
    let path = file.display().to_string();
    let none = peerdesk(s.dir.root(), Some(&pass), &["nominations", "tally"]);
    assert!(
        none.stdout.contains("No nomination survey yet"),
        "{}",
        none.stdout
    );
    let imported = peerdesk(s.dir.root(), Some(&pass), &["nominations", "import", &path]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(
        imported
            .stdout
            .contains("Imported 4 answers from 2 departments"),
        "{}",
        imported.stdout
    );
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&pass), &["nominations", "import", &path]),
        "already imported",
    );
    let tally = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["nominations", "tally", "--json"],
    );
    let parsed: serde_json::Value = serde_json::from_str(&tally.stdout).expect("JSON");
    assert_eq!(
        parsed["departments"][0]["department"], "ICU",
        "ICU, with the most answers, is tallied first"
    );
    assert_eq!(
        parsed["departments"][0]["nominees"][0]["name"], "Ana Lima",
        "Ana Lima leads the ICU nominees"
    );
    assert_eq!(
        parsed["departments"][0]["nominees"][0]["votes"], 2,
        "Ana Lima has two votes in the ICU"
    );
    let text = peerdesk(s.dir.root(), Some(&pass), &["nominations", "tally"]);
    assert!(text.stdout.contains("ICU (3 answers)"), "{}", text.stdout);
}

#[test]
fn backup_restore_passphrase_change_and_rekey_on_the_command_line() {
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["init"]).code,
        0,
        "init creates the store"
    );
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["demo"]).code,
        0,
        "the demo loads"
    );
    let file = s.temp.path().join("monday.peerdesk-backup");
    let file_arg = file.display().to_string();

    let backup = peerdesk(s.dir.root(), Some(&pass), &["backup", "--out", &file_arg]);
    assert_eq!(backup.code, 0, "backup: {}", backup.stderr);
    assert!(
        backup.stdout.contains("verified"),
        "the backup says it was verified: {}",
        backup.stdout
    );
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&pass), &["backup", "--out", &file_arg]),
        "already exists",
    );

    let elsewhere = s.temp.path().join("new-computer");
    let wrong_folder = s.temp.path().join("wrong");
    std::fs::create_dir_all(&wrong_folder).expect("folder");
    let wrong = write_passphrase(&wrong_folder, "not the recovery passphrase");
    assert_one_line_failure(
        &peerdesk(&elsewhere, Some(&wrong), &["restore", &file_arg]),
        "that passphrase does not unlock",
    );
    assert!(
        !elsewhere.exists(),
        "a refused restore leaves no trace, not even the folder"
    );
    let restore = peerdesk(&elsewhere, Some(&pass), &["restore", &file_arg]);
    assert_eq!(
        restore.code, 0,
        "restore into an empty folder: {}",
        restore.stderr
    );
    let status = peerdesk(&elsewhere, Some(&pass), &["status", "--json"]);
    assert!(
        status.stdout.contains("\"outreaches\""),
        "{}",
        status.stdout
    );
    assert_one_line_failure(
        &peerdesk(&elsewhere, Some(&pass), &["restore", &file_arg]),
        "already holds a PeerDesk store",
    );
    let again = peerdesk(
        &elsewhere,
        Some(&pass),
        &["restore", &file_arg, "--replace"],
    );
    assert_eq!(again.code, 0, "restore with --replace: {}", again.stderr);
    assert!(
        again.stdout.contains("new-computer.before-restore-"),
        "says where the old store went: {}",
        again.stdout
    );

    let new_pass = s.temp.path().join("new-passphrase.txt");
    std::fs::write(&new_pass, "harbor quartz meadow tangent\n").expect("write");
    let new_arg = new_pass.display().to_string();
    let key_file = crate::fixture::sha256(&s.dir.key_file());
    assert_one_line_failure(
        &peerdesk(
            s.dir.root(),
            Some(&wrong),
            &["passphrase", "change", "--new-passphrase-file", &new_arg],
        ),
        "that passphrase does not unlock this database",
    );
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&wrong), &["rekey"]),
        "that passphrase does not unlock this database",
    );
    assert_eq!(
        crate::fixture::sha256(&s.dir.key_file()),
        key_file,
        "a wrong current passphrase changes neither the passphrase nor the key"
    );
    let change = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["passphrase", "change", "--new-passphrase-file", &new_arg],
    );
    assert_eq!(change.code, 0, "passphrase change: {}", change.stderr);
    assert_one_line_failure(
        &peerdesk(s.dir.root(), Some(&pass), &["status"]),
        "that passphrase does not unlock this database",
    );
    let rekey = peerdesk(s.dir.root(), Some(&new_pass), &["rekey"]);
    assert_eq!(rekey.code, 0, "rekey: {}", rekey.stderr);
    assert!(rekey.stdout.contains("rotated"), "{}", rekey.stdout);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&new_pass), &["status"]).code,
        0,
        "the new passphrase opens the rotated store"
    );
    // The backup made before both changes still opens with the passphrase of its day.
    let third = s.temp.path().join("third-computer");
    assert_eq!(
        peerdesk(&third, Some(&pass), &["restore", &file_arg]).code,
        0,
        "an older backup restores with its own passphrase"
    );
}

#[test]
fn a_write_waits_for_or_refuses_a_data_folder_the_window_holds_but_a_read_goes_on() {
    use peerdesk_core::store::instance::{FolderLock, Holder};
    let s = scratch();
    let pass = write_passphrase(s.temp.path(), PASSPHRASE);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["init"]).code,
        0,
        "init creates the store"
    );
    let window = FolderLock::acquire(&s.dir, Holder::Window, std::time::Duration::ZERO)
        .expect("the window holds the folder");
    assert_failure(
        &peerdesk(
            s.dir.root(),
            Some(&pass),
            &["orgs", "add", "Riverside Health"],
        ),
        2,
        "the PeerDesk window",
    );
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["orgs", "list"]).code,
        0,
        "reading goes on while the window is open"
    );
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        drop(window);
    });
    let waited = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["orgs", "add", "Riverside Health", "--wait", "10"],
    );
    release.join().expect("released");
    assert_eq!(
        waited.code, 0,
        "--wait lets the write through once the window let go: {}",
        waited.stderr
    );
}
