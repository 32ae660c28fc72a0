//! The planning combinations (leaves) and their three hierarchies.
//!
//! A **leaf** is one planning combination: item × location × customer. Each leaf
//! sits under three trees: the product tree (item → family nodes up to a root,
//! from `Dataset::families` and `Dataset::items`), the location tree (location →
//! region nodes) and the customer tree (customer → channel nodes). A
//! [`NodeSelector`] names at most one node per tree and selects the leaves under
//! all of them.
//!
//! Everything is addressed by dense integer ids ([`LeafId`], [`NodeId`]): codes are
//! looked up once, when a selector is resolved, never in a hot loop. Each tree is
//! numbered in depth-first order, so the members (items, locations, customers)
//! under a node form one contiguous range of positions; the leaves are sorted by
//! (product position, location position, customer position), so the leaves under
//! a product node are one contiguous range of leaf ids.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use fulcrum_core::{Calendar, Dataset, HierarchyNode};

/// Dense id of a leaf (a planning combination): its index in
/// [`PlanningHierarchy::leaves`].
pub type LeafId = usize;

/// Dense id of a node of one [`Tree`]: its index in [`Tree::nodes`].
pub type NodeId = usize;

/// One of the three hierarchies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Items under families.
    Product,
    /// Locations under regions.
    Location,
    /// Customers under channels.
    Customer,
}

impl Dimension {
    /// The word used in messages (`product`, `location`, `customer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Product => "product",
            Dimension::Location => "location",
            Dimension::Customer => "customer",
        }
    }
}

/// A node of a tree: a group (family, region, channel) or a member (item,
/// location, customer).
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode {
    /// The node's code.
    pub code: String,
    /// Parent node, `None` for a root.
    pub parent: Option<NodeId>,
    /// Whether the node is a member (item, location, customer) rather than a group.
    pub is_member: bool,
    /// Positions (in depth-first member order) of the members under this node.
    pub members: Range<usize>,
}

/// One hierarchy: groups and members, numbered depth first.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Every node, depth first (a parent before its children, children by code).
    pub nodes: Vec<TreeNode>,
    /// Member nodes in depth-first order: `member_nodes[position]`.
    pub member_nodes: Vec<NodeId>,
    group_by_code: BTreeMap<String, NodeId>,
    member_by_code: BTreeMap<String, NodeId>,
}

impl Tree {
    /// Builds a tree from group nodes and `(member code, group code)` pairs.
    ///
    /// Groups whose parent is unknown, or that sit on a parent cycle, become
    /// roots; members whose group is unknown are dropped (engines skip unknown
    /// codes). Children are ordered by code, so the numbering is deterministic.
    pub fn build(groups: &[HierarchyNode], members: &[(String, String)]) -> Tree {
        let known: BTreeSet<&str> = groups.iter().map(|node| node.code.as_str()).collect();
        let parent_of: BTreeMap<&str, &str> = groups
            .iter()
            .filter_map(|node| Some((node.code.as_str(), node.parent.as_deref()?)))
            .collect();
        // children of each group code (None = roots), by code
        let mut children: BTreeMap<Option<&str>, BTreeSet<(&str, bool)>> = BTreeMap::new();
        for node in groups {
            let parent = node
                .parent
                .as_deref()
                .filter(|parent| known.contains(parent) && !on_cycle(&parent_of, &node.code));
            children
                .entry(parent)
                .or_default()
                .insert((node.code.as_str(), false));
        }
        for (member, group) in members {
            if known.contains(group.as_str()) {
                children
                    .entry(Some(group.as_str()))
                    .or_default()
                    .insert((member.as_str(), true));
            }
        }
        let mut tree = Tree {
            nodes: Vec::new(),
            member_nodes: Vec::new(),
            group_by_code: BTreeMap::new(),
            member_by_code: BTreeMap::new(),
        };
        // iterative depth-first walk: (code, is_member, parent)
        let mut stack: Vec<(&str, bool, Option<NodeId>)> = children
            .get(&None)
            .map(|roots| roots.iter().rev().map(|&(c, m)| (c, m, None)).collect())
            .unwrap_or_default();
        let mut open: Vec<(NodeId, usize)> = Vec::new(); // open groups: (node, depth)
        let mut depth_of: Vec<usize> = Vec::new();
        while let Some((code, is_member, parent)) = stack.pop() {
            let depth = parent.map_or(0, |p| depth_of[p] + 1);
            // close nodes that are not ancestors of this one
            while let Some(&(node, node_depth)) = open.last() {
                if node_depth >= depth {
                    tree.nodes[node].members.end = tree.member_nodes.len();
                    open.pop();
                } else {
                    break;
                }
            }
            let id = tree.nodes.len();
            let start = tree.member_nodes.len();
            tree.nodes.push(TreeNode {
                code: code.to_string(),
                parent,
                is_member,
                members: start..start,
            });
            depth_of.push(depth);
            if is_member {
                tree.member_nodes.push(id);
                tree.nodes[id].members = start..start + 1;
                tree.member_by_code.entry(code.to_string()).or_insert(id);
            } else {
                tree.group_by_code.insert(code.to_string(), id);
                open.push((id, depth));
                if let Some(kids) = children.get(&Some(code)) {
                    for &(child, child_is_member) in kids.iter().rev() {
                        stack.push((child, child_is_member, Some(id)));
                    }
                }
            }
        }
        for (node, _) in open {
            tree.nodes[node].members.end = tree.member_nodes.len();
        }
        tree
    }

    /// The node named `code`: a group (family, region, channel) first, else a member.
    pub fn find(&self, code: &str) -> Option<NodeId> {
        self.group_by_code
            .get(code)
            .or_else(|| self.member_by_code.get(code))
            .copied()
    }

    /// The member node named `code` (an item, location or customer).
    pub fn member(&self, code: &str) -> Option<NodeId> {
        self.member_by_code.get(code).copied()
    }

    /// The root above `node`.
    pub fn root_of(&self, mut node: NodeId) -> NodeId {
        while let Some(parent) = self.nodes[node].parent {
            node = parent;
        }
        node
    }
}

/// Whether following parents from `start` comes back to `start`.
fn on_cycle(parent_of: &BTreeMap<&str, &str>, start: &str) -> bool {
    let mut current = start;
    for _ in 0..=parent_of.len() {
        let Some(&parent) = parent_of.get(current) else {
            return false;
        };
        if parent == start {
            return true;
        }
        current = parent;
    }
    true
}

/// One planning combination.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// Member position of the item in the product tree.
    pub product: usize,
    /// Member position of the location in the location tree.
    pub location: usize,
    /// Member position of the customer in the customer tree.
    pub customer: usize,
    /// Whether the item is counted in whole units ([`fulcrum_core::Item::is_discrete`]).
    pub discrete: bool,
    /// Selling price per unit of the item.
    pub price: f64,
    /// The top family (root of the product tree) the item belongs to.
    pub top_family: NodeId,
}

/// Which leaves a change or a query addresses: at most one node per hierarchy
/// (`None` = every node of that hierarchy). A code may name a group (family,
/// region, channel) or a member (item, location, customer); a group wins when
/// both share a code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NodeSelector {
    /// A family or item code.
    pub product: Option<String>,
    /// A region or location code.
    pub location: Option<String>,
    /// A channel or customer code.
    pub customer: Option<String>,
}

impl NodeSelector {
    /// Every leaf.
    pub fn all() -> Self {
        NodeSelector::default()
    }

    /// The leaves under a product node.
    pub fn product(code: &str) -> Self {
        NodeSelector {
            product: Some(code.to_string()),
            ..NodeSelector::default()
        }
    }

    /// One leaf: item × location × customer.
    pub fn leaf(item: &str, location: &str, customer: &str) -> Self {
        NodeSelector {
            product: Some(item.to_string()),
            location: Some(location.to_string()),
            customer: Some(customer.to_string()),
        }
    }

    /// Plain words for messages, e.g. `product FAM-A × every location × customer C1`.
    pub fn describe(&self) -> String {
        let part = |dim: &str, code: &Option<String>| match code {
            Some(code) => format!("{dim} {code}"),
            None => format!("every {dim}"),
        };
        format!(
            "{} × {} × {}",
            part("product", &self.product),
            part("location", &self.location),
            part("customer", &self.customer)
        )
    }
}

/// Why a selector selects nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectorError {
    /// A code names no node of its hierarchy.
    #[error("{dimension} node '{code}' is not in the {dimension} hierarchy")]
    UnknownNode {
        /// Which hierarchy.
        dimension: &'static str,
        /// The code as given.
        code: String,
    },
}

/// The leaves, their three trees, the calendar and the sales history per leaf.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningHierarchy {
    calendar: Calendar,
    /// The product tree.
    pub product: Tree,
    /// The location tree.
    pub location: Tree,
    /// The customer tree.
    pub customer: Tree,
    leaves: Vec<Leaf>,
    /// Sales history, `history[leaf * history_len + bucket]`.
    history: Vec<f64>,
    by_key: BTreeMap<(usize, usize, usize), LeafId>,
}

impl PlanningHierarchy {
    /// Builds the leaves from a dataset's sales history: every (item, location,
    /// customer) with at least one sales record whose codes resolve is a leaf.
    ///
    /// Items with no sales at all that have a `launch` bucket (new products) get
    /// one leaf per (location, customer) already selling any item of the same
    /// top family, so a launch event has somewhere to put its volume. No other
    /// combination without sales is added.
    pub fn from_dataset(dataset: &Dataset) -> PlanningHierarchy {
        let item_members: Vec<(String, String)> = dataset
            .items
            .iter()
            .map(|item| (item.code.clone(), item.family.clone()))
            .collect();
        let location_members: Vec<(String, String)> = dataset
            .locations
            .iter()
            .map(|l| (l.code.clone(), l.region.clone()))
            .collect();
        let customer_members: Vec<(String, String)> = dataset
            .customers
            .iter()
            .map(|c| (c.code.clone(), c.channel.clone()))
            .collect();
        let product = Tree::build(&dataset.families, &item_members);
        let location = Tree::build(&dataset.regions, &location_members);
        let customer = Tree::build(&dataset.channels, &customer_members);
        let calendar = dataset.calendar().clone();

        let mut keys: BTreeMap<(usize, usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
        for sale in &dataset.sales {
            let (Some(i), Some(l), Some(c)) = (
                product.member(&sale.item),
                location.member(&sale.location),
                customer.member(&sale.customer),
            ) else {
                continue;
            };
            let Ok(bucket) = calendar.parse_bucket(&sale.bucket) else {
                continue;
            };
            let key = (
                product.nodes[i].members.start,
                location.nodes[l].members.start,
                customer.nodes[c].members.start,
            );
            let entry = keys.entry(key).or_default();
            if bucket < calendar.history_len() && sale.quantity.is_finite() {
                entry.push((bucket, sale.quantity));
            }
        }
        // new products with no sales: the (location, customer) pairs of their top family
        let sold_items: BTreeSet<usize> = keys.keys().map(|&(p, _, _)| p).collect();
        for item in &dataset.items {
            if item.launch.is_none() {
                continue;
            }
            let Some(node) = product.member(&item.code) else {
                continue;
            };
            let position = product.nodes[node].members.start;
            if sold_items.contains(&position) {
                continue;
            }
            let top = product.root_of(node);
            let pairs: BTreeSet<(usize, usize)> = keys
                .keys()
                .filter(|&&(p, _, _)| product.root_of(product.member_nodes[p]) == top)
                .map(|&(_, l, c)| (l, c))
                .collect();
            for (l, c) in pairs {
                keys.entry((position, l, c)).or_default();
            }
        }
        let items_by_code: BTreeMap<&str, &fulcrum_core::Item> = dataset
            .items
            .iter()
            .map(|item| (item.code.as_str(), item))
            .collect();
        let history_len = calendar.history_len();
        let mut leaves = Vec::with_capacity(keys.len());
        let mut history = vec![0.0; keys.len() * history_len];
        let mut by_key = BTreeMap::new();
        for (leaf_id, ((p, l, c), sales)) in keys.into_iter().enumerate() {
            let item_node = product.member_nodes[p];
            let item = items_by_code.get(product.nodes[item_node].code.as_str());
            leaves.push(Leaf {
                product: p,
                location: l,
                customer: c,
                discrete: item.is_some_and(|item| item.is_discrete()),
                price: item.map_or(0.0, |item| item.price),
                top_family: product.root_of(item_node),
            });
            for (bucket, quantity) in sales {
                history[leaf_id * history_len + bucket] += quantity;
            }
            by_key.insert((p, l, c), leaf_id);
        }
        PlanningHierarchy {
            calendar,
            product,
            location,
            customer,
            leaves,
            history,
            by_key,
        }
    }

    /// The calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Every leaf, in leaf-id order.
    pub fn leaves(&self) -> &[Leaf] {
        &self.leaves
    }

    /// Number of leaves.
    pub fn len(&self) -> usize {
        self.leaves.len()
    }

    /// Whether there are no leaves.
    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// The leaf of (item, location, customer) codes, if it exists.
    pub fn leaf_id(&self, item: &str, location: &str, customer: &str) -> Option<LeafId> {
        let p = self.product.nodes[self.product.member(item)?].members.start;
        let l = self.location.nodes[self.location.member(location)?]
            .members
            .start;
        let c = self.customer.nodes[self.customer.member(customer)?]
            .members
            .start;
        self.by_key.get(&(p, l, c)).copied()
    }

    /// The (item, location, customer) codes of a leaf.
    pub fn leaf_codes(&self, leaf: LeafId) -> (&str, &str, &str) {
        let l = &self.leaves[leaf];
        (
            &self.product.nodes[self.product.member_nodes[l.product]].code,
            &self.location.nodes[self.location.member_nodes[l.location]].code,
            &self.customer.nodes[self.customer.member_nodes[l.customer]].code,
        )
    }

    /// The code of a leaf's top family.
    pub fn top_family_code(&self, leaf: LeafId) -> &str {
        &self.product.nodes[self.leaves[leaf].top_family].code
    }

    /// Sales history of a leaf in a history bucket (0 outside history).
    pub fn history(&self, leaf: LeafId, bucket: usize) -> f64 {
        let len = self.calendar.history_len();
        if bucket < len {
            self.history[leaf * len + bucket]
        } else {
            0.0
        }
    }

    /// The leaves a selector names, in leaf-id order.
    pub fn select(&self, selector: &NodeSelector) -> Result<Vec<LeafId>, SelectorError> {
        let range = |tree: &Tree, code: &Option<String>, dimension: Dimension| match code {
            None => Ok(0..usize::MAX),
            Some(code) => tree
                .find(code)
                .map(|node| tree.nodes[node].members.clone())
                .ok_or_else(|| SelectorError::UnknownNode {
                    dimension: dimension.as_str(),
                    code: code.clone(),
                }),
        };
        let products = range(&self.product, &selector.product, Dimension::Product)?;
        let locations = range(&self.location, &selector.location, Dimension::Location)?;
        let customers = range(&self.customer, &selector.customer, Dimension::Customer)?;
        // leaves are sorted by product position: the product range is a leaf range
        let first = self.leaves.partition_point(|l| l.product < products.start);
        let last = self.leaves.partition_point(|l| l.product < products.end);
        Ok((first..last)
            .filter(|&leaf| {
                let l = &self.leaves[leaf];
                locations.contains(&l.location) && customers.contains(&l.customer)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(code: &str, parent: Option<&str>) -> HierarchyNode {
        HierarchyNode {
            code: code.into(),
            name: code.into(),
            parent: parent.map(String::from),
        }
    }

    #[test]
    fn depth_first_ranges_and_broken_parents() {
        // A → B → C; D's parent is unknown and E ↔ F form a cycle: all three are roots
        let groups = [
            node("A", None),
            node("B", Some("A")),
            node("C", Some("B")),
            node("D", Some("nope")),
            node("E", Some("F")),
            node("F", Some("E")),
        ];
        let members: Vec<(String, String)> = [
            ("x", "C"),
            ("y", "A"),
            ("z", "D"),
            ("w", "E"),
            ("v", "gone"),
        ]
        .iter()
        .map(|(m, g)| (m.to_string(), g.to_string()))
        .collect();
        let tree = Tree::build(&groups, &members);
        let range = |code: &str| tree.nodes[tree.find(code).expect("node")].members.clone();
        let codes = |r: Range<usize>| -> Vec<&str> {
            r.map(|p| tree.nodes[tree.member_nodes[p]].code.as_str())
                .collect()
        };
        assert_eq!(codes(range("A")), vec!["x", "y"]);
        assert_eq!(codes(range("B")), vec!["x"]);
        assert_eq!(codes(range("D")), vec!["z"]);
        assert_eq!(codes(range("E")), vec!["w"]);
        assert_eq!(codes(range("F")), Vec::<&str>::new());
        assert_eq!(tree.find("v"), None);
        assert_eq!(
            tree.root_of(tree.find("x").expect("x")),
            tree.find("A").expect("A")
        );
    }
}
