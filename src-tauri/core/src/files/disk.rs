//! Files on disk, written so that nothing is ever half there: a new file is written under a
//! hidden temporary name in the folder it belongs to (owner-only), flushed to the disk, and
//! only then renamed into place, either over the old file (documents the coordinator asked to
//! replace) or never over anything (a new store, a restored one). A failure at any step — a
//! full disk, a read-only folder — removes the temporary file and leaves the target as it was.
//!
//! Folders the store creates are owner-only too (0700 on Unix): the data is encrypted, but who
//! has a database and when it changed is nobody else's business.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

/// Whether a new file may take the place of an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Replace what is there (a document the coordinator chose to overwrite, the key file).
    Replace,
    /// Refuse if anything is there: setup and restore never clobber a store.
    NoClobber,
}

/// A file being written beside its final place. Dropped unpublished, it disappears.
pub struct NewFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl NewFile {
    /// Starts writing `target`: a hidden, owner-only temporary file in the same folder, so
    /// the final rename stays on one file system and is atomic.
    pub fn create(target: &Path) -> Result<NewFile> {
        let folder = folder_of(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| CoreError::CannotWrite {
                path: target.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
            })?;
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(folder)
            .map_err(|e| cannot_write(target, e))?;
        Ok(NewFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// The temporary file, for streaming large contents (a backup) into it.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Where the contents are being written until they are published.
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let target = self.target.clone();
        self.file()
            .write_all(bytes)
            .map_err(|e| cannot_write(&target, e))
    }

    /// Flushes the contents to the disk, renames the file into place and makes the rename
    /// itself durable. On any failure the temporary file is removed and the target untouched.
    pub fn publish(self, how: Publish) -> Result<()> {
        let NewFile { temp, target } = self;
        temp.as_file()
            .sync_all()
            .map_err(|e| cannot_write(&target, e))?;
        match how {
            Publish::Replace => temp.persist(&target).map(|_| ()),
            Publish::NoClobber => temp.persist_noclobber(&target).map(|_| ()),
        }
        .map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                CoreError::AlreadyExists(target.clone())
            } else {
                cannot_write(&target, e.error)
            }
        })?;
        sync_folder(folder_of(&target))
    }
}

/// Writes `bytes` to `path` whole or not at all (see the module's doc).
pub fn write_whole(path: &Path, bytes: &[u8], how: Publish) -> Result<()> {
    let mut file = NewFile::create(path)?;
    file.write_all(bytes)?;
    file.publish(how)
}

/// Creates `folder` (and its parents) if missing, owner-only. A folder that already exists
/// is left as its owner made it (a chosen backup folder, a USB stick's).
pub fn create_private_folder(folder: &Path) -> Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(folder).map_err(|e| CoreError::io(folder, e))?;
    owner_only(folder)
}

/// Creates a new owner-only folder, failing if anything exists at `path`.
pub fn create_new_private_folder(path: &Path) -> Result<()> {
    std::fs::create_dir(path).map_err(|e| cannot_write(path, e))?;
    owner_only(path)
}

/// Makes a folder this code just created readable by its owner alone (0700 on Unix).
fn owner_only(folder: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| CoreError::io(folder, e))?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Creates a new, empty, owner-only file, failing if anything exists at `path` (`O_EXCL`).
pub fn create_new_private(path: &Path) -> Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CoreError::AlreadyExists(path.to_path_buf())
        } else {
            CoreError::io(path, e)
        }
    })
}

/// Makes a rename in `folder` durable (a no-op where folders cannot be opened as files).
pub fn sync_folder(folder: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let handle = File::open(folder).map_err(|e| CoreError::io(folder, e))?;
        handle.sync_all().map_err(|e| CoreError::io(folder, e))?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Moves a finished file (on the same file system) to `to`, never over anything — the same
/// no-clobber rename as `NewFile::publish(NoClobber)`, for files staged some other way.
pub fn publish_no_clobber(from: &Path, to: &Path) -> Result<()> {
    tempfile::TempPath::try_from_path(from)
        .map_err(|e| cannot_write(to, e))?
        .persist_noclobber(to)
        .map_err(|e| {
            // Not published: the staged file stays where it was, for its owner to clean up.
            let _ = e.path.keep();
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                CoreError::AlreadyExists(to.to_path_buf())
            } else {
                cannot_write(to, e.error)
            }
        })?;
    sync_folder(folder_of(to))
}

/// Removes a file if it is there.
pub fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CoreError::io(path, e)),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

pub(crate) fn cannot_write(path: &Path, source: std::io::Error) -> CoreError {
    CoreError::CannotWrite {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_written_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("report.pdf");
        std::fs::write(dir.path().join("report.partial"), b"someone else's").expect("neighbour");
        write_whole(&path, b"%PDF-1.7", Publish::Replace).expect("written");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            b"%PDF-1.7",
            "the bytes arrived"
        );
        assert_eq!(
            names(dir.path()),
            ["report.partial", "report.pdf"],
            "the neighbour is untouched and no temporary file is left"
        );
    }

    #[test]
    fn no_clobber_refuses_an_existing_file_and_leaves_it_as_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("peerdesk.key");
        std::fs::write(&path, b"the first store's key").expect("existing");
        let error = write_whole(&path, b"another key", Publish::NoClobber).expect_err("refused");
        assert_eq!(error.code(), "already_exists", "got {error}");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            b"the first store's key",
            "the existing file is untouched"
        );
        assert_eq!(
            names(dir.path()),
            ["peerdesk.key"],
            "nothing is left beside it"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The target is a folder: the rename fails after the bytes were written.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).expect("folder");
        std::fs::write(path.join("inside"), b"x").expect("fill it");
        let error = write_whole(&path, b"bytes", Publish::Replace).expect_err("refused");
        assert!(error.to_string().contains("cannot be written"), "{error}");
        assert_eq!(names(dir.path()), ["taken"], "only the folder remains");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_and_folders_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("data");
        create_private_folder(&folder).expect("folder");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700, "the folder is owner-only");
        let written = folder.join("peerdesk.key");
        write_whole(&written, b"{}", Publish::NoClobber).expect("written");
        assert_eq!(mode(&written), 0o600, "a published file is owner-only");
        let created = folder.join("peerdesk.db");
        create_new_private(&created).expect("created");
        assert_eq!(mode(&created), 0o600, "a new empty file is owner-only");
        assert_eq!(
            create_new_private(&created).expect_err("exists").code(),
            "already_exists",
            "O_EXCL: a second creation is refused"
        );
    }
}
