//! The core's layout, enforced: every `use crate::…` in the core's code (tests aside) must go
//! down the arrows of `lib.rs` and `docs/ARCHITECTURE.md`, and no two modules may use each
//! other, directly or round a longer loop. A `use` that breaks a rule fails here with the
//! file, the path and the rule, so the layout cannot drift back into a flat tangle.

#![allow(clippy::expect_used)] // a layout check that cannot read the sources has nothing to check

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate's vocabulary: modules at the root that every area may use.
const VOCABULARY: &[&str] = &["error", "clock", "fields", "work"];

/// Each area and the areas it may use (the vocabulary aside). Reading down only.
const MAY_USE: &[(&str, &[&str])] = &[
    ("vocabulary", &[]),
    ("files", &[]),
    ("store", &["files"]),
    ("program", &["store", "files"]),
    ("roster", &["program", "store", "files"]),
    ("daily", &["roster", "program", "store", "files"]),
    ("reporting", &["program", "store", "files"]),
    ("print", &["reporting", "program", "store", "files"]),
    (
        "demo",
        &[
            "daily",
            "roster",
            "program",
            "store",
            "files",
            "reporting",
            "print",
        ],
    ),
];

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of the core but the test modules kept in their own `tests.rs`.
fn source_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder).expect("the core's source folder is readable");
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            source_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            found.push(path);
        }
    }
}

/// The module a file is: `daily/requests/import.rs` is `daily::requests`, `clock.rs` is
/// `clock`. Submodules count as their parent: only areas and their modules are checked.
fn module_of(file: &Path) -> (String, Option<String>) {
    let relative = file.strip_prefix(source_root()).expect("a file under src");
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let area = parts[0].clone();
    let module = parts.get(1).filter(|m| m.as_str() != "mod").cloned();
    (area, module)
}

fn area_of(top: &str) -> &str {
    if VOCABULARY.contains(&top) || top == "lib" {
        "vocabulary"
    } else {
        top
    }
}

/// The code a file runs outside its tests: everything before its `#[cfg(test)]` module.
fn code_without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// Every path a file names with `crate::`, braces expanded one level (`crate::{a, b::c}`
/// gives `a` and `b::c`), as its first two segments.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `peerdesk_crate::`, never ours
        }
        if let Some(inner) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = inner
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(inner.len(), |(i, _)| i);
            let mut level = 0;
            let mut item = String::new();
            for c in inner[..end].chars().chain(std::iter::once(',')) {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        paths.push(segments(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            paths.push(segments(rest));
        }
    }
    paths.retain(|p| !p.is_empty());
    paths
}

fn segments(text: &str) -> Vec<String> {
    text.trim()
        .split("::")
        .map(|s| {
            s.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .take_while(|s| !s.is_empty())
        .take(2)
        .collect()
}

/// The modules of each area, as files and folders say.
fn area_modules() -> BTreeMap<String, BTreeSet<String>> {
    let mut areas = BTreeMap::new();
    for file in all_files() {
        if let (area, Some(module)) = module_of(&file) {
            areas
                .entry(area)
                .or_insert_with(BTreeSet::new)
                .insert(module);
        }
    }
    areas
}

fn all_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    source_files(&source_root(), &mut files);
    files.sort();
    files
}

struct Use {
    file: String,
    from: String,
    to: String,
    to_area: String,
}

fn all_uses() -> Vec<Use> {
    let modules = area_modules();
    let mut uses = Vec::new();
    for file in all_files() {
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let (area, module) = module_of(&file);
        let from = match &module {
            Some(m) => format!("{area}::{m}"),
            None => area.clone(),
        };
        for path in crate_paths(code_without_tests(&text)) {
            let top = &path[0];
            let to = match path.get(1) {
                Some(m) if modules.get(top).is_some_and(|ms| ms.contains(m)) => {
                    format!("{top}::{m}")
                }
                _ => top.clone(),
            };
            uses.push(Use {
                file: file
                    .strip_prefix(source_root())
                    .expect("under src")
                    .display()
                    .to_string(),
                from: from.clone(),
                to,
                to_area: area_of(top).to_string(),
            });
        }
    }
    uses
}

#[test]
fn every_use_goes_down_the_arrows() {
    let rules: BTreeMap<&str, &[&str]> = MAY_USE.iter().copied().collect();
    let mut broken = Vec::new();
    for found in all_uses() {
        let from_area = area_of(found.from.split("::").next().expect("a module path"));
        let allowed = rules.get(from_area).unwrap_or_else(|| {
            panic!(
                "{}: the area `{from_area}` has no rule in MAY_USE",
                found.file
            )
        });
        let ok = found.to_area == from_area
            || found.to_area == "vocabulary"
            || allowed.contains(&found.to_area.as_str());
        if !ok {
            broken.push(format!(
                "{}: `{}` uses `crate::{}`, but {from_area} may use only {allowed:?} and the vocabulary",
                found.file, found.from, found.to
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "uses against the layout (see docs/ARCHITECTURE.md):\n{}",
        broken.join("\n")
    );
}

#[test]
fn no_two_modules_use_each_other() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for found in all_uses() {
        // A folder's `mod.rs` is its front door: its own modules may use what it holds (the
        // `Store` type, say) while it uses them. Every other loop counts.
        let own_front_door = found.from.starts_with(&format!("{}::", found.to));
        if found.from != found.to && !own_front_door {
            graph.entry(found.from).or_default().insert(found.to);
        }
    }
    // Depth-first search; a module met again while still on the path closes a loop.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let cycle = visit(node, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "modules that use each other: {}",
            cycle.unwrap_or_default().join(" -> ")
        );
    }
}

#[test]
fn the_checker_sees_grouped_and_nested_uses() {
    let code = "use crate::{daily::requests::{self, Status}, store::audit};\nlet x = crate::print::flyer::render();";
    let found: Vec<String> = crate_paths(code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        ["daily::requests", "store::audit", "print::flyer"],
        "grouped imports and inline paths are all read"
    );
}
