//! Changes and numbers in words, as the log and the grid show them.

use fulcrum_core::Calendar;
use fulcrum_workspace::{ChangeKind, grain};

/// `1,234,567.5`: thousands separators, at most two decimals.
pub fn thousands(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let frac = frac.trim_end_matches('0');
    let sign = if value < 0.0 && !text.trim_matches(['0', '.']).is_empty() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{out}")
    } else {
        format!("{sign}{out}.{frac}")
    }
}

/// What a change does, in one line: `set sales layer at product BIKES × … in 2026-Q1 to 1,200`.
pub fn describe(kind: &ChangeKind, calendar: &Calendar) -> String {
    match kind {
        ChangeKind::SetValue {
            layer,
            selector,
            period,
            value,
            ..
        } => format!(
            "set {} at {} in {} to {}",
            layer.describe(),
            selector.describe(),
            grain::label(calendar, *period),
            thousands(*value)
        ),
        ChangeKind::Lock { selector, period } => format!(
            "lock {} in {}",
            selector.describe(),
            grain::label(calendar, *period)
        ),
        ChangeKind::Unlock { selector, period } => format!(
            "unlock {} in {}",
            selector.describe(),
            grain::label(calendar, *period)
        ),
        ChangeKind::AddEvent(event) => format!("add event {} \"{}\"", event.id, event.name),
        ChangeKind::SetEventActive { event_id, active } => {
            format!("event {event_id} {}", if *active { "on" } else { "off" })
        }
        ChangeKind::Undo { change } => format!("undo change {change}"),
        ChangeKind::Approve { plan_version } => format!("approve as {plan_version}"),
    }
}

/// The current time as RFC 3339 (UTC, seconds), for a change's `at`.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil from days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1_234_567.5), "1,234,567.5");
        assert_eq!(thousands(-1200.0), "-1,200");
        assert_eq!(thousands(0.004), "0");
        assert_eq!(thousands(999.999), "1,000");
    }
}
