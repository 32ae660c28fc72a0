//! Accumulates key-figure values into sorted [`Series`].

use std::collections::BTreeMap;

use fulcrum_core::{BucketIdx, Calendar, KeyFigure, Series, SeriesKey};

/// Collects values by key and bucket; horizon series span the horizon, history
/// series the history.
pub(crate) struct SeriesBuilder {
    history_len: usize,
    horizon_len: usize,
    values: BTreeMap<SeriesKey, Vec<f64>>,
}

impl SeriesBuilder {
    pub(crate) fn new(calendar: &Calendar) -> Self {
        SeriesBuilder {
            history_len: calendar.history_len(),
            horizon_len: calendar.horizon_len(),
            values: BTreeMap::new(),
        }
    }

    /// Adds `value` to the series `key` in timeline bucket `bucket`.
    pub(crate) fn add(&mut self, key: SeriesKey, bucket: BucketIdx, value: f64) {
        let is_history = key.figure == KeyFigure::SalesHistory;
        let (first, len) = if is_history {
            (0, self.history_len)
        } else {
            (self.history_len, self.horizon_len)
        };
        let Some(offset) = bucket.checked_sub(first).filter(|offset| *offset < len) else {
            return;
        };
        self.values.entry(key).or_insert_with(|| vec![0.0; len])[offset] += value;
    }

    /// Adds a whole series of horizon values (or history values for sales history);
    /// values beyond the series' span are dropped, as [`SeriesBuilder::add`] drops them.
    pub(crate) fn add_values(&mut self, key: SeriesKey, values: &[f64]) {
        let len = if key.figure == KeyFigure::SalesHistory {
            self.history_len
        } else {
            self.horizon_len
        };
        let slot = self.values.entry(key).or_insert_with(|| vec![0.0; len]);
        for (sum, value) in slot.iter_mut().zip(values) {
            *sum += value;
        }
    }

    pub(crate) fn add_location(
        &mut self,
        figure: KeyFigure,
        location: &str,
        bucket: BucketIdx,
        value: f64,
    ) {
        let key = SeriesKey {
            location: Some(location.to_string()),
            ..SeriesKey::total(figure)
        };
        self.add(key, bucket, value);
    }

    /// Sorted series.
    pub(crate) fn finish(self) -> Vec<Series> {
        let history_len = self.history_len;
        self.values
            .into_iter()
            .map(|(key, values)| Series {
                first_bucket: if key.figure == KeyFigure::SalesHistory {
                    0
                } else {
                    history_len
                },
                key,
                values,
            })
            .collect()
    }
}

/// Adds item-location values to the item-location series, the top-level family
/// series and the company total of `figure`.
pub(crate) fn add_rolled_up(
    series: &mut SeriesBuilder,
    dataset: &fulcrum_core::Dataset,
    figure: KeyFigure,
    (item, location): (&str, &str),
    values: &[f64],
) {
    series.add_values(SeriesKey::item_location(figure, item, location), values);
    if let Some(item_data) = dataset.item(item) {
        let family = dataset.root_family(&item_data.family);
        series.add_values(SeriesKey::family(figure, family), values);
    }
    series.add_values(SeriesKey::total(figure), values);
}
