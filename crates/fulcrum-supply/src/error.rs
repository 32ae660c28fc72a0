//! The one error type of the supply engines.

use thiserror::Error;

/// Why a supply engine refused its input or could not finish.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SupplyError {
    /// An input value is out of its domain. `field` names it as the caller wrote it.
    #[error("invalid input `{field}`: {reason}")]
    InvalidInput {
        /// The offending field, e.g. `lead_time.std_dev_periods` or `periods[3].demand`.
        field: String,
        /// Why the value was rejected, in plain words.
        reason: String,
    },
    /// The model has no feasible plan.
    #[error("the plan is infeasible: {0}")]
    Infeasible(String),
    /// The objective can decrease without bound (a cost or bound is missing).
    #[error("the plan is unbounded: {0}")]
    Unbounded(String),
    /// The solver failed for another reason.
    #[error("solver failure: {0}")]
    Solver(String),
}

impl SupplyError {
    /// Builds an [`SupplyError::InvalidInput`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        SupplyError::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Checks that `value` is finite and `>= 0`.
pub(crate) fn check_non_negative(field: &str, value: f64) -> Result<(), SupplyError> {
    if !value.is_finite() {
        return Err(SupplyError::invalid(
            field,
            format!("must be a finite number, got {value}"),
        ));
    }
    if value < 0.0 {
        return Err(SupplyError::invalid(
            field,
            format!("must be >= 0, got {value}"),
        ));
    }
    Ok(())
}

/// Checks that `value` is finite and `> 0`.
pub(crate) fn check_positive(field: &str, value: f64) -> Result<(), SupplyError> {
    if !value.is_finite() {
        return Err(SupplyError::invalid(
            field,
            format!("must be a finite number, got {value}"),
        ));
    }
    if value <= 0.0 {
        return Err(SupplyError::invalid(
            field,
            format!("must be > 0, got {value}"),
        ));
    }
    Ok(())
}

/// Checks that `value` is a probability strictly between 0 and 1.
pub(crate) fn check_open_probability(field: &str, value: f64) -> Result<(), SupplyError> {
    if !(value.is_finite() && value > 0.0 && value < 1.0) {
        return Err(SupplyError::invalid(
            field,
            format!("must be strictly between 0 and 1, got {value}"),
        ));
    }
    Ok(())
}
