//! Where the window (and the command line's calendar) may write a document (a PDF, a CSV, an
//! XLSX, an iCalendar file) and where the window may read an import from.
//!
//! The webview says where; this module decides, whatever it sends. A document is written
//! only as its own kind of file, never inside the data folder or the backups folder, never
//! through a symlink, and never over an existing file unless PeerDesk wrote that very file
//! since it was opened, or the coordinator chose that very path in the native Save dialog
//! (which asks about replacing by itself). An import or a logo is read only from a regular
//! file outside the data folder. A typed path stays possible: keyboard users and the
//! desktop tests need it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{CoreError, Problem, Result};

/// The kinds of file the window writes (named by their extension over IPC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Pdf,
    Csv,
    Xlsx,
    /// Plain text: the summary written beside a CSV export.
    Txt,
    /// The calendar of reminders (iCalendar).
    Ics,
}

impl DocumentKind {
    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Csv => "csv",
            DocumentKind::Xlsx => "xlsx",
            DocumentKind::Txt => "txt",
            DocumentKind::Ics => "ics",
        }
    }

    /// What the Save dialog's filter calls it.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "PDF document",
            DocumentKind::Csv => "CSV (Excel and any spreadsheet)",
            DocumentKind::Xlsx => "Excel workbook",
            DocumentKind::Txt => "Text file",
            DocumentKind::Ics => "Calendar (Outlook and any calendar)",
        }
    }
}

/// The places a document must never go, and the paths the coordinator vouched for.
#[derive(Debug, Default)]
pub struct Places {
    /// The data folder and the backups folder.
    pub forbidden: Vec<PathBuf>,
    /// Paths chosen in the native Save dialog since PeerDesk was opened.
    pub confirmed: HashSet<PathBuf>,
    /// Paths PeerDesk wrote since it was opened.
    pub produced: HashSet<PathBuf>,
}

/// A place refused for a document: about the `path` the window sent, `code` saying why.
fn refused(path: &Path, code: Problem, why: &str) -> CoreError {
    CoreError::invalid(
        "path",
        code,
        format!("PeerDesk will not write {}: {why}", path.display()),
    )
}

/// The folder a path names, with every symlink on the way resolved; for a path that does
/// not exist yet, its parent's.
fn resolved_folder(path: &Path) -> Option<PathBuf> {
    path.parent().and_then(|parent| parent.canonicalize().ok())
}

fn is_inside(folder: &Path, forbidden: &[PathBuf]) -> bool {
    forbidden.iter().any(|place| {
        let place = place.canonicalize().unwrap_or_else(|_| place.clone());
        folder.starts_with(&place)
    })
}

/// Checks a place to write a document of `kind` to; `replace` is the coordinator's answer
/// to "it exists: replace it?". Returns the path to write.
pub fn check_save_target(
    path: &Path,
    kind: DocumentKind,
    replace: bool,
    places: &Places,
) -> Result<PathBuf> {
    check_target(path, kind, replace, places, None)
}

/// Checks the place of a file that goes with a document, such as the summary beside a CSV
/// export: as a document of its own, except that the coordinator's word for the document
/// (chosen in the Save dialog, or written by PeerDesk) covers its companion too. Returns the
/// path to write.
pub fn check_companion_target(
    document: &Path,
    companion: &Path,
    kind: DocumentKind,
    replace: bool,
    places: &Places,
) -> Result<PathBuf> {
    check_target(companion, kind, replace, places, Some(document))
}

fn check_target(
    path: &Path,
    kind: DocumentKind,
    replace: bool,
    places: &Places,
    document: Option<&Path>,
) -> Result<PathBuf> {
    if !path.is_absolute() {
        return Err(CoreError::invalid(
            "path",
            Problem::Format,
            format!(
                "\"{}\" is not a full path (like /home/you/Documents/report.{}): type the whole path, or press Choose… to pick the place.",
                path.display(),
                kind.extension()
            ),
        ));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if extension.as_deref() != Some(kind.extension()) {
        return Err(refused(
            path,
            Problem::Format,
            &format!(
                "this document is saved as a .{} file only",
                kind.extension()
            ),
        ));
    }
    let Some(folder) = resolved_folder(path) else {
        return Err(refused(path, Problem::Unknown, "its folder does not exist"));
    };
    if is_inside(&folder, &places.forbidden) {
        return Err(refused(
            path,
            Problem::NotAllowed,
            "it is inside PeerDesk's data folder or backups folder: choose another folder, such as Documents",
        ));
    }
    let target = folder.join(path.file_name().unwrap_or_default());
    match std::fs::symlink_metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(target),
        Err(e) => Err(CoreError::io(&target, e)),
        Ok(metadata) if metadata.file_type().is_symlink() => Err(refused(
            path,
            Problem::NotAllowed,
            "it is a link to another file",
        )),
        Ok(metadata) if !metadata.is_file() => {
            Err(refused(path, Problem::NotAllowed, "it is not a file"))
        }
        Ok(_) if !replace => Err(CoreError::FileExists(target)),
        Ok(_) => {
            let document = document.map(|d| {
                let resolved =
                    resolved_folder(d).map(|folder| folder.join(d.file_name().unwrap_or_default()));
                (d, resolved)
            });
            let vouched = |set: &HashSet<PathBuf>| {
                set.contains(path)
                    || set.contains(&target)
                    || document.as_ref().is_some_and(|(given, resolved)| {
                        set.contains(*given) || resolved.as_ref().is_some_and(|r| set.contains(r))
                    })
            };
            if vouched(&places.confirmed) || vouched(&places.produced) {
                Ok(target)
            } else {
                Err(refused(
                    path,
                    Problem::NotAllowed,
                    "PeerDesk replaces only a file it wrote itself, or one you chose in the Save dialog: press Choose… to pick it, or change the name",
                ))
            }
        }
    }
}

/// Checks a file to import from (a spreadsheet, a logo): outside the data folder. Returns
/// the path with every link resolved, which is the one to read: a link swapped in after the
/// check is not followed. That it is a regular file, and not too big, is checked as it is
/// read (`input`).
pub fn check_import_source(path: &Path, data_dir: &Path) -> Result<PathBuf> {
    let resolved = path.canonicalize().map_err(|e| {
        CoreError::invalid(
            "file",
            Problem::Unreadable,
            format!(
                "{} cannot be opened ({}): choose the file again",
                path.display(),
                e.kind()
            ),
        )
    })?;
    let data = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    if resolved.starts_with(&data) {
        return Err(CoreError::invalid(
            "file",
            Problem::NotAllowed,
            format!(
                "{} is in PeerDesk's data folder: choose the spreadsheet or picture itself",
                path.display()
            ),
        ));
    }
    Ok(resolved)
}
#[cfg(test)]
mod tests {
    use super::*;

    struct Folders {
        _temp: tempfile::TempDir,
        data: PathBuf,
        backups: PathBuf,
        documents: PathBuf,
    }

    fn folders() -> Folders {
        let temp = tempfile::tempdir().expect("temp");
        let data = temp.path().join("data");
        let backups = temp.path().join("backups");
        let documents = temp.path().join("documents");
        for (folder, file, bytes) in [
            (&data, "peerdesk.db", &b"database"[..]),
            (&data, "peerdesk.key", &b"key file"[..]),
            (
                &backups,
                "peerdesk-2026-12-01.peerdesk-backup",
                &b"backup"[..],
            ),
            (&documents, "report.pdf", &b"old report"[..]),
        ] {
            std::fs::create_dir_all(folder).expect("folder");
            std::fs::write(folder.join(file), bytes).expect("file");
        }
        Folders {
            _temp: temp,
            data,
            backups,
            documents,
        }
    }

    fn places(f: &Folders) -> Places {
        Places {
            forbidden: vec![f.data.clone(), f.backups.clone()],
            ..Places::default()
        }
    }

    #[test]
    fn forged_paths_are_refused_whatever_the_window_says() {
        let f = folders();
        let places = places(&f);
        let mut forged = vec![
            f.data.join("peerdesk.db"),
            f.data.join("peerdesk.key"),
            f.data.join("report.pdf"),
            f.backups.join("peerdesk-2026-12-01.peerdesk-backup"),
            f.backups.join("report.pdf"),
            PathBuf::from("/etc/passwd"),
            f.data.join("..").join("data").join("sneaky.pdf"),
        ];
        #[cfg(unix)]
        for target in ["peerdesk.db", "peerdesk.key"] {
            let link = f.documents.join(format!("{target}-link.pdf"));
            std::os::unix::fs::symlink(f.data.join(target), &link).expect("symlink");
            forged.push(link);
            // A link to the data folder itself, with a harmless name beneath it.
        }
        #[cfg(unix)]
        {
            let folder_link = f.documents.join("data-link");
            std::os::unix::fs::symlink(&f.data, &folder_link).expect("symlink");
            forged.push(folder_link.join("report.pdf"));
        }
        for path in forged {
            for kind in [
                DocumentKind::Pdf,
                DocumentKind::Csv,
                DocumentKind::Xlsx,
                DocumentKind::Ics,
            ] {
                assert!(
                    check_save_target(&path, kind, true, &places).is_err(),
                    "{} as {kind:?} is refused",
                    path.display()
                );
            }
        }
        assert_eq!(
            std::fs::read(f.data.join("peerdesk.db")).expect("db"),
            b"database",
            "the database is untouched after every forged save was refused"
        );
    }

    #[test]
    fn an_existing_file_is_replaced_only_once_vouched_for() {
        let f = folders();
        let mut places = places(&f);
        let report = f.documents.join("report.pdf");
        assert!(
            matches!(
                check_save_target(&report, DocumentKind::Pdf, false, &places),
                Err(CoreError::FileExists(_))
            ),
            "an existing report is not replaced without asking"
        );
        let error = check_save_target(&report, DocumentKind::Pdf, true, &places)
            .expect_err("not vouched for");
        assert!(error.to_string().contains("Save dialog"), "{error}");
        places.confirmed.insert(report.clone());
        assert!(
            check_save_target(&report, DocumentKind::Pdf, true, &places).is_ok(),
            "a report confirmed in the Save dialog may be replaced"
        );
        let mut places = self::places(&f);
        places.produced.insert(report.clone());
        assert!(
            check_save_target(&report, DocumentKind::Pdf, true, &places).is_ok(),
            "a report PeerDesk produced itself may be replaced"
        );
        let new = f.documents.join("New Report.PDF");
        assert_eq!(
            check_save_target(&new, DocumentKind::Pdf, false, &places).expect("a new file"),
            new,
            "a new PDF is saved where it was asked, with an upper-case extension"
        );
        assert!(
            check_save_target(
                &f.documents.join("report.csv"),
                DocumentKind::Pdf,
                false,
                &places
            )
            .is_err(),
            "a PDF is not saved under a .csv name"
        );
        assert!(
            check_save_target(Path::new("report.pdf"), DocumentKind::Pdf, false, &places).is_err(),
            "a relative save path is refused"
        );
    }

    #[test]
    fn a_companion_file_is_replaced_only_when_its_document_or_itself_was_vouched_for() {
        let f = folders();
        let mut places = places(&f);
        let csv = f.documents.join("export.csv");
        let summary = f.documents.join("export.summary.txt");
        std::fs::write(&summary, b"an older summary").expect("file");
        assert!(
            matches!(
                check_companion_target(&csv, &summary, DocumentKind::Txt, false, &places),
                Err(CoreError::FileExists(_))
            ),
            "an existing summary is not replaced without asking"
        );
        assert!(
            check_companion_target(&csv, &summary, DocumentKind::Txt, true, &places).is_err(),
            "nor with a yes alone, when nobody vouched for the export"
        );
        places.confirmed.insert(csv.clone());
        assert_eq!(
            check_companion_target(&csv, &summary, DocumentKind::Txt, true, &places)
                .expect("vouched for through its export"),
            summary,
            "the export chosen in the Save dialog covers its summary"
        );
        let elsewhere = f.data.join("export.summary.txt");
        assert!(
            check_companion_target(&csv, &elsewhere, DocumentKind::Txt, true, &places).is_err(),
            "a companion is never written into the data folder, whatever its document"
        );
        assert!(
            check_companion_target(
                &csv,
                &f.documents.join("export.summary.csv"),
                DocumentKind::Txt,
                true,
                &places
            )
            .is_err(),
            "a text companion is saved under a .txt name only"
        );
    }

    #[test]
    fn an_import_is_read_only_from_outside_the_data_folder() {
        let f = folders();
        assert!(
            check_import_source(&f.data.join("peerdesk.key"), &f.data).is_err(),
            "the key file in the data folder is not an import source"
        );
        let folder = check_import_source(&f.documents, &f.data).expect("outside the data folder");
        assert!(
            crate::files::input::read_bounded(&folder, 10).is_err(),
            "a folder is not read"
        );
        assert!(
            check_import_source(&f.documents.join("report.pdf"), &f.data).is_ok(),
            "a file in the documents folder is an import source"
        );
        #[cfg(unix)]
        {
            let link = f.documents.join("roster.csv");
            std::os::unix::fs::symlink(f.data.join("peerdesk.db"), &link).expect("symlink");
            assert!(
                check_import_source(&link, &f.data).is_err(),
                "a link into the data folder"
            );
        }
    }
}
