//! Text formatting shared by the HTML page, the charts and the terminal table.
//!
//! Conventions (tested, relied on by the server and CLI):
//! - thousands are grouped with `,` and the decimal mark is `.`: `1,234,567.5`;
//! - money is written with the currency's symbol when it has a well-known one
//!   (`€1,234,567`, `$1,234,567`, `£1,234,567`, `¥1,234,567`), otherwise with
//!   its ISO code and a space (`CHF 1,234,567`); negative money is `-€1,234`;
//! - ratios (0..1) are percentages with one decimal: `0.345` → `34.5%`;
//! - non-finite numbers are written as an en dash `–`.

use fulcrum_core::{Kpi, KpiUnit};

/// What a number stands for, which decides how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueFormat {
    /// A plain quantity (units, hours).
    Number,
    /// An amount in the currency with this ISO code.
    Money(String),
    /// A share, 0..1, written as a percentage.
    Percent,
}

impl ValueFormat {
    /// The full form of `value`, for tooltips and tables (`€1,234,567`, `1,234`, `34.5%`).
    pub fn full(&self, value: f64) -> String {
        match self {
            ValueFormat::Number => format_quantity(value),
            ValueFormat::Money(currency) => format_money(value, currency),
            ValueFormat::Percent => format_percent(value, 1),
        }
    }

    /// The short form of `value`, for axis ticks (`€1.5M`, `250k`, `40%`).
    pub fn compact(&self, value: f64) -> String {
        match self {
            ValueFormat::Number => format_compact(value),
            ValueFormat::Money(currency) => with_currency(&format_compact(value), currency),
            ValueFormat::Percent => format_percent(value, 0),
        }
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` so `text` is safe in HTML text and attribute values.
///
/// ```
/// use fulcrum_report::format::escape_html;
/// assert_eq!(escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
///            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Writes `value` with `decimals` decimals and `,` between thousands (`1,234,567.89`).
///
/// A value that rounds to zero carries no minus sign; non-finite values are `–`.
pub fn group_thousands(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let digits = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((int_part, frac_part)) => (int_part, Some(frac_part)),
        None => (digits.as_str(), None),
    };
    let negative = value < 0.0 && digits.bytes().any(|b| (b'1'..=b'9').contains(&b));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    let len = int_part.len();
    for (pos, ch) in int_part.chars().enumerate() {
        if pos > 0 && (len - pos) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac_part) = frac_part {
        out.push('.');
        out.push_str(frac_part);
    }
    out
}

/// The symbol of a currency with a well-known one (`EUR` → `€`), else `None`.
pub fn currency_symbol(currency: &str) -> Option<&'static str> {
    match currency.trim().to_ascii_uppercase().as_str() {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        "INR" => Some("₹"),
        _ => None,
    }
}

/// Prefixes an already formatted amount with the currency (`-1,234` → `-€1,234`).
fn with_currency(amount: &str, currency: &str) -> String {
    let (sign, digits) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    if digits == "–" {
        return digits.to_string();
    }
    match currency_symbol(currency) {
        Some(symbol) => format!("{sign}{symbol}{digits}"),
        None if currency.trim().is_empty() => format!("{sign}{digits}"),
        None => format!("{sign}{} {digits}", currency.trim()),
    }
}

/// Money in whole currency units: `format_money(1234567.4, "EUR")` is `€1,234,567`.
///
/// ```
/// use fulcrum_report::format::format_money;
/// assert_eq!(format_money(1_234_567.4, "EUR"), "€1,234,567");
/// assert_eq!(format_money(-9_876.6, "USD"), "-$9,877");
/// assert_eq!(format_money(1_000.0, "CHF"), "CHF 1,000");
/// ```
pub fn format_money(value: f64, currency: &str) -> String {
    with_currency(&group_thousands(value, 0), currency)
}

/// A quantity: whole units when large or integral, one decimal below 10 otherwise.
pub fn format_quantity(value: f64) -> String {
    let decimals = if value.abs() < 10.0 && value.fract().abs() > 1e-9 {
        1
    } else {
        0
    };
    group_thousands(value, decimals)
}

/// A ratio (0..1) as a percentage with `decimals` decimals: `0.345` → `34.5%`.
///
/// A share short of 100% is never shown as 100%, nor a share above 0% as 0%: up to
/// three more decimals are shown as needed (a fill rate of 0.99964 reads `99.96%`),
/// and beyond that `<100%` or `>0%`.
pub fn format_percent(ratio: f64, decimals: usize) -> String {
    if !ratio.is_finite() {
        return "–".to_string();
    }
    let percent = ratio * 100.0;
    let misleads = |places: usize| {
        let scale = 10f64.powi(places as i32);
        let shown = (percent * scale).round() / scale;
        (percent < 100.0 && shown >= 100.0 && percent > 0.0) || (percent > 0.0 && shown <= 0.0)
    };
    match (decimals..=decimals + 3).find(|&places| !misleads(places)) {
        Some(places) => format!("{}%", group_thousands(percent, places)),
        None if percent > 50.0 => "<100%".to_string(),
        None => ">0%".to_string(),
    }
}

/// `value` with at most `decimals` decimals and no trailing zeros (`2.50` → `2.5`).
fn trimmed(value: f64, decimals: usize) -> String {
    let text = group_thousands(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A short form for axis ticks: `1500` → `1.5k`, `2000000` → `2M`, `0.25` → `0.25`.
pub fn format_compact(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let abs = value.abs();
    let (scaled, suffix) = if abs >= 1e9 {
        (value / 1e9, "B")
    } else if abs >= 1e6 {
        (value / 1e6, "M")
    } else if abs >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    format!("{}{suffix}", trimmed(scaled, 2))
}

/// A KPI's value in its unit; money uses `currency`.
///
/// ```
/// use fulcrum_core::{Kpi, KpiUnit};
/// use fulcrum_report::format::format_kpi;
/// let kpi = |value, unit| Kpi { code: "x".into(), label: "X".into(), value, unit };
/// assert_eq!(format_kpi(&kpi(1_234_567.0, KpiUnit::Money), "EUR"), "€1,234,567");
/// assert_eq!(format_kpi(&kpi(0.9512, KpiUnit::Ratio), "EUR"), "95.1%");
/// assert_eq!(format_kpi(&kpi(4.26, KpiUnit::Turns), "EUR"), "4.3×");
/// assert_eq!(format_kpi(&kpi(12.0, KpiUnit::Count), "EUR"), "12");
/// assert_eq!(format_kpi(&kpi(25_000.0, KpiUnit::Quantity), "EUR"), "25,000");
/// ```
pub fn format_kpi(kpi: &Kpi, currency: &str) -> String {
    match kpi.unit {
        KpiUnit::Money => format_money(kpi.value, currency),
        KpiUnit::Ratio => format_percent(kpi.value, 1),
        KpiUnit::Count => group_thousands(kpi.value, 0),
        KpiUnit::Quantity => format_quantity(kpi.value),
        KpiUnit::Turns if kpi.value.is_finite() => format!("{}×", group_thousands(kpi.value, 1)),
        KpiUnit::Turns => "–".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(escape_html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape_html("plain é €"), "plain é €");
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0.0, 0), "0");
        assert_eq!(group_thousands(999.0, 0), "999");
        assert_eq!(group_thousands(1000.0, 0), "1,000");
        assert_eq!(group_thousands(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(group_thousands(-1_234_567.0, 0), "-1,234,567");
        assert_eq!(group_thousands(-0.4, 0), "0");
        assert_eq!(group_thousands(123_456.0, 0), "123,456");
        assert_eq!(group_thousands(f64::NAN, 0), "–");
        assert_eq!(group_thousands(f64::INFINITY, 0), "–");
    }

    #[test]
    fn money_uses_symbol_or_code() {
        assert_eq!(format_money(1_234_567.0, "EUR"), "€1,234,567");
        assert_eq!(format_money(1_234_567.0, "eur"), "€1,234,567");
        assert_eq!(format_money(-1_234.4, "EUR"), "-€1,234");
        assert_eq!(format_money(50.0, "GBP"), "£50");
        assert_eq!(format_money(50.0, "SEK"), "SEK 50");
        assert_eq!(format_money(50.0, ""), "50");
        assert_eq!(format_money(f64::NAN, "EUR"), "–");
    }

    #[test]
    fn a_share_short_of_all_is_not_shown_as_all() {
        assert_eq!(format_percent(0.99964, 1), "99.96%");
        assert_eq!(format_percent(0.999999999, 1), "<100%");
        assert_eq!(format_percent(0.00004, 1), "0.004%");
        assert_eq!(format_percent(1.0, 1), "100.0%");
        assert_eq!(format_percent(0.0, 1), "0.0%");
        assert_eq!(format_percent(0.5, 1), "50.0%");
    }

    #[test]
    fn percentages_and_quantities() {
        assert_eq!(format_percent(0.345, 1), "34.5%");
        assert_eq!(format_percent(1.2, 0), "120%");
        assert_eq!(format_percent(-0.05, 1), "-5.0%");
        assert_eq!(format_quantity(1234.4), "1,234");
        assert_eq!(format_quantity(2.5), "2.5");
        assert_eq!(format_quantity(7.0), "7");
    }

    #[test]
    fn compact_axis_labels() {
        assert_eq!(format_compact(0.0), "0");
        assert_eq!(format_compact(0.25), "0.25");
        assert_eq!(format_compact(20.0), "20");
        assert_eq!(format_compact(1500.0), "1.5k");
        assert_eq!(format_compact(500_000.0), "500k");
        assert_eq!(format_compact(2_000_000.0), "2M");
        assert_eq!(format_compact(-1_250_000.0), "-1.25M");
        assert_eq!(format_compact(3e9), "3B");
        assert_eq!(
            ValueFormat::Money("EUR".into()).compact(-1_500_000.0),
            "-€1.5M"
        );
        assert_eq!(ValueFormat::Percent.compact(0.8), "80%");
    }
}
