//! The daily loop from the command line: `match`, `assign`, `outreach …`, `settings …` and
//! `picklist …` (`requests …` is `requests.rs`). Each function prints its report to `out` and
//! returns a typed `Failure`, which `lib.rs` prints on stderr with its exit code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use peerdesk_core::daily::matching::{self, Rule};
use peerdesk_core::daily::outreach::import::{self as outreach_import, Field};
use peerdesk_core::daily::outreach::{self, Kind, OutreachForm};
use peerdesk_core::daily::outreach_log::{self, OutreachFilter};
use peerdesk_core::error::Problem;
use peerdesk_core::program;
use peerdesk_core::program::picklists::{self, List};
use peerdesk_core::{clock, CoreError, Store};

use crate::output::{emit, json, Failure, Outcome};
use crate::progress::with_bar;

#[derive(Debug, Subcommand)]
pub enum OutreachCommand {
    /// Log one contact (there is no name field: the log never records who was supported)
    Add(Box<OutreachArgs>),
    /// List the outreach log, newest first
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// From this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Import the supporters' own outreach reports: their web form's CSV or XLSX export
    /// (Microsoft Forms, REDCap, Google Forms). All or nothing, the same file only once; a
    /// column that looks like a person's name is never read
    Import {
        /// The web form's export
        file: PathBuf,
        /// Check the file and print what would be imported (columns, new list values,
        /// rejected rows), without changing anything
        #[arg(long)]
        dry_run: bool,
        /// Map a column whose header PeerDesk does not recognise: "HEADER=FIELD", FIELD one
        /// of date, kind, mode, referred-by, department, role, supporter, issue-types,
        /// resources, comments, outcome (empty: leave the column out). Repeat for several;
        /// remembered for the next file of the same form
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
        /// Add the values new to the program's lists (departments, roles, issue types,
        /// resources) that the dry run showed; without it, a file with new values is refused
        #[arg(long)]
        add_new: bool,
    },
}

#[derive(Debug, Args)]
pub struct OutreachArgs {
    /// The day of the contact (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    date: String,
    /// The first contact of a request, or a later one
    #[arg(long, value_parser = Kind::NAMES)]
    kind: String,
    /// How the contact was made (a mode of the program: phone, video, in-person, text, …)
    #[arg(long)]
    mode: String,
    /// Who referred the person (a referral source of the program: self, peer, manager, …)
    #[arg(long)]
    referred_by: String,
    /// The department of the person supported
    #[arg(long)]
    department: String,
    /// The role of the person supported
    #[arg(long)]
    role: String,
    /// The supporter's id (see `peerdesk supporters list`); required, as the core says
    #[arg(long, value_name = "ID")]
    supporter: Option<i64>,
    /// An issue type (repeat for several); at least one
    #[arg(long = "issue", value_name = "ISSUE")]
    issues: Vec<String>,
    /// A resource offered (repeat for several)
    #[arg(long = "resource", value_name = "RESOURCE")]
    resources: Vec<String>,
    /// The request this contact belongs to (none: a stand-alone contact)
    #[arg(long, value_name = "ID")]
    request: Option<i64>,
    /// Comments (no names)
    #[arg(long)]
    comments: Option<String>,
    /// How the supporter rated the contact (optional): helpful, neutral, not-helpful or
    /// not-reached (could not reach the person)
    #[arg(long, value_parser = peerdesk_core::daily::outreach::Outcome::NAMES)]
    outcome: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Set one setting (see `settings show` for the keys)
    Set {
        /// The key, as `settings show` lists them; e.g. event_outreach_hours: the hours
        /// after a critical event within which its unit should be reached (1 to 168, default 24)
        key: String,
        value: String,
    },
    /// Show every setting
    Show {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PicklistCommand {
    /// List a pick-list's entries in order (retired ones marked)
    List {
        #[arg(value_parser = List::NAMES)]
        list: String,
    },
    /// Add an entry at the end of a pick-list
    Add {
        #[arg(value_parser = List::NAMES)]
        list: String,
        value: String,
    },
    /// Retire an entry: no longer offered, still valid in the history that uses it
    Retire {
        #[arg(value_parser = List::NAMES)]
        list: String,
        value: String,
    },
}

pub(crate) fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn relaxed(relax: &Option<String>) -> Result<Option<Rule>, CoreError> {
    relax.as_deref().map(Rule::parse_relaxable).transpose()
}

/// `peerdesk match ID [--json] [--relax RULE]`
pub fn rank(
    store: &Store,
    id: i64,
    as_json: bool,
    relax: &Option<String>,
    out: &mut dyn Write,
) -> Outcome {
    let ranking = matching::rank_request(store.conn(), id, clock::today(), relaxed(relax)?)?;
    if as_json {
        return json(out, &ranking.candidates);
    }
    let mut text = String::new();
    if let Some(rule) = ranking.relaxed {
        let _ = writeln!(text, "Rule set aside: {}", rule.describe());
    }
    for (rank, c) in ranking.candidates.iter().enumerate() {
        let _ = writeln!(
            text,
            "{:>3}. #{:<5} {:<28} score {:>4}  {}",
            rank + 1,
            c.supporter_id,
            c.name,
            c.score,
            c.reasons
        );
    }
    if !ranking.excluded.is_empty() {
        let sentences: Vec<&str> = ranking
            .excluded
            .iter()
            .map(|e| e.sentence.as_str())
            .collect();
        let _ = writeln!(text, "Not eligible: {}", sentences.join("; "));
    }
    if ranking.candidates.is_empty() {
        let _ = writeln!(text, "No supporter qualifies for request #{id}.");
        for relaxation in &ranking.relaxations {
            let _ = writeln!(
                text,
                "Nearest: {} (peerdesk match {id} --relax {})",
                relaxation.sentence,
                serde_json::to_value(relaxation.rule)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            );
        }
    }
    emit(out, &text)
}

/// `peerdesk assign ID SUPPORTER_ID [--relax RULE]`
pub fn assign(
    store: &Store,
    id: i64,
    supporter: i64,
    relax: &Option<String>,
    out: &mut dyn Write,
) -> Outcome {
    matching::assign(
        store.conn(),
        id,
        supporter,
        relaxed(relax)?,
        clock::now_local(),
    )?;
    emit(
        out,
        &format!("Request #{id} matched with supporter #{supporter}.\n"),
    )
}

pub fn outreach(store: &mut Store, command: &OutreachCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        OutreachCommand::Add(args) => {
            let form = OutreachForm {
                occurred_on: args.date.clone(),
                kind: args.kind.clone(),
                mode: args.mode.clone(),
                referred_by: args.referred_by.clone(),
                department: args.department.clone(),
                role: args.role.clone(),
                supporter_id: args.supporter,
                issue_types: args.issues.clone(),
                resources: args.resources.clone(),
                comments: text(&args.comments),
                outcome: text(&args.outcome),
                request_id: args.request,
            };
            let id = outreach::add(conn, &form, clock::now_local())?;
            emit(out, &format!("{id}\n"))
        }
        OutreachCommand::List {
            json: as_json,
            from,
            to,
        } => {
            let filter = OutreachFilter {
                from: from.clone(),
                to: to.clone(),
                ..OutreachFilter::default()
            };
            let rows = outreach_log::list(conn, &filter)?;
            if *as_json {
                return json(out, &rows);
            }
            let mut text = String::new();
            for r in &rows {
                let _ = writeln!(
                    text,
                    "#{:<6} {}  {:<9} {:<9} {:<7} {} / {}  {}  [{}]{}",
                    r.id,
                    r.occurred_on,
                    r.kind,
                    r.mode,
                    r.referred_by,
                    r.role.as_deref().unwrap_or("-"),
                    r.department.as_deref().unwrap_or("-"),
                    r.supporter.as_deref().unwrap_or("-"),
                    r.issue_types.join(", "),
                    r.request_id
                        .map(|q| format!("  request #{q}"))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(text, "{} outreaches", rows.len());
            emit(out, &text)
        }
        OutreachCommand::Import {
            file,
            dry_run,
            map,
            add_new,
        } => import(store, file, *dry_run, map, *add_new, out),
    }
}

/// `--map "HEADER=FIELD"` as the core takes it (the core checks the field's name).
fn mapping(map: &[String]) -> Result<BTreeMap<String, String>, CoreError> {
    map.iter()
        .map(|pair| {
            pair.rsplit_once('=')
                .map(|(header, field)| (header.trim().to_string(), field.trim().to_string()))
                .filter(|(header, _)| !header.is_empty())
                .ok_or_else(|| {
                    CoreError::invalid(
                        "map",
                        Problem::Format,
                        format!("\"{pair}\" is not HEADER=FIELD (e.g. --map \"Who made the contact=supporter\")"),
                    )
                })
        })
        .collect()
}

/// `peerdesk outreach import FILE [--dry-run] [--map H=F]… [--add-new]`: the columns and
/// what each fills, the new list values, each rejection, then what was done.
fn import(
    store: &Store,
    file: &Path,
    dry_run: bool,
    map: &[String],
    add_new: bool,
    out: &mut dyn Write,
) -> Outcome {
    let chosen = mapping(map)?;
    let report = with_bar(|work| {
        outreach_import::import_file(
            store.conn(),
            file,
            None,
            &chosen,
            clock::now_local(),
            !dry_run,
            add_new,
            work,
        )
    })?;
    let mut text = format!("{}: {} rows\nColumns:\n", file.display(), report.rows);
    for column in &report.columns {
        let used = match column.field {
            Some(field) => format!(
                "→ {} ({}){}",
                field.as_str(),
                match column.how {
                    outreach_import::How::Chosen => "as mapped",
                    outreach_import::How::Remembered => "remembered",
                    _ => "from its header",
                },
                column
                    .choice
                    .as_deref()
                    .map(|c| format!(", ticked means \"{c}\""))
                    .unwrap_or_default()
            ),
            None => format!(
                "not imported{}",
                column
                    .note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
        };
        let _ = writeln!(text, "  \"{}\" {used}", column.header);
    }
    for value in &report.new_values {
        let _ = writeln!(
            text,
            "  new {}: \"{}\" ({} {})",
            value.noun,
            value.value,
            value.rows,
            if value.rows == 1 { "row" } else { "rows" }
        );
    }
    for rejection in &report.rejected {
        let _ = writeln!(
            text,
            "  rejected row {}: {}",
            rejection.row, rejection.reason
        );
    }
    emit(out, &text)?;
    // A dry run is refused as the import would be, except for the confirmation it asks.
    report.refusal(add_new || dry_run)?;
    if report.applied {
        return emit(
            out,
            &format!(
                "Imported {} outreaches; {} new list values added.\n",
                report.accepted.len(),
                report.new_values.len()
            ),
        );
    }
    if !dry_run {
        return emit(
            out,
            "The file has no outreaches to import; nothing changed.\n",
        );
    }
    let fields = Field::NAMES.join(", ");
    emit(
        out,
        &format!(
            "Dry run: {} outreaches would be imported{}; nothing changed. (Fields for --map: {fields})\n",
            report.accepted.len(),
            if report.new_values.is_empty() {
                String::new()
            } else {
                format!(
                    ", adding {} new list values (import with --add-new)",
                    report.new_values.len()
                )
            }
        ),
    )
}

pub fn settings(store: &mut Store, command: &SettingsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        SettingsCommand::Set { key, value } => {
            // The key leads the message, as the settings screen shows it beside the key.
            program::set(conn, key, value).map_err(|e| Failure::from(e).about(key))?;
            let now = program::load(conn)?;
            emit(
                out,
                &format!("{key} = {}\n", now.value_of(key).unwrap_or_default()),
            )
        }
        SettingsCommand::Show { json: as_json } => {
            let program = program::load(conn)?;
            if *as_json {
                let map: serde_json::Map<String, serde_json::Value> = program::KEYS
                    .iter()
                    .map(|k| {
                        (
                            k.to_string(),
                            serde_json::Value::String(program.value_of(k).unwrap_or_default()),
                        )
                    })
                    .collect();
                return json(out, &map);
            }
            let mut text = String::new();
            for key in program::KEYS {
                let _ = writeln!(
                    text,
                    "{key:<24} {}",
                    program.value_of(key).unwrap_or_default()
                );
            }
            emit(out, &text)
        }
    }
}

pub fn picklist(store: &mut Store, command: &PicklistCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        PicklistCommand::List { list } => {
            let mut text = String::new();
            for entry in picklists::entries(conn, List::from_name(list)?)? {
                let family = entry.family.map(|f| format!(" ({f})")).unwrap_or_default();
                let retired = if entry.retired { "  [retired]" } else { "" };
                let _ = writeln!(text, "{}{family}{retired}", entry.value);
            }
            emit(out, &text)
        }
        PicklistCommand::Add { list, value } => {
            let list = List::from_name(list)?;
            picklists::add(conn, list, value, None)?;
            emit(
                out,
                &format!("Added the {} \"{}\".\n", list.noun(), value.trim()),
            )
        }
        PicklistCommand::Retire { list, value } => {
            let list = List::from_name(list)?;
            let id = picklists::find(conn, list, value)?.ok_or_else(|| {
                Failure::field(
                    "value",
                    Problem::Unknown,
                    format!(
                        "there is no {} \"{}\" (see `peerdesk picklist list`)",
                        list.noun(),
                        value.trim()
                    ),
                )
            })?;
            picklists::set_retired(conn, id, true)?;
            emit(
                out,
                &format!(
                    "Retired the {} \"{}\": no longer offered, still valid in history.\n",
                    list.noun(),
                    value.trim()
                ),
            )
        }
    }
}
