//! The resource load of open production orders, which the constrained plan subtracts
//! from the hours it offers the family LP, on the tiny company (R1 at P1: FG 0.5 h a
//! unit, SUB 0.25 h a unit, both with a one-month production lead time; the horizon
//! starts in 2026-01), computed by hand:
//!
//! | open order | due | starts | load on R1 |
//! |---|---|---|---|
//! | 20 FG at P1 | 2026-03 | 2026-02 (horizon bucket 1) | 20 × 0.5 = 10 h |
//! | 40 SUB at P1 | 2026-05 | 2026-04 (bucket 3) | 40 × 0.25 = 10 h |
//! | 8 FG at P1 | 2026-05 | 2026-04 (bucket 3) | 8 × 0.5 = 4 h |
//! | 30 FG at P1 | 2026-01 | 2025-12, before the horizon | none |
//! | 50 FG at D1 | 2026-03 | no routing at D1 | none |
//! | 15 FG transfer to D1 (the company's own) | 2026-02 | not production | none |
//!
//! So R1 carries 10 h in 2026-02 and 14 h in 2026-04, nothing else.

mod common;

use common::tiny_company;
use fulcrum_core::{OpenOrder, OrderKind};

fn production(id: &str, item: &str, location: &str, quantity: f64, due: &str) -> OpenOrder {
    OpenOrder {
        id: id.into(),
        kind: OrderKind::Production,
        item: item.into(),
        location: location.into(),
        from: None,
        supplier: None,
        quantity,
        due: due.into(),
    }
}

#[test]
fn open_production_orders_load_their_start_bucket() {
    let mut dataset = tiny_company();
    dataset.open_orders.extend([
        production("M-1", "FG", "P1", 20.0, "2026-03"),
        production("M-2", "SUB", "P1", 40.0, "2026-05"),
        production("M-3", "FG", "P1", 8.0, "2026-05"),
        production("M-4", "FG", "P1", 30.0, "2026-01"),
        production("M-5", "FG", "D1", 50.0, "2026-03"),
    ]);
    let load = fulcrum_cycle::constrained_plan_stage::open_production_load(&dataset);
    assert_eq!(load.len(), 1, "one resource, R1");
    let mut expected = vec![0.0; 18];
    expected[1] = 10.0;
    expected[3] = 14.0;
    assert_eq!(load[0], expected);
}

#[test]
fn without_open_production_orders_nothing_is_taken() {
    let load = fulcrum_cycle::constrained_plan_stage::open_production_load(&tiny_company());
    assert_eq!(load, vec![vec![0.0; 18]]);
}
