//! Writing a [`Plan`] into the version tables and reading it back.

use std::collections::HashMap;

use fulcrum_core::{
    BucketIdx, Exception, ForecastAccuracy, ForecastModelRecord, KeyFigure, Kpi, KpiUnit,
    OrderKind, Peg, Plan, PlannedOrder, SafetyStockRecord, Series, SeriesKey, Severity,
};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::real::{from_columns, to_columns, to_columns_opt};
use crate::{
    NOW_UTC, NewPlanVersion, Store, StoreError, VersionId, VersionStatus, WriteHook, WriteProgress,
    check_plan,
};

/// Which series [`Store::series`] returns: each field set must match exactly;
/// `None` matches anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesFilter {
    /// Only this key figure.
    pub figure: Option<KeyFigure>,
    /// Only this item.
    pub item: Option<String>,
    /// Only this location.
    pub location: Option<String>,
    /// Only this resource.
    pub resource: Option<String>,
    /// Only this family.
    pub family: Option<String>,
}

impl Store {
    /// Stores `plan` as a new draft version, in one transaction.
    pub fn save_plan_version(
        &mut self,
        new: &NewPlanVersion,
        plan: &Plan,
    ) -> Result<VersionId, StoreError> {
        check_plan(plan)?;
        let hook = &mut self.write_hook;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_row(&tx, "snapshots", new.snapshot.0)
            .map_err(|err| err.unwrap_or(StoreError::SnapshotNotFound(new.snapshot)))?;
        if let Some(parent) = new.parent {
            require_row(&tx, "plan_versions", parent.0)
                .map_err(|err| err.unwrap_or(StoreError::VersionNotFound(parent)))?;
        }
        let calendar = &plan.calendar;
        tx.execute(
            &format!(
                "INSERT INTO plan_versions (name, snapshot_id, parent_id, status, company, currency,
                     granularity, plan_start, history_len, horizon_len, created_at, strategy)
                 VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?6, ?7, ?8, ?9, {NOW_UTC}, ?10)"
            ),
            params![
                new.name,
                new.snapshot.0,
                new.parent.map(|parent| parent.0),
                new.company,
                new.currency,
                calendar.granularity().as_str(),
                calendar.plan_start().to_string(),
                to_sql_int(calendar.history_len())?,
                to_sql_int(calendar.horizon_len())?,
                new.strategy,
            ],
        )?;
        let version = tx.last_insert_rowid();
        write_series(&tx, version, &plan.series, hook)?;
        write_planned_orders(&tx, version, &plan.planned_orders)?;
        write_pegging(&tx, version, &plan.pegging)?;
        write_kpis(&tx, version, &plan.kpis)?;
        write_forecast_models(&tx, version, &plan.forecast_models)?;
        write_safety_stocks(&tx, version, &plan.safety_stocks)?;
        write_exceptions(&tx, version, &plan.exceptions)?;
        tx.commit()?;
        Ok(VersionId(version))
    }

    /// Loads a whole plan version exactly as it was saved.
    pub fn load_plan(&self, id: VersionId) -> Result<Plan, StoreError> {
        let info = self.version(id)?;
        Ok(Plan {
            calendar: info.calendar,
            series: self.read_series(id, &SeriesFilter::default())?,
            planned_orders: self.planned_orders(id)?,
            pegging: self.pegging(id)?,
            kpis: self.kpis(id)?,
            forecast_models: self.forecast_models(id)?,
            safety_stocks: self.safety_stocks(id)?,
            exceptions: self.exceptions(id)?,
        })
    }

    /// The series of a version matching `filter`, in plan order.
    pub fn series(&self, id: VersionId, filter: &SeriesFilter) -> Result<Vec<Series>, StoreError> {
        self.require_version(id)?;
        self.read_series(id, filter)
    }

    fn read_series(&self, id: VersionId, filter: &SeriesFilter) -> Result<Vec<Series>, StoreError> {
        const MATCH: &str = "s.version_id = ?1
            AND (?2 IS NULL OR s.figure = ?2)
            AND (?3 IS NULL OR s.item = ?3)
            AND (?4 IS NULL OR s.location = ?4)
            AND (?5 IS NULL OR s.resource = ?5)
            AND (?6 IS NULL OR s.family = ?6)";
        let filter_params = params![
            id.0,
            filter.figure.map(KeyFigure::as_str),
            filter.item,
            filter.location,
            filter.resource,
            filter.family,
        ];

        let mut series = Vec::new();
        let mut expected_len = Vec::new();
        let mut position_of_series_no = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT s.series_no, s.figure, s.item, s.location, s.resource, s.family,
                    s.first_bucket, s.n_values
             FROM series AS s WHERE {MATCH} ORDER BY s.series_no"
        ))?;
        let mut rows = stmt.query(filter_params)?;
        while let Some(row) = rows.next()? {
            let series_no: i64 = row.get(0)?;
            let figure: String = row.get(1)?;
            let figure = KeyFigure::parse(&figure)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown key figure '{figure}'")))?;
            let n_values = from_sql_index(row.get(7)?)?;
            position_of_series_no.insert(series_no, series.len());
            expected_len.push(n_values);
            series.push(Series {
                key: SeriesKey {
                    figure,
                    item: row.get(2)?,
                    location: row.get(3)?,
                    resource: row.get(4)?,
                    family: row.get(5)?,
                },
                first_bucket: from_sql_index(row.get(6)?)?,
                values: Vec::with_capacity(n_values),
            });
        }
        drop(rows);

        let mut stmt = self.conn.prepare(&format!(
            "SELECT v.series_no, v.bucket, v.value, v.value_bits
             FROM series AS s
             JOIN series_values AS v ON v.version_id = s.version_id AND v.series_no = s.series_no
             WHERE {MATCH} ORDER BY v.series_no, v.bucket"
        ))?;
        let mut rows = stmt.query(filter_params)?;
        while let Some(row) = rows.next()? {
            let series_no: i64 = row.get(0)?;
            let bucket = from_sql_index(row.get(1)?)?;
            let value = from_columns(row.get(2)?, row.get(3)?)
                .ok_or_else(|| StoreError::Corrupt("a key-figure value is NULL".into()))?;
            let target = position_of_series_no
                .get(&series_no)
                .map(|&position| &mut series[position])
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("value of unknown series {series_no}"))
                })?;
            if bucket != target.first_bucket + target.values.len() {
                return Err(StoreError::Corrupt(format!(
                    "series {series_no} has a gap before bucket {bucket}"
                )));
            }
            target.values.push(value);
        }
        for (series, expected) in series.iter().zip(expected_len) {
            if series.values.len() != expected {
                return Err(StoreError::Corrupt(format!(
                    "series {:?} has {} values, expected {expected}",
                    series.key,
                    series.values.len()
                )));
            }
        }
        Ok(series)
    }

    /// The planned orders of a version, in plan order.
    pub fn planned_orders(&self, id: VersionId) -> Result<Vec<PlannedOrder>, StoreError> {
        self.require_version(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT kind, item, location, from_location, supplier, quantity, quantity_bits,
                    release_bucket, due_bucket
             FROM planned_orders WHERE version_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut orders = Vec::new();
        while let Some(row) = rows.next()? {
            let kind: String = row.get(0)?;
            orders.push(PlannedOrder {
                kind: OrderKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown order kind '{kind}'")))?,
                item: row.get(1)?,
                location: row.get(2)?,
                from: row.get(3)?,
                supplier: row.get(4)?,
                quantity: from_columns(row.get(5)?, row.get(6)?)
                    .ok_or_else(|| StoreError::Corrupt("a planned quantity is NULL".into()))?,
                release: from_sql_index(row.get(7)?)?,
                due: from_sql_index(row.get(8)?)?,
            });
        }
        Ok(orders)
    }

    /// The pegging of a version's planned orders, by order index (empty for a version
    /// saved before pegging was stored).
    pub fn pegging(&self, id: VersionId) -> Result<Vec<Peg>, StoreError> {
        self.require_version(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT order_position, item, location, bucket, demand_quantity,
                    demand_quantity_bits, quantity, quantity_bits
             FROM planned_order_pegs WHERE version_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut pegs = Vec::new();
        while let Some(row) = rows.next()? {
            let bucket: Option<i64> = row.get(3)?;
            pegs.push(Peg {
                order: from_sql_index(row.get(0)?)?,
                item: row.get(1)?,
                location: row.get(2)?,
                bucket: bucket.map(from_sql_index).transpose()?,
                demand_quantity: from_columns(row.get(4)?, row.get(5)?)
                    .ok_or_else(|| StoreError::Corrupt("a pegged demand is NULL".into()))?,
                quantity: from_columns(row.get(6)?, row.get(7)?)
                    .ok_or_else(|| StoreError::Corrupt("a pegged quantity is NULL".into()))?,
            });
        }
        Ok(pegs)
    }

    /// The KPIs of a version, in plan order.
    pub fn kpis(&self, id: VersionId) -> Result<Vec<Kpi>, StoreError> {
        self.require_version(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT code, label, value, value_bits, unit
             FROM kpis WHERE version_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut kpis = Vec::new();
        while let Some(row) = rows.next()? {
            let unit: String = row.get(4)?;
            kpis.push(Kpi {
                code: row.get(0)?,
                label: row.get(1)?,
                value: from_columns(row.get(2)?, row.get(3)?)
                    .ok_or_else(|| StoreError::Corrupt("a KPI value is NULL".into()))?,
                unit: KpiUnit::parse(&unit)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown KPI unit '{unit}'")))?,
            });
        }
        Ok(kpis)
    }

    /// The forecast model records of a version, in plan order.
    pub fn forecast_models(&self, id: VersionId) -> Result<Vec<ForecastModelRecord>, StoreError> {
        self.require_version(id)?;
        let mut parameters: HashMap<i64, Vec<(String, f64)>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT model_position, name, value, value_bits
             FROM forecast_model_parameters WHERE version_id = ?1
             ORDER BY model_position, position",
        )?;
        let mut rows = stmt.query([id.0])?;
        while let Some(row) = rows.next()? {
            let value = from_columns(row.get(2)?, row.get(3)?)
                .ok_or_else(|| StoreError::Corrupt("a model parameter is NULL".into()))?;
            parameters
                .entry(row.get(0)?)
                .or_default()
                .push((row.get(1)?, value));
        }
        drop(rows);

        let mut stmt = self.conn.prepare(
            "SELECT position, item, location, method, reason, demand_class,
                    backtest_wape, backtest_wape_bits, has_accuracy,
                    accuracy_mape, accuracy_mape_bits, accuracy_wape, accuracy_wape_bits,
                    accuracy_smape, accuracy_smape_bits, accuracy_mase, accuracy_mase_bits,
                    accuracy_rmsse, accuracy_rmsse_bits, accuracy_bias, accuracy_bias_bits
             FROM forecast_models WHERE version_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut models = Vec::new();
        while let Some(row) = rows.next()? {
            let position: i64 = row.get(0)?;
            let has_accuracy: bool = row.get(8)?;
            let measure = |column: usize| -> Result<f64, StoreError> {
                from_columns(row.get(column)?, row.get(column + 1)?).ok_or_else(|| {
                    StoreError::Corrupt("a forecast accuracy measure is NULL".into())
                })
            };
            let accuracy = if has_accuracy {
                Some(ForecastAccuracy {
                    mape: measure(9)?,
                    wape: measure(11)?,
                    smape: measure(13)?,
                    mase: measure(15)?,
                    rmsse: measure(17)?,
                    bias: measure(19)?,
                })
            } else {
                None
            };
            models.push(ForecastModelRecord {
                item: row.get(1)?,
                location: row.get(2)?,
                method: row.get(3)?,
                parameters: parameters.remove(&position).unwrap_or_default(),
                reason: row.get(4)?,
                demand_class: row.get(5)?,
                backtest_wape: from_columns(row.get(6)?, row.get(7)?),
                accuracy,
            });
        }
        Ok(models)
    }

    /// Every buffer's safety stock with its basis and explanation, in plan order (empty
    /// for a version saved before they were stored).
    pub fn safety_stocks(&self, id: VersionId) -> Result<Vec<SafetyStockRecord>, StoreError> {
        self.require_version(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT item, location, safety_stock, safety_stock_bits, unit_cost, unit_cost_bits,
                    basis, explanation
             FROM safety_stocks WHERE version_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            records.push(SafetyStockRecord {
                item: row.get(0)?,
                location: row.get(1)?,
                safety_stock: from_columns(row.get(2)?, row.get(3)?)
                    .ok_or_else(|| StoreError::Corrupt("a safety stock is NULL".into()))?,
                unit_cost: from_columns(row.get(4)?, row.get(5)?).ok_or_else(|| {
                    StoreError::Corrupt("a safety stock's unit cost is NULL".into())
                })?,
                basis: row.get(6)?,
                explanation: row.get(7)?,
            });
        }
        Ok(records)
    }

    /// The exceptions of a version, in plan order.
    pub fn exceptions(&self, id: VersionId) -> Result<Vec<Exception>, StoreError> {
        self.require_version(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT severity, code, message, bucket
             FROM exceptions WHERE version_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut exceptions = Vec::new();
        while let Some(row) = rows.next()? {
            let severity: String = row.get(0)?;
            exceptions.push(Exception {
                severity: Severity::parse(&severity)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown severity '{severity}'")))?,
                code: row.get(1)?,
                message: row.get(2)?,
                bucket: row
                    .get::<_, Option<i64>>(3)?
                    .map(from_sql_index)
                    .transpose()?,
            });
        }
        Ok(exceptions)
    }

    fn require_version(&self, id: VersionId) -> Result<VersionStatus, StoreError> {
        let status: Option<String> = self
            .conn
            .query_row(
                "SELECT status FROM plan_versions WHERE id = ?1",
                [id.0],
                |row| row.get(0),
            )
            .optional()?;
        let status = status.ok_or(StoreError::VersionNotFound(id))?;
        VersionStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("version {id} has status '{status}'")))
    }
}

/// `Ok` when `table` has a row with `id`; `Err(None)` when not; `Err(Some(_))`
/// on a database error.
fn require_row(tx: &Transaction<'_>, table: &str, id: i64) -> Result<(), Option<StoreError>> {
    let found: Option<i64> = tx
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1"),
            [id],
            |row| row.get(0),
        )
        .optional()
        .map_err(|err| Some(err.into()))?;
    found.map(|_| ()).ok_or(None)
}

fn write_series(
    tx: &Transaction<'_>,
    version: i64,
    series: &[Series],
    hook: &mut Option<WriteHook>,
) -> Result<(), StoreError> {
    let mut insert_series = tx.prepare(
        "INSERT INTO series (version_id, series_no, figure, item, location, resource, family,
                             first_bucket, n_values)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut insert_value = tx.prepare(
        "INSERT INTO series_values (version_id, series_no, bucket, value, value_bits)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let (mut series_written, mut values_written) = (0, 0);
    for (series_no, one) in series.iter().enumerate() {
        let series_no = to_sql_int(series_no)?;
        let key = &one.key;
        insert_series.execute(params![
            version,
            series_no,
            key.figure.as_str(),
            key.item,
            key.location,
            key.resource,
            key.family,
            to_sql_int(one.first_bucket)?,
            to_sql_int(one.values.len())?,
        ])?;
        for (offset, &value) in one.values.iter().enumerate() {
            let (real, bits) = to_columns(value);
            insert_value.execute(params![
                version,
                series_no,
                to_sql_int(one.first_bucket + offset)?,
                real,
                bits
            ])?;
        }
        series_written += 1;
        values_written += one.values.len();
        if let Some(hook) = hook.as_mut() {
            hook(&WriteProgress::PlanValues {
                series_written,
                values_written,
            });
        }
    }
    Ok(())
}

fn write_planned_orders(
    tx: &Transaction<'_>,
    version: i64,
    orders: &[PlannedOrder],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT INTO planned_orders (version_id, position, kind, item, location, from_location,
                                     supplier, quantity, quantity_bits, release_bucket, due_bucket)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (position, order) in orders.iter().enumerate() {
        let (quantity, quantity_bits) = to_columns(order.quantity);
        insert.execute(params![
            version,
            to_sql_int(position)?,
            order.kind.as_str(),
            order.item,
            order.location,
            order.from,
            order.supplier,
            quantity,
            quantity_bits,
            to_sql_int(order.release)?,
            to_sql_int(order.due)?,
        ])?;
    }
    Ok(())
}

fn write_pegging(tx: &Transaction<'_>, version: i64, pegs: &[Peg]) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT INTO planned_order_pegs (version_id, position, order_position, item, location,
                                         bucket, demand_quantity, demand_quantity_bits,
                                         quantity, quantity_bits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, peg) in pegs.iter().enumerate() {
        let (demand, demand_bits) = to_columns(peg.demand_quantity);
        let (quantity, quantity_bits) = to_columns(peg.quantity);
        insert.execute(params![
            version,
            to_sql_int(position)?,
            to_sql_int(peg.order)?,
            peg.item,
            peg.location,
            peg.bucket.map(to_sql_int).transpose()?,
            demand,
            demand_bits,
            quantity,
            quantity_bits,
        ])?;
    }
    Ok(())
}

fn write_kpis(tx: &Transaction<'_>, version: i64, kpis: &[Kpi]) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT INTO kpis (version_id, position, code, label, value, value_bits, unit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, kpi) in kpis.iter().enumerate() {
        let (value, value_bits) = to_columns(kpi.value);
        insert.execute(params![
            version,
            to_sql_int(position)?,
            kpi.code,
            kpi.label,
            value,
            value_bits,
            kpi.unit.as_str(),
        ])?;
    }
    Ok(())
}

fn write_forecast_models(
    tx: &Transaction<'_>,
    version: i64,
    models: &[ForecastModelRecord],
) -> Result<(), StoreError> {
    let mut insert_model = tx.prepare(
        "INSERT INTO forecast_models (version_id, position, item, location, method, reason,
                                      demand_class, backtest_wape, backtest_wape_bits,
                                      has_accuracy,
                                      accuracy_mape, accuracy_mape_bits,
                                      accuracy_wape, accuracy_wape_bits,
                                      accuracy_smape, accuracy_smape_bits,
                                      accuracy_mase, accuracy_mase_bits,
                                      accuracy_rmsse, accuracy_rmsse_bits,
                                      accuracy_bias, accuracy_bias_bits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    let mut insert_parameter = tx.prepare(
        "INSERT INTO forecast_model_parameters (version_id, model_position, position, name,
                                                value, value_bits)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, model) in models.iter().enumerate() {
        let position = to_sql_int(position)?;
        let (wape, wape_bits) = to_columns_opt(model.backtest_wape);
        let measure =
            |pick: fn(&ForecastAccuracy) -> f64| to_columns_opt(model.accuracy.as_ref().map(pick));
        let (a_mape, a_mape_bits) = measure(|a| a.mape);
        let (a_wape, a_wape_bits) = measure(|a| a.wape);
        let (a_smape, a_smape_bits) = measure(|a| a.smape);
        let (a_mase, a_mase_bits) = measure(|a| a.mase);
        let (a_rmsse, a_rmsse_bits) = measure(|a| a.rmsse);
        let (a_bias, a_bias_bits) = measure(|a| a.bias);
        insert_model.execute(params![
            version,
            position,
            model.item,
            model.location,
            model.method,
            model.reason,
            model.demand_class,
            wape,
            wape_bits,
            model.accuracy.is_some(),
            a_mape,
            a_mape_bits,
            a_wape,
            a_wape_bits,
            a_smape,
            a_smape_bits,
            a_mase,
            a_mase_bits,
            a_rmsse,
            a_rmsse_bits,
            a_bias,
            a_bias_bits,
        ])?;
        for (parameter_position, (name, value)) in model.parameters.iter().enumerate() {
            let (value, value_bits) = to_columns(*value);
            insert_parameter.execute(params![
                version,
                position,
                to_sql_int(parameter_position)?,
                name,
                value,
                value_bits,
            ])?;
        }
    }
    Ok(())
}

fn write_safety_stocks(
    tx: &Transaction<'_>,
    version: i64,
    records: &[SafetyStockRecord],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT INTO safety_stocks (version_id, position, item, location, safety_stock,
                                    safety_stock_bits, unit_cost, unit_cost_bits, basis,
                                    explanation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, record) in records.iter().enumerate() {
        let (quantity, quantity_bits) = to_columns(record.safety_stock);
        let (cost, cost_bits) = to_columns(record.unit_cost);
        insert.execute(params![
            version,
            to_sql_int(position)?,
            record.item,
            record.location,
            quantity,
            quantity_bits,
            cost,
            cost_bits,
            record.basis,
            record.explanation,
        ])?;
    }
    Ok(())
}

fn write_exceptions(
    tx: &Transaction<'_>,
    version: i64,
    exceptions: &[Exception],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT INTO exceptions (version_id, position, severity, code, message, bucket)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, exception) in exceptions.iter().enumerate() {
        insert.execute(params![
            version,
            to_sql_int(position)?,
            exception.severity.as_str(),
            exception.code,
            exception.message,
            exception.bucket.map(to_sql_int).transpose()?,
        ])?;
    }
    Ok(())
}

/// A count or index as an SQLite integer.
fn to_sql_int(value: usize) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::InvalidPlan(format!("index {value} is too large to store")))
}

/// A stored count or bucket index back as `usize`.
fn from_sql_index(value: i64) -> Result<BucketIdx, StoreError> {
    usize::try_from(value).map_err(|_| StoreError::Corrupt(format!("negative index {value}")))
}
