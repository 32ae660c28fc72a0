//! `fulcrum forecast`: forecast any long-format CSV (`unique_id,ds,y`) with the forecasting engine.
//!
//! The input has one row per series and period. `ds` is either a date
//! (`YYYY-MM-DD`, regular monthly or daily/weekly steps) or an integer period
//! index. Each series must have regular steps without duplicates; the rows of
//! a series may come in any order. The forecast continues each series' step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use fulcrum_forecast::{AutoConfig, OutlierHandling, SeriesForecast, forecast_many};

/// Arguments of `fulcrum forecast`.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// Long-format CSV with columns unique_id,ds,y.
    #[arg(long)]
    pub input: PathBuf,
    /// Number of buckets to forecast.
    #[arg(long)]
    pub horizon: usize,
    /// Season length in buckets (12 for monthly data, 1 for none).
    #[arg(long, default_value_t = 12)]
    pub season_length: usize,
    /// Where to write the forecast CSV.
    #[arg(long)]
    pub output: PathBuf,
    /// Optional per-series model report CSV (method, parameters, reason, backtest accuracy).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Prediction-interval levels in percent, comma separated.
    #[arg(long, value_delimiter = ',', default_values_t = vec![80.0, 95.0])]
    pub levels: Vec<f64>,
    /// Rolling backtest origins per series (0 disables backtesting).
    #[arg(long, default_value_t = 3)]
    pub backtest_origins: usize,
    /// Fit the models on the history with its outliers cleansed (they are
    /// always detected and listed in the report).
    #[arg(long)]
    pub cleanse_outliers: bool,
}

/// A period stamp: a calendar date or an integer index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stamp {
    Date { year: i64, month: u32, day: u32 },
    Index(i64),
}

/// How a series steps from one period to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Months(i64),
    Days(i64),
    Index(i64),
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Months(1) => write!(f, "1 month"),
            Step::Months(k) => write!(f, "{k} months"),
            Step::Days(1) => write!(f, "1 day"),
            Step::Days(k) => write!(f, "{k} days"),
            Step::Index(k) => write!(f, "{k} periods"),
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    (days_from_civil(ny, nm, 1) - days_from_civil(year, month, 1)) as u32
}

/// Integer periods beyond ± this are rejected, so period arithmetic cannot overflow.
const MAX_INDEX: i64 = 1_000_000_000_000_000;
/// The longest `--horizon`, in periods.
const MAX_HORIZON: usize = 1_000;

fn parse_stamp(text: &str) -> Result<Stamp, String> {
    let text = text.trim();
    if let Ok(index) = text.parse::<i64>() {
        if index.abs() > MAX_INDEX {
            return Err(format!(
                "integer period {index} is out of range (at most ±{MAX_INDEX})"
            ));
        }
        return Ok(Stamp::Index(index));
    }
    // Accept a date, optionally followed by a time part ("2020-01-31 00:00:00").
    let date = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() == 3 {
        let year = parts[0].parse::<i64>();
        let month = parts[1].parse::<u32>();
        let day = parts[2].parse::<u32>();
        if let (Ok(year), Ok(month), Ok(day)) = (year, month, day)
            && (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
        {
            return Ok(Stamp::Date { year, month, day });
        }
    }
    Err(format!(
        "'{text}' is neither a date (YYYY-MM-DD, years 1 to 9999) nor an integer period"
    ))
}

fn month_index(year: i64, month: u32) -> i64 {
    year * 12 + i64::from(month) - 1
}

fn is_month_end(year: i64, month: u32, day: u32) -> bool {
    day == days_in_month(year, month)
}

/// The step between two consecutive stamps, if it is a positive one.
fn step_between(a: Stamp, b: Stamp) -> Option<Step> {
    match (a, b) {
        (Stamp::Index(x), Stamp::Index(y)) if y > x => Some(Step::Index(y - x)),
        (
            Stamp::Date {
                year: y1,
                month: m1,
                day: d1,
            },
            Stamp::Date {
                year: y2,
                month: m2,
                day: d2,
            },
        ) => {
            let months = month_index(y2, m2) - month_index(y1, m1);
            let same_day = d1 == d2 || (is_month_end(y1, m1, d1) && is_month_end(y2, m2, d2));
            if months > 0 && same_day && (d1 <= 28 || is_month_end(y1, m1, d1)) {
                return Some(Step::Months(months));
            }
            let days = days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1);
            (days > 0).then_some(Step::Days(days))
        }
        _ => None,
    }
}

fn advance(stamp: Stamp, step: Step, times: i64) -> Stamp {
    match (stamp, step) {
        (Stamp::Index(i), Step::Index(k)) => Stamp::Index(i + k * times),
        (Stamp::Date { year, month, day }, Step::Months(k)) => {
            let idx = month_index(year, month) + k * times;
            let (ny, nm) = (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32);
            let nd = if is_month_end(year, month, day) {
                days_in_month(ny, nm)
            } else {
                day.min(days_in_month(ny, nm))
            };
            Stamp::Date {
                year: ny,
                month: nm,
                day: nd,
            }
        }
        (Stamp::Date { year, month, day }, Step::Days(k)) => {
            let (y, m, d) = civil_from_days(days_from_civil(year, month, day) + k * times);
            Stamp::Date {
                year: y,
                month: m,
                day: d,
            }
        }
        (other, _) => other,
    }
}

fn format_stamp(stamp: Stamp) -> String {
    match stamp {
        Stamp::Index(i) => i.to_string(),
        Stamp::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
    }
}

/// One series as read: its stamps, values and the CSV row of each.
struct InputSeries {
    id: String,
    rows: Vec<(Stamp, f64, u64)>,
}

fn column_index(headers: &csv::StringRecord, name: &str, path: &Path) -> anyhow::Result<usize> {
    headers
        .iter()
        .position(|h| h.trim() == name)
        .with_context(|| {
            format!(
                "{}: row 1 (header): missing column '{name}' (found: {})",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(",")
            )
        })
}

fn read_input(path: &Path) -> anyhow::Result<Vec<InputSeries>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("{}: cannot open input", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: row 1 (header): cannot read", path.display()))?
        .clone();
    let id_col = column_index(&headers, "unique_id", path)?;
    let ds_col = column_index(&headers, "ds", path)?;
    let y_col = column_index(&headers, "y", path)?;
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Vec<(Stamp, f64, u64)>> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let record = record
            .with_context(|| format!("{}: row {row}: malformed CSV record", path.display()))?;
        let field = |col: usize, name: &str| -> anyhow::Result<String> {
            record
                .get(col)
                .map(|s| s.trim().to_string())
                .with_context(|| {
                    format!(
                        "{}: row {row}, column '{name}': missing value",
                        path.display()
                    )
                })
        };
        let id = field(id_col, "unique_id")?;
        if id.is_empty() {
            bail!(
                "{}: row {row}, column 'unique_id': empty series id",
                path.display()
            );
        }
        let ds_text = field(ds_col, "ds")?;
        let stamp = parse_stamp(&ds_text).map_err(|reason| {
            anyhow::anyhow!("{}: row {row}, column 'ds': {reason}", path.display())
        })?;
        let y_text = field(y_col, "y")?;
        let value: f64 = match y_text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            Ok(_) => bail!(
                "{}: row {row}, column 'y': '{y_text}' is not a finite number",
                path.display()
            ),
            Err(_) => bail!(
                "{}: row {row}, column 'y': '{y_text}' is not a number",
                path.display()
            ),
        };
        let entry = by_id.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            Vec::new()
        });
        entry.push((stamp, value, row));
    }
    let mut out = Vec::with_capacity(order.len());
    for id in order {
        let mut rows = by_id.remove(&id).unwrap_or_default();
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        validate_steps(path, &id, &rows)?;
        out.push(InputSeries { id, rows });
    }
    Ok(out)
}

fn validate_steps(
    path: &Path,
    id: &str,
    rows: &[(Stamp, f64, u64)],
) -> anyhow::Result<Option<Step>> {
    let mut step: Option<Step> = None;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.0 == b.0 {
            bail!(
                "{}: row {}, column 'ds': duplicate period {} for series '{id}' (also on row {})",
                path.display(),
                b.2,
                format_stamp(b.0),
                a.2
            );
        }
        let Some(this) = step_between(a.0, b.0) else {
            bail!(
                "{}: row {}, column 'ds': {} mixes date and integer periods in series '{id}'",
                path.display(),
                b.2,
                format_stamp(b.0)
            );
        };
        match step {
            None => step = Some(this),
            Some(s) if s == this => {}
            Some(s) => bail!(
                "{}: row {}, column 'ds': irregular period {} in series '{id}' (step of {}, expected {}; missing periods must be filled)",
                path.display(),
                b.2,
                format_stamp(b.0),
                this,
                s
            ),
        }
    }
    Ok(step)
}

fn default_step(stamp: Stamp) -> Step {
    match stamp {
        Stamp::Index(_) => Step::Index(1),
        Stamp::Date { .. } => Step::Months(1),
    }
}

fn write_output(
    path: &Path,
    series: &[InputSeries],
    forecasts: &[SeriesForecast],
    levels: &[f64],
    input: &Path,
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_path(path)
        .with_context(|| format!("{}: cannot create output", path.display()))?;
    let mut header = vec![
        "unique_id".to_string(),
        "ds".to_string(),
        "forecast".to_string(),
    ];
    for level in levels {
        header.push(format!("lo-{}", fmt_level(*level)));
        header.push(format!("hi-{}", fmt_level(*level)));
    }
    writer.write_record(&header)?;
    for (s, fc) in series.iter().zip(forecasts) {
        let Some(&(last, _, _)) = s.rows.last() else {
            continue;
        };
        let step = validate_steps(input, &s.id, &s.rows)?.unwrap_or_else(|| default_step(last));
        for h in 0..fc.point.len() {
            let mut record = vec![
                s.id.clone(),
                format_stamp(advance(last, step, h as i64 + 1)),
                fmt_value(fc.point[h]),
            ];
            for interval in &fc.intervals {
                record.push(fmt_value(interval.lower[h]));
                record.push(fmt_value(interval.upper[h]));
            }
            writer.write_record(&record)?;
        }
    }
    writer
        .flush()
        .with_context(|| format!("{}: cannot write output", path.display()))?;
    Ok(())
}

fn fmt_level(level: f64) -> String {
    if level.fract() == 0.0 {
        format!("{}", level as i64)
    } else {
        format!("{level}")
    }
}

fn fmt_value(v: f64) -> String {
    format!("{v}")
}

/// `index:original->cleaned` per outlier, `;`-separated, and whether the models
/// saw the cleaned values.
fn outliers_cell(forecast: &SeriesForecast) -> String {
    if forecast.outliers.is_empty() {
        return String::new();
    }
    let points = forecast
        .outliers
        .iter()
        .map(|p| format!("{}:{}->{:.4}", p.index, p.original, p.cleaned))
        .collect::<Vec<_>>()
        .join(";");
    if forecast.history_cleansed {
        format!("cleansed {points}")
    } else {
        format!("flagged {points}")
    }
}

fn write_report(
    path: &Path,
    series: &[InputSeries],
    forecasts: &[SeriesForecast],
) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_path(path)
        .with_context(|| format!("{}: cannot create report", path.display()))?;
    writer.write_record([
        "unique_id",
        "n_obs",
        "demand_class",
        "method",
        "parameters",
        "selection_reason",
        "sigma_h1",
        "backtest_mape",
        "backtest_wape",
        "backtest_smape",
        "backtest_mase",
        "backtest_rmsse",
        "backtest_bias",
        "candidates",
        "outliers",
    ])?;
    for (s, fc) in series.iter().zip(forecasts) {
        let params = fc
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v:.6}"))
            .collect::<Vec<_>>()
            .join(";");
        let chosen = fc.backtest.iter().find(|a| a.method == fc.method);
        let metric = |f: fn(&fulcrum_forecast::ModelAccuracy) -> f64| {
            chosen.map(|a| format!("{:.4}", f(a))).unwrap_or_default()
        };
        let candidates = fc
            .backtest
            .iter()
            .map(|a| format!("{} MASE={:.4} sMAPE={:.3}", a.method, a.mase, a.smape))
            .collect::<Vec<_>>()
            .join("; ");
        writer.write_record([
            s.id.clone(),
            s.rows.len().to_string(),
            fc.demand_class.as_str().to_string(),
            fc.method.clone(),
            params,
            fc.selection_reason.clone(),
            fc.sigma_h
                .first()
                .map(|v| format!("{v:.6}"))
                .unwrap_or_default(),
            metric(|a| a.mape),
            metric(|a| a.wape),
            metric(|a| a.smape),
            metric(|a| a.mase),
            metric(|a| a.rmsse),
            metric(|a| a.bias),
            candidates,
            outliers_cell(fc),
        ])?;
    }
    writer
        .flush()
        .with_context(|| format!("{}: cannot write report", path.display()))?;
    Ok(())
}

/// Runs `fulcrum forecast`.
pub fn run(args: &ForecastArgs) -> anyhow::Result<()> {
    if args.horizon == 0 || args.horizon > MAX_HORIZON {
        bail!("--horizon must be between 1 and {MAX_HORIZON} periods");
    }
    if args.season_length == 0 {
        bail!("--season-length must be at least 1 (1 means no season)");
    }
    if let Some(bad) = args.levels.iter().find(|l| !(**l > 0.0 && **l < 100.0)) {
        bail!("--levels: {bad} is not a percentage strictly between 0 and 100");
    }
    let series = read_input(&args.input)?;
    let histories: Vec<Vec<f64>> = series
        .iter()
        .map(|s| s.rows.iter().map(|r| r.1).collect())
        .collect();
    let config = AutoConfig {
        horizon: args.horizon,
        season_length: args.season_length,
        levels: args.levels.clone(),
        backtest_origins: args.backtest_origins,
        outliers: if args.cleanse_outliers {
            OutlierHandling::Cleanse
        } else {
            OutlierHandling::Flag
        },
    };
    let forecasts = forecast_many(&histories, &config);
    write_output(&args.output, &series, &forecasts, &args.levels, &args.input)?;
    if let Some(report) = &args.report {
        write_report(report, &series, &forecasts)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_dates_step_by_month_and_keep_month_ends() {
        let a = parse_stamp("2020-01-31").ok();
        let b = parse_stamp("2020-02-29").ok();
        let (Some(a), Some(b)) = (a, b) else {
            panic!("dates should parse")
        };
        let step = step_between(a, b);
        assert_eq!(step, Some(Step::Months(1)));
        assert_eq!(format_stamp(advance(b, Step::Months(1), 1)), "2020-03-31");
        let first = Stamp::Date {
            year: 1990,
            month: 11,
            day: 1,
        };
        assert_eq!(
            format_stamp(advance(first, Step::Months(1), 3)),
            "1991-02-01"
        );
    }

    #[test]
    fn daily_and_index_steps() {
        let a = Stamp::Date {
            year: 2021,
            month: 12,
            day: 27,
        };
        assert_eq!(format_stamp(advance(a, Step::Days(7), 1)), "2022-01-03");
        assert_eq!(
            format_stamp(advance(Stamp::Index(5), Step::Index(1), 2)),
            "7"
        );
        assert!(parse_stamp("2021-02-30").is_err());
        assert!(parse_stamp("abc").is_err());
    }

    fn args(dir: &Path, input: &str) -> ForecastArgs {
        ForecastArgs {
            input: dir.join(input),
            horizon: 3,
            season_length: 12,
            output: dir.join("out.csv"),
            report: Some(dir.join("report.csv")),
            levels: vec![80.0, 95.0],
            backtest_origins: 3,
            cleanse_outliers: false,
        }
    }

    #[test]
    fn bad_input_names_file_row_column_and_reason_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cases = [
            (
                "unique_id,ds,y\na,2020-01-01,1\na,2020-02-01,abc\n",
                "row 3, column 'y': 'abc' is not a number",
            ),
            (
                "unique_id,ds,y\na,2020-01-01,1\na,2020-13-01,2\n",
                "row 3, column 'ds'",
            ),
            (
                "id,ds,y\na,1,1\n",
                "row 1 (header): missing column 'unique_id'",
            ),
            (
                "unique_id,ds,y\na,1,1\na,1,2\n",
                "duplicate period 1 for series 'a'",
            ),
            (
                "unique_id,ds,y\na,1,1\na,2,2\na,4,3\n",
                "irregular period 4 in series 'a'",
            ),
            ("unique_id,ds,y\na,1,NaN\n", "'NaN' is not a finite number"),
        ];
        for (i, (text, expected)) in cases.iter().enumerate() {
            let name = format!("bad{i}.csv");
            std::fs::write(dir.path().join(&name), text).expect("write");
            let err = run(&args(dir.path(), &name)).expect_err("must fail");
            let message = format!("{err:#}");
            assert!(message.contains(&name), "{message}");
            assert!(message.contains(expected), "{message}");
            assert!(
                !dir.path().join("out.csv").exists(),
                "nothing may be written"
            );
        }
    }

    #[test]
    fn forecast_continues_each_series_step() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut text = String::from("unique_id,ds,y\n");
        for t in 0..30 {
            text.push_str(&format!(
                "m,{},{}\n",
                format_stamp(advance(
                    Stamp::Date {
                        year: 2020,
                        month: 1,
                        day: 31
                    },
                    Step::Months(1),
                    t
                )),
                100 + t
            ));
            text.push_str(&format!("i,{},{}\n", t + 1, 5 + t % 3));
        }
        std::fs::write(dir.path().join("in.csv"), text).expect("write");
        run(&args(dir.path(), "in.csv")).expect("forecast");
        let out = std::fs::read_to_string(dir.path().join("out.csv")).expect("read");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "unique_id,ds,forecast,lo-80,hi-80,lo-95,hi-95");
        assert_eq!(lines.len(), 1 + 2 * 3);
        assert!(lines[1].starts_with("m,2022-07-31,"), "{}", lines[1]);
        assert!(lines[3].starts_with("m,2022-09-30,"), "{}", lines[3]);
        assert!(lines[4].starts_with("i,31,"), "{}", lines[4]);
        let report = std::fs::read_to_string(dir.path().join("report.csv")).expect("read");
        assert_eq!(report.lines().count(), 3);
    }

    #[test]
    fn report_lists_outliers_and_says_whether_they_were_cleansed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut text = String::from("unique_id,ds,y\n");
        for t in 0..30 {
            let y = if t == 20 { 400 } else { 100 + (t * 7) % 5 };
            text.push_str(&format!("s,{},{y}\n", t + 1));
        }
        std::fs::write(dir.path().join("in.csv"), text).expect("write");
        for (cleanse, expected) in [(false, "flagged 20:400->"), (true, "cleansed 20:400->")] {
            let args = ForecastArgs {
                cleanse_outliers: cleanse,
                ..args(dir.path(), "in.csv")
            };
            run(&args).expect("forecast");
            let report = std::fs::read_to_string(dir.path().join("report.csv")).expect("read");
            let header: Vec<&str> = report.lines().next().expect("header").split(',').collect();
            assert_eq!(header.last(), Some(&"outliers"));
            assert!(report.contains(expected), "{report}");
        }
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        /// A `ds` cell: valid dates and integers, extremes, and junk.
        fn stamp() -> impl Strategy<Value = String> {
            prop_oneof![
                (1900i64..2100, 1u32..13, 1u32..32)
                    .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
                any::<i64>().prop_map(|i| i.to_string()),
                (any::<i64>(), 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
                "[0-9a-zT: -]{0,24}",
            ]
        }

        fn cell() -> impl Strategy<Value = String> {
            prop_oneof![
                (-1e6f64..1e6).prop_map(|v| v.to_string()),
                Just("NaN".to_string()),
                Just("1e308".to_string()),
                "[0-9a-z.,\"-]{0,8}",
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Any input file either forecasts or is rejected with a message that names
            /// the file; the parser never panics.
            #[test]
            fn any_input_forecasts_or_is_rejected(
                rows in proptest::collection::vec((0usize..3, stamp(), cell()), 0..14),
                horizon in 1usize..30,
            ) {
                let dir = tempfile::tempdir().expect("temp dir");
                let mut text = String::from("unique_id,ds,y\n");
                for (id, ds, y) in &rows {
                    text.push_str(&format!("s{id},{ds},{y}\n"));
                }
                std::fs::write(dir.path().join("in.csv"), &text).expect("write");
                let mut arguments = args(dir.path(), "in.csv");
                arguments.horizon = horizon;
                arguments.backtest_origins = 1;
                if let Err(error) = run(&arguments) {
                    prop_assert!(format!("{error:#}").contains("in.csv"), "{error:#}");
                }
            }
            /// Regular monthly series with any finite values (zeros, spikes, negatives,
            /// huge numbers) always forecast, with finite numbers in the output.
            #[test]
            fn regular_series_with_any_values_forecast(
                series in proptest::collection::vec(
                    proptest::collection::vec(
                        prop_oneof![
                            Just(0.0f64),
                            -1e3f64..1e3,
                            Just(1e12),
                            Just(-1e12),
                            0.0f64..5.0,
                        ],
                        1..40,
                    ),
                    1..4,
                ),
                horizon in 1usize..25,
                season_length in 1usize..13,
            ) {
                let dir = tempfile::tempdir().expect("temp dir");
                let mut text = String::from("unique_id,ds,y\n");
                for (id, values) in series.iter().enumerate() {
                    for (t, y) in values.iter().enumerate() {
                        let (year, month) = (2000 + t / 12, t % 12 + 1);
                        text.push_str(&format!("s{id},{year}-{month:02}-01,{y}\n"));
                    }
                }
                std::fs::write(dir.path().join("in.csv"), &text).expect("write");
                let mut arguments = args(dir.path(), "in.csv");
                arguments.horizon = horizon;
                arguments.season_length = season_length;
                arguments.backtest_origins = 1;
                let result = run(&arguments);
                prop_assert!(result.is_ok(), "{result:?}");
                let out = std::fs::read_to_string(dir.path().join("out.csv")).expect("output");
                prop_assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
                prop_assert_eq!(out.lines().count(), 1 + series.len() * horizon);
            }
        }
    }
}
