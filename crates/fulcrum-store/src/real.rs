//! Bit-exact storage of `f64` in SQLite.
//!
//! A real is written as a `REAL` column plus a nullable `INTEGER` column of raw
//! IEEE-754 bits. The bits are written only for the values SQLite cannot hold
//! in a `REAL`: NaN (SQLite stores NULL) and negative zero (SQLite stores an
//! integral REAL as an integer, dropping the sign). Every other value,
//! including infinities and subnormals, round-trips through the `REAL` alone,
//! which keeps the column usable in plain SQL (`SUM(value)`).

/// The `(value, bits)` column pair for `value`.
pub(crate) fn to_columns(value: f64) -> (Option<f64>, Option<i64>) {
    if needs_bits(value) {
        (None, Some(value.to_bits() as i64))
    } else {
        (Some(value), None)
    }
}

/// The `(value, bits)` column pair for an optional real; both NULL is `None`.
pub(crate) fn to_columns_opt(value: Option<f64>) -> (Option<f64>, Option<i64>) {
    match value {
        Some(value) => to_columns(value),
        None => (None, None),
    }
}

/// The real stored as `(value, bits)`, or `None` when both are NULL.
pub(crate) fn from_columns(value: Option<f64>, bits: Option<i64>) -> Option<f64> {
    match bits {
        Some(bits) => Some(f64::from_bits(bits as u64)),
        None => value,
    }
}

fn needs_bits(value: f64) -> bool {
    value.is_nan() || (value == 0.0 && value.is_sign_negative())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values_use_bits_and_round_trip() {
        let payload_nan = f64::from_bits(0x7ff8_0000_0000_beef);
        for value in [
            0.0,
            -0.0,
            1.5,
            0.1 + 0.2,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE / 4.0,
            f64::NAN,
            payload_nan,
        ] {
            let (real, bits) = to_columns(value);
            assert_eq!(bits.is_some(), needs_bits(value), "{value}");
            let back = from_columns(real, bits).expect("a value");
            assert_eq!(back.to_bits(), value.to_bits(), "{value}");
        }
        assert_eq!(from_columns(None, None), None);
        assert_eq!(to_columns_opt(None), (None, None));
    }
}
