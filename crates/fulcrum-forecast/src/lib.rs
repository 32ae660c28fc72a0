//! Fulcrum's statistical forecasting engine (being written).

/// Seasonal naive forecast: repeats the last full season of `history`.
///
/// With fewer than `season_length` observations, repeats the last observation;
/// with none, forecasts zero.
pub fn seasonal_naive(history: &[f64], season_length: usize, horizon: usize) -> Vec<f64> {
    let m = season_length.max(1);
    if history.is_empty() {
        return vec![0.0; horizon];
    }
    if history.len() < m {
        return vec![history[history.len() - 1]; horizon];
    }
    let last_season = &history[history.len() - m..];
    (0..horizon).map(|h| last_season[h % m]).collect()
}
