//! The demand-planning grid: product hierarchy rows (families, then items), a
//! row per key figure under each node, month columns with quarter and year
//! roll-ups; and the chart of one row.

use fulcrum_core::Dataset;
use fulcrum_workspace::{Grain, Layer, NodeSelector, Period, Workspace, grain};
use serde::Serialize;

use crate::desk::Desk;
use crate::error::PlanningError;
use crate::target::selector;

/// Which part of the plan the grid shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridQuery {
    /// Region or location (`None`: every one).
    pub location: Option<String>,
    /// Channel or customer (`None`: every one).
    pub customer: Option<String>,
    /// Show only this family or item and what is under it (`None`: every product).
    pub product: Option<String>,
    /// First node (in depth-first order) of the page.
    pub offset: usize,
    /// At most this many nodes.
    pub limit: usize,
}

/// A column: one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridColumn {
    /// Field name in rows (`m0`, `q0`, `y0`).
    pub key: String,
    /// The period label as edits take it (`2026-01`, `2026-Q1`, `2026`).
    pub period: String,
    /// `month`, `quarter` or `year`.
    pub grain: &'static str,
    /// Months it covers, as indices into the month columns.
    pub months: Vec<usize>,
}

/// A key figure shown under each node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridFigure {
    /// Code (`statistical`, `events`, `sales`, …, `consensus`, `revenue`).
    pub code: String,
    /// Label.
    pub label: String,
    /// Whether a role edits it (the code is then the layer).
    pub editable: bool,
    /// Whether it is money (else units).
    pub money: bool,
}

/// One row: a key figure at a node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRow {
    /// Key figure code.
    pub figure: String,
    /// Values per column (`None`: nothing typed on this role layer there).
    pub values: Vec<Option<f64>>,
    /// Per column, whether every cell under it is locked.
    pub locked: Vec<bool>,
}

/// One product node with its key-figure rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridNode {
    /// Family or item code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// `family` or `item`.
    pub kind: &'static str,
    /// Depth in the product hierarchy (0: a top family).
    pub depth: usize,
    /// The parent family, if any.
    pub parent: Option<String>,
    /// Unit of measure (`EA`, …; `mixed` for a family of items in different units).
    pub unit: String,
    /// The rows, in the order of [`Grid::figures`].
    pub rows: Vec<GridRow>,
}

/// A page of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// The change log revision the values are at.
    pub revision: u64,
    /// Company.
    pub company: String,
    /// Currency of money figures.
    pub currency: String,
    /// Columns: months, each quarter after its months, each year after its quarters.
    pub columns: Vec<GridColumn>,
    /// The key figures of every node, in row order.
    pub figures: Vec<GridFigure>,
    /// The nodes of the page, depth first.
    pub nodes: Vec<GridNode>,
    /// Nodes in the whole grid.
    pub total_nodes: usize,
    /// First node of the page.
    pub offset: usize,
}

/// The columns of the horizon: months with quarter and year roll-ups.
pub fn columns(dataset: &Dataset) -> Vec<GridColumn> {
    let calendar = dataset.calendar();
    let first = calendar.horizon().start;
    let months = |period: Period| -> Vec<usize> {
        grain::buckets(calendar, period).map_or(Vec::new(), |r| r.map(|b| b - first).collect())
    };
    let mut out = Vec::new();
    let years = grain::count(calendar, Grain::Year);
    let quarters = grain::count(calendar, Grain::Quarter);
    let mut month = 0;
    let mut quarter = 0;
    for year in 0..years {
        let year_months = months(Period::year(year));
        while quarter < quarters {
            let quarter_months = months(Period::quarter(quarter));
            if quarter_months
                .first()
                .is_none_or(|m| !year_months.contains(m))
            {
                break;
            }
            for &m in &quarter_months {
                debug_assert_eq!(m, month);
                out.push(GridColumn {
                    key: format!("m{m}"),
                    period: grain::label(calendar, Period::month(m)),
                    grain: "month",
                    months: vec![m],
                });
                month += 1;
            }
            out.push(GridColumn {
                key: format!("q{quarter}"),
                period: grain::label(calendar, Period::quarter(quarter)),
                grain: "quarter",
                months: quarter_months,
            });
            quarter += 1;
        }
        out.push(GridColumn {
            key: format!("y{year}"),
            period: grain::label(calendar, Period::year(year)),
            grain: "year",
            months: year_months,
        });
    }
    out
}

/// The key figures of the grid: statistical forecast, events, one row per
/// role layer, consensus (units), consensus revenue.
pub fn figures(workspace: &Workspace) -> Vec<GridFigure> {
    let mut figures = vec![
        GridFigure {
            code: "statistical".into(),
            label: "Statistical forecast".into(),
            editable: false,
            money: false,
        },
        GridFigure {
            code: "events".into(),
            label: "Events".into(),
            editable: false,
            money: false,
        },
    ];
    for role in &workspace.config().roles {
        figures.push(GridFigure {
            code: role.clone(),
            label: role_label(role),
            editable: true,
            money: false,
        });
    }
    figures.push(GridFigure {
        code: "consensus".into(),
        label: "Consensus demand".into(),
        editable: false,
        money: false,
    });
    figures.push(GridFigure {
        code: "revenue".into(),
        label: "Consensus revenue".into(),
        editable: false,
        money: true,
    });
    figures
}

fn role_label(role: &str) -> String {
    match role {
        "sales" => "Sales input".into(),
        "marketing" => "Marketing input".into(),
        "demand_planner" => "Demand planner".into(),
        "finance" => "Finance input".into(),
        other => other.replace('_', " "),
    }
}

/// The product nodes, depth first: `(code, depth, parent, is_item)`.
fn product_nodes(desk: &Desk, under: Option<&str>) -> Vec<(String, usize, Option<String>, bool)> {
    let tree = &desk.workspace().hierarchy().product;
    let depth_of = |mut node: usize| {
        let mut depth = 0;
        while let Some(parent) = tree.nodes[node].parent {
            depth += 1;
            node = parent;
        }
        depth
    };
    let root = under.and_then(|code| tree.find(code).or_else(|| tree.member(code)));
    let inside = |node: usize| match root {
        None => true,
        Some(root) => {
            let mut at = Some(node);
            while let Some(n) = at {
                if n == root {
                    return true;
                }
                at = tree.nodes[n].parent;
            }
            false
        }
    };
    // Only nodes with planning combinations (materials have none).
    let mut planned = vec![false; tree.member_nodes.len()];
    for leaf in desk.workspace().hierarchy().leaves() {
        planned[leaf.product] = true;
    }
    tree.nodes
        .iter()
        .enumerate()
        .filter(|(id, node)| inside(*id) && planned[node.members.clone()].iter().any(|p| *p))
        .map(|(id, node)| {
            (
                node.code.clone(),
                depth_of(id),
                node.parent.map(|p| tree.nodes[p].code.clone()),
                node.is_member,
            )
        })
        .collect()
}

/// One page of the grid.
pub fn grid(desk: &Desk, query: &GridQuery) -> Result<Grid, PlanningError> {
    let dataset = desk.dataset();
    let workspace = desk.workspace();
    let base = selector(
        dataset,
        query.product.as_deref(),
        query.location.as_deref(),
        query.customer.as_deref(),
    )
    .map_err(|(field, reason)| PlanningError::invalid(0, Some(field), reason))?;
    let columns = columns(dataset);
    let figures = figures(workspace);
    let nodes = product_nodes(desk, base.product.as_deref());
    let total_nodes = nodes.len();
    let mut out = Vec::new();
    for (code, depth, parent, is_item) in nodes.into_iter().skip(query.offset).take(query.limit) {
        let selector = NodeSelector {
            product: Some(code.clone()),
            ..base.clone()
        };
        let rows = node_rows(workspace, &selector, &figures, &columns)?;
        let (name, unit) = if is_item {
            let item = dataset.item(&code);
            (
                item.map_or(code.clone(), |i| i.name.clone()),
                item.map_or(String::new(), |i| i.uom.clone()),
            )
        } else {
            let name = dataset
                .families
                .iter()
                .find(|f| f.code == code)
                .map_or(code.clone(), |f| f.name.clone());
            (name, family_unit(desk, &selector))
        };
        out.push(GridNode {
            code,
            name,
            kind: if is_item { "item" } else { "family" },
            depth,
            parent,
            unit,
            rows,
        });
    }
    Ok(Grid {
        revision: desk.revision(),
        company: dataset.settings.company.clone(),
        currency: dataset.settings.currency.clone(),
        columns,
        figures,
        nodes: out,
        total_nodes,
        offset: query.offset,
    })
}

fn family_unit(desk: &Desk, selector: &NodeSelector) -> String {
    let hierarchy = desk.workspace().hierarchy();
    let mut units = std::collections::BTreeSet::new();
    for leaf in hierarchy.select(selector).unwrap_or_default() {
        let (item, _, _) = hierarchy.leaf_codes(leaf);
        if let Some(item) = desk.dataset().item(item) {
            units.insert(item.uom.clone());
        }
    }
    match units.len() {
        1 => units.into_iter().next().unwrap_or_default(),
        _ => "mixed".into(),
    }
}

fn node_rows(
    workspace: &Workspace,
    selector: &NodeSelector,
    figures: &[GridFigure],
    columns: &[GridColumn],
) -> Result<Vec<GridRow>, PlanningError> {
    let invalid =
        |e: fulcrum_workspace::WorkspaceError| PlanningError::invalid(0, None, e.to_string());
    let locked = workspace.locked_row(selector).map_err(invalid)?;
    let locked: Vec<bool> = columns
        .iter()
        .map(|c| !c.months.is_empty() && c.months.iter().all(|&m| locked[m]))
        .collect();
    let mut rows = Vec::with_capacity(figures.len());
    for figure in figures {
        let (months, any) = match figure.code.as_str() {
            "statistical" => workspace.row(&Layer::Statistical, selector),
            "events" => workspace.row(&Layer::Events, selector),
            "consensus" => workspace.row(&Layer::Consensus, selector),
            "revenue" => revenue_row(workspace, selector),
            role => workspace.row(&Layer::role(role), selector),
        }
        .map_err(invalid)?;
        let values = columns
            .iter()
            .map(|c| {
                let typed = c.months.iter().any(|&m| any[m]);
                (typed || !figure.editable).then(|| c.months.iter().map(|&m| months[m]).sum())
            })
            .collect();
        rows.push(GridRow {
            figure: figure.code.clone(),
            values,
            locked: locked.clone(),
        });
    }
    Ok(rows)
}

/// Consensus revenue per horizon month: Σ consensus × price over the leaves.
fn revenue_row(
    workspace: &Workspace,
    selector: &NodeSelector,
) -> Result<(Vec<f64>, Vec<bool>), fulcrum_workspace::WorkspaceError> {
    let hierarchy = workspace.hierarchy();
    let calendar = hierarchy.calendar();
    let first = calendar.horizon().start;
    let leaves = hierarchy.select(selector)?;
    let mut totals = vec![0.0; calendar.horizon_len()];
    for leaf in leaves {
        let price = hierarchy.leaves()[leaf].price;
        for (h, total) in totals.iter_mut().enumerate() {
            *total += workspace
                .cell(&Layer::Consensus, leaf, first + h)?
                .unwrap_or(0.0)
                * price;
        }
    }
    let n = totals.len();
    Ok((totals, vec![true; n]))
}

/// The chart of one grid row's node: history, statistical forecast with its
/// 80% interval, the layers and the consensus, per month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Month labels: the last 24 months of history, then the horizon.
    pub months: Vec<String>,
    /// Sales history (`None` in the horizon).
    pub history: Vec<Option<f64>>,
    /// Statistical forecast (`None` in the history).
    pub statistical: Vec<Option<f64>>,
    /// Lower bound of the 80% interval.
    pub lower_80: Vec<Option<f64>>,
    /// Upper bound of the 80% interval.
    pub upper_80: Vec<Option<f64>>,
    /// Each role layer that has a typed value, and the events: `(label, values)`.
    pub layers: Vec<(String, Vec<Option<f64>>)>,
    /// Consensus demand.
    pub consensus: Vec<Option<f64>>,
    /// How the interval of an aggregate was formed.
    pub interval_note: String,
}

/// The chart of the node `selector` addresses.
pub fn chart(desk: &Desk, selector: &NodeSelector) -> Result<Chart, PlanningError> {
    let workspace = desk.workspace();
    let hierarchy = workspace.hierarchy();
    let calendar = hierarchy.calendar();
    let invalid =
        |e: fulcrum_workspace::WorkspaceError| PlanningError::invalid(0, None, e.to_string());
    let leaves = hierarchy
        .select(selector)
        .map_err(|e| PlanningError::invalid(0, Some("product"), e.to_string()))?;
    let history_len = calendar.history_len();
    let shown_history = history_len.min(24);
    let h_len = calendar.horizon_len();
    let mut months: Vec<String> = (history_len - shown_history..history_len)
        .map(|b| calendar.label(b))
        .collect();
    months.extend(calendar.horizon().map(|b| calendar.label(b)));
    let pad = |values: Vec<f64>| -> Vec<Option<f64>> {
        std::iter::repeat_n(None, shown_history)
            .chain(values.into_iter().map(Some))
            .collect()
    };
    let mut history = vec![0.0; shown_history];
    for &leaf in &leaves {
        for (k, value) in history.iter_mut().enumerate() {
            *value += hierarchy.history(leaf, history_len - shown_history + k);
        }
    }
    let mut history: Vec<Option<f64>> = history.into_iter().map(Some).collect();
    history.extend(std::iter::repeat_n(None, h_len));
    let (statistical, _) = workspace
        .row(&Layer::Statistical, selector)
        .map_err(invalid)?;
    // The interval per item-location; an aggregate's half-widths add in
    // quadrature (item-locations taken as independent), an approximation.
    let mut pairs = std::collections::BTreeSet::new();
    for &leaf in &leaves {
        let (item, location, _) = hierarchy.leaf_codes(leaf);
        pairs.insert((item.to_string(), location.to_string()));
    }
    let whole_pairs = selector.customer.is_none();
    let mut low = vec![0.0; h_len];
    let mut high = vec![0.0; h_len];
    let mut have = whole_pairs;
    for pair in &pairs {
        let Some([point, lower, upper]) = desk.intervals().get(pair) else {
            have = false;
            continue;
        };
        for h in 0..h_len {
            let (p, l, u) = (
                point.get(h).copied().unwrap_or(0.0),
                lower.get(h).copied().unwrap_or(0.0),
                upper.get(h).copied().unwrap_or(0.0),
            );
            low[h] += (p - l).max(0.0).powi(2);
            high[h] += (u - p).max(0.0).powi(2);
        }
    }
    let (lower_80, upper_80) = if have {
        (
            pad(statistical
                .iter()
                .zip(&low)
                .map(|(s, v)| (s - v.sqrt()).max(0.0))
                .collect()),
            pad(statistical
                .iter()
                .zip(&high)
                .map(|(s, v)| s + v.sqrt())
                .collect()),
        )
    } else {
        (vec![None; months.len()], vec![None; months.len()])
    };
    let mut layers = Vec::new();
    // Each active event as its own layer, where it touches this node.
    for slot in workspace.events().filter(|slot| slot.event.active) {
        let (effect, _) = workspace
            .row(&Layer::Event(slot.event.id), selector)
            .map_err(invalid)?;
        if effect.iter().any(|units| *units != 0.0) {
            layers.push((format!("Event: {}", slot.event.name), pad(effect)));
        }
    }
    for role in &workspace.config().roles {
        let (values, any) = workspace
            .row(&Layer::role(role), selector)
            .map_err(invalid)?;
        if any.iter().any(|a| *a) {
            let values = values.into_iter().zip(any).map(|(v, a)| a.then_some(v));
            layers.push((
                role_label(role),
                std::iter::repeat_n(None, shown_history)
                    .chain(values)
                    .collect(),
            ));
        }
    }
    let (consensus, _) = workspace
        .row(&Layer::Consensus, selector)
        .map_err(invalid)?;
    Ok(Chart {
        months,
        history,
        statistical: pad(statistical),
        lower_80,
        upper_80,
        layers,
        consensus: pad(consensus),
        interval_note: if !have {
            "no interval: some item-locations have none, or a customer is chosen".into()
        } else if pairs.len() > 1 {
            format!(
                "80% interval of {} item-locations, half-widths added in quadrature (taken as independent)",
                pairs.len()
            )
        } else {
            "80% interval of the statistical forecast".into()
        },
    })
}

/// The grid as a workbook sheet: node, name, key figure and unit columns, one
/// column per period, rows folded by depth.
pub fn sheet(grid: &Grid) -> fulcrum_io::GridSheet {
    let mut rows = Vec::new();
    for node in &grid.nodes {
        for (figure, row) in grid.figures.iter().zip(&node.rows) {
            let unit = if figure.money {
                grid.currency.clone()
            } else {
                node.unit.clone()
            };
            rows.push(fulcrum_io::GridSheetRow {
                labels: vec![
                    node.code.clone(),
                    node.name.clone(),
                    figure.label.clone(),
                    unit,
                ],
                values: row.values.clone(),
                level: (node.depth.min(6) + usize::from(figure.code != "consensus")) as u8,
            });
        }
    }
    fulcrum_io::GridSheet {
        title: "Demand plan".into(),
        label_headers: ["Node", "Name", "Key figure", "Unit"]
            .map(String::from)
            .to_vec(),
        value_headers: grid.columns.iter().map(|c| c.period.clone()).collect(),
        rows,
    }
}
