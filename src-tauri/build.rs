//! Declares the app's commands in the app manifest, so that the capability files gate
//! them: a command not granted to the window cannot be invoked from it.

/// Every command the window may call; `capabilities/main.json` grants them one by one.
const COMMANDS: &[&str] = &[
    "app_state",
    "passphrase_strength",
    "setup_store",
    "unlock_store",
    "lock_store",
    "load_demo",
    "dashboard",
    "store_status",
    "list_supporters",
    "list_requests",
    "list_outreaches",
    "list_organizations",
    "report_by_year",
    "supporter_detail",
    "check_supporter",
    "add_supporter",
    "update_supporter",
    "pause_supporter",
    "reactivate_supporter",
    "retire_supporter",
    "add_organization",
    "update_organization",
    "remove_organization_logo",
    "organization_logo",
    "list_entries",
    "add_entry",
    "change_entry",
    "record_session",
    "recent_sessions",
    "preview_roster_import",
    "apply_roster_import",
    "import_nominations",
    "nomination_tally",
    "pick_file",
    "program_settings",
    "save_program_settings",
    "add_us_holidays",
    "list_choices",
    "change_choice",
    "request_detail",
    "check_request",
    "add_request",
    "end_request",
    "reopen_request",
    "rematch_request",
    "rank_request",
    "assign_request",
    "outreach_form",
    "outreach_revisions",
    "add_outreach",
    "update_outreach",
    "list_templates",
    "template_placeholders",
    "save_template",
    "render_template",
    "preview_request_import",
    "apply_request_import",
    "copy_text",
    "open_mail_draft",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
