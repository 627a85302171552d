//! What must outlive the process about unlocking: whether PeerDesk was locked, and how many
//! wrong passphrases came in a row. Kept in `peerdesk.unlock.json` beside the database.
//!
//! The lock guards an unattended screen. While the file says "locked", the key in the OS
//! credential store is not used: only the recovery passphrase, checked against the key file,
//! opens the store, in the window and on the command line, also after a restart. Whoever owns
//! the OS account can delete this file, as they can read the credential store itself: the lock
//! does not pretend to stop them (the README's threat model says so).
//!
//! After [`FREE_ATTEMPTS`] wrong passphrases in a row, each further attempt must wait, longer
//! after every failure ([`delay_after`]); the wait is enforced here, before the passphrase is
//! even looked at, so no caller can skip it. A right passphrase clears the count.
//!
//! The file holds no secret and no name. A file that cannot be read counts as locked: a
//! damaged guard must not open the door.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::files::disk::{self, Publish};
use crate::store::DataDir;

/// Wrong passphrases allowed in a row before each attempt has to wait.
pub const FREE_ATTEMPTS: u32 = 5;
/// The longest wait between two attempts.
const LONGEST_WAIT_SECONDS: i64 = 15 * 60;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockGuard {
    /// The coordinator (or the idle timer) locked PeerDesk and nobody typed the passphrase since.
    #[serde(default)]
    pub locked: bool,
    /// Wrong passphrases in a row.
    #[serde(default)]
    pub failures: u32,
    /// No attempt is taken before this moment (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_at: Option<DateTime<Utc>>,
}

/// How long to wait after `failures` wrong passphrases in a row: nothing for the first
/// [`FREE_ATTEMPTS`], then 30 seconds, doubling with each further failure, at most 15 minutes.
pub fn delay_after(failures: u32) -> Duration {
    if failures < FREE_ATTEMPTS {
        return Duration::zero();
    }
    let doublings = (failures - FREE_ATTEMPTS).min(10);
    Duration::seconds((30_i64 << doublings).min(LONGEST_WAIT_SECONDS))
}

impl UnlockGuard {
    /// The guard of `dir`: nothing recorded means unlocked with no failures; a file that
    /// cannot be read means locked.
    pub fn read(dir: &DataDir) -> UnlockGuard {
        match std::fs::read(dir.unlock_guard()) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => UnlockGuard::default(),
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(UnlockGuard {
                locked: true,
                ..UnlockGuard::default()
            }),
            Err(_) => UnlockGuard {
                locked: true,
                ..UnlockGuard::default()
            },
        }
    }

    fn write(&self, dir: &DataDir) -> Result<()> {
        let text = serde_json::to_vec_pretty(self)
            .map_err(|e| CoreError::io(dir.unlock_guard(), std::io::Error::other(e)))?;
        disk::write_whole(&dir.unlock_guard(), &text, Publish::Replace)
    }

    /// How long the next attempt must still wait at `now`, if at all.
    pub fn wait(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.retry_at
            .map(|at| at - now)
            .filter(|left| *left > Duration::zero())
    }

    /// `wait` in whole seconds, rounded up: a countdown that reaches zero is never early.
    pub fn wait_seconds(&self, now: DateTime<Utc>) -> Option<u64> {
        self.wait(now).map(seconds_rounded_up)
    }

    /// Refuses an attempt made before the wait is over.
    pub fn check(&self, now: DateTime<Utc>) -> Result<()> {
        match self.wait_seconds(now) {
            Some(wait_seconds) => Err(CoreError::TooManyAttempts { wait_seconds }),
            None => Ok(()),
        }
    }

    /// Notes a wrong passphrase; returns the wait it now imposes on the next attempt.
    pub fn record_failure(dir: &DataDir, now: DateTime<Utc>) -> Result<Option<u64>> {
        let mut guard = UnlockGuard::read(dir);
        guard.failures = guard.failures.saturating_add(1);
        let delay = delay_after(guard.failures);
        guard.retry_at = (!delay.is_zero()).then(|| now + delay);
        guard.write(dir)?;
        Ok((!delay.is_zero()).then(|| seconds_rounded_up(delay)))
    }

    /// The right passphrase was typed: unlocked, and the count starts again.
    pub fn clear(dir: &DataDir) -> Result<()> {
        if !dir.unlock_guard().exists() {
            return Ok(()); // nothing was ever recorded: nothing to write
        }
        UnlockGuard::default().write(dir)
    }

    /// Locks PeerDesk: until the passphrase is typed, the credential store's key is not used.
    pub fn lock(dir: &DataDir) -> Result<()> {
        let mut guard = UnlockGuard::read(dir);
        guard.locked = true;
        guard.write(dir)
    }
}

fn seconds_rounded_up(duration: Duration) -> u64 {
    let millis = duration.num_milliseconds().max(0) as u64;
    millis.div_ceil(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).expect("a valid moment")
    }

    fn folder() -> (tempfile::TempDir, DataDir) {
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = DataDir::new(temp.path());
        (temp, dir)
    }

    #[test]
    fn five_wrong_passphrases_are_free_then_each_waits_longer() {
        let waits: Vec<i64> = (1..=12).map(|n| delay_after(n).num_seconds()).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900],
            "no wait before the fifth failure, then 30 s doubling up to 15 minutes"
        );
    }

    #[test]
    fn an_attempt_inside_the_wait_is_refused_and_after_it_allowed() {
        let (_temp, dir) = folder();
        for n in 1..=4 {
            assert_eq!(
                UnlockGuard::record_failure(&dir, at(0)).expect("recorded"),
                None,
                "failure {n} imposes no wait"
            );
        }
        assert_eq!(
            UnlockGuard::record_failure(&dir, at(0)).expect("recorded"),
            Some(30),
            "the fifth failure imposes 30 seconds"
        );
        let guard = UnlockGuard::read(&dir);
        let refused = guard.check(at(10)).expect_err("too soon");
        assert!(
            matches!(refused, CoreError::TooManyAttempts { wait_seconds: 20 }),
            "20 seconds are left: {refused:?}"
        );
        assert!(guard.check(at(30)).is_ok(), "the wait is over at 30 s");
        UnlockGuard::clear(&dir).expect("cleared");
        assert_eq!(
            UnlockGuard::read(&dir),
            UnlockGuard::default(),
            "a right passphrase starts the count again"
        );
    }

    #[test]
    fn a_lock_is_kept_on_disk_and_a_damaged_guard_counts_as_locked() {
        let (_temp, dir) = folder();
        assert!(
            !UnlockGuard::read(&dir).locked,
            "nothing recorded: not locked"
        );
        UnlockGuard::lock(&dir).expect("locked");
        assert!(
            UnlockGuard::read(&dir).locked,
            "the lock is read back by the next process"
        );
        std::fs::write(dir.unlock_guard(), b"{ garbled").expect("damage it");
        assert!(
            UnlockGuard::read(&dir).locked,
            "a damaged guard keeps the door shut"
        );
        UnlockGuard::clear(&dir).expect("cleared");
        assert!(!UnlockGuard::read(&dir).locked, "the passphrase unlocks");
    }
}
