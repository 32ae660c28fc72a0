//! Canonical text of numbers.

/// The shortest text that parses back to exactly `value`: integers without
/// `.0`, no exponent, `-0` written as `0`.
///
/// Rust's `Display` for `f64` already prints the shortest round-trip decimal
/// without exponent; this only normalises negative zero.
pub(crate) fn format_number(value: f64) -> String {
    if value == 0.0 {
        "0".to_string()
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn shortest_round_trip() {
        for (value, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (3.0, "3"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1e-7, "0.0000001"),
            (123456789012.5, "123456789012.5"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(format_number(value), text);
            assert_eq!(
                text.parse::<f64>().ok(),
                Some(if value == 0.0 { 0.0 } else { value })
            );
        }
    }
}
