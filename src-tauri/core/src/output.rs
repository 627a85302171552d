//! Files PeerDesk writes for the coordinator (exports, PDFs): whole or not at all.

use std::path::Path;

use crate::error::{CoreError, Result};

/// Writes `bytes` under a hidden temporary name beside `path`, then renames it into place, so
/// a reader never meets a half-written file and a failure leaves nothing behind. The temporary
/// name is the target's own (with the process id), so it never replaces another file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = |e: std::io::Error| {
        CoreError::Invalid(format!("{} cannot be written: {e}", path.display()))
    };
    let name = path
        .file_name()
        .ok_or_else(|| CoreError::Invalid(format!("{} is not a file name", path.display())))?;
    let partial = path.with_file_name(format!(
        ".{}.{}.partial",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        cannot(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("report.pdf");
        std::fs::write(dir.path().join("report.partial"), b"someone else's").expect("neighbour");
        write_whole(&path, b"%PDF-1.7").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF-1.7");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["report.partial", "report.pdf"],
            "the neighbour is untouched"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The target is a folder: the rename fails after the bytes were written.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).expect("folder");
        std::fs::write(path.join("inside"), b"x").expect("fill it");
        let error = write_whole(&path, b"bytes").expect_err("refused");
        assert!(error.to_string().contains("cannot be written"), "{error}");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1, "only the folder remains");
    }
}
