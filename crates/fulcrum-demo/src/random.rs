//! Seeded random streams and the few distributions the generator needs.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The independent random streams of the generator, one per concern, so that
/// changing how one part draws numbers does not reshuffle the others.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    Prices = 1,
    Demand = 2,
    Sales = 3,
    Stock = 4,
    Budget = 6,
}

/// A ChaCha8 generator for `seed` on the given stream.
pub(crate) fn stream(seed: u64, stream: Stream) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream as u64);
    rng
}

/// Uniform in `[low, high)`.
pub(crate) fn uniform(rng: &mut ChaCha8Rng, low: f64, high: f64) -> f64 {
    low + (high - low) * rng.random::<f64>()
}

/// A standard normal draw (Box–Muller).
pub(crate) fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Poisson draw with mean `lambda` (Knuth below 30, normal approximation above).
pub(crate) fn poisson(rng: &mut ChaCha8Rng, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 0.0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let mut product = rng.random::<f64>();
        let mut count = 0.0;
        while product > limit {
            product *= rng.random::<f64>();
            count += 1.0;
        }
        count
    } else {
        (lambda + lambda.sqrt() * normal(rng)).round().max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_mean_is_close_to_lambda() {
        let mut rng = stream(7, Stream::Sales);
        for lambda in [0.5, 4.0, 80.0] {
            let n = 20_000;
            let mean = (0..n).map(|_| poisson(&mut rng, lambda)).sum::<f64>() / n as f64;
            assert!(
                (mean - lambda).abs() < 0.05 * lambda + 0.02,
                "{lambda}: {mean}"
            );
        }
    }

    #[test]
    fn streams_differ_and_repeat() {
        let a: Vec<u32> = (0..4).map(|_| stream(1, Stream::Demand).random()).collect();
        let b: Vec<u32> = (0..4).map(|_| stream(1, Stream::Demand).random()).collect();
        assert_eq!(a, b);
        let c: u32 = stream(1, Stream::Sales).random();
        assert_ne!(a[0], c);
    }
}
