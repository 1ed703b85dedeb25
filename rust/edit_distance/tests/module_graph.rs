//! The library's modules depend on one another in one direction only, and none depends on the crate root.
//!
//! A cycle (two modules importing each other) means neither can be read, tested or moved without the other; the
//! root only declares the modules and re-exports the public API, so an import from it would hide such a cycle.
//! Reads every `crate::` path in `src/*.rs` (imports and inline paths, test code included), comments left out.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Module name → the modules it names through `crate::`; fails on a path into the root.
fn module_graph() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    for entry in fs::read_dir(&src).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            sources.insert(name, fs::read_to_string(&path).expect("a source file is readable"));
        }
    }
    sources.remove("lib").expect("src/lib.rs, the crate root");
    let modules: Vec<String> = sources.keys().cloned().collect();

    let mut graph = BTreeMap::new();
    for (module, source) in &sources {
        let mut edges = Vec::new();
        for first in crate_paths(source) {
            assert!(
                modules.contains(&first),
                "src/{module}.rs names crate::{first}, which is not a module: import it from the module that defines it, not from the crate root"
            );
            if first != *module && !edges.contains(&first) {
                edges.push(first);
            }
        }
        graph.insert(module.clone(), edges);
    }
    graph
}

/// The first segment of every `crate::` path in `source`: `crate::a::b` gives `a`, `crate::{a, b::c}` gives `a`, `b`.
fn crate_paths(source: &str) -> Vec<String> {
    let code: String = source.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut firsts = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let preceded_by_word = rest[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[at + "crate::".len()..];
        if preceded_by_word {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').expect("a closed `crate::{...}` group")];
            firsts.extend(inner.split(',').map(|item| first_segment(item.trim())).filter(|s| !s.is_empty()));
        } else {
            firsts.push(first_segment(rest));
        }
    }
    firsts
}

fn first_segment(path: &str) -> String {
    path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &BTreeMap<String, Vec<String>>, done: &mut Vec<String>, path: &mut Vec<String>) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.iter().any(|n| n == node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.push(node.to_string());
        None
    }
    let mut done = Vec::new();
    graph.keys().find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn modules_import_one_another_in_one_direction_only() {
    let graph = module_graph();
    assert!(graph.contains_key("ffi") && graph["ffi"].contains(&"panic".to_string()), "the parser found ffi's imports: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {} (the whole graph: {graph:?})", cycle.join(" -> "));
    }
}

#[test]
fn the_checks_see_grouped_imports_and_cycles() {
    assert_eq!(crate_paths("use crate::{a, b::c};\nlet x = crate::d::e(); // crate::f\nmy_crate::g"), ["a", "b", "d"]);
    let graph: BTreeMap<String, Vec<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])].into_iter().map(|(k, v)| (k.into(), v.into_iter().map(String::from).collect())).collect();
    assert_eq!(find_cycle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
