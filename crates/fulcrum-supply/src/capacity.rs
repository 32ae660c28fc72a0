//! Rough-cut capacity planning: the load a plan puts on each resource in each bucket,
//! against the capacity available, with utilisation and plain-word overloads.
//!
//! Load comes from a bill of resources: hours per unit of a product on a resource,
//! optionally placed a number of buckets before the bucket in which the product is
//! completed (the lead-time offset of the operation). Effective capacity is the
//! available hours times the resource's efficiency.

use std::collections::BTreeMap;

use crate::error::{SupplyError, check_non_negative, check_positive};

/// A resource and the hours it offers per bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Name used in reports (e.g. "Press-2").
    pub name: String,
    /// Available (calendar) hours per bucket.
    pub available_hours: Vec<f64>,
    /// Fraction of available hours that produce output (0 < efficiency ≤ 1 usually; > 1 allowed).
    pub efficiency: f64,
}

/// One line of the bill of resources.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResourceLoad {
    /// Product index (row of `planned_quantities`).
    pub product: usize,
    /// Resource index.
    pub resource: usize,
    /// Standard hours per unit of the product.
    pub hours_per_unit: f64,
    /// How many buckets before completion the load falls (0 = same bucket).
    pub offset_buckets: usize,
}

/// Inputs of [`rough_cut_capacity`].
#[derive(Debug, Clone, PartialEq)]
pub struct RoughCutInput {
    /// Bucket labels (e.g. "2026-03"); their count is the horizon.
    pub buckets: Vec<String>,
    /// Product names, one per row of `planned_quantities`.
    pub products: Vec<String>,
    /// Planned completions per product and bucket.
    pub planned_quantities: Vec<Vec<f64>>,
    /// Resources.
    pub resources: Vec<Resource>,
    /// Bill of resources.
    pub bill_of_resources: Vec<ResourceLoad>,
}

/// Load of one resource in one bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketLoad {
    /// Required standard hours.
    pub required_hours: f64,
    /// Available hours × efficiency.
    pub effective_capacity: f64,
    /// `required / effective`; infinite when load meets zero capacity.
    pub utilisation: f64,
    /// Hours above effective capacity (0 if none).
    pub overload_hours: f64,
}

/// Load profile of one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceProfile {
    /// Resource name.
    pub resource: String,
    /// One entry per bucket.
    pub buckets: Vec<BucketLoad>,
    /// Hours whose offset places them before the first bucket (already late).
    pub past_due_hours: f64,
}

/// An overload, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Overload {
    /// Resource index.
    pub resource: usize,
    /// Bucket index.
    pub bucket: usize,
    /// Hours above effective capacity.
    pub overload_hours: f64,
    /// Plain-word explanation naming the resource, the bucket and the largest loads.
    pub explanation: String,
}

/// Result of [`rough_cut_capacity`].
#[derive(Debug, Clone, PartialEq)]
pub struct RoughCutReport {
    /// One profile per resource, in input order.
    pub profiles: Vec<ResourceProfile>,
    /// Every overloaded resource-bucket, by resource then bucket.
    pub overloads: Vec<Overload>,
}

fn validate(input: &RoughCutInput) -> Result<(), SupplyError> {
    let n_buckets = input.buckets.len();
    if input.planned_quantities.len() != input.products.len() {
        return Err(SupplyError::invalid(
            "planned_quantities",
            format!(
                "has {} rows but there are {} products",
                input.planned_quantities.len(),
                input.products.len()
            ),
        ));
    }
    for (p, row) in input.planned_quantities.iter().enumerate() {
        if row.len() != n_buckets {
            return Err(SupplyError::invalid(
                format!("planned_quantities[{p}]"),
                format!("has {} buckets but the horizon has {n_buckets}", row.len()),
            ));
        }
        for (b, &q) in row.iter().enumerate() {
            check_non_negative(&format!("planned_quantities[{p}][{b}]"), q)?;
        }
    }
    for (r, res) in input.resources.iter().enumerate() {
        if res.available_hours.len() != n_buckets {
            return Err(SupplyError::invalid(
                format!("resources[{r}].available_hours"),
                format!(
                    "has {} buckets but the horizon has {n_buckets}",
                    res.available_hours.len()
                ),
            ));
        }
        for (b, &h) in res.available_hours.iter().enumerate() {
            check_non_negative(&format!("resources[{r}].available_hours[{b}]"), h)?;
        }
        check_positive(&format!("resources[{r}].efficiency"), res.efficiency)?;
    }
    for (k, line) in input.bill_of_resources.iter().enumerate() {
        if line.product >= input.products.len() {
            return Err(SupplyError::invalid(
                format!("bill_of_resources[{k}].product"),
                format!("no product #{}", line.product),
            ));
        }
        if line.resource >= input.resources.len() {
            return Err(SupplyError::invalid(
                format!("bill_of_resources[{k}].resource"),
                format!("no resource #{}", line.resource),
            ));
        }
        check_non_negative(
            &format!("bill_of_resources[{k}].hours_per_unit"),
            line.hours_per_unit,
        )?;
    }
    Ok(())
}

/// Computes the load profile of every resource and lists the overloads.
pub fn rough_cut_capacity(input: &RoughCutInput) -> Result<RoughCutReport, SupplyError> {
    validate(input)?;
    let n_buckets = input.buckets.len();
    let n_resources = input.resources.len();
    let mut required = vec![vec![0.0; n_buckets]; n_resources];
    // Contribution of each product to each resource-bucket, for explanations.
    let mut contributions: Vec<Vec<Vec<(usize, f64)>>> =
        vec![vec![Vec::new(); n_buckets]; n_resources];
    let mut past_due = vec![0.0; n_resources];
    for line in &input.bill_of_resources {
        for (bucket, &quantity) in input.planned_quantities[line.product].iter().enumerate() {
            let hours = quantity * line.hours_per_unit;
            if hours == 0.0 {
                continue;
            }
            match bucket.checked_sub(line.offset_buckets) {
                Some(load_bucket) => {
                    required[line.resource][load_bucket] += hours;
                    contributions[line.resource][load_bucket].push((line.product, hours));
                }
                None => past_due[line.resource] += hours,
            }
        }
    }
    let mut profiles = Vec::with_capacity(n_resources);
    let mut overloads = Vec::new();
    for (r, resource) in input.resources.iter().enumerate() {
        let mut buckets = Vec::with_capacity(n_buckets);
        for b in 0..n_buckets {
            let effective_capacity = resource.available_hours[b] * resource.efficiency;
            let required_hours = required[r][b];
            let utilisation = if effective_capacity > 0.0 {
                required_hours / effective_capacity
            } else if required_hours > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
            let overload_hours = (required_hours - effective_capacity).max(0.0);
            // Solver noise below a millionth of the capacity is no overload.
            if overload_hours > 1e-6 * effective_capacity.max(1.0) {
                overloads.push(Overload {
                    resource: r,
                    bucket: b,
                    overload_hours,
                    explanation: explain_overload(
                        input,
                        r,
                        b,
                        required_hours,
                        effective_capacity,
                        &contributions[r][b],
                    ),
                });
            }
            buckets.push(BucketLoad {
                required_hours,
                effective_capacity,
                utilisation,
                overload_hours,
            });
        }
        profiles.push(ResourceProfile {
            resource: resource.name.clone(),
            buckets,
            past_due_hours: past_due[r],
        });
    }
    Ok(RoughCutReport {
        profiles,
        overloads,
    })
}

fn explain_overload(
    input: &RoughCutInput,
    resource: usize,
    bucket: usize,
    required: f64,
    capacity: f64,
    contributions: &[(usize, f64)],
) -> String {
    let res = &input.resources[resource];
    // Per product (a map: thousands of products may load one bucket).
    let mut totals: BTreeMap<usize, f64> = BTreeMap::new();
    for &(product, hours) in contributions {
        totals
            .entry(product)
            .and_modify(|total| *total += hours)
            .or_insert(hours);
    }
    let mut by_product: Vec<(usize, f64)> = totals.into_iter().collect();
    // Largest first; ties by product order so the text is deterministic.
    by_product.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = by_product
        .iter()
        .take(3)
        .map(|&(p, h)| format!("{} {h:.1} h", input.products[p]))
        .collect();
    let capacity_words = if capacity > 0.0 {
        format!(
            "{capacity:.1} h available ({:.1} h × {:.0}% efficiency)",
            res.available_hours[bucket],
            res.efficiency * 100.0
        )
    } else {
        "no hours available".to_string()
    };
    let utilisation = if capacity > 0.0 {
        format!("{:.0}%", required / capacity * 100.0)
    } else {
        "∞".to_string()
    };
    format!(
        "{} in {} needs {required:.1} h but has {capacity_words}: overloaded by {:.1} h ({utilisation} utilisation); largest loads: {}.",
        res.name,
        input.buckets[bucket],
        required - capacity,
        top.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RoughCutInput {
        RoughCutInput {
            buckets: vec!["Jan".into(), "Feb".into(), "Mar".into()],
            products: vec!["A".into(), "B".into()],
            planned_quantities: vec![vec![100.0, 150.0, 100.0], vec![50.0, 50.0, 80.0]],
            resources: vec![
                Resource {
                    name: "Press-2".into(),
                    available_hours: vec![160.0, 160.0, 160.0],
                    efficiency: 0.9,
                },
                Resource {
                    name: "Paint".into(),
                    available_hours: vec![100.0, 0.0, 100.0],
                    efficiency: 1.0,
                },
            ],
            bill_of_resources: vec![
                ResourceLoad {
                    product: 0,
                    resource: 0,
                    hours_per_unit: 1.0,
                    offset_buckets: 0,
                },
                ResourceLoad {
                    product: 1,
                    resource: 0,
                    hours_per_unit: 0.5,
                    offset_buckets: 0,
                },
                ResourceLoad {
                    product: 1,
                    resource: 1,
                    hours_per_unit: 1.0,
                    offset_buckets: 1,
                },
            ],
        }
    }

    #[test]
    fn loads_utilisation_and_overloads() {
        let report = rough_cut_capacity(&input()).expect("valid");
        let press = &report.profiles[0];
        // Jan: 100·1 + 50·0.5 = 125 h against 144 h; Feb: 150 + 25 = 175 h against 144 h.
        assert_eq!(press.buckets[0].required_hours, 125.0);
        assert!((press.buckets[0].effective_capacity - 144.0).abs() < 1e-9);
        assert!((press.buckets[1].overload_hours - 31.0).abs() < 1e-9);
        assert!((press.buckets[2].utilisation - 140.0 / 144.0).abs() < 1e-12);
        // Paint loads B one bucket early: Jan gets Feb's 50, Feb gets Mar's 80, Jan's 50 is past due.
        let paint = &report.profiles[1];
        assert_eq!(paint.past_due_hours, 50.0);
        assert_eq!(paint.buckets[0].required_hours, 50.0);
        assert_eq!(paint.buckets[1].required_hours, 80.0);
        assert_eq!(paint.buckets[1].utilisation, f64::INFINITY);
        assert_eq!(report.overloads.len(), 2);
        assert_eq!(
            report.overloads[0].explanation,
            "Press-2 in Feb needs 175.0 h but has 144.0 h available (160.0 h × 90% efficiency): overloaded by 31.0 h (122% utilisation); largest loads: A 150.0 h, B 25.0 h."
        );
        assert_eq!(
            report.overloads[1].explanation,
            "Paint in Feb needs 80.0 h but has no hours available: overloaded by 80.0 h (∞ utilisation); largest loads: B 80.0 h."
        );
    }

    #[test]
    fn bad_input_is_named() {
        let mut bad = input();
        bad.resources[1].available_hours.pop();
        let err = rough_cut_capacity(&bad);
        assert!(
            matches!(err, Err(SupplyError::InvalidInput { ref field, .. }) if field == "resources[1].available_hours")
        );
        let mut bad = input();
        bad.bill_of_resources[2].resource = 7;
        let err = rough_cut_capacity(&bad);
        assert!(
            matches!(err, Err(SupplyError::InvalidInput { ref field, .. }) if field == "bill_of_resources[2].resource")
        );
    }
}
