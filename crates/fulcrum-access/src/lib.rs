//! Who may do what in Fulcrum: the [`Role`]s a user can hold, the [`Action`]s
//! the product has (or will have soon), and [`allowed`], answered from one
//! table. No I/O: the server asks [`allowed`] for every route, with the action
//! the route declares.
//!
//! # The permission matrix
//!
//! `✓` = allowed. Columns are roles: `adm` admin, `exe` executive, `dem`
//! demand_planner, `sup` supply_planner, `fin` finance, `sal` sales, `mkt`
//! marketing, `vie` viewer.
//!
//! | Action | adm | exe | dem | sup | fin | sal | mkt | vie |
//! |---|---|---|---|---|---|---|---|---|
//! | `view_plan`                    | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
//! | `export_data`                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |   |
//! | `comment`                      | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |   |
//! | `import_data`                  | ✓ |   | ✓ | ✓ |   |   |   |   |
//! | `run_cycle`                    | ✓ |   | ✓ | ✓ |   |   |   |   |
//! | `approve_version`              | ✓ | ✓ |   |   |   |   |   |   |
//! | `edit_demand_layer(sales)`     | ✓ |   |   |   |   | ✓ |   |   |
//! | `edit_demand_layer(marketing)` | ✓ |   |   |   |   |   | ✓ |   |
//! | `edit_demand_layer(finance)`   | ✓ |   |   |   | ✓ |   |   |   |
//! | `edit_demand_layer(demand_planning)` | ✓ |   | ✓ |   |   |   |   |   |
//! | `edit_demand_layer(consensus)` | ✓ |   | ✓ |   |   |   |   |   |
//! | `manage_events`                | ✓ |   | ✓ |   |   | ✓ | ✓ |   |
//! | `edit_supply`                  | ✓ |   |   | ✓ |   |   |   |   |
//! | `edit_finance`                 | ✓ |   |   |   | ✓ |   |   |   |
//! | `manage_users`                 | ✓ |   |   |   |   |   |   |   |
//!
//! ```
//! use fulcrum_access::{Action, Role, allowed};
//! assert!(allowed(Role::Viewer, Action::ViewPlan));
//! assert!(!allowed(Role::Viewer, Action::RunCycle));
//! assert_eq!(Role::parse("demand_planner"), Some(Role::DemandPlanner));
//! ```

use std::fmt;

/// A user's role. Each user holds exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything, including managing users.
    Admin,
    /// Reads everything and approves plan versions.
    Executive,
    /// Runs the demand side: imports, cycles, the demand planning and consensus layers.
    DemandPlanner,
    /// Runs the supply side: imports, cycles, supply edits.
    SupplyPlanner,
    /// The finance layer and financial edits.
    Finance,
    /// The sales layer.
    Sales,
    /// The marketing layer.
    Marketing,
    /// Reads the plan, nothing else.
    Viewer,
}

impl Role {
    /// Every role, in the order of the matrix's columns.
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::Executive,
        Role::DemandPlanner,
        Role::SupplyPlanner,
        Role::Finance,
        Role::Sales,
        Role::Marketing,
        Role::Viewer,
    ];

    /// The stored and typed name: `admin`, `demand_planner`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Executive => "executive",
            Role::DemandPlanner => "demand_planner",
            Role::SupplyPlanner => "supply_planner",
            Role::Finance => "finance",
            Role::Sales => "sales",
            Role::Marketing => "marketing",
            Role::Viewer => "viewer",
        }
    }

    /// The role named `text` (exactly as [`Role::as_str`] writes it).
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Every role name, comma separated, for messages.
    pub fn names() -> String {
        Role::ALL.map(Role::as_str).join(", ")
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A layer of the demand plan that a role edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DemandLayer {
    /// The sales input layer.
    Sales,
    /// The marketing input layer.
    Marketing,
    /// The finance input layer.
    Finance,
    /// The demand planner's own layer.
    DemandPlanning,
    /// The consensus demand plan.
    Consensus,
}

impl DemandLayer {
    /// Every layer.
    pub const ALL: [DemandLayer; 5] = [
        DemandLayer::Sales,
        DemandLayer::Marketing,
        DemandLayer::Finance,
        DemandLayer::DemandPlanning,
        DemandLayer::Consensus,
    ];

    /// `sales`, `marketing`, `finance`, `demand_planning`, `consensus`.
    pub fn as_str(self) -> &'static str {
        match self {
            DemandLayer::Sales => "sales",
            DemandLayer::Marketing => "marketing",
            DemandLayer::Finance => "finance",
            DemandLayer::DemandPlanning => "demand_planning",
            DemandLayer::Consensus => "consensus",
        }
    }
}

/// Something a user does. Every route of the server declares one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Read plan versions, reports, KPIs and the API.
    ViewPlan,
    /// Download data and plans (CSV, workbook).
    ExportData,
    /// Comment on a plan.
    Comment,
    /// Import input data.
    ImportData,
    /// Run the planning cycle.
    RunCycle,
    /// Approve a plan version (makes it the plan of record).
    ApproveVersion,
    /// Edit one layer of the demand plan.
    EditDemandLayer(DemandLayer),
    /// Create, change or end demand events (promotions, ...).
    ManageEvents,
    /// Edit the supply plan (orders, capacity).
    EditSupply,
    /// Edit financial figures (prices, costs, targets).
    EditFinance,
    /// Add, change and disable users.
    ManageUsers,
}

impl Action {
    /// Every action, in the order of the matrix's rows.
    pub fn all() -> Vec<Action> {
        let mut all = vec![
            Action::ViewPlan,
            Action::ExportData,
            Action::Comment,
            Action::ImportData,
            Action::RunCycle,
            Action::ApproveVersion,
        ];
        all.extend(DemandLayer::ALL.map(Action::EditDemandLayer));
        all.extend([
            Action::ManageEvents,
            Action::EditSupply,
            Action::EditFinance,
            Action::ManageUsers,
        ]);
        all
    }

    /// `view_plan`, `edit_demand_layer(sales)`, ….
    pub fn name(self) -> String {
        match self {
            Action::ViewPlan => "view_plan".into(),
            Action::ExportData => "export_data".into(),
            Action::Comment => "comment".into(),
            Action::ImportData => "import_data".into(),
            Action::RunCycle => "run_cycle".into(),
            Action::ApproveVersion => "approve_version".into(),
            Action::EditDemandLayer(layer) => format!("edit_demand_layer({})", layer.as_str()),
            Action::ManageEvents => "manage_events".into(),
            Action::EditSupply => "edit_supply".into(),
            Action::EditFinance => "edit_finance".into(),
            Action::ManageUsers => "manage_users".into(),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// The roles allowed each action: the one table behind [`allowed`] (and the
/// matrix in the crate docs). Admin is in every row.
fn roles_for(action: Action) -> &'static [Role] {
    use Role::*;
    match action {
        Action::ViewPlan => &[
            Admin,
            Executive,
            DemandPlanner,
            SupplyPlanner,
            Finance,
            Sales,
            Marketing,
            Viewer,
        ],
        Action::ExportData | Action::Comment => &[
            Admin,
            Executive,
            DemandPlanner,
            SupplyPlanner,
            Finance,
            Sales,
            Marketing,
        ],
        Action::ImportData | Action::RunCycle => &[Admin, DemandPlanner, SupplyPlanner],
        Action::ApproveVersion => &[Admin, Executive],
        Action::EditDemandLayer(DemandLayer::Sales) => &[Admin, Sales],
        Action::EditDemandLayer(DemandLayer::Marketing) => &[Admin, Marketing],
        Action::EditDemandLayer(DemandLayer::Finance) => &[Admin, Finance],
        Action::EditDemandLayer(DemandLayer::DemandPlanning | DemandLayer::Consensus) => {
            &[Admin, DemandPlanner]
        }
        Action::ManageEvents => &[Admin, DemandPlanner, Sales, Marketing],
        Action::EditSupply => &[Admin, SupplyPlanner],
        Action::EditFinance => &[Admin, Finance],
        Action::ManageUsers => &[Admin],
    }
}

/// Whether a user holding `role` may do `action`.
pub fn allowed(role: Role, action: Action) -> bool {
    roles_for(action).contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix of the crate docs, row by row (`x` = allowed), columns in
    /// [`Role::ALL`] order. Every role × action pair is asserted against it.
    const MATRIX: &[(&str, &str)] = &[
        ("view_plan", "xxxxxxxx"),
        ("export_data", "xxxxxxx."),
        ("comment", "xxxxxxx."),
        ("import_data", "x.xx...."),
        ("run_cycle", "x.xx...."),
        ("approve_version", "xx......"),
        ("edit_demand_layer(sales)", "x....x.."),
        ("edit_demand_layer(marketing)", "x.....x."),
        ("edit_demand_layer(finance)", "x...x..."),
        ("edit_demand_layer(demand_planning)", "x.x....."),
        ("edit_demand_layer(consensus)", "x.x....."),
        ("manage_events", "x.x..xx."),
        ("edit_supply", "x..x...."),
        ("edit_finance", "x...x..."),
        ("manage_users", "x......."),
    ];

    #[test]
    fn every_role_and_action_follows_the_documented_matrix() {
        let actions = Action::all();
        assert_eq!(actions.len(), MATRIX.len(), "one matrix row per action");
        for (action, (name, row)) in actions.iter().zip(MATRIX) {
            assert_eq!(&action.name(), name);
            for (role, cell) in Role::ALL.iter().zip(row.chars()) {
                assert_eq!(
                    allowed(*role, *action),
                    cell == 'x',
                    "{role} × {action} should be {}",
                    if cell == 'x' { "allowed" } else { "refused" }
                );
            }
        }
    }

    #[test]
    fn the_doc_matrix_matches_the_test_matrix() {
        let docs = include_str!("lib.rs");
        for (name, row) in MATRIX {
            let line = docs
                .lines()
                .find(|line| line.starts_with(&format!("//! | `{name}`")))
                .unwrap_or_else(|| panic!("no doc row for {name}"));
            let cells: String = line
                .split('|')
                .skip(2)
                .take(8)
                .map(|cell| if cell.trim() == "✓" { 'x' } else { '.' })
                .collect();
            assert_eq!(&cells, row, "doc row of {name}");
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None);
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn admin_may_do_everything() {
        for action in Action::all() {
            assert!(allowed(Role::Admin, action), "{action}");
        }
    }
}
