//! The planners' change log drives the consensus: a family-quarter edit on the demo
//! changes its items' consensus (summing to the typed value) and everything
//! downstream; undo restores the plan bit for bit; the same snapshot and changes
//! give the same plan; a change that no longer applies is skipped with a warning.

use fulcrum_core::{Dataset, KeyFigure, Plan, SeriesKey};
use fulcrum_cycle::{Change, CycleConfig, run_cycle, run_cycle_with_changes};
use fulcrum_demo::{DemoConfig, generate};
use fulcrum_workspace::{ChangeKind, Layer, NodeSelector, Period, Spread};

fn change(id: u64, base_revision: u64, kind: ChangeKind) -> Change {
    Change {
        id,
        author: "ana".into(),
        at: "2026-01-05T09:00:00Z".into(),
        reason_code: "customer_intel".into(),
        comment: String::new(),
        base_revision,
        kind,
    }
}

/// A top family with demand in the second horizon quarter, and its items.
fn family(dataset: &Dataset, plan: &Plan) -> (String, Vec<String>) {
    let family = plan
        .series_of(KeyFigure::ConsensusDemand)
        .filter(|s| s.key.item.is_none())
        .find_map(|s| {
            s.key
                .family
                .clone()
                .filter(|_| s.values[3..6].iter().sum::<f64>() > 0.0)
        })
        .expect("a family with demand");
    let items = dataset
        .items
        .iter()
        .filter(|i| dataset.root_family(&i.family) == family)
        .map(|i| i.code.clone())
        .collect();
    (family, items)
}

fn total(plan: &Plan, key: &SeriesKey, range: std::ops::Range<usize>) -> f64 {
    plan.series(key)
        .map_or(0.0, |s| s.values[range].iter().sum())
}

fn figure_total(plan: &Plan, figure: KeyFigure) -> f64 {
    plan.series(&SeriesKey::total(figure))
        .map_or(0.0, |s| s.values.iter().sum())
}

/// Asserts two plans are equal, bit for bit, naming the first difference.
fn assert_same(a: &Plan, b: &Plan) {
    assert_eq!(a.series.len(), b.series.len(), "series count");
    for (x, y) in a.series.iter().zip(&b.series) {
        assert_eq!(x.key, y.key);
        let bits =
            |s: &fulcrum_core::Series| s.values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert!(
            bits(x) == bits(y),
            "{:?}: {:?} vs {:?}",
            x.key,
            x.values,
            y.values
        );
    }
    assert!(a.exceptions == b.exceptions, "exceptions differ");
    assert!(a.kpis == b.kpis, "KPIs differ");
    assert!(a == b, "plans differ");
}

#[test]
fn a_family_quarter_edit_changes_consensus_and_downstream_and_undo_restores_it() {
    let dataset = generate(&DemoConfig::default());
    let config = CycleConfig::default();
    let base = run_cycle(&dataset, &config, &mut |_| {});
    let (family, items) = family(&dataset, &base);
    // the second horizon quarter: buckets 3..6 of the horizon
    let quarter = 3..6;
    let family_key = SeriesKey::family(KeyFigure::ConsensusDemand, &family);
    let before = total(&base, &family_key, quarter.clone());
    assert!(before > 0.0, "family {family} has demand");
    let target = (before * 1.5).round();
    let set = change(
        1,
        0,
        ChangeKind::SetValue {
            layer: Layer::role("sales"),
            selector: NodeSelector::product(&family),
            period: Period::quarter(1),
            value: target,
            spread: Spread::default(),
        },
    );
    let edited = run_cycle_with_changes(&dataset, std::slice::from_ref(&set), &config, &mut |_| {});
    let after = total(&edited, &family_key, quarter.clone());
    assert!(
        (after - target).abs() <= 1e-9 * target,
        "family {family} consensus {after}, typed {target}"
    );
    // the items' consensus adds up to the family's
    let items_sum: f64 = edited
        .series_of(KeyFigure::ConsensusDemand)
        .filter(|s| s.key.location.is_some())
        .filter(|s| s.key.item.as_ref().is_some_and(|i| items.contains(i)))
        .map(|s| s.values[quarter.clone()].iter().sum::<f64>())
        .sum();
    assert!(
        (items_sum - target).abs() <= 1e-9 * target,
        "{items_sum} vs {target}"
    );
    // the sales layer is stored as a key figure, and totals what was typed
    let layer = total(
        &edited,
        &SeriesKey::family(KeyFigure::SalesAdjustment, &family),
        quarter.clone(),
    );
    assert!(
        (layer - target).abs() <= 1e-9 * target,
        "sales layer {layer}"
    );
    assert!(base.series_of(KeyFigure::SalesAdjustment).next().is_none());
    // downstream: supply and finance move
    assert_ne!(
        figure_total(&base, KeyFigure::Revenue),
        figure_total(&edited, KeyFigure::Revenue)
    );
    assert_ne!(
        figure_total(&base, KeyFigure::PlannedReceipts),
        figure_total(&edited, KeyFigure::PlannedReceipts)
    );
    assert!(edited.exceptions.iter().all(|e| e.code != "change_skipped"));

    // undo restores the plan bit for bit
    let undo = change(2, 1, ChangeKind::Undo { change: 1 });
    let undone = run_cycle_with_changes(&dataset, &[set.clone(), undo], &config, &mut |_| {});
    assert_same(&undone, &base);

    // determinism: same snapshot + same changes, same plan
    let again = run_cycle_with_changes(&dataset, std::slice::from_ref(&set), &config, &mut |_| {});
    assert_same(&again, &edited);
}

#[test]
fn a_change_that_no_longer_applies_is_skipped_with_a_warning() {
    let dataset = generate(&DemoConfig::default());
    let config = CycleConfig::default();
    let base = run_cycle(&dataset, &config, &mut |_| {});
    let stale = change(
        7,
        0,
        ChangeKind::SetValue {
            layer: Layer::role("sales"),
            selector: NodeSelector::product("NO-SUCH-FAMILY"),
            period: Period::quarter(0),
            value: 100.0,
            spread: Spread::default(),
        },
    );
    let plan = run_cycle_with_changes(&dataset, &[stale], &config, &mut |_| {});
    let warning = plan
        .exceptions
        .iter()
        .find(|e| e.code == "change_skipped")
        .expect("a warning for the skipped change");
    assert_eq!(warning.severity, fulcrum_core::Severity::Warning);
    for part in ["Change 7", "ana", "customer_intel", "NO-SUCH-FAMILY"] {
        assert!(warning.message.contains(part), "{}", warning.message);
    }
    // otherwise the plan is the plan without changes
    let mut without = plan.clone();
    without.exceptions.retain(|e| e.code != "change_skipped");
    assert_same(&without, &base);
}
