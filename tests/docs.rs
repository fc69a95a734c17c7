//! Every public item has rustdoc with a runnable example (the project's standard): a new item
//! without one fails here, naming its file and line.

use std::path::{Path, PathBuf};

/// Files whose `pub` items are not public API: generated tables and the private modules shared
/// with the generator.
const NOT_PUBLIC: &[&str] = &["generated/", "catalog/source.rs", "catalog/table.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `pub fn|struct|enum|const|trait|type` items, outside test modules, whose doc comment has no
/// code block.
fn items_without_examples(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let t = line.trim_start();
        let item = ["pub fn ", "pub const fn ", "pub struct ", "pub enum ", "pub const ", "pub trait ", "pub type "];
        if !item.iter().any(|p| t.starts_with(p)) {
            continue;
        }
        let doc = lines[..i].iter().rev().take_while(|l| {
            let l = l.trim_start();
            l.starts_with("///") || l.starts_with("#[")
        });
        if !doc.into_iter().any(|l| l.trim_start().starts_with("/// ```")) {
            missing.push((i + 1, t.to_string()));
        }
    }
    missing
}

#[test]
fn every_public_item_has_a_runnable_example() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut missing = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if NOT_PUBLIC.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        missing
            .extend(items_without_examples(&text).into_iter().map(|(line, item)| format!("src/{name}:{line}: {item}")));
    }
    assert!(files.len() > 10);
    assert!(missing.is_empty(), "public items without a runnable example:\n{}", missing.join("\n"));
}

#[test]
fn the_check_sees_an_item_without_an_example() {
    let text = "/// Documented.\n///\n/// ```\n/// assert!(true);\n/// ```\npub fn a() {}\n\n/// Not.\n#[inline]\npub fn b() {}\n";
    assert_eq!(items_without_examples(text), [(10, "pub fn b() {}".to_string())]);
}
