//! Cycle detection: hierarchies (one parent per node) and bills of materials
//! (a directed graph). Each cycle is reported once, named in full.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use crate::problem::Problems;
use crate::table::{Row, Table};

/// Reports each cycle of parent links once, starting at its smallest code.
pub(crate) fn check_hierarchy_cycles(table: &Table, problems: &mut Problems) {
    let mut rows: Vec<&Row> = table.rows.iter().collect();
    rows.sort_by_key(|row| row.number);
    let mut parent_of: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for row in rows {
        if let (Some(code), Some(parent)) = (table.cell(row, "code"), table.cell(row, "parent")) {
            parent_of.entry(code).or_insert((parent, row.number));
        }
    }
    // 1 = on the current walk, 2 = finished.
    let mut state: HashMap<&str, u8> = HashMap::new();
    for &start in parent_of.keys() {
        if state.contains_key(start) {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut node = start;
        loop {
            match state.get(node) {
                Some(1) => {
                    let from = path.iter().position(|&n| n == node).unwrap_or(0);
                    let cycle = &path[from..];
                    let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    let mut names: Vec<&str> = (0..cycle.len())
                        .map(|i| cycle[(smallest + i) % cycle.len()])
                        .collect();
                    let first = names[0];
                    names.push(first);
                    let row = parent_of.get(first).map(|&(_, row)| row);
                    problems.push(
                        table.rank,
                        &table.label,
                        row,
                        Some("parent"),
                        format!("hierarchy cycle {}", names.join(" -> ")),
                    );
                    break;
                }
                Some(_) => break,
                None => {}
            }
            state.insert(node, 1);
            path.push(node);
            match parent_of.get(node) {
                Some(&(parent, _)) => node = parent,
                None => break,
            }
        }
        for node in path {
            state.insert(node, 2);
        }
    }
}

/// Reports BOM cycles as `bom cycle A -> B -> A` on the row of the cycle's first link.
pub(crate) fn check_bom_cycles(table: &Table, problems: &mut Problems) {
    let mut rows: Vec<&Row> = table.rows.iter().collect();
    rows.sort_by_key(|row| row.number);
    let mut successors: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut edge_row: HashMap<(&str, &str), usize> = HashMap::new();
    for row in rows {
        if let (Some(parent), Some(component)) =
            (table.cell(row, "parent"), table.cell(row, "component"))
        {
            successors.entry(parent).or_default().insert(component);
            edge_row.entry((parent, component)).or_insert(row.number);
        }
    }

    // Peel off every item no cycle can pass through (Kahn), so a valid BOM costs
    // linear time and only items on or behind a cycle are searched.
    let mut in_degree: HashMap<&str, usize> = HashMap::new();
    for (&parent, components) in &successors {
        in_degree.entry(parent).or_insert(0);
        for &component in components {
            *in_degree.entry(component).or_insert(0) += 1;
        }
    }
    let mut queue: VecDeque<&str> = in_degree
        .iter()
        .filter(|&(_, &degree)| degree == 0)
        .map(|(&node, _)| node)
        .collect();
    while let Some(node) = queue.pop_front() {
        in_degree.remove(node);
        for &component in successors.get(node).into_iter().flatten() {
            if let Some(degree) = in_degree.get_mut(component) {
                *degree -= 1;
                if *degree == 0 {
                    queue.push_back(component);
                }
            }
        }
    }
    let suspects: BTreeSet<&str> = in_degree.into_keys().collect();

    let mut covered: HashSet<&str> = HashSet::new();
    for &start in &suspects {
        if covered.contains(start) {
            continue;
        }
        // Shortest path from `start` back to itself (breadth first).
        let mut predecessor: HashMap<&str, &str> = HashMap::new();
        let mut queue: VecDeque<&str> = VecDeque::new();
        queue.push_back(start);
        let mut found = false;
        'search: while let Some(node) = queue.pop_front() {
            for &next in successors.get(node).into_iter().flatten() {
                if !suspects.contains(next) || predecessor.contains_key(next) {
                    continue;
                }
                predecessor.insert(next, node);
                if next == start {
                    found = true;
                    break 'search;
                }
                queue.push_back(next);
            }
        }
        if !found {
            continue;
        }
        let mut cycle = vec![start];
        let mut node = predecessor.get(start).copied().unwrap_or(start);
        while node != start {
            cycle.push(node);
            node = predecessor.get(node).copied().unwrap_or(start);
        }
        cycle.push(start);
        cycle.reverse();
        covered.extend(cycle.iter().copied());
        let row = cycle
            .get(1)
            .and_then(|&second| edge_row.get(&(start, second)).copied());
        problems.push(
            table.rank,
            &table.label,
            row,
            Some("component"),
            format!("bom cycle {}", cycle.join(" -> ")),
        );
    }
}
