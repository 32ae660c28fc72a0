//! Classical decomposition, autocorrelation and the seasonality test.

/// Centred moving average of order `m` (a 2×m average when `m` is even), as in
/// classical decomposition (Kendall & Stuart; statsmodels' `seasonal_decompose`).
/// `None` where the window does not fit.
pub fn centred_moving_average(y: &[f64], m: usize) -> Vec<Option<f64>> {
    let n = y.len();
    if m <= 1 {
        return y.iter().map(|&v| Some(v)).collect();
    }
    let half = m / 2;
    let mut out = vec![None; n];
    if n <= 2 * half {
        return out;
    }
    for (t, slot) in out.iter_mut().enumerate().take(n - half).skip(half) {
        let value = if m % 2 == 1 {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        } else {
            let inner: f64 = y[t + 1 - half..t + half].iter().sum();
            (0.5 * y[t - half] + inner + 0.5 * y[t + half]) / m as f64
        };
        *slot = Some(value);
    }
    out
}

/// Normalises seasonal indices to mean 1 (multiplicative) or mean 0 (additive).
pub fn normalise(season: &mut [f64], multiplicative: bool) {
    if season.is_empty() {
        return;
    }
    let mean = season.iter().sum::<f64>() / season.len() as f64;
    for s in season.iter_mut() {
        if multiplicative {
            if mean.abs() > 1e-12 {
                *s /= mean;
            }
        } else {
            *s -= mean;
        }
    }
}

/// Least-squares line through `(t, values[t-1])`, `t = 1..=k`:
/// returns `(intercept, slope)` so that the fit at time `t` is `intercept + slope·t`.
pub fn linear_fit(values: &[f64]) -> (f64, f64) {
    let k = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean_t = (k + 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / k;
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (i, &v) in values.iter().enumerate() {
        let dt = (i + 1) as f64 - mean_t;
        sxy += dt * (v - mean_y);
        sxx += dt * dt;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (mean_y - slope * mean_t, slope)
}

/// Seasonal indices of a classical decomposition of the whole series, one per
/// position `t mod m` (statsmodels' `seasonal_decompose`): the series is divided
/// by (or has subtracted) its centred moving average, the ratios are averaged
/// per position and the indices normalised.
pub fn classical_seasonal_indices(y: &[f64], m: usize, multiplicative: bool) -> Vec<f64> {
    let trend = centred_moving_average(y, m);
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for (t, tr) in trend.iter().enumerate() {
        if let Some(tr) = tr {
            let v = if multiplicative { y[t] / tr } else { y[t] - tr };
            if v.is_finite() {
                sums[t % m] += v;
                counts[t % m] += 1;
            }
        }
    }
    let mut season: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| {
            if c > 0 {
                s / c as f64
            } else if multiplicative {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    normalise(&mut season, multiplicative);
    season
}

/// Seasonal indices of [`classical_seasonal_indices`] shrunk towards no
/// season by the positive-part James–Stein estimator of Miller & Williams
/// (2003), "Shrinkage estimators of time series seasonal factors and their
/// effect on forecasting accuracy", *IJF* 19(4):
///
/// `Ŝ_i = s̄ + max(0, 1 − (m − 3) σ̂² / Σ_j (S_j − s̄)²) (S_i − s̄)`
///
/// with `s̄` = 1 (multiplicative) or 0 (additive) and `σ̂²` the pooled sampling
/// variance of an index (the variance of its detrended values over the years
/// divided by their number). Noisy seasonal patterns are damped, clear ones
/// kept. No shrinkage for `m ≤ 3`.
pub fn shrunk_seasonal_indices(y: &[f64], m: usize, multiplicative: bool) -> Vec<f64> {
    let mut season = classical_seasonal_indices(y, m, multiplicative);
    if m <= 3 {
        return season;
    }
    let trend = centred_moving_average(y, m);
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); m];
    for (t, tr) in trend.iter().enumerate() {
        if let Some(tr) = tr {
            let v = if multiplicative { y[t] / tr } else { y[t] - tr };
            if v.is_finite() {
                values[t % m].push(v);
            }
        }
    }
    let mut variance_sum = 0.0;
    let mut counted = 0usize;
    for v in values.iter().filter(|v| v.len() >= 2) {
        let k = v.len() as f64;
        let mean = v.iter().sum::<f64>() / k;
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (k - 1.0);
        variance_sum += var / k;
        counted += 1;
    }
    if counted == 0 {
        return season;
    }
    let sigma2 = variance_sum / counted as f64;
    let centre = if multiplicative { 1.0 } else { 0.0 };
    let spread: f64 = season.iter().map(|s| (s - centre) * (s - centre)).sum();
    let weight = if spread > 0.0 {
        (1.0 - (m as f64 - 3.0) * sigma2 / spread).max(0.0)
    } else {
        0.0
    };
    for s in &mut season {
        *s = centre + weight * (*s - centre);
    }
    season
}

/// Sample autocorrelations `r_1..=r_max_lag` (the usual biased estimator).
pub fn acf(y: &[f64], max_lag: usize) -> Vec<f64> {
    let n = y.len();
    if n == 0 {
        return vec![0.0; max_lag];
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let denom: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    (1..=max_lag)
        .map(|lag| {
            if denom <= 0.0 || lag >= n {
                return 0.0;
            }
            let num: f64 = (lag..n).map(|t| (y[t] - mean) * (y[t - lag] - mean)).sum();
            num / denom
        })
        .collect()
}

/// Seasonality test of the Theta method (Assimakopoulos & Nikolopoulos, 2000;
/// the M4 benchmarks): seasonal when `|r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²)/n)`
/// (90% one-sided), as statsforecast's Theta models. Needs `m ≥ 2` and `n ≥ 2m`.
pub fn acf_seasonality_test(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m < 2 || n < 2 * m {
        return false;
    }
    let r = acf(y, m);
    let sum_sq: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = 1.645 * ((1.0 + 2.0 * sum_sq) / n as f64).sqrt();
    r[m - 1].abs() > limit
}

/// Least-squares fit of a linear trend plus one dummy per season position,
/// `x_t = b·t + d_{t mod m} + e_t`, with `x = ln y` (multiplicative) or `x = y`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendDummyRegression {
    /// Seasonal effects `d_j − mean(d)`, one per position `t mod m`.
    pub effects: Vec<f64>,
    /// Trend slope `b` per bucket.
    pub slope: f64,
    /// Residual sum of squares of the full model (trend + dummies).
    pub rss_full: f64,
    /// Residual sum of squares of the trend-only model (`x_t = a + b·t`).
    pub rss_trend: f64,
    /// Number of observations.
    pub n: usize,
    /// Observations per position, `k_j`.
    pub counts: Vec<usize>,
}

impl TrendDummyRegression {
    /// Fits the regression by the Frisch–Waugh–Lovell theorem: trend and data
    /// are centred within each position, the slope is the regression of the
    /// centred data on the centred time, and `d_j = x̄_j − b·t̄_j`. `None` when
    /// `m < 2`, `n < 2m`, or a logarithm is undefined.
    pub fn fit(y: &[f64], m: usize, multiplicative: bool) -> Option<Self> {
        let n = y.len();
        if m < 2 || n < 2 * m {
            return None;
        }
        if multiplicative && y.iter().any(|v| *v <= 0.0 || !v.is_finite()) {
            return None;
        }
        let x: Vec<f64> = if multiplicative {
            y.iter().map(|v| v.ln()).collect()
        } else {
            y.to_vec()
        };
        let mut x_sum = vec![0.0; m];
        let mut t_sum = vec![0.0; m];
        let mut counts = vec![0usize; m];
        for (t, v) in x.iter().enumerate() {
            x_sum[t % m] += v;
            t_sum[t % m] += t as f64;
            counts[t % m] += 1;
        }
        let x_mean: Vec<f64> = x_sum
            .iter()
            .zip(&counts)
            .map(|(s, &c)| s / c as f64)
            .collect();
        let t_mean: Vec<f64> = t_sum
            .iter()
            .zip(&counts)
            .map(|(s, &c)| s / c as f64)
            .collect();
        let mut sxy = 0.0;
        let mut sxx = 0.0;
        for (t, v) in x.iter().enumerate() {
            let dt = t as f64 - t_mean[t % m];
            sxy += dt * (v - x_mean[t % m]);
            sxx += dt * dt;
        }
        let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        let rss_full: f64 = x
            .iter()
            .enumerate()
            .map(|(t, v)| {
                let e = (v - x_mean[t % m]) - slope * (t as f64 - t_mean[t % m]);
                e * e
            })
            .sum();
        let (intercept, trend_slope) = linear_fit(&x);
        let rss_trend: f64 = x
            .iter()
            .enumerate()
            .map(|(t, v)| {
                let e = v - intercept - trend_slope * (t + 1) as f64;
                e * e
            })
            .sum();
        let mut effects: Vec<f64> = (0..m).map(|j| x_mean[j] - slope * t_mean[j]).collect();
        let centre = effects.iter().sum::<f64>() / m as f64;
        effects.iter_mut().for_each(|d| *d -= centre);
        Some(Self {
            effects,
            slope,
            rss_full,
            rss_trend,
            n,
            counts,
        })
    }

    /// Residual variance `σ̂² = RSS / (n − m − 1)` of the full model.
    pub fn residual_variance(&self) -> f64 {
        let dof = self.n as f64 - self.effects.len() as f64 - 1.0;
        if dof > 0.0 {
            self.rss_full / dof
        } else {
            f64::INFINITY
        }
    }

    /// p-value of the F test that all seasonal effects are zero:
    /// `F = ((RSS_trend − RSS_full)/(m − 1)) / (RSS_full/(n − m − 1))`,
    /// `F ~ F(m − 1, n − m − 1)` under no seasonality with independent
    /// normal errors (the usual nested-model test, e.g. Greene,
    /// *Econometric Analysis*, §5.3).
    pub fn seasonal_f_pvalue(&self) -> f64 {
        let m = self.effects.len() as f64;
        let d1 = m - 1.0;
        let d2 = self.n as f64 - m - 1.0;
        if d2 <= 0.0 {
            return 1.0;
        }
        let explained = (self.rss_trend - self.rss_full).max(0.0);
        if self.rss_full <= 0.0 {
            return if explained > 0.0 { 0.0 } else { 1.0 };
        }
        crate::stats::f_distribution_sf((explained / d1) / (self.rss_full / d2), d1, d2)
    }

    /// The seasonal effects shrunk towards zero by the positive-part
    /// James–Stein estimator (Miller & Williams, 2003):
    /// `d̂_j = max(0, 1 − (m − 3) σ̂_d² / Σ_i d_i²) · d_j`, with `σ̂_d² =
    /// σ̂² · mean_j(1/k_j)` the sampling variance of an effect. No shrinkage
    /// for `m ≤ 3`.
    pub fn shrunk_effects(&self) -> Vec<f64> {
        let m = self.effects.len();
        if m <= 3 {
            return self.effects.clone();
        }
        let inverse_counts = self
            .counts
            .iter()
            .map(|&c| 1.0 / c.max(1) as f64)
            .sum::<f64>()
            / m as f64;
        let effect_variance = self.residual_variance() * inverse_counts;
        let spread: f64 = self.effects.iter().map(|d| d * d).sum();
        let weight = if spread > 0.0 && effect_variance.is_finite() {
            (1.0 - (m as f64 - 3.0) * effect_variance / spread).max(0.0)
        } else {
            0.0
        };
        self.effects.iter().map(|d| weight * d).collect()
    }
}

/// Seasonal indices from [`TrendDummyRegression`], shrunk by James–Stein
/// ([`TrendDummyRegression::shrunk_effects`]): `exp(d̂_j)` normalised to mean 1
/// (multiplicative, positive data) or `d̂_j` (additive, mean 0).
///
/// Unlike the classical decomposition ([`classical_seasonal_indices`]), which
/// loses `m/2` observations at each end to the centred moving average and has
/// a single detrended value per position with two seasons of data, every
/// observation counts; with two or three seasons of history that is the
/// difference between an index made of one year's noise and a usable one.
/// `None` when the regression cannot be fitted (see [`TrendDummyRegression::fit`]).
pub fn regression_seasonal_indices(y: &[f64], m: usize, multiplicative: bool) -> Option<Vec<f64>> {
    let regression = TrendDummyRegression::fit(y, m, multiplicative)?;
    let effects = regression.shrunk_effects();
    let mut indices: Vec<f64> = if multiplicative {
        effects.iter().map(|d| d.exp()).collect()
    } else {
        effects
    };
    normalise(&mut indices, multiplicative);
    Some(indices)
}

/// Level of the seasonal-dummy F test in [`is_seasonal`].
pub const SEASONAL_F_TEST_LEVEL: f64 = 0.05;

/// Seasonality decision of the automatic forecast: the ACF test of the Theta
/// method ([`acf_seasonality_test`]) **or** the seasonal-dummy F test of
/// [`TrendDummyRegression`] (on logarithms for positive data) at 5%. Needs
/// `m ≥ 2` and `n ≥ 2m`.
///
/// The ACF test alone cannot detect seasonality in two or three seasons of
/// data: with `n = 2m` the biased lag-`m` autocorrelation of a perfectly
/// periodic series is at most about `(n − m)/n = 0.5`, while the bound
/// `1.645·sqrt((1 + 2Σ r_k²)/n)` of a smooth seasonal pattern is near 1. The
/// regression F test uses every observation and keeps its size for any `n > m + 1`.
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    if m < 2 || y.len() < 2 * m {
        return false;
    }
    if acf_seasonality_test(y, m) {
        return true;
    }
    let positive = y.iter().all(|v| *v > 0.0);
    TrendDummyRegression::fit(y, m, positive)
        .is_some_and(|regression| regression.seasonal_f_pvalue() < SEASONAL_F_TEST_LEVEL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_keeps_a_clean_season_and_damps_a_noisy_one() {
        let pattern = [1.3, 0.7, 1.1, 0.9];
        let clean: Vec<f64> = (0..40).map(|t| 100.0 * pattern[t % 4]).collect();
        let raw = classical_seasonal_indices(&clean, 4, true);
        let shrunk = shrunk_seasonal_indices(&clean, 4, true);
        for (a, b) in raw.iter().zip(&shrunk) {
            assert!((a - b).abs() < 1e-9);
        }
        // Noise without season: indices pulled towards 1.
        let noisy: Vec<f64> = (0..48)
            .map(|t| 100.0 + ((t * 7919) % 23) as f64 - 11.0)
            .collect();
        let raw = classical_seasonal_indices(&noisy, 12, true);
        let shrunk = shrunk_seasonal_indices(&noisy, 12, true);
        let dev = |v: &[f64]| v.iter().map(|s| (s - 1.0).abs()).sum::<f64>();
        assert!(dev(&shrunk) < dev(&raw), "{raw:?} {shrunk:?}");
    }

    /// The first three years of the airline passengers series (Box & Jenkins).
    const AIRLINE_36: [f64; 36] = [
        112.0, 118.0, 132.0, 129.0, 121.0, 135.0, 148.0, 148.0, 136.0, 119.0, 104.0, 118.0, 115.0,
        126.0, 141.0, 135.0, 125.0, 149.0, 170.0, 170.0, 158.0, 133.0, 114.0, 140.0, 145.0, 150.0,
        178.0, 163.0, 172.0, 178.0, 199.0, 199.0, 184.0, 162.0, 146.0, 166.0,
    ];

    fn check_all(name: &str, actual: &[f64], expected: &[f64], tol: f64) {
        assert_eq!(actual.len(), expected.len(), "{name}");
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() < tol, "{name}: {actual:?} vs {expected:?}");
        }
    }

    /// Reference values: numpy.linalg.lstsq on the design `[t, dummies]`,
    /// scipy.stats.f.sf for the p-value, James–Stein by its formula.
    #[test]
    fn trend_dummy_regression_matches_least_squares() {
        struct Case {
            multiplicative: bool,
            slope: f64,
            rss_full: f64,
            rss_trend: f64,
            pvalue: f64,
            effects: [f64; 12],
            indices: [f64; 12],
        }
        let cases = [
            Case {
                multiplicative: true,
                slope: 0.012_301_303_369_269_415,
                rss_full: 0.045_199_689_484_499_67,
                rss_trend: 0.493_632_428_321_409_86,
                pvalue: 2.257_665_619_772_574_6e-9,
                effects: [
                    -0.085_092_062_374_251_93,
                    -0.038_247_671_265_358_996,
                    0.081_365_537_946_448_19,
                    0.017_561_574_693_925_053,
                    -0.023_819_269_973_470_725,
                    0.070_348_051_645_089_17,
                    0.169_817_048_563_449_37,
                    0.157_515_745_194_182,
                    0.066_504_488_769_287_38,
                    -0.090_169_054_535_427_23,
                    -0.233_428_020_345_181_5,
                    -0.092_356_368_318_684_55,
                ],
                indices: [
                    0.916_240_855_794_768_4,
                    0.958_420_875_922_337_4,
                    1.075_144_633_543_919_4,
                    1.011_215_255_550_688_4,
                    0.971_799_694_711_747_1,
                    1.063_823_696_058_346,
                    1.170_509_046_433_646_3,
                    1.156_756_233_429_19,
                    1.059_902_382_504_279,
                    0.911_782_374_835_639_6,
                    0.794_536_724_694_508_1,
                    0.909_868_226_520_929_7,
                ],
            },
            Case {
                multiplicative: false,
                slope: 1.812_499_999_999_998,
                rss_full: 1_136.499_999_999_999_5,
                rss_trend: 10_601.988_159_588_158,
                pvalue: 1.288_200_331_241_215_6e-8,
                effects: [
                    -11.531_25,
                    -6.010_416_666_666_686,
                    11.177_083_333_333_371,
                    1.364_583_333_333_371_2,
                    -3.447_916_666_666_714,
                    9.406_250_000_000_057,
                    25.927_083_333_333_3,
                    24.114_583_333_333_385,
                    9.302_083_333_333_3,
                    -13.843_750_000_000_028,
                    -32.322_916_666_666_63,
                    -14.135_416_666_666_671,
                ],
                indices: [
                    -10.992_477_581_871_071,
                    -5.729_593_102_745_834,
                    10.654_858_577_549_867,
                    1.300_826_163_708_352,
                    -3.286_820_306_774_510_3,
                    8.966_763_555_943_666,
                    24.715_697_110_458_063,
                    22.987_882_205_990_605,
                    8.867_463_848_790_274,
                    -13.196_931_080_674_526,
                    -30.812_699_129_671_113,
                    -13.474_970_260_703_763,
                ],
            },
        ];
        for case in cases {
            let name = if case.multiplicative { "mult" } else { "add" };
            let fit =
                TrendDummyRegression::fit(&AIRLINE_36, 12, case.multiplicative).expect("fits");
            check_all(name, &[fit.slope], &[case.slope], 1e-9);
            check_all(
                name,
                &[fit.rss_full, fit.rss_trend],
                &[case.rss_full, case.rss_trend],
                1e-7,
            );
            assert!(
                (fit.seasonal_f_pvalue() / case.pvalue - 1.0).abs() < 1e-6,
                "{name}: {} vs {}",
                fit.seasonal_f_pvalue(),
                case.pvalue
            );
            check_all(name, &fit.effects, &case.effects, 1e-9);
            let indices =
                regression_seasonal_indices(&AIRLINE_36, 12, case.multiplicative).expect("fits");
            check_all(name, &indices, &case.indices, 1e-9);
        }
    }

    /// Regression (demo company, W-SHOE-25 forecast flat through its winter peak):
    /// with two seasons of history the ACF test cannot see even a clean season;
    /// the seasonal-dummy F test does.
    #[test]
    fn two_seasons_of_a_clear_season_are_seasonal() {
        let profile = [3.0, 2.5, 1.2, 0.6, 0.4, 0.3, 0.3, 0.4, 0.6, 1.0, 1.8, 2.9];
        let y: Vec<f64> = (0..24)
            .map(|t| {
                40.0 * profile[t % 12] * (1.0 + 0.05 * (((t * 7919) % 11) as f64 / 11.0 - 0.5))
            })
            .collect();
        assert!(!acf_seasonality_test(&y, 12));
        assert!(is_seasonal(&y, 12));
        let fit = TrendDummyRegression::fit(&y, 12, true).expect("fits");
        assert!(fit.seasonal_f_pvalue() < 1e-6);
        // Noise around a level is not seasonal.
        let noise: Vec<f64> = (0..24)
            .map(|t| 100.0 + 10.0 * (((t * 7919) % 23) as f64 / 23.0 - 0.5))
            .collect();
        let fit = TrendDummyRegression::fit(&noise, 12, true).expect("fits");
        assert!(
            fit.seasonal_f_pvalue() > 0.05,
            "{}",
            fit.seasonal_f_pvalue()
        );
    }

    #[test]
    fn line_fit_is_exact_on_a_line() {
        let (a, b) = linear_fit(&[3.0, 5.0, 7.0, 9.0]);
        assert!((a - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
    }

    #[test]
    fn detects_strong_season_and_not_noise() {
        let y: Vec<f64> = (0..48)
            .map(|t| 10.0 + [3.0, -1.0, -2.0, 0.0][t % 4])
            .collect();
        assert!(is_seasonal(&y, 4));
        let flat: Vec<f64> = (0..48).map(|t| 10.0 + (t as f64) * 0.1).collect();
        assert!(!is_seasonal(&flat, 12));
    }

    #[test]
    fn centred_average_even_order() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let ma = centred_moving_average(&y, 4);
        assert_eq!(ma[0], None);
        assert_eq!(ma[2], Some(3.0));
        assert_eq!(ma[3], Some(4.0));
        assert_eq!(ma[4], None);
    }
}
