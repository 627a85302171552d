//! `peerdesk supporters …`, `peerdesk nominations …` and `peerdesk orgs …`: the roster from
//! the command line. Each function prints its report to `out` and returns a typed `Failure`,
//! which `lib.rs` prints on stderr with its exit code.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use peerdesk_core::program::organizations::{self, OrganizationInput};
use peerdesk_core::roster::supporters::import::{self, ImportOptions, ImportPreview};
use peerdesk_core::roster::{nominations, supporters};
use peerdesk_core::{clock, CoreError, Store};

use crate::care;
use crate::output::{emit, json, Outcome};
use crate::progress::with_bar;

#[derive(Debug, Subcommand)]
pub enum SupportersCommand {
    /// Import the roster from a CSV or XLSX file (all or nothing)
    Import {
        /// The spreadsheet: CSV (UTF-8, comma or semicolon) or XLSX
        file: PathBuf,
        /// Check the file and print what would change, without changing anything
        #[arg(long)]
        dry_run: bool,
        /// Import the valid rows even when others are rejected
        #[arg(long)]
        valid_rows_only: bool,
    },
    /// List the roster, with each supporter's contacts in the last 30 days and what to know
    /// (resting, training due, load above the warning)
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Only supporters due for a refresher: trained, with no training or meeting within
        /// the program's `training_valid_months` (default 24)
        #[arg(long)]
        due: bool,
        /// Only supporters resting today
        #[arg(long)]
        resting: bool,
        /// Only supporters above the load warning (more than `load_warning_contacts`, default
        /// 6, contacts in the last 30 days)
        #[arg(long)]
        loaded: bool,
    },
    /// Show one supporter: details, load (contacts in 30 and 90 days, the last one), rest,
    /// training, and the printed signs that named them
    Show {
        /// The supporter's id (see `peerdesk supporters list`)
        id: i64,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Set a supporter resting until a date (left out of matching through that day, with the
    /// reason shown), or end a rest with --end
    Rest {
        /// The supporter's id
        id: i64,
        /// The rest's last day (YYYY-MM-DD or MM/DD/YYYY), after today
        #[arg(long, value_name = "DATE", required_unless_present = "end")]
        until: Option<String>,
        /// End the rest now: the supporter may be matched again today
        #[arg(long, conflicts_with = "until")]
        end: bool,
    },
    /// Record whether a supporter consents to be named on signs; on a withdrawal, lists the
    /// printed signs that still name them, to print again
    Consent {
        /// The supporter's id
        id: i64,
        /// They no longer consent to be named
        #[arg(long, required_unless_present = "give", conflicts_with = "give")]
        withdraw: bool,
        /// They consent to be named
        #[arg(long)]
        give: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NominationsCommand {
    /// Import the nomination survey's CSV (respondent's department, nominee, optional nominee's department)
    Import {
        /// The survey export, CSV or XLSX
        file: PathBuf,
    },
    /// Tally the latest survey per department, marking who already is a supporter
    Tally {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// Add an organization (the first one added is the host program)
    Add {
        /// The organization's name
        name: String,
        #[command(flatten)]
        options: OrgOptions,
    },
    /// Change an organization, found by name, short name or id
    Set {
        /// The organization's name, short name or id
        name_or_id: String,
        /// Rename it
        #[arg(long, value_name = "NEW_NAME")]
        name: Option<String>,
        #[command(flatten)]
        options: OrgOptions,
        /// It no longer co-brands the program's material
        #[arg(long, conflicts_with = "partner")]
        no_partner: bool,
    },
    /// List the organizations
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct OrgOptions {
    /// Short name, e.g. for signs
    #[arg(long, value_name = "S")]
    short: Option<String>,
    /// Logo: a PNG or JPEG file of at most 2 MB, stored in the database
    #[arg(long, value_name = "FILE")]
    logo: Option<PathBuf>,
    /// Brand colour: a colour code such as #2F6F8F (red, green and blue in hexadecimal)
    #[arg(long, value_name = "#RRGGBB")]
    color: Option<String>,
    /// It co-brands the program's flyer
    #[arg(long)]
    partner: bool,
    /// When materials were last sent (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    materials_sent: Option<String>,
}

impl OrgOptions {
    /// The flags given, over what the organization holds now: a flag left out changes nothing.
    fn apply(&self, input: &mut OrganizationInput, name: &Option<String>, no_partner: bool) {
        let keep_or = |value: &Option<String>, now: &mut String| {
            if let Some(given) = value {
                now.clone_from(given);
            }
        };
        keep_or(name, &mut input.name);
        keep_or(&self.short, &mut input.short_name);
        keep_or(&self.color, &mut input.brand_color);
        keep_or(&self.materials_sent, &mut input.materials_sent_on);
        if self.partner {
            input.co_branding = true;
        }
        if no_partner {
            input.co_branding = false;
        }
    }
}

pub fn supporters(store: &mut Store, command: &SupportersCommand, out: &mut dyn Write) -> Outcome {
    match command {
        SupportersCommand::Import {
            file,
            dry_run,
            valid_rows_only,
        } => {
            let options = ImportOptions {
                dry_run: *dry_run,
                valid_rows_only: *valid_rows_only,
            };
            let conn = store.conn_mut();
            let preview = with_bar(|work| {
                import::import_file(conn, file, None, clock::today(), options, work)
            })?;
            emit(out, &import_report(file, &preview, options))?;
            Ok(preview.refusal("add --valid-rows-only")?)
        }
        SupportersCommand::List {
            json: as_json,
            due,
            resting,
            loaded,
        } => {
            let mut roster = supporters::roster(store.conn(), clock::today())?;
            roster.retain(|r| {
                (!due || r.training_due)
                    && (!resting || r.resting_until.is_some())
                    && (!loaded || r.load.warning)
            });
            if *as_json {
                return json(out, &roster);
            }
            let mut text = format!(
                "{:>5}  {:<28} {:<22} {:<22} {:<22} {:<8} {:>5} {:>4}  {:<10}  {}\n",
                "ID",
                "NAME",
                "ROLE",
                "DEPARTMENT",
                "ORGANIZATION",
                "STATUS",
                "OPEN",
                "30D",
                "TRAINED",
                "CARE"
            );
            for r in &roster {
                let _ = writeln!(
                    text,
                    "{:>5}  {:<28} {:<22} {:<22} {:<22} {:<8} {:>5} {:>4}  {:<10}  {}",
                    r.id,
                    clip(&r.name, 28),
                    clip(&r.role, 22),
                    clip(r.department.as_deref().unwrap_or("-"), 22),
                    clip(&r.organization, 22),
                    r.status,
                    r.open_cases,
                    r.load.contacts_30,
                    r.trained_on.as_deref().unwrap_or("-"),
                    care::flags(r)
                );
            }
            let _ = writeln!(text, "{} supporters", roster.len());
            emit(out, &text)
        }
        SupportersCommand::Show { id, json: as_json } => care::show(store, *id, *as_json, out),
        SupportersCommand::Rest { id, until, end } => {
            care::rest(store, *id, until.as_deref(), *end, out)
        }
        SupportersCommand::Consent { id, give, .. } => care::consent(store, *id, *give, out),
    }
}

/// What an import found and did, as the coordinator reads it.
fn import_report(file: &Path, p: &ImportPreview, options: ImportOptions) -> String {
    let mut text = format!(
        "{}: {} rows: {} to add, {} to update, {} unchanged, {} rejected\n",
        file.display(),
        p.rows,
        p.added.len(),
        p.updated.len(),
        p.unchanged,
        p.rejected.len()
    );
    for (what, names) in [
        ("organizations", &p.new_organizations),
        ("roles", &p.new_roles),
        ("departments", &p.new_departments),
    ] {
        if !names.is_empty() {
            let _ = writeln!(text, "New {what}: {}", names.join(", "));
        }
    }
    for line in &p.updated {
        let _ = writeln!(
            text,
            "row {}: update {} ({})",
            line.row,
            line.name,
            line.changes.join(", ")
        );
    }
    for rejection in &p.rejected {
        let _ = writeln!(text, "row {}: {}", rejection.row, rejection.reason);
    }
    if p.applied {
        let _ = writeln!(
            text,
            "Imported: {} added, {} updated.",
            p.added.len(),
            p.updated.len()
        );
    } else if options.dry_run {
        text.push_str("Dry run: nothing was changed.\n");
    } else if p.rejected.is_empty() {
        text.push_str("Nothing to change: the roster already matches the file.\n");
    }
    text
}

/// At most `width` characters, for the text table.
pub(crate) fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut clipped: String = text.chars().take(width - 1).collect();
        clipped.push('…');
        clipped
    }
}

pub fn nominations(
    store: &mut Store,
    command: &NominationsCommand,
    out: &mut dyn Write,
) -> Outcome {
    match command {
        NominationsCommand::Import { file } => {
            let done = nominations::import_file(store.conn_mut(), file)?;
            emit(
                out,
                &format!(
                    "Imported {} answers from {} departments ({} without a name or department skipped).\n",
                    done.answers, done.departments, done.skipped
                ),
            )
        }
        NominationsCommand::Tally { json: as_json } => {
            let tally = nominations::tally(store.conn())?;
            if *as_json {
                return json(out, &tally);
            }
            let Some(imported_at) = &tally.imported_at else {
                return emit(out, "No nomination survey yet: import one with `peerdesk nominations import FILE`.\n");
            };
            let mut text = format!(
                "Survey {} imported {}: {} answers\n",
                tally.file_name.as_deref().unwrap_or("(unnamed)"),
                clock::day_of(imported_at),
                tally.answers
            );
            for department in &tally.departments {
                let _ = writeln!(
                    text,
                    "\n{} ({} answers)",
                    department.department, department.answers
                );
                for nominee in &department.nominees {
                    let mark = match nominee.supporter_status.as_deref() {
                        Some("retired") => "  [retired supporter]",
                        Some(_) => "  [supporter]",
                        None => "",
                    };
                    let _ = writeln!(text, "  {:>3}  {}{mark}", nominee.votes, nominee.name);
                }
            }
            emit(out, &text)
        }
    }
}

pub fn orgs(store: &mut Store, command: &OrgsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn_mut();
    match command {
        OrgsCommand::Add { name, options } => {
            let logo = read_logo(options.logo.as_deref())?;
            let input = OrganizationInput {
                name: name.clone(),
                short_name: options.short.clone().unwrap_or_default(),
                brand_color: options.color.clone().unwrap_or_default(),
                co_branding: options.partner,
                materials_sent_on: options.materials_sent.clone().unwrap_or_default(),
            };
            let id = organizations::save(conn, None, &input, logo.as_deref())?;
            let row = organizations::get(conn, id)?;
            let role = if row.is_host {
                "the host program"
            } else {
                "a partner organization"
            };
            emit(out, &format!("Added {} (id {id}) as {role}.\n", row.name))
        }
        OrgsCommand::Set {
            name_or_id,
            name,
            options,
            no_partner,
        } => {
            let logo = read_logo(options.logo.as_deref())?;
            let id = organizations::resolve(conn, name_or_id)?;
            let mut input = OrganizationInput::from(&organizations::get(conn, id)?);
            options.apply(&mut input, name, *no_partner);
            organizations::save(conn, Some(id), &input, logo.as_deref())?;
            emit(out, &format!("Saved {} (id {id}).\n", input.name.trim()))
        }
        OrgsCommand::List { json: as_json } => {
            let rows = organizations::list(conn)?;
            if *as_json {
                return json(out, &rows);
            }
            let mut text = format!(
                "{:>4}  {:<32} {:<10} {:<8} {:<9} {:<5} {:>10}\n",
                "ID", "NAME", "SHORT", "COLOUR", "KIND", "LOGO", "SUPPORTERS"
            );
            for o in &rows {
                let kind = if o.is_host {
                    "host"
                } else if o.co_branding {
                    "partner"
                } else {
                    "member"
                };
                let _ = writeln!(
                    text,
                    "{:>4}  {:<32} {:<10} {:<8} {:<9} {:<5} {:>10}",
                    o.id,
                    clip(&o.name, 32),
                    clip(o.short_name.as_deref().unwrap_or("-"), 10),
                    o.brand_color.as_deref().unwrap_or("-"),
                    kind,
                    if o.has_logo { "yes" } else { "no" },
                    o.supporters
                );
            }
            emit(out, &text)
        }
    }
}

fn read_logo(path: Option<&Path>) -> Result<Option<Vec<u8>>, CoreError> {
    path.map(organizations::read_logo_file).transpose()
}
