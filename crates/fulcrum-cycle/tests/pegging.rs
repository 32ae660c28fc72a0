//! The plan's pegging on the tiny company (network and netting in `tiny_company.rs`):
//! every planned order names the independent demand of FG at D1 it serves.

mod common;

use common::tiny_company;
use fulcrum_core::{OrderKind, Plan};

fn run() -> Plan {
    let config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        constrained_plan: false,
        ..Default::default()
    };
    fulcrum_cycle::run_cycle(&tiny_company(), &config, &mut |_| {})
}

fn order_index(plan: &Plan, kind: OrderKind, item: &str, release: usize) -> usize {
    plan.planned_orders
        .iter()
        .position(|order| order.kind == kind && order.item == item && order.release == release)
        .unwrap_or_else(|| panic!("no {kind:?} order of {item} released in {release}"))
}

#[test]
fn the_first_transfer_serves_the_june_shortfall_at_d1() {
    let plan = run();
    // Horizon bucket t is timeline bucket 12 + t. FG@D1: 30 on hand + 15 open receipt
    // cover 10 of safety stock, 20 in t0 and 15 of the 40 in t5; the transfer released
    // in t4 brings the other 25.
    let transfer = order_index(&plan, OrderKind::Transfer, "FG", 12 + 4);
    let pegs = plan.pegs_of(transfer);
    assert_eq!(pegs.len(), 1, "{pegs:?}");
    let peg = &pegs[0];
    assert_eq!(
        (
            peg.order,
            peg.item.as_str(),
            peg.location.as_str(),
            peg.bucket
        ),
        (transfer, "FG", "D1", Some(12 + 5))
    );
    assert!((peg.demand_quantity - 25.0).abs() < 1e-9, "{peg:?}");
    assert!((peg.quantity - 25.0).abs() < 1e-9, "{peg:?}");
}

#[test]
fn every_order_is_pegged_to_finished_demand_and_pegs_are_sorted() {
    let plan = run();
    assert!(!plan.pegging.is_empty());
    assert!(plan.pegging.windows(2).all(|w| w[0].order <= w[1].order));
    for (index, order) in plan.planned_orders.iter().enumerate() {
        let pegs = plan.pegs_of(index);
        assert!(!pegs.is_empty(), "{order:?} serves nothing");
        let pegged: f64 = pegs.iter().map(|peg| peg.quantity).sum();
        assert!(pegged <= order.quantity + 1e-9, "{order:?}: {pegged}");
        for peg in pegs {
            assert_eq!((peg.item.as_str(), peg.location.as_str()), ("FG", "D1"));
        }
    }
    // The first RAW purchase (released t0, due t2) covers the RAW behind the SUB of
    // the FG for 2026-06 and 2026-07 at D1.
    let raw = order_index(&plan, OrderKind::Purchase, "RAW", 12);
    let buckets: Vec<Option<usize>> = plan.pegs_of(raw).iter().map(|peg| peg.bucket).collect();
    assert_eq!(buckets, vec![Some(17), Some(18)]);
}
