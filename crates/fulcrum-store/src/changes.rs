//! The planners' change log (migration 8; see `schema::MIGRATION_CHANGE_LOG`):
//! append-only rows of `workspace_changes`, one log per cycle, and the prefix of
//! the log each plan version was computed from.
//!
//! A change's [`ChangeKind`] is stored as canonical JSON text, written and read by
//! the explicit [`encode_kind`] and [`decode_kind`] here (`fulcrum-workspace` has
//! no serde): tagged objects (`{"set_value": {...}}`) with keys sorted and no
//! spaces; reals as JSON numbers in Rust's shortest round-tripping form; NaN and
//! infinities are refused.

use fulcrum_workspace::{
    Basis, Change, ChangeKind, Event, EventKind, Grain, Launch, Layer, NodeSelector, OneTime,
    Period, Promotion, Quantity, Spread,
};
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value, json};

use crate::{Store, StoreError, VersionId};

/// The key of one cycle's change log: the company and the plan start (`2026-01`).
pub fn log_key(company: &str, plan_start: &str) -> String {
    format!("{company}/{plan_start}")
}

fn selector(s: &NodeSelector) -> Value {
    json!({"product": s.product, "location": s.location, "customer": s.customer})
}

fn period(p: Period) -> Value {
    json!({"grain": p.grain.as_str(), "index": p.index})
}

fn spread(s: &Spread) -> Value {
    match s {
        Spread::Proportional(basis) => json!({"proportional": match basis {
            Basis::Current => "current",
            Basis::Consensus => "consensus",
            Basis::Statistical => "statistical",
            Basis::LastYear => "last_year",
        }}),
        Spread::Equal => json!("equal"),
        Spread::Seasonal(weights) => json!({"seasonal": weights.to_vec()}),
    }
}

fn layer(l: &Layer) -> Value {
    match l {
        Layer::Statistical => json!("statistical"),
        Layer::Events => json!("events"),
        Layer::Consensus => json!("consensus"),
        Layer::Event(id) => json!({"event": id}),
        Layer::Role(role) => json!({"role": role}),
        Layer::Through(role) => json!({"through": role}),
    }
}

fn quantity(q: Quantity) -> Value {
    match q {
        Quantity::Units(units) => json!({"units": units}),
        Quantity::Percent(pct) => json!({"percent": pct}),
    }
}

fn event(e: &Event) -> Value {
    let kind = match &e.kind {
        EventKind::Promotion(p) => json!({"promotion": {
            "selector": selector(&p.selector), "start": p.start, "end": p.end,
            "uplift_pct": p.uplift_pct, "pull_forward_pct": p.pull_forward_pct,
            "pull_forward_buckets": p.pull_forward_buckets, "dip_pct": p.dip_pct,
            "dip_buckets": p.dip_buckets, "cannibalised_items": p.cannibalised_items,
            "cannibalisation_pct": p.cannibalisation_pct,
        }}),
        EventKind::OneTime(o) => json!({"one_time": {
            "selector": selector(&o.selector), "start": o.start, "end": o.end,
            "quantity": quantity(o.quantity),
        }}),
        EventKind::Launch(l) => json!({"launch": {
            "item": l.item, "like_item": l.like_item, "volume": l.volume, "start": l.start,
            "phase_in_buckets": l.phase_in_buckets, "replaces": l.replaces,
            "phase_out_buckets": l.phase_out_buckets,
        }}),
    };
    json!({"id": e.id, "name": e.name, "active": e.active, "kind": kind})
}

/// A [`ChangeKind`] as canonical JSON text (keys sorted, no spaces); `Err` for a
/// value JSON cannot hold (NaN or an infinity).
pub fn encode_kind(kind: &ChangeKind) -> Result<String, String> {
    let value = match kind {
        ChangeKind::SetValue {
            layer: l,
            selector: s,
            period: p,
            value,
            spread: sp,
        } => {
            if !value.is_finite() {
                return Err(format!("the value {value} is not a finite number"));
            }
            json!({"set_value": {"layer": layer(l), "selector": selector(s), "period": period(*p),
                "value": value, "spread": spread(sp)}})
        }
        ChangeKind::Lock {
            selector: s,
            period: p,
        } => json!({"lock": {"selector": selector(s), "period": period(*p)}}),
        ChangeKind::Unlock {
            selector: s,
            period: p,
        } => json!({"unlock": {"selector": selector(s), "period": period(*p)}}),
        ChangeKind::AddEvent(e) => json!({"add_event": event(e)}),
        ChangeKind::SetEventActive { event_id, active } => {
            json!({"set_event_active": {"event_id": event_id, "active": active}})
        }
        ChangeKind::Undo { change } => json!({"undo": {"change": change}}),
        ChangeKind::Approve { plan_version } => {
            json!({"approve": {"plan_version": plan_version}})
        }
    };
    // serde_json's Map is a BTreeMap (no preserve_order): keys come out sorted.
    let text = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    // JSON has no NaN or infinity (serde_json writes null): refuse what does not
    // read back as it was.
    if decode_kind(&text).as_ref() != Ok(kind) {
        return Err("the change holds a number that is not finite".into());
    }
    Ok(text)
}

type R<T> = Result<T, String>;

fn field<'a>(map: &'a Map<String, Value>, key: &str) -> R<&'a Value> {
    map.get(key).ok_or_else(|| format!("missing field '{key}'"))
}
fn object(value: &Value) -> R<&Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| format!("expected an object, got {value}"))
}
fn f(map: &Map<String, Value>, key: &str) -> R<f64> {
    field(map, key)?
        .as_f64()
        .ok_or_else(|| format!("field '{key}' is not a number"))
}
fn u(map: &Map<String, Value>, key: &str) -> R<u64> {
    field(map, key)?
        .as_u64()
        .ok_or_else(|| format!("field '{key}' is not a whole number"))
}
fn us(map: &Map<String, Value>, key: &str) -> R<usize> {
    usize::try_from(u(map, key)?).map_err(|e| e.to_string())
}
fn b(map: &Map<String, Value>, key: &str) -> R<bool> {
    field(map, key)?
        .as_bool()
        .ok_or_else(|| format!("field '{key}' is not true or false"))
}
fn s(map: &Map<String, Value>, key: &str) -> R<String> {
    field(map, key)?
        .as_str()
        .map(String::from)
        .ok_or_else(|| format!("field '{key}' is not text"))
}
fn opt_s(map: &Map<String, Value>, key: &str) -> R<Option<String>> {
    match field(map, key)? {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text.clone())),
        other => Err(format!("field '{key}' is not text or null: {other}")),
    }
}
/// The single `{"tag": body}` of a tagged value.
fn tagged(value: &Value) -> R<(&str, &Value)> {
    let map = object(value)?;
    match map.iter().next() {
        Some((tag, body)) if map.len() == 1 => Ok((tag.as_str(), body)),
        _ => Err(format!("expected one tag, got {value}")),
    }
}

fn d_selector(value: &Value) -> R<NodeSelector> {
    let map = object(value)?;
    Ok(NodeSelector {
        product: opt_s(map, "product")?,
        location: opt_s(map, "location")?,
        customer: opt_s(map, "customer")?,
    })
}
fn d_period(value: &Value) -> R<Period> {
    let map = object(value)?;
    let grain = s(map, "grain")?;
    Ok(Period {
        grain: Grain::parse(&grain).ok_or_else(|| format!("unknown grain '{grain}'"))?,
        index: us(map, "index")?,
    })
}
fn d_spread(value: &Value) -> R<Spread> {
    if value.as_str() == Some("equal") {
        return Ok(Spread::Equal);
    }
    match tagged(value)? {
        ("proportional", basis) => Ok(Spread::Proportional(match basis.as_str() {
            Some("current") => Basis::Current,
            Some("consensus") => Basis::Consensus,
            Some("statistical") => Basis::Statistical,
            Some("last_year") => Basis::LastYear,
            _ => return Err(format!("unknown basis {basis}")),
        })),
        ("seasonal", weights) => {
            let list = weights
                .as_array()
                .ok_or("seasonal weights are not a list")?;
            let values: Vec<f64> = list.iter().filter_map(Value::as_f64).collect();
            let weights: [f64; 12] = values
                .try_into()
                .map_err(|_| "seasonal weights are not 12 numbers".to_string())?;
            Ok(Spread::Seasonal(weights))
        }
        (tag, _) => Err(format!("unknown spread '{tag}'")),
    }
}
fn d_layer(value: &Value) -> R<Layer> {
    match value.as_str() {
        Some("statistical") => return Ok(Layer::Statistical),
        Some("events") => return Ok(Layer::Events),
        Some("consensus") => return Ok(Layer::Consensus),
        Some(other) => return Err(format!("unknown layer '{other}'")),
        None => {}
    }
    match tagged(value)? {
        ("event", id) => Ok(Layer::Event(id.as_u64().ok_or("event id is not a number")?)),
        ("role", role) => Ok(Layer::Role(role.as_str().ok_or("role is not text")?.into())),
        ("through", role) => Ok(Layer::Through(
            role.as_str().ok_or("role is not text")?.into(),
        )),
        (tag, _) => Err(format!("unknown layer '{tag}'")),
    }
}
fn d_quantity(value: &Value) -> R<Quantity> {
    match tagged(value)? {
        ("units", v) => Ok(Quantity::Units(v.as_f64().ok_or("units is not a number")?)),
        ("percent", v) => Ok(Quantity::Percent(
            v.as_f64().ok_or("percent is not a number")?,
        )),
        (tag, _) => Err(format!("unknown quantity '{tag}'")),
    }
}
fn d_event(value: &Value) -> R<Event> {
    let map = object(value)?;
    let kind = match tagged(field(map, "kind")?)? {
        ("promotion", body) => {
            let p = object(body)?;
            let items = field(p, "cannibalised_items")?
                .as_array()
                .ok_or("cannibalised_items is not a list")?
                .iter()
                .map(|v| v.as_str().map(String::from).ok_or("an item is not text"))
                .collect::<Result<Vec<_>, _>>()?;
            EventKind::Promotion(Promotion {
                selector: d_selector(field(p, "selector")?)?,
                start: us(p, "start")?,
                end: us(p, "end")?,
                uplift_pct: f(p, "uplift_pct")?,
                pull_forward_pct: f(p, "pull_forward_pct")?,
                pull_forward_buckets: us(p, "pull_forward_buckets")?,
                dip_pct: f(p, "dip_pct")?,
                dip_buckets: us(p, "dip_buckets")?,
                cannibalised_items: items,
                cannibalisation_pct: f(p, "cannibalisation_pct")?,
            })
        }
        ("one_time", body) => {
            let o = object(body)?;
            EventKind::OneTime(OneTime {
                selector: d_selector(field(o, "selector")?)?,
                start: us(o, "start")?,
                end: us(o, "end")?,
                quantity: d_quantity(field(o, "quantity")?)?,
            })
        }
        ("launch", body) => {
            let l = object(body)?;
            EventKind::Launch(Launch {
                item: s(l, "item")?,
                like_item: s(l, "like_item")?,
                volume: f(l, "volume")?,
                start: us(l, "start")?,
                phase_in_buckets: us(l, "phase_in_buckets")?,
                replaces: opt_s(l, "replaces")?,
                phase_out_buckets: us(l, "phase_out_buckets")?,
            })
        }
        (tag, _) => return Err(format!("unknown event kind '{tag}'")),
    };
    Ok(Event {
        id: u(map, "id")?,
        name: s(map, "name")?,
        active: b(map, "active")?,
        kind,
    })
}

/// Reads what [`encode_kind`] wrote.
pub fn decode_kind(text: &str) -> Result<ChangeKind, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let (tag, body) = tagged(&value)?;
    let map = object(body);
    Ok(match tag {
        "set_value" => {
            let m = map?;
            ChangeKind::SetValue {
                layer: d_layer(field(m, "layer")?)?,
                selector: d_selector(field(m, "selector")?)?,
                period: d_period(field(m, "period")?)?,
                value: f(m, "value")?,
                spread: d_spread(field(m, "spread")?)?,
            }
        }
        "lock" | "unlock" => {
            let m = map?;
            let selector = d_selector(field(m, "selector")?)?;
            let period = d_period(field(m, "period")?)?;
            if tag == "lock" {
                ChangeKind::Lock { selector, period }
            } else {
                ChangeKind::Unlock { selector, period }
            }
        }
        "add_event" => ChangeKind::AddEvent(d_event(body)?),
        "set_event_active" => {
            let m = map?;
            ChangeKind::SetEventActive {
                event_id: u(m, "event_id")?,
                active: b(m, "active")?,
            }
        }
        "undo" => ChangeKind::Undo {
            change: u(map?, "change")?,
        },
        "approve" => ChangeKind::Approve {
            plan_version: s(map?, "plan_version")?,
        },
        other => return Err(format!("unknown change kind '{other}'")),
    })
}

impl Store {
    /// Appends `change` to the log `log` in one transaction: its id must be the
    /// next one (the log's last id + 1) and `check` is called with the log as
    /// stored so far and the change (the caller replays them in a workspace, whose
    /// conflict and frozen-log checks then decide); its `Err` is refused as
    /// [`StoreError::ChangeRefused`] and nothing is written.
    pub fn append_change(
        &mut self,
        log: &str,
        change: &Change,
        check: impl FnOnce(&[Change], &Change) -> Result<(), String>,
    ) -> Result<(), StoreError> {
        let mut check = Some(check);
        self.append_changes(log, std::slice::from_ref(change), |earlier, change| {
            check.take().map_or(Ok(()), |check| check(earlier, change))
        })
    }

    /// Appends `changes` to the log `log` in one transaction, all or none: their
    /// ids must follow the log's last id one by one, and `check` is called for
    /// each with the log before it (as stored, then the batch's earlier changes).
    /// The first `Err` is refused as [`StoreError::ChangeRefused`] and nothing is
    /// written.
    pub fn append_changes(
        &mut self,
        log: &str,
        changes: &[Change],
        mut check: impl FnMut(&[Change], &Change) -> Result<(), String>,
    ) -> Result<(), StoreError> {
        // IMMEDIATE: two appends to one log are serialised, so the check sees the
        // log the insert extends.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut earlier = list_changes(&tx, log, None)?;
        for change in changes {
            let next = earlier.last().map_or(1, |c| c.id + 1);
            if change.id != next {
                return Err(StoreError::ChangeRefused(format!(
                    "change {} is not the next change of the log {log} (expected {next}); reload and try again",
                    change.id
                )));
            }
            check(&earlier, change).map_err(StoreError::ChangeRefused)?;
            let kind = encode_kind(&change.kind).map_err(StoreError::ChangeRefused)?;
            tx.execute(
                "INSERT INTO workspace_changes (log_key, change_id, author, at, reason_code, comment, base_revision, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    log,
                    change.id as i64,
                    change.author,
                    change.at,
                    change.reason_code,
                    change.comment,
                    change.base_revision as i64,
                    kind
                ],
            )
            .map_err(|error| match error {
                rusqlite::Error::SqliteFailure(_, Some(message))
                    if message.contains("change log") =>
                {
                    StoreError::ChangeRefused(message)
                }
                other => StoreError::Sqlite(other),
            })?;
            earlier.push(change.clone());
        }
        tx.commit()?;
        Ok(())
    }

    /// The id of the last change of a log (0 when it is empty): a cheap way to
    /// tell whether a replayed workspace is still current.
    pub fn change_log_head(&self, log: &str) -> Result<u64, StoreError> {
        let head: Option<i64> = self.conn.query_row(
            "SELECT MAX(change_id) FROM workspace_changes WHERE log_key = ?1",
            [log],
            |row| row.get(0),
        )?;
        Ok(head.unwrap_or(0) as u64)
    }

    /// The changes of a log, in id order.
    pub fn list_changes(&self, log: &str) -> Result<Vec<Change>, StoreError> {
        list_changes(&self.conn, log, None)
    }

    /// Records that `version` was computed from the log's changes up to and
    /// including `last_change` (0: none).
    pub fn record_version_changes(
        &mut self,
        version: VersionId,
        log: &str,
        last_change: u64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO plan_version_change_logs (version_id, log_key, last_change_id) VALUES (?1, ?2, ?3)",
            params![version.0, log, last_change as i64],
        )?;
        Ok(())
    }

    /// The changes a version was computed from (its prefix of the log), or `None`
    /// when none were recorded for it.
    pub fn version_changes(
        &self,
        version: VersionId,
    ) -> Result<Option<(String, Vec<Change>)>, StoreError> {
        let link: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT log_key, last_change_id FROM plan_version_change_logs WHERE version_id = ?1",
                [version.0],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((log, last)) = link else {
            return Ok(None);
        };
        let changes = list_changes(&self.conn, &log, Some(last as u64))?;
        Ok(Some((log, changes)))
    }
}

fn list_changes(
    conn: &rusqlite::Connection,
    log: &str,
    up_to: Option<u64>,
) -> Result<Vec<Change>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT change_id, author, at, reason_code, comment, base_revision, kind
         FROM workspace_changes WHERE log_key = ?1 AND change_id <= ?2 ORDER BY change_id",
    )?;
    let limit = up_to.map_or(i64::MAX, |last| last as i64);
    let rows = stmt.query_map(params![log, limit], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, i64>(5)?,
            row.get::<_, String>(6)?,
        ))
    })?;
    let mut changes = Vec::new();
    for row in rows {
        let (id, author, at, reason_code, comment, base_revision, kind) = row?;
        let kind = decode_kind(&kind)
            .map_err(|e| StoreError::Corrupt(format!("change {id} of log {log}: {e}")))?;
        changes.push(Change {
            id: id as u64,
            author,
            at,
            reason_code,
            comment,
            base_revision: base_revision as u64,
            kind,
        });
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel() -> NodeSelector {
        NodeSelector {
            product: Some("FAM".into()),
            location: None,
            customer: Some("C1".into()),
        }
    }

    /// Every variant, and every variant of its parts.
    pub(crate) fn every_kind() -> Vec<ChangeKind> {
        let mut kinds = Vec::new();
        let layers = [
            Layer::role("sales"),
            Layer::Statistical,
            Layer::Events,
            Layer::Consensus,
            Layer::Event(3),
            Layer::Through("finance".into()),
        ];
        let spreads = [
            Spread::Proportional(Basis::Current),
            Spread::Proportional(Basis::Consensus),
            Spread::Proportional(Basis::Statistical),
            Spread::Proportional(Basis::LastYear),
            Spread::Equal,
            Spread::Seasonal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 0.1]),
        ];
        for (i, layer) in layers.into_iter().enumerate() {
            for spread in spreads.clone() {
                kinds.push(ChangeKind::SetValue {
                    layer: layer.clone(),
                    selector: sel(),
                    period: [Period::month(i), Period::quarter(i), Period::year(i)][i % 3],
                    value: 1200.0 / 7.0 - i as f64,
                    spread,
                });
            }
        }
        kinds.push(ChangeKind::Lock {
            selector: NodeSelector::all(),
            period: Period::quarter(1),
        });
        kinds.push(ChangeKind::Unlock {
            selector: NodeSelector::leaf("I", "L", "C"),
            period: Period::month(5),
        });
        let events = [
            EventKind::Promotion(Promotion {
                selector: sel(),
                start: 40,
                end: 42,
                uplift_pct: 25.5,
                pull_forward_pct: 10.0,
                pull_forward_buckets: 1,
                dip_pct: 5.0,
                dip_buckets: 2,
                cannibalised_items: vec!["A".into(), "B".into()],
                cannibalisation_pct: 3.25,
            }),
            EventKind::OneTime(OneTime {
                selector: sel(),
                start: 40,
                end: 40,
                quantity: Quantity::Units(-12.5),
            }),
            EventKind::OneTime(OneTime {
                selector: NodeSelector::all(),
                start: 41,
                end: 45,
                quantity: Quantity::Percent(7.0),
            }),
            EventKind::Launch(Launch {
                item: "NEW".into(),
                like_item: "OLD".into(),
                volume: 1e6 / 3.0,
                start: 44,
                phase_in_buckets: 3,
                replaces: Some("OLD".into()),
                phase_out_buckets: 2,
            }),
            EventKind::Launch(Launch {
                item: "NEW \"quoted\" é".into(),
                like_item: "OLD".into(),
                volume: 0.0,
                start: 44,
                phase_in_buckets: 0,
                replaces: None,
                phase_out_buckets: 0,
            }),
        ];
        for (id, kind) in events.into_iter().enumerate() {
            kinds.push(ChangeKind::AddEvent(Event {
                id: id as u64 + 1,
                name: format!("event {id}"),
                active: id % 2 == 0,
                kind,
            }));
        }
        kinds.push(ChangeKind::SetEventActive {
            event_id: 2,
            active: true,
        });
        kinds.push(ChangeKind::Undo { change: 4 });
        kinds.push(ChangeKind::Approve {
            plan_version: "2026-01 approved".into(),
        });
        kinds
    }

    #[test]
    fn every_change_kind_round_trips_through_its_json() {
        for kind in every_kind() {
            let text = encode_kind(&kind).expect("encodes");
            assert_eq!(decode_kind(&text).as_ref(), Ok(&kind), "{text}");
            // canonical: encoding the decoded value gives the same text
            let decoded = decode_kind(&text).expect("decodes");
            assert_eq!(encode_kind(&decoded).expect("encodes again"), text);
        }
        assert!(
            encode_kind(&ChangeKind::SetValue {
                layer: Layer::role("sales"),
                selector: sel(),
                period: Period::month(0),
                value: f64::NAN,
                spread: Spread::Equal,
            })
            .is_err()
        );
        assert!(decode_kind("{\"explode\":{}}").is_err());
    }
}
