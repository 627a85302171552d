//! One writer per data folder. The window holds `peerdesk.instance` locked (an OS file lock,
//! released by the OS when the process ends, even by a crash) for as long as it runs; a
//! command-line command that writes takes the same lock for its run, so it never changes the
//! store under an open window, and says so instead. Reading needs no lock: SQLite's own
//! locking keeps readers consistent.
//!
//! The file holds who took the lock (the window or the command line, and the process id), so
//! the one who is refused is told who has the folder.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant};

use crate::error::{CoreError, Result};
use crate::files::disk;
use crate::store::DataDir;

/// Who holds the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Window,
    CommandLine,
}

impl Holder {
    fn describe(self) -> &'static str {
        match self {
            Holder::Window => "the PeerDesk window",
            Holder::CommandLine => "another peerdesk command",
        }
    }
}

/// The held lock; dropping it lets the next process in.
#[derive(Debug)]
pub struct FolderLock {
    file: Option<File>,
    /// Set when the folder was made to hold the lock: if nothing else came into it (a
    /// restore refused, an `init` that failed), it goes again, so a refusal leaves no trace.
    made: Option<DataDir>,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        drop(self.file.take());
        if let Some(dir) = &self.made {
            let only_the_lock = std::fs::read_dir(dir.root())
                .map(|entries| entries.count() == 1)
                .unwrap_or(false);
            if only_the_lock {
                let _ = std::fs::remove_file(dir.instance_lock());
                let _ = std::fs::remove_dir(dir.root());
            }
        }
    }
}

impl FolderLock {
    /// Takes the folder's lock, waiting up to `wait` for the holder to let go. Creates the
    /// folder (owner-only) when it does not exist yet, as first-run setup needs.
    pub fn acquire(dir: &DataDir, holder: Holder, wait: Duration) -> Result<FolderLock> {
        let made = (!dir.root().exists()).then(|| dir.clone());
        disk::create_private_folder(dir.root())?;
        let path = dir.instance_lock();
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(|e| CoreError::io(&path, e))?;
        let deadline = Instant::now()
            .checked_add(wait)
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(365 * 24 * 3600));
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(CoreError::FolderInUse {
                        holder: read_holder(&mut file),
                    })
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(CoreError::io(&path, e)),
            }
        }
        let note = format!("{} (process {})\n", holder.describe(), std::process::id());
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(note.as_bytes()));
        written.map_err(|e| CoreError::io(&path, e))?;
        Ok(FolderLock {
            file: Some(file),
            made,
        })
    }
}

fn read_holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.take(200).read_to_string(&mut text);
    let text = text.trim();
    if text.is_empty() {
        "another PeerDesk process".into()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_folder_and_gets_in_once_it_is_free() {
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = DataDir::new(temp.path().join("data"));
        let window = FolderLock::acquire(&dir, Holder::Window, Duration::ZERO).expect("first");
        let refused = FolderLock::acquire(&dir, Holder::CommandLine, Duration::from_millis(200))
            .expect_err("the folder is held");
        assert_eq!(refused.code(), "folder_in_use", "got {refused}");
        assert!(
            refused.to_string().contains("the PeerDesk window"),
            "the holder is named: {refused}"
        );
        drop(window);
        FolderLock::acquire(&dir, Holder::CommandLine, Duration::ZERO)
            .expect("free once the window let go");
    }
}
