//! The planning desk on the demo company: edits at any level sum exactly, a
//! batch is all or nothing, undo restores the plan bit for bit, two planners on
//! the same cells get a conflict, and a cell's history tells who changed it.

use fulcrum_planning::{Desk, Edit, EditMeta, GridQuery, PlanningError, SpreadChoice, grid};
use fulcrum_store::{InputFile, Store};

fn demo_store() -> Store {
    let dataset = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let mut store = Store::open_in_memory().expect("store");
    let files: Vec<InputFile> = fulcrum_io::export_csv_files(&dataset)
        .into_iter()
        .map(|(name, content)| InputFile { name, content })
        .collect();
    store.save_snapshot(&files).expect("snapshot");
    store
}

fn meta(author: &str, base: Option<u64>) -> EditMeta {
    EditMeta {
        author: author.into(),
        reason_code: "customer_intel".into(),
        comment: "test".into(),
        base_revision: base,
    }
}

fn set(layer: &str, product: &str, period: &str, value: f64) -> Edit {
    Edit::Set {
        layer: layer.into(),
        product: Some(product.into()),
        location: None,
        customer: None,
        period: period.into(),
        value,
        spread: SpreadChoice::Proportional,
    }
}

/// The first top family with at least two items, and its items.
fn family_with_items(desk: &Desk) -> (String, Vec<String>) {
    let page = grid(
        desk,
        &GridQuery {
            limit: usize::MAX,
            ..GridQuery::default()
        },
    )
    .expect("grid");
    for node in &page.nodes {
        let items: Vec<String> = page
            .nodes
            .iter()
            .filter(|n| n.parent.as_deref() == Some(&node.code) && n.kind == "item")
            .map(|n| n.code.clone())
            .collect();
        if items.len() >= 2 {
            return (node.code.clone(), items);
        }
    }
    panic!("no family with two items")
}

fn cell(desk: &Desk, product: &str, figure: &str, column: &str) -> Option<f64> {
    let page = grid(
        desk,
        &GridQuery {
            product: Some(product.into()),
            limit: 1,
            ..GridQuery::default()
        },
    )
    .expect("grid");
    let col = page
        .columns
        .iter()
        .position(|c| c.key == column)
        .expect("column");
    let node = &page.nodes[0];
    assert_eq!(node.code, product);
    let row = node
        .rows
        .iter()
        .find(|r| r.figure == figure)
        .expect("figure");
    row.values[col]
}

#[test]
fn a_family_quarter_edit_spreads_to_items_that_sum_exactly_and_undo_restores_it() {
    let mut store = demo_store();
    let mut desk = Desk::open(&store).expect("desk");
    let before = desk.workspace().clone();
    let (family, items) = family_with_items(&desk);
    assert_eq!(
        cell(&desk, &family, "sales", "q0"),
        None,
        "nothing typed yet"
    );
    let ids = desk
        .append(
            &mut store,
            &meta("ana", Some(0)),
            &[set("sales", &family, "2026-Q1", 1234.0)],
            "2026-01-05T09:00:00Z",
        )
        .expect("appended");
    assert_eq!(ids, vec![1]);
    assert_eq!(cell(&desk, &family, "sales", "q0"), Some(1234.0));
    let sum: f64 = items
        .iter()
        .map(|item| cell(&desk, item, "sales", "q0").expect("typed"))
        .sum();
    assert_eq!(sum, 1234.0, "items sum exactly to the family");
    for item in &items {
        let value = cell(&desk, item, "sales", "q0").expect("typed");
        assert_eq!(
            value,
            value.round(),
            "whole units for EA items: {item} {value}"
        );
    }
    // The consensus follows (sales is the only role typed there).
    assert_eq!(cell(&desk, &family, "consensus", "q0"), Some(1234.0));
    // Opening again replays to the same state.
    let again = Desk::open(&store).expect("reopen");
    assert!(again.workspace().same_state(desk.workspace()));
    // Undo: a compensating change; the plan is back bit for bit.
    let undo = desk.last_undoable("ana").expect("undoable");
    desk.append(
        &mut store,
        &meta("ana", None),
        &[Edit::Undo { change: undo }],
        "2026-01-05T09:01:00Z",
    )
    .expect("undone");
    assert!(desk.workspace().same_state(&before));
    assert_eq!(desk.revision(), 2);
    assert_eq!(desk.last_undoable("ana"), None);
    // The history of the family-quarter cell shows both changes.
    let selector = fulcrum_workspace::NodeSelector::product(&family);
    let period = fulcrum_planning::target::parse_period(desk.dataset().calendar(), "2026-Q1")
        .expect("period");
    let history = desk.history(&selector, period, "sales").expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(
        (
            history[0].author.as_str(),
            history[0].before,
            history[0].after
        ),
        ("ana", None, Some(1234.0))
    );
    assert_eq!(history[1].after, None);
}

#[test]
fn a_batch_with_one_bad_edit_writes_nothing_and_names_it() {
    let mut store = demo_store();
    let mut desk = Desk::open(&store).expect("desk");
    let (family, items) = family_with_items(&desk);
    let edits = vec![
        set("sales", &family, "2026-01", 10.0),
        set("sales", "NO-SUCH-ITEM", "2026-02", 10.0),
        set("sales", &items[0], "2031-13", 5.0),
        set("sales", &items[0], "2026-03", -5.0),
    ];
    let error = desk
        .append(
            &mut store,
            &meta("ana", None),
            &edits,
            "2026-01-05T09:00:00Z",
        )
        .expect_err("refused");
    let PlanningError::Invalid(problems) = error else {
        panic!("not invalid: {error}")
    };
    let named: Vec<(usize, Option<&str>)> = problems
        .iter()
        .map(|p| (p.index, p.field.as_deref()))
        .collect();
    assert_eq!(
        named,
        vec![
            (1, Some("product")),
            (2, Some("period")),
            (3, Some("value"))
        ]
    );
    assert_eq!(store.change_log_head(desk.log_key()).expect("head"), 0);
    assert_eq!(desk.revision(), 0);
}

#[test]
fn two_planners_on_the_same_cells_get_a_conflict_and_no_update_is_lost() {
    let mut store = demo_store();
    let mut ana = Desk::open(&store).expect("desk");
    let mut bob = ana.clone();
    let (family, items) = family_with_items(&ana);
    ana.append(
        &mut store,
        &meta("ana", Some(0)),
        &[set("sales", &family, "2026-Q1", 900.0)],
        "t1",
    )
    .expect("ana's edit");
    // Bob saw revision 0 and edits an item of the same family in January.
    assert!(!bob.is_current(&store).expect("current?"));
    let error = bob
        .append(
            &mut store,
            &meta("bob", Some(0)),
            &[set("sales", &items[0], "2026-01", 1.0)],
            "t2",
        )
        .expect_err("conflict");
    assert!(matches!(error, PlanningError::Conflict(_)), "{error}");
    assert!(error.to_string().contains("ana"), "{error}");
    assert_eq!(store.change_log_head(ana.log_key()).expect("head"), 1);
    // After reloading, bob's edit goes in on top of ana's.
    let mut bob = Desk::open(&store).expect("reload");
    bob.append(
        &mut store,
        &meta("bob", Some(1)),
        &[set("sales", &items[0], "2026-01", 1.0)],
        "t3",
    )
    .expect("bob's edit");
    assert_eq!(cell(&bob, &items[0], "sales", "m0"), Some(1.0));
}

#[test]
fn an_overrides_file_is_all_or_nothing_with_rows_named() {
    let mut store = demo_store();
    let mut desk = Desk::open(&store).expect("desk");
    let (family, _) = family_with_items(&desk);
    let csv = format!(
        "layer,product,location,customer,period,value\nsales,{family},,,2026-Q1,500\nsales,NOPE,,,2026-Q1,5\nboss,{family},,,2026-02,5\n"
    );
    let rows = fulcrum_io::read_overrides("overrides.csv", csv.as_bytes()).expect("reads");
    let error = desk
        .append_overrides(&mut store, &meta("ana", None), &rows, "t")
        .expect_err("refused");
    let text = error.to_string();
    assert!(text.contains("row 3, product"), "{text}");
    assert!(text.contains("row 4, layer"), "{text}");
    assert_eq!(desk.revision(), 0);
    let good = &rows[..1];
    desk.append_overrides(&mut store, &meta("ana", None), good, "t")
        .expect("good row");
    assert_eq!(cell(&desk, &family, "sales", "q0"), Some(500.0));
}

#[test]
fn events_are_added_switched_off_and_on_and_bad_ones_are_named() {
    let mut store = demo_store();
    let mut desk = Desk::open(&store).expect("desk");
    let before = desk.workspace().clone();
    let (_, items) = family_with_items(&desk);
    let item = &items[0];
    let statistical = cell(&desk, item, "statistical", "m2").expect("statistical");
    let consensus = cell(&desk, item, "consensus", "m2").expect("consensus");
    let promotion: fulcrum_planning::EventSpec = serde_json::from_value(serde_json::json!({
        "type": "promotion", "name": "Spring sale", "product": item,
        "start": "2026-03", "end": "2026-03", "uplift_pct": 20.0
    }))
    .expect("spec");
    desk.append(
        &mut store,
        &meta("mia", None),
        &[Edit::AddEvent { event: promotion }],
        "2026-01-05T09:00:00Z",
    )
    .expect("added");
    let events = desk.events();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].id, events[0].active), (1, true));
    assert_eq!(events[0].kind, "promotion");
    // +20% of the statistical forecast in March, nothing else (whole-item sum).
    let uplift = cell(&desk, item, "events", "m2").expect("events");
    assert!(
        (uplift - 0.2 * statistical).abs() < 1e-9,
        "{uplift} vs {statistical}"
    );
    assert!((events[0].net_units - uplift).abs() < 1e-9);
    assert!((cell(&desk, item, "consensus", "m2").expect("c") - (consensus + uplift)).abs() < 1e-9);
    let chart = fulcrum_planning::chart(
        &desk,
        &fulcrum_planning::target::selector(desk.dataset(), Some(item), None, None).expect("node"),
    )
    .expect("chart");
    assert!(
        chart
            .layers
            .iter()
            .any(|(name, _)| name == "Event: Spring sale")
    );

    // Off: the consensus is the statistical one again; on: back.
    desk.append(
        &mut store,
        &meta("mia", None),
        &[Edit::SetEvent {
            event: 1,
            active: false,
        }],
        "2026-01-05T09:01:00Z",
    )
    .expect("off");
    assert_eq!(cell(&desk, item, "consensus", "m2"), Some(consensus));
    assert!(!desk.events()[0].active);

    // A bad event names every field and writes nothing.
    let bad: fulcrum_planning::EventSpec = serde_json::from_value(serde_json::json!({
        "type": "promotion", "name": " ", "product": "NOPE", "start": "2026-13",
        "end": "2026-03", "uplift_pct": 20.0, "cannibalised_items": ["GHOST"]
    }))
    .expect("spec");
    let error = desk
        .append(
            &mut store,
            &meta("mia", None),
            &[
                Edit::AddEvent { event: bad },
                Edit::SetEvent {
                    event: 9,
                    active: true,
                },
            ],
            "2026-01-05T09:02:00Z",
        )
        .expect_err("refused");
    let message = error.to_string();
    for field in ["product", "start", "cannibalised_items", "name", "event"] {
        assert!(
            message.contains(&format!(", {field}:")),
            "{field} in {message}"
        );
    }
    assert_eq!(desk.revision(), 2);
    // Undoing both changes gives the plan back bit for bit.
    for change in [2, 1] {
        desk.append(
            &mut store,
            &meta("mia", None),
            &[Edit::Undo { change }],
            "2026-01-05T09:03:00Z",
        )
        .expect("undo");
    }
    assert!(desk.workspace().same_state(&before));
}

/// The demo store with `consensus_rules.csv` replaced by `rules`.
fn demo_store_with_rules(rules: &str) -> Store {
    let dataset = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let mut store = Store::open_in_memory().expect("store");
    let files: Vec<InputFile> = fulcrum_io::export_csv_files(&dataset)
        .into_iter()
        .map(|(name, content)| InputFile {
            content: if name == "consensus_rules.csv" {
                rules.as_bytes().to_vec()
            } else {
                content
            },
            name,
        })
        .collect();
    store.save_snapshot(&files).expect("snapshot");
    store
}

#[test]
fn a_family_rule_decides_whether_a_typed_value_moves_with_an_event_below_it() {
    // Sales types 100 units for an item in March; then a one-time event adds
    // 30 units there. Override (the default): the consensus stays 100.
    // Adjustment: sales adds to what is below, so the event comes through.
    let probe = Desk::open(&demo_store()).expect("desk");
    let (_, items) = family_with_items(&probe);
    let item = items[0].clone();
    let family = probe.dataset().item(&item).expect("item").family.clone();
    let top = probe.dataset().root_family(&family).to_string();
    let mut consensus = Vec::new();
    for rules in [
        "family,role,combine,weight\n".to_string(),
        format!("family,role,combine,weight\n{top},sales,adjustment,\n"),
        format!("family,role,combine,weight\n{top},sales,blend,0.5\n"),
    ] {
        let mut store = demo_store_with_rules(&rules);
        let mut desk = Desk::open(&store).expect("desk");
        let event: fulcrum_planning::EventSpec = serde_json::from_value(serde_json::json!({
            "type": "one_time", "name": "Fair", "product": item,
            "start": "2026-03", "end": "2026-03", "units": 30.0
        }))
        .expect("spec");
        desk.append(
            &mut store,
            &meta("ana", None),
            &[set("sales", &item, "2026-03", 100.0)],
            "2026-01-05T09:00:00Z",
        )
        .expect("typed");
        assert_eq!(
            cell(&desk, &item, "consensus", "m2"),
            Some(100.0),
            "{rules}"
        );
        desk.append(
            &mut store,
            &meta("ana", None),
            &[Edit::AddEvent { event }],
            "2026-01-05T09:01:00Z",
        )
        .expect("event");
        consensus.push(cell(&desk, &item, "consensus", "m2").expect("consensus"));
    }
    assert_eq!(consensus[0], 100.0, "override keeps the typed value");
    assert!(
        (consensus[1] - 130.0).abs() < 1e-9,
        "adjustment adds the event: {consensus:?}"
    );
    // Blend 0.5: 0.5 × below + 0.5 × value, with the stored value set so the
    // result was 100 before the event; the event moves it by half its units.
    assert!(
        (consensus[2] - 115.0).abs() < 1e-9,
        "blend takes half: {consensus:?}"
    );
}
