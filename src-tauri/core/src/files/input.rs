//! Reading a file the coordinator picked or typed (a spreadsheet to import, a logo): only a
//! regular file, and never more than a limit, counted while reading. A FIFO, a device such
//! as `/dev/zero` or a file that grows while it is read would otherwise hold the app forever
//! or fill its memory; the size in the metadata is only a first, cheap refusal.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{CoreError, Problem};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadRefused {
    /// A folder, FIFO, socket or device.
    NotAFile,
    /// More than the limit (the size read so far, at least limit + 1).
    TooBig(u64),
    Io(std::io::Error),
}

impl ReadRefused {
    /// The refusal in words, about `field` (the form's or the command line's name for the
    /// file: `file`, `logo`); `what` names the kind of file PeerDesk expected ("spreadsheets").
    pub fn into_error(self, path: &Path, what: &str, field: &str) -> CoreError {
        let message = match self {
            ReadRefused::NotAFile => format!(
                "{} is not a file PeerDesk can read (a folder, a device or a pipe): choose the file itself",
                path.display()
            ),
            ReadRefused::TooBig(size) => format!(
                "{} is larger than PeerDesk reads for {what} ({:.1} MB or more): is it the right file?",
                path.display(),
                size as f64 / 1_048_576.0
            ),
            ReadRefused::Io(e) => format!("cannot read {}: {e}", path.display()),
        };
        CoreError::invalid(field, Problem::Unreadable, message)
    }
}

/// Opens `path` without ever blocking: on Unix a FIFO would block `open` itself until a
/// writer came, so it is opened non-blocking, then refused by what the handle says it is.
fn open_regular(path: &Path) -> Result<File, ReadRefused> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadRefused::Io)?;
    let metadata = file.metadata().map_err(ReadRefused::Io)?;
    if !metadata.is_file() {
        return Err(ReadRefused::NotAFile);
    }
    Ok(file)
}

/// Reads the whole regular file at `path` if it holds at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadRefused> {
    let file = open_regular(path)?;
    let declared = file.metadata().map(|m| m.len()).unwrap_or(0);
    if declared > limit {
        return Err(ReadRefused::TooBig(declared));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadRefused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadRefused::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_a_device_and_a_folder_are_refused_at_once() {
        let folder = tempfile::tempdir().expect("temp folder");
        assert!(
            matches!(read_bounded(folder.path(), 10), Err(ReadRefused::NotAFile)),
            "a folder is refused as not a file"
        );
        #[cfg(unix)]
        {
            let fifo = folder.path().join("pipe.csv");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("mkfifo runs");
            assert!(made.success(), "mkfifo made the pipe");
            let started = std::time::Instant::now();
            assert!(
                matches!(read_bounded(&fifo, 10), Err(ReadRefused::NotAFile)),
                "a FIFO is refused as not a file"
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "a FIFO with no writer is refused, not waited on"
            );
            assert!(
                matches!(
                    read_bounded(Path::new("/dev/zero"), 1024),
                    Err(ReadRefused::NotAFile)
                ),
                "a device is refused as not a file"
            );
        }
    }

    #[test]
    fn the_limit_is_counted_while_reading() {
        let folder = tempfile::tempdir().expect("temp folder");
        let path = folder.path().join("big.csv");
        std::fs::write(&path, vec![b'a'; 2048]).expect("write");
        assert!(
            matches!(read_bounded(&path, 2047), Err(ReadRefused::TooBig(_))),
            "a file one byte over the limit is refused as too big"
        );
        assert_eq!(
            read_bounded(&path, 2048).expect("fits").len(),
            2048,
            "a file exactly at the limit is read whole"
        );
    }
}
