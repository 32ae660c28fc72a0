//! Small, pure chart renderers producing self-contained SVG inside an HTML `<figure>`.
//!
//! Every function takes a spec and returns a string; nothing reads the clock,
//! the environment or the network, so the same spec always gives the same bytes.
//! All text is HTML-escaped. Points and bars carry `<title>` tooltips.
//!
//! ```
//! use fulcrum_report::charts::{line_chart, LineChartSpec, LineSeries};
//! use fulcrum_report::format::ValueFormat;
//! let spec = LineChartSpec {
//!     title: "Demand".into(),
//!     subtitle: None,
//!     x_labels: vec!["2026-01".into(), "2026-02".into()],
//!     series: vec![LineSeries::new("Consensus", "#2563eb", vec![Some(10.0), Some(12.0)])],
//!     format: ValueFormat::Number,
//!     marker: None,
//!     highlights: vec![],
//!     width: 600,
//!     height: 260,
//! };
//! let html = line_chart(&spec);
//! assert!(html.contains("<svg") && html.contains("Consensus · 2026-02: 12"));
//! ```

use std::fmt::Write;

use crate::format::{ValueFormat, escape_html, format_percent, group_thousands};

/// Evenly spaced, round tick values (steps of 1, 2 or 5 × 10ⁿ) covering `lo..=hi`
/// with about `target` ticks.
///
/// The first tick is at or below `lo` and the last at or above `hi`. Ticks are
/// exact decimal values (`0.2`, not `0.20000000000000004`). Degenerate input
/// (equal or non-finite bounds) yields a sensible range instead of panicking.
///
/// ```
/// use fulcrum_report::charts::nice_ticks;
/// assert_eq!(nice_ticks(0.0, 95.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
/// ```
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let (mut lo, mut hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 0.0),
    };
    if hi - lo <= f64::EPSILON * hi.abs().max(lo.abs()) {
        if lo == 0.0 && hi == 0.0 {
            hi = 1.0;
        } else if lo > 0.0 {
            lo = 0.0;
        } else if hi < 0.0 {
            hi = 0.0;
        } else {
            let pad = hi.abs().max(1.0);
            lo -= pad;
            hi += pad;
        }
    }
    if !(hi - lo).is_finite() {
        // Bounds so far apart their span overflows: no round steps exist.
        return vec![lo, hi];
    }
    let target = target.max(2);
    let (range_mantissa, range_exp) = nice_number(hi - lo, false);
    let range = decimal(i64::from(range_mantissa), range_exp);
    let (step_mantissa, step_exp) = nice_number(range / (target - 1) as f64, true);
    let step = decimal(i64::from(step_mantissa), step_exp);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let last = last.max(first + 1).min(first + 1000);
    (first..=last)
        .map(|k| decimal(k * i64::from(step_mantissa), step_exp))
        .collect()
}

/// `mantissa × 10^exp`, computed so decimal values are the nearest double.
fn decimal(mantissa: i64, exp: i32) -> f64 {
    if exp >= 0 {
        mantissa as f64 * 10f64.powi(exp)
    } else {
        mantissa as f64 / 10f64.powi(-exp)
    }
}

/// Heckbert's "nice number" near `x` as (1, 2 or 5, power of ten).
fn nice_number(x: f64, round: bool) -> (u8, i32) {
    let mut exp = x.log10().floor() as i32;
    let fraction = x / decimal(1, exp);
    // Guard against log10 rounding (e.g. 999.9999 → exp 3, fraction 0.99).
    if fraction < 1.0 {
        exp -= 1;
    }
    let fraction = x / decimal(1, exp);
    let mantissa = if round {
        match fraction {
            f if f < 1.5 => 1,
            f if f < 3.0 => 2,
            f if f < 7.0 => 5,
            _ => 10,
        }
    } else {
        match fraction {
            f if f <= 1.0 => 1,
            f if f <= 2.0 => 2,
            f if f <= 5.0 => 5,
            _ => 10,
        }
    };
    if mantissa == 10 {
        (1, exp + 1)
    } else {
        (mantissa, exp)
    }
}

/// Formats an SVG coordinate with one decimal and no negative zero.
fn coord(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_string()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// One line of a [`LineChartSpec`] or [`BarLineChartSpec`].
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Legend and tooltip name.
    pub name: String,
    /// CSS colour (`#2563eb`).
    pub color: String,
    /// One value per x label; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
    /// Draw the line dashed (targets, budgets).
    pub dashed: bool,
    /// Shade the area between the line and zero.
    pub fill: bool,
    /// Draw visible dots on the points (otherwise dots appear on hover only).
    pub dots: bool,
}

impl LineSeries {
    /// A solid line without fill or visible dots.
    pub fn new(name: &str, color: &str, values: Vec<Option<f64>>) -> Self {
        LineSeries {
            name: name.to_string(),
            color: color.to_string(),
            values,
            dashed: false,
            fill: false,
            dots: false,
        }
    }

    /// The same line, dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// The same line with the area below shaded.
    pub fn filled(mut self) -> Self {
        self.fill = true;
        self
    }

    /// The same line with visible dots.
    pub fn with_dots(mut self) -> Self {
        self.dots = true;
        self
    }
}

/// A shaded band between a lower and an upper line (a prediction interval),
/// drawn under the lines of a [`fan_chart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Legend and tooltip name (`80% interval`).
    pub name: String,
    /// CSS colour of the shading.
    pub color: String,
    /// Fill opacity, 0 to 1 (narrower bands darker).
    pub opacity: f64,
    /// Lower bound per x label; `None` leaves a gap.
    pub lower: Vec<Option<f64>>,
    /// Upper bound per x label; `None` leaves a gap.
    pub upper: Vec<Option<f64>>,
}

/// A vertical marker splitting the x axis; everything left of it is shaded as history.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Index of the first x label right of the marker.
    pub index: usize,
    /// Text shown at the top of the marker (`Plan start`).
    pub label: String,
}

/// A line chart over labelled x positions (months).
#[derive(Debug, Clone, PartialEq)]
pub struct LineChartSpec {
    /// Chart title.
    pub title: String,
    /// Optional second line under the title (units, notes).
    pub subtitle: Option<String>,
    /// One label per x position; `YYYY-MM` labels get ticks aligned to quarters or years.
    pub x_labels: Vec<String>,
    /// The lines, drawn in order.
    pub series: Vec<LineSeries>,
    /// How values are written on the axis and in tooltips.
    pub format: ValueFormat,
    /// Optional plan-start marker.
    pub marker: Option<Marker>,
    /// X positions to tint red, e.g. months where inventory is below target.
    pub highlights: Vec<usize>,
    /// SVG view-box width in pixels.
    pub width: u32,
    /// SVG view-box height in pixels.
    pub height: u32,
}

/// One bar series of a [`BarLineChartSpec`]; bars of several series are grouped per x position.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    /// Legend and tooltip name.
    pub name: String,
    /// CSS colour.
    pub color: String,
    /// One value per x label.
    pub values: Vec<f64>,
}

/// Grouped bars with lines drawn over them (actuals vs a target).
#[derive(Debug, Clone, PartialEq)]
pub struct BarLineChartSpec {
    /// Chart title.
    pub title: String,
    /// Optional second line under the title.
    pub subtitle: Option<String>,
    /// One label per x position.
    pub x_labels: Vec<String>,
    /// Bar series, grouped side by side per x position.
    pub bars: Vec<BarSeries>,
    /// Lines drawn over the bars.
    pub lines: Vec<LineSeries>,
    /// How values are written on the axis and in tooltips.
    pub format: ValueFormat,
    /// SVG view-box width in pixels.
    pub width: u32,
    /// SVG view-box height in pixels.
    pub height: u32,
}

/// The plot area inside an SVG view box.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    fn new(width: u32, height: u32) -> Self {
        let width = f64::from(width.max(200));
        let height = f64::from(height.max(120));
        Frame {
            width,
            height,
            left: 64.0,
            right: width - 16.0,
            top: 14.0,
            bottom: height - 28.0,
        }
    }

    /// Width of one x band when the axis has `count` positions.
    fn band(&self, count: usize) -> f64 {
        (self.right - self.left) / count.max(1) as f64
    }

    /// Centre of x band `index`.
    fn x(&self, index: usize, count: usize) -> f64 {
        self.left + self.band(count) * (index as f64 + 0.5)
    }
}

/// A linear y scale over nice ticks.
struct YScale {
    ticks: Vec<f64>,
    lo: f64,
    hi: f64,
}

impl YScale {
    /// A scale over `values` that always includes zero.
    fn covering(values: impl Iterator<Item = f64>) -> Self {
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let ticks = nice_ticks(lo, hi, 5);
        let lo = ticks.first().copied().unwrap_or(0.0);
        let hi = ticks.last().copied().unwrap_or(1.0);
        YScale { ticks, lo, hi }
    }

    fn y(&self, frame: &Frame, value: f64) -> f64 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        frame.bottom - (value - self.lo) / span * (frame.bottom - frame.top)
    }
}

/// Opens the SVG element with its accessible title.
fn svg_open(out: &mut String, frame: &Frame, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         preserveAspectRatio=\"xMidYMid meet\" role=\"img\" \
         font-family=\"-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" \
         font-size=\"11\"><title>{title}</title>",
        w = coord(frame.width),
        h = coord(frame.height),
        title = escape_html(title),
    );
}

/// Horizontal grid lines and y tick labels.
fn y_axis(out: &mut String, frame: &Frame, scale: &YScale, format: &ValueFormat) {
    out.push_str("<g class=\"y-axis\">");
    for &tick in &scale.ticks {
        let y = coord(scale.y(frame, tick));
        let stroke = if tick == 0.0 { "#9ca3af" } else { "#e5e7eb" };
        let _ = write!(
            out,
            "<line x1=\"{x1}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"1\"/>\
             <text x=\"{tx}\" y=\"{y}\" dy=\"0.32em\" text-anchor=\"end\" fill=\"#6b7280\">{label}</text>",
            x1 = coord(frame.left),
            x2 = coord(frame.right),
            tx = coord(frame.left - 8.0),
            label = escape_html(&format.compact(tick)),
        );
    }
    out.push_str("</g>");
}

/// Which x positions get a tick label: at most one per ~64 px, aligned to
/// quarters or years when the labels are `YYYY-MM` months.
fn x_label_indices(labels: &[String], band: f64) -> Vec<usize> {
    let count = labels.len();
    let max_labels = ((band * count as f64) / 64.0).floor().max(1.0) as usize;
    let step = [1usize, 2, 3, 6, 12, 24, 36, 48, 60, 120]
        .into_iter()
        .find(|step| count.div_ceil(*step) <= max_labels)
        .unwrap_or(count.max(1));
    let month_of = |label: &str| -> Option<usize> {
        let bytes = label.as_bytes();
        if label.len() == 7 && bytes[4] == b'-' {
            label[5..7]
                .parse::<usize>()
                .ok()
                .filter(|m| (1..=12).contains(m))
        } else {
            None
        }
    };
    let months: Option<Vec<usize>> = labels.iter().map(|l| month_of(l)).collect();
    match months {
        Some(months) if step <= 12 && 12 % step == 0 => months
            .iter()
            .enumerate()
            .filter(|(_, month)| (*month - 1) % step == 0)
            .map(|(idx, _)| idx)
            .collect(),
        _ => (0..count).step_by(step).collect(),
    }
}

/// The x axis line with tick labels.
fn x_axis(out: &mut String, frame: &Frame, labels: &[String]) {
    let count = labels.len();
    let band = frame.band(count);
    out.push_str("<g class=\"x-axis\">");
    for idx in x_label_indices(labels, band) {
        let x = coord(frame.x(idx, count));
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{y1}\" y2=\"{y2}\" stroke=\"#9ca3af\"/>\
             <text x=\"{x}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"#6b7280\">{label}</text>",
            y1 = coord(frame.bottom),
            y2 = coord(frame.bottom + 4.0),
            ty = coord(frame.bottom + 17.0),
            label = escape_html(&labels[idx]),
        );
    }
    out.push_str("</g>");
}

/// Shades the history side of the marker and draws the marker line.
fn marker(out: &mut String, frame: &Frame, marker: &Marker, count: usize) {
    if marker.index == 0 || marker.index > count {
        return;
    }
    let x = frame.left + frame.band(count) * marker.index as f64;
    let _ = write!(
        out,
        "<rect x=\"{l}\" y=\"{t}\" width=\"{w}\" height=\"{h}\" fill=\"#f3f4f6\"/>\
         <line x1=\"{x}\" x2=\"{x}\" y1=\"{t}\" y2=\"{b}\" stroke=\"#9ca3af\" stroke-dasharray=\"3 3\"/>\
         <text x=\"{tx}\" y=\"{ty}\" fill=\"#6b7280\" font-size=\"10\">{label}</text>",
        l = coord(frame.left),
        t = coord(frame.top),
        w = coord(x - frame.left),
        h = coord(frame.bottom - frame.top),
        x = coord(x),
        b = coord(frame.bottom),
        tx = coord(x + 4.0),
        ty = coord(frame.top + 10.0),
        label = escape_html(&marker.label),
    );
}

/// Tints the bands of `positions` red, merging neighbours into one rectangle.
fn highlights(out: &mut String, frame: &Frame, positions: &[usize], labels: &[String]) {
    let count = labels.len();
    let mut sorted: Vec<usize> = positions.iter().copied().filter(|&p| p < count).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let band = frame.band(count);
    let mut idx = 0;
    while idx < sorted.len() {
        let start = sorted[idx];
        let mut end = start;
        while idx + 1 < sorted.len() && sorted[idx + 1] == end + 1 {
            idx += 1;
            end += 1;
        }
        idx += 1;
        let tip = if start == end {
            labels[start].clone()
        } else {
            format!("{} to {}", labels[start], labels[end])
        };
        let _ = write!(
            out,
            "<g class=\"highlight\"><title>{tip}</title>\
             <rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"#fef2f2\"/>\
             <rect x=\"{x}\" y=\"{strip}\" width=\"{w}\" height=\"4\" fill=\"#f87171\"/></g>",
            x = coord(frame.left + band * start as f64),
            y = coord(frame.top),
            w = coord(band * (end - start + 1) as f64),
            h = coord(frame.bottom - frame.top),
            strip = coord(frame.bottom - 4.0),
            tip = escape_html(&tip),
        );
    }
}

/// Draws one line series: optional fill, the path and tooltip dots.
fn line_series(
    out: &mut String,
    frame: &Frame,
    scale: &YScale,
    series: &LineSeries,
    labels: &[String],
    format: &ValueFormat,
) {
    let count = labels.len();
    let color = escape_html(&series.color);
    // Contiguous runs of present values.
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current: Vec<(usize, f64)> = Vec::new();
    for (idx, value) in series.values.iter().take(count).enumerate() {
        match value.filter(|v| v.is_finite()) {
            Some(v) => current.push((idx, v)),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    out.push_str("<g class=\"series\">");
    let zero = scale.y(frame, 0.0_f64.clamp(scale.lo, scale.hi));
    for run in &runs {
        let points: Vec<String> = run
            .iter()
            .map(|&(idx, v)| {
                format!(
                    "{},{}",
                    coord(frame.x(idx, count)),
                    coord(scale.y(frame, v))
                )
            })
            .collect();
        if series.fill && run.len() > 1 {
            let first_x = coord(frame.x(run[0].0, count));
            let last_x = coord(frame.x(run[run.len() - 1].0, count));
            let _ = write!(
                out,
                "<path d=\"M{first_x},{z} L{pts} L{last_x},{z} Z\" fill=\"{color}\" fill-opacity=\"0.12\" stroke=\"none\"/>",
                z = coord(zero),
                pts = points.join(" L"),
            );
        }
        if run.len() > 1 {
            let dash = if series.dashed {
                " stroke-dasharray=\"6 4\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<path d=\"M{pts}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" \
                 stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}/>",
                pts = points.join(" L"),
            );
        }
    }
    for run in &runs {
        for &(idx, v) in run {
            let (radius, class) = if series.dots || run.len() == 1 {
                ("3", "pt dot")
            } else {
                ("3.5", "pt")
            };
            let _ = write!(
                out,
                "<circle class=\"{class}\" cx=\"{cx}\" cy=\"{cy}\" r=\"{radius}\" fill=\"{color}\">\
                 <title>{tip}</title></circle>",
                cx = coord(frame.x(idx, count)),
                cy = coord(scale.y(frame, v)),
                tip = escape_html(&format!(
                    "{} · {}: {}",
                    series.name,
                    labels[idx],
                    format.full(v)
                )),
            );
        }
    }
    out.push_str("</g>");
}

/// The legend entries for lines and bars, as HTML.
fn legend(lines: &[LineSeries], bars: &[BarSeries]) -> String {
    let mut out = String::from("<div class=\"legend\">");
    for bar in bars {
        let _ = write!(
            out,
            "<span class=\"key\"><svg width=\"12\" height=\"12\" aria-hidden=\"true\">\
             <rect width=\"12\" height=\"12\" rx=\"2\" fill=\"{color}\"/></svg>{name}</span>",
            color = escape_html(&bar.color),
            name = escape_html(&bar.name),
        );
    }
    for line in lines {
        let dash = if line.dashed {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<span class=\"key\"><svg width=\"22\" height=\"12\" aria-hidden=\"true\">\
             <line x1=\"1\" x2=\"21\" y1=\"6\" y2=\"6\" stroke=\"{color}\" stroke-width=\"2.5\"{dash}/></svg>{name}</span>",
            color = escape_html(&line.color),
            name = escape_html(&line.name),
        );
    }
    out.push_str("</div>");
    out
}

/// The `<figure>` opening with caption and legend.
fn figure_open(out: &mut String, title: &str, subtitle: Option<&str>, legend_html: &str) {
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption><span class=\"chart-title\">{}</span>",
        escape_html(title)
    );
    if let Some(subtitle) = subtitle {
        let _ = write!(
            out,
            "<span class=\"chart-sub\">{}</span>",
            escape_html(subtitle)
        );
    }
    out.push_str("</figcaption>");
    out.push_str(legend_html);
}

/// A line chart with axes, nice y ticks, a legend, an optional plan-start
/// marker and a `<title>` tooltip on every point.
pub fn line_chart(spec: &LineChartSpec) -> String {
    fan_chart(spec, &[])
}

/// Draws one band as a shaded polygon per run of positions where both bounds exist.
fn band_area(out: &mut String, frame: &Frame, scale: &YScale, band: &Band, labels: &[String]) {
    let count = labels.len();
    let mut runs: Vec<Vec<(usize, f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for idx in 0..count {
        let lower = band.lower.get(idx).copied().flatten();
        let upper = band.upper.get(idx).copied().flatten();
        match (lower, upper) {
            (Some(lo), Some(hi)) if lo.is_finite() && hi.is_finite() => {
                current.push((idx, lo.min(hi), hi.max(lo)));
            }
            _ if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    let _ = write!(
        out,
        "<g class=\"band\"><title>{}</title>",
        escape_html(&band.name)
    );
    for run in runs.iter().filter(|run| run.len() > 1) {
        let upper = run.iter().map(|&(idx, _, hi)| {
            format!(
                "{},{}",
                coord(frame.x(idx, count)),
                coord(scale.y(frame, hi))
            )
        });
        let lower = run.iter().rev().map(|&(idx, lo, _)| {
            format!(
                "{},{}",
                coord(frame.x(idx, count)),
                coord(scale.y(frame, lo))
            )
        });
        let points: Vec<String> = upper.chain(lower).collect();
        let _ = write!(
            out,
            "<path d=\"M{} Z\" fill=\"{}\" fill-opacity=\"{:.2}\" stroke=\"none\"/>",
            points.join(" L"),
            escape_html(&band.color),
            band.opacity.clamp(0.0, 1.0),
        );
    }
    out.push_str("</g>");
}

/// A [`line_chart`] with shaded bands (prediction intervals) under its lines: a
/// fan chart. The y scale covers the bands too; the legend lists the bands
/// after the lines.
pub fn fan_chart(spec: &LineChartSpec, bands: &[Band]) -> String {
    let frame = Frame::new(spec.width, spec.height);
    let count = spec.x_labels.len();
    let scale = YScale::covering(
        spec.series
            .iter()
            .flat_map(|s| s.values.iter().take(count).flatten().copied())
            .chain(bands.iter().flat_map(|b| {
                b.lower
                    .iter()
                    .chain(&b.upper)
                    .take(2 * count)
                    .flatten()
                    .copied()
            })),
    );
    let mut out = String::new();
    let mut legend_html = legend(&spec.series, &[]);
    if !bands.is_empty() {
        legend_html.truncate(legend_html.len() - "</div>".len());
        for band in bands {
            let _ = write!(
                legend_html,
                "<span class=\"key\"><svg width=\"12\" height=\"12\" aria-hidden=\"true\">\
                 <rect width=\"12\" height=\"12\" rx=\"2\" fill=\"{color}\" fill-opacity=\"{opacity:.2}\"/></svg>{name}</span>",
                color = escape_html(&band.color),
                opacity = band.opacity.clamp(0.0, 1.0),
                name = escape_html(&band.name),
            );
        }
        legend_html.push_str("</div>");
    }
    figure_open(
        &mut out,
        &spec.title,
        spec.subtitle.as_deref(),
        &legend_html,
    );
    svg_open(&mut out, &frame, &spec.title);
    if let Some(m) = &spec.marker {
        marker(&mut out, &frame, m, count);
    }
    highlights(&mut out, &frame, &spec.highlights, &spec.x_labels);
    y_axis(&mut out, &frame, &scale, &spec.format);
    x_axis(&mut out, &frame, &spec.x_labels);
    for band in bands {
        band_area(&mut out, &frame, &scale, band, &spec.x_labels);
    }
    for series in &spec.series {
        line_series(
            &mut out,
            &frame,
            &scale,
            series,
            &spec.x_labels,
            &spec.format,
        );
    }
    out.push_str("</svg></figure>");
    out
}

/// Grouped bars with lines over them, axes, nice y ticks, a legend and
/// `<title>` tooltips on every bar and point.
pub fn bar_line_chart(spec: &BarLineChartSpec) -> String {
    let frame = Frame::new(spec.width, spec.height);
    let count = spec.x_labels.len();
    let scale = YScale::covering(
        spec.bars
            .iter()
            .flat_map(|b| b.values.iter().take(count).copied())
            .chain(
                spec.lines
                    .iter()
                    .flat_map(|s| s.values.iter().take(count).flatten().copied()),
            ),
    );
    let mut out = String::new();
    figure_open(
        &mut out,
        &spec.title,
        spec.subtitle.as_deref(),
        &legend(&spec.lines, &spec.bars),
    );
    svg_open(&mut out, &frame, &spec.title);
    y_axis(&mut out, &frame, &scale, &spec.format);
    x_axis(&mut out, &frame, &spec.x_labels);
    let band = frame.band(count);
    let group = band * 0.72;
    let bar_width = group / spec.bars.len().max(1) as f64;
    let zero = scale.y(&frame, 0.0);
    for (series_idx, bars) in spec.bars.iter().enumerate() {
        let _ = write!(
            out,
            "<g class=\"bars\" fill=\"{}\">",
            escape_html(&bars.color)
        );
        for (idx, &value) in bars.values.iter().take(count).enumerate() {
            if !value.is_finite() {
                continue;
            }
            let x = frame.left
                + band * idx as f64
                + (band - group) / 2.0
                + bar_width * series_idx as f64;
            let y = scale.y(&frame, value);
            let _ = write!(
                out,
                "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"1.5\">\
                 <title>{tip}</title></rect>",
                x = coord(x + 0.5),
                y = coord(y.min(zero)),
                w = coord((bar_width - 1.0).max(1.0)),
                h = coord((y - zero).abs()),
                tip = escape_html(&format!(
                    "{} · {}: {}",
                    bars.name,
                    spec.x_labels[idx],
                    spec.format.full(value)
                )),
            );
        }
        out.push_str("</g>");
    }
    for series in &spec.lines {
        line_series(
            &mut out,
            &frame,
            &scale,
            series,
            &spec.x_labels,
            &spec.format,
        );
    }
    out.push_str("</svg></figure>");
    out
}

/// One cell of a [`HeatmapSpec`]: resource hours required, available and worked as
/// planned overtime.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HeatmapCell {
    /// Hours required.
    pub load: f64,
    /// Hours available.
    pub available: f64,
    /// Overtime hours the plan works there (load up to available + overtime is
    /// planned, not an overload).
    pub overtime: f64,
}

impl HeatmapCell {
    /// Load over available; infinite when load exceeds zero availability,
    /// `None` when both are zero.
    pub fn utilisation(&self) -> Option<f64> {
        if self.available > 0.0 {
            Some(self.load / self.available)
        } else if self.load > 0.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    }

    /// True when load exceeds available hours plus planned overtime
    /// ([`fulcrum_core::is_overloaded`], as the KPI counts it).
    pub fn is_overloaded(&self) -> bool {
        fulcrum_core::is_overloaded(self.load, self.available, self.overtime)
    }

    /// True when load runs beyond available hours into the planned overtime only.
    pub fn is_on_overtime(&self) -> bool {
        !self.is_overloaded() && fulcrum_core::is_overloaded(self.load, self.available, 0.0)
    }
}

/// One row (a resource) of a [`HeatmapSpec`].
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapRow {
    /// Row name (resource code).
    pub name: String,
    /// One cell per column.
    pub cells: Vec<HeatmapCell>,
}

/// A utilisation heat-map: rows (resources) by columns (months).
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapSpec {
    /// Table caption.
    pub title: String,
    /// Column labels (`YYYY-MM`); months get a year header row and short month names.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<HeatmapRow>,
    /// Unit of load and available, shown in tooltips (`h`).
    pub unit: String,
}

/// Background and text colour for a utilisation: pale when idle, green when
/// comfortably loaded, amber close to 100%, red above.
pub fn heat_colour(utilisation: f64) -> (String, &'static str) {
    const STOPS: [(f64, [f64; 3]); 5] = [
        (0.0, [241.0, 245.0, 249.0]),
        (0.5, [209.0, 236.0, 218.0]),
        (0.8, [150.0, 212.0, 168.0]),
        (0.9, [253.0, 230.0, 138.0]),
        (1.0, [251.0, 176.0, 92.0]),
    ];
    if utilisation > 1.0 + 1e-9 {
        let colour = if utilisation > 1.2 {
            "#991b1b"
        } else {
            "#dc2626"
        };
        return (colour.to_string(), "#ffffff");
    }
    let u = if utilisation.is_finite() {
        utilisation.max(0.0)
    } else {
        0.0
    };
    let mut rgb = STOPS[STOPS.len() - 1].1;
    for pair in STOPS.windows(2) {
        let (a, ca) = pair[0];
        let (b, cb) = pair[1];
        if u <= b {
            let t = if b > a { (u - a) / (b - a) } else { 1.0 };
            rgb = [
                ca[0] + (cb[0] - ca[0]) * t,
                ca[1] + (cb[1] - ca[1]) * t,
                ca[2] + (cb[2] - ca[2]) * t,
            ];
            break;
        }
    }
    (
        format!(
            "#{:02x}{:02x}{:02x}",
            rgb[0].round() as u8,
            rgb[1].round() as u8,
            rgb[2].round() as u8
        ),
        "#111827",
    )
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A heat-map table of utilisation (load / available) per row and column.
///
/// Cells above 100% get the class `over` and a red background; each cell's
/// `title` gives the load and availability. A last column shows each row's peak.
pub fn utilisation_heatmap(spec: &HeatmapSpec) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"heatmap-wrap\"><table class=\"heatmap\"><caption>{}</caption>",
        escape_html(&spec.title)
    );
    let _ = write!(
        out,
        "<colgroup><col class=\"head\"><col span=\"{}\"><col class=\"peak\"></colgroup>",
        spec.columns.len().max(1)
    );
    // Year header row when all columns are YYYY-MM.
    let parsed: Option<Vec<(&str, usize)>> = spec
        .columns
        .iter()
        .map(|label| {
            let (year, month) = label.split_once('-')?;
            let month: usize = month.parse().ok()?;
            ((1..=12).contains(&month) && year.len() == 4).then_some((year, month))
        })
        .collect();
    out.push_str("<thead>");
    match &parsed {
        Some(months) if !months.is_empty() => {
            out.push_str("<tr class=\"years\"><th></th>");
            let mut idx = 0;
            while idx < months.len() {
                let year = months[idx].0;
                let span = months[idx..].iter().take_while(|m| m.0 == year).count();
                let _ = write!(
                    out,
                    "<th colspan=\"{span}\" class=\"year\">{}</th>",
                    escape_html(year)
                );
                idx += span;
            }
            out.push_str("<th></th></tr><tr><th class=\"row-head\">Resource</th>");
            for (label, (_, month)) in spec.columns.iter().zip(months) {
                let _ = write!(
                    out,
                    "<th title=\"{}\">{}</th>",
                    escape_html(label),
                    MONTH_NAMES[month - 1]
                );
            }
        }
        _ => {
            out.push_str("<tr><th class=\"row-head\">Resource</th>");
            for label in &spec.columns {
                let _ = write!(out, "<th>{}</th>", escape_html(label));
            }
        }
    }
    out.push_str("<th class=\"peak\">Peak</th></tr></thead><tbody>");
    for row in &spec.rows {
        let _ = write!(
            out,
            "<tr><th class=\"row-head\" scope=\"row\" title=\"{name}\">{name}</th>",
            name = escape_html(&row.name)
        );
        let mut peak: Option<f64> = None;
        let mut row_overloaded = false;
        for (col, label) in spec.columns.iter().enumerate() {
            let cell = row.cells.get(col).copied().unwrap_or_default();
            let utilisation = cell.utilisation();
            if let Some(u) = utilisation {
                peak = Some(peak.map_or(u, |p: f64| p.max(u)));
            }
            let tip = format!(
                "{} · {}: load {} {unit} of {} {unit} available{}{}",
                row.name,
                label,
                group_thousands(cell.load, 0),
                group_thousands(cell.available, 0),
                match utilisation {
                    Some(u) if u.is_finite() => format!(" ({})", format_percent(u, 0)),
                    Some(_) => " (no capacity)".to_string(),
                    None => String::new(),
                },
                if cell.overtime > 0.0 {
                    format!(
                        ", {} {} of planned overtime{}",
                        group_thousands(cell.overtime, 0),
                        spec.unit,
                        if cell.is_overloaded() {
                            " — overloaded"
                        } else {
                            ""
                        }
                    )
                } else {
                    String::new()
                },
                unit = spec.unit,
            );
            row_overloaded |= cell.is_overloaded();
            out.push_str(&heat_cell(
                utilisation,
                cell.is_overloaded(),
                cell.is_on_overtime(),
                &tip,
            ));
        }
        out.push_str(&match peak {
            Some(p) if p.is_finite() => format!(
                "<td class=\"peak{}\">{}</td>",
                if row_overloaded { " over" } else { "" },
                format_percent(p, 0)
            ),
            Some(_) => "<td class=\"peak over\">∞</td>".to_string(),
            None => "<td class=\"peak\">–</td>".to_string(),
        });
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// The colour of a heat-map cell loaded beyond its regular hours but within the
/// overtime the plan works there: planned, so not the red of an overload.
pub const OVERTIME_COLOUR: &str = "#7c3aed";

/// One heat-map `<td>`: red when overloaded, violet when on planned overtime.
fn heat_cell(utilisation: Option<f64>, over: bool, on_overtime: bool, tip: &str) -> String {
    let class = if over { "cell over" } else { "cell" };
    match utilisation {
        None => format!(
            "<td class=\"cell idle\" title=\"{}\">–</td>",
            escape_html(tip)
        ),
        Some(u) => {
            let (bg, fg) = if on_overtime {
                (OVERTIME_COLOUR.to_string(), "#ffffff")
            } else {
                heat_colour(u)
            };
            let text = if u.is_finite() {
                group_thousands(u * 100.0, 0)
            } else {
                "∞".to_string()
            };
            format!(
                "<td class=\"{class}\" style=\"background:{bg};color:{fg}\" title=\"{}\">{text}</td>",
                escape_html(tip)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_exact_values() {
        assert_eq!(
            nice_ticks(0.0, 95.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            nice_ticks(0.0, 1_234_567.0, 5),
            vec![0.0, 500_000.0, 1_000_000.0, 1_500_000.0]
        );
        assert_eq!(
            nice_ticks(0.12, 0.87, 5),
            vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        );
        assert_eq!(
            nice_ticks(-30.0, 70.0, 5),
            vec![-40.0, -20.0, 0.0, 20.0, 40.0, 60.0, 80.0]
        );
        assert_eq!(nice_ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            nice_ticks(0.0, 1000.0, 5),
            vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]
        );
        assert_eq!(nice_ticks(0.0, 7.0, 3), vec![0.0, 5.0, 10.0]);
        assert_eq!(nice_ticks(0.0, 0.03, 4), vec![0.0, 0.02, 0.04]);
    }

    #[test]
    fn nice_ticks_degenerate_input() {
        assert_eq!(nice_ticks(0.0, 0.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            nice_ticks(50.0, 50.0, 5),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]
        );
        assert_eq!(
            nice_ticks(f64::NAN, f64::INFINITY, 5),
            vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(95.0, 0.0, 5), nice_ticks(0.0, 95.0, 5));
        assert!(nice_ticks(0.0, 1e300, 5).len() < 20);
        assert!(nice_ticks(1e-300, 2e-300, 5).len() < 20);
        assert_eq!(
            nice_ticks(-f64::MAX, f64::MAX, 5),
            vec![-f64::MAX, f64::MAX]
        );
        assert_eq!(nice_ticks(0.0, 10.0, 0), vec![0.0, 10.0]);
    }

    #[test]
    fn ticks_cover_the_range() {
        for &(lo, hi) in &[(3.0, 97.0), (-5.5, 2.25), (1234.0, 98765.0), (0.0, 0.001)] {
            let ticks = nice_ticks(lo, hi, 5);
            assert!(
                ticks[0] <= lo && *ticks.last().expect("ticks") >= hi,
                "{lo}..{hi}: {ticks:?}"
            );
            assert!(ticks.len() >= 3 && ticks.len() <= 9, "{ticks:?}");
        }
    }

    #[test]
    fn x_labels_align_to_quarters() {
        let labels: Vec<String> = (0..24)
            .map(|i| format!("{}-{:02}", 2026 + i / 12, i % 12 + 1))
            .collect();
        // 24 bands of 20 px → 480 px → at most 7 labels: quarterly would need 8, so half-yearly.
        let idx = x_label_indices(&labels, 20.0);
        assert_eq!(idx, vec![0, 6, 12, 18]);
        let idx = x_label_indices(&labels, 64.0);
        assert_eq!(idx, (0..24).collect::<Vec<_>>());
    }

    #[test]
    fn line_chart_escapes_and_tooltips() {
        let spec = LineChartSpec {
            title: "A <b> & C".into(),
            subtitle: Some("units".into()),
            x_labels: vec!["2026-01".into(), "2026-02".into(), "2026-03".into()],
            series: vec![
                LineSeries::new("Fam<1>", "#000", vec![Some(1.0), None, Some(1500.0)]).filled(),
            ],
            format: ValueFormat::Number,
            marker: Some(Marker {
                index: 1,
                label: "Plan start".into(),
            }),
            highlights: Vec::new(),
            width: 400,
            height: 200,
        };
        let html = line_chart(&spec);
        assert!(html.contains("A &lt;b&gt; &amp; C"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("Fam&lt;1&gt; · 2026-03: 1,500"));
        assert!(html.contains("Plan start"));
        assert_eq!(html, line_chart(&spec));
        let tinted = line_chart(&LineChartSpec {
            highlights: vec![2, 0, 1, 9],
            ..spec.clone()
        });
        assert_eq!(tinted.matches("<g class=\"highlight\">").count(), 1);
        assert!(tinted.contains("<title>2026-01 to 2026-03</title>"));
    }

    #[test]
    fn empty_charts_do_not_panic() {
        let line = line_chart(&LineChartSpec {
            title: "Empty".into(),
            subtitle: None,
            x_labels: Vec::new(),
            series: vec![LineSeries::new("None", "#000", vec![None, Some(f64::NAN)])],
            format: ValueFormat::Number,
            marker: Some(Marker {
                index: 5,
                label: "Plan start".into(),
            }),
            highlights: Vec::new(),
            width: 0,
            height: 0,
        });
        assert!(line.contains("<svg") && !line.contains("Plan start"));
        let bars = bar_line_chart(&BarLineChartSpec {
            title: "Empty".into(),
            subtitle: None,
            x_labels: vec!["2026-01".into()],
            bars: vec![BarSeries {
                name: "Revenue".into(),
                color: "#00f".into(),
                values: vec![f64::INFINITY],
            }],
            lines: Vec::new(),
            format: ValueFormat::Money("EUR".into()),
            width: 300,
            height: 200,
        });
        assert!(bars.contains("<svg") && !bars.contains("<rect class=\"bar\""));
        let table = utilisation_heatmap(&HeatmapSpec {
            title: "None".into(),
            columns: vec!["A".into(), "B".into()],
            rows: vec![HeatmapRow {
                name: "R".into(),
                cells: vec![HeatmapCell {
                    load: 5.0,
                    available: 0.0,
                    overtime: 0.0,
                }],
            }],
            unit: "h".into(),
        });
        assert!(table.contains("(no capacity)"));
        assert!(table.contains("<td class=\"peak over\">∞</td>"));
        assert!(table.contains("<td class=\"cell idle\""));
    }

    #[test]
    fn negative_bars_hang_below_zero() {
        let html = bar_line_chart(&BarLineChartSpec {
            title: "Margin".into(),
            subtitle: None,
            x_labels: vec!["2026-01".into(), "2026-02".into()],
            bars: vec![BarSeries {
                name: "Gross margin".into(),
                color: "#0a0".into(),
                values: vec![100.0, -50.0],
            }],
            lines: Vec::new(),
            format: ValueFormat::Money("USD".into()),
            width: 400,
            height: 200,
        });
        assert!(html.contains(">-$50</text>"));
        assert!(html.contains("<title>Gross margin · 2026-02: -$50</title>"));
    }

    #[test]
    fn planned_overtime_is_violet_not_an_overload() {
        let html = utilisation_heatmap(&HeatmapSpec {
            title: "Capacity".into(),
            columns: vec!["2026-05".into()],
            rows: vec![HeatmapRow {
                name: "R-TENT".into(),
                cells: vec![HeatmapCell {
                    load: 119.0,
                    available: 100.0,
                    overtime: 19.0,
                }],
            }],
            unit: "h".into(),
        });
        assert!(
            html.contains(&format!("background:{OVERTIME_COLOUR}")),
            "{html}"
        );
        assert!(!html.contains("class=\"cell over\""));
        assert!(html.contains("<td class=\"peak\">119%</td>"), "{html}");
        assert!(html.contains("19 h of planned overtime"), "{html}");
    }

    #[test]
    fn heatmap_flags_overload() {
        let spec = HeatmapSpec {
            title: "Capacity".into(),
            columns: vec!["2026-12".into(), "2027-01".into()],
            rows: vec![HeatmapRow {
                name: "PRESS".into(),
                cells: vec![
                    HeatmapCell {
                        load: 120.0,
                        available: 100.0,
                        overtime: 0.0,
                    },
                    HeatmapCell {
                        load: 50.0,
                        available: 100.0,
                        overtime: 0.0,
                    },
                ],
            }],
            unit: "h".into(),
        };
        let html = utilisation_heatmap(&spec);
        assert_eq!(html.matches("class=\"cell over\"").count(), 1);
        assert!(html.contains(">120</td>"));
        assert!(html.contains("PRESS · 2026-12: load 120 h of 100 h available (120%)"));
        assert!(html.contains("<td class=\"peak over\">120%</td>"));
        assert!(html.contains("colspan=\"1\" class=\"year\">2026"));
    }

    #[test]
    fn heat_colours() {
        assert_eq!(heat_colour(0.0), ("#f1f5f9".to_string(), "#111827"));
        assert_eq!(heat_colour(1.05).0, "#dc2626");
        assert_eq!(heat_colour(1.5).0, "#991b1b");
        assert_eq!(heat_colour(f64::INFINITY).0, "#991b1b");
    }
}
