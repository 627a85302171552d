//! The window's own figures, from the release app on the display `scripts/bench` starts
//! (Xvfb): how long from starting the process to the unlock screen painted, and the memory
//! of the app's processes with the dashboard of the `large` store shown.
//!
//! "Painted" is seen from outside, as a person would: the window is captured (`import`) over
//! and over until it shows more than a blank page. Each capture takes a few tens of
//! milliseconds, so the figure is accurate to about that.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use peerdesk_core::DataDir;

use crate::Measure;

/// More distinct colours than a blank or a plain background: the screen is drawn.
const PAINTED_COLOURS: u64 = 16;

pub fn measures(app: &Path, dir: &DataDir, runs: usize) -> Result<Vec<Measure>> {
    let mut starts = Vec::new();
    for _ in 0..runs.max(1) {
        // Without the credential store the window stops at the unlock screen.
        let mut window = Window::start(app, dir, &["--no-keychain"])?;
        starts.push(window.until_painted()?.as_secs_f64() * 1000.0);
        window.stop();
    }
    starts.sort_by(f64::total_cmp);
    let start = starts[starts.len() / 2];

    // With the key from the credential store the window opens on the dashboard.
    let mut window = Window::start(app, dir, &[])?;
    window.until_painted()?;
    // The dashboard's queue loads after the frame is drawn: let it land.
    std::thread::sleep(Duration::from_secs(5));
    let megabytes = window.pss_kib()? as f64 / 1024.0;
    window.stop();
    Ok(vec![
        Measure::new(
            "app start to the unlock screen painted (Xvfb)",
            start,
            "ms",
            1500.0,
        ),
        Measure::new(
            "memory (PSS, all its processes), dashboard of the large store",
            megabytes,
            "MB",
            250.0,
        ),
    ])
}

struct Window {
    child: Child,
    started: Instant,
}

impl Window {
    fn start(app: &Path, dir: &DataDir, args: &[&str]) -> Result<Window> {
        let started = Instant::now();
        let child = Command::new(app)
            .arg("--data-dir")
            .arg(dir.root())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", app.display()))?;
        Ok(Window { child, started })
    }

    /// The time from the start to the first capture that shows the screen drawn.
    fn until_painted(&mut self) -> Result<Duration> {
        let deadline = self.started + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(id) = window_id()? {
                let capture_started = self.started.elapsed();
                if colours(&id)? > PAINTED_COLOURS {
                    return Ok(capture_started);
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        bail!("the window did not show its first screen within 30 s")
    }

    /// PSS summed over the app and every process it started (WebKit's web and network
    /// processes), in KiB.
    fn pss_kib(&self) -> Result<u64> {
        let mut total = 0;
        for pid in process_tree(self.child.id())? {
            let rollup =
                std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
            total += rollup
                .lines()
                .find_map(|line| line.strip_prefix("Pss:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
                .unwrap_or(0);
        }
        Ok(total)
    }

    fn stop(&mut self) {
        // SIGTERM, so that the window lets go of its WebKit processes and its folder lock.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The X window titled PeerDesk, once mapped (one window runs at a time here).
fn window_id() -> Result<Option<String>> {
    let tree = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .context("xwininfo (Debian package x11-utils)")?;
    let text = String::from_utf8_lossy(&tree.stdout);
    Ok(text
        .lines()
        .find(|line| line.contains("\"PeerDesk\"") && !line.contains("has no name"))
        .and_then(|line| line.split_whitespace().next())
        .map(str::to_string))
}

/// How many distinct colours the window shows now.
fn colours(id: &str) -> Result<u64> {
    let capture = Command::new("import")
        .args(["-silent", "-window", id, "-format", "%k", "info:"])
        .output()
        .context("import (Debian package imagemagick)")?;
    Ok(String::from_utf8_lossy(&capture.stdout)
        .trim()
        .parse()
        .unwrap_or(0))
}

/// `pid` and all its descendants.
fn process_tree(pid: u32) -> Result<Vec<u32>> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let Some(child) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        // The parent is the second field after the command, which may hold spaces.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(parent) = parent {
            parents.push((child, parent));
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    Ok(tree)
}
