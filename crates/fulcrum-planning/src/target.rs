//! What an edit addresses, typed as people type it: a product node (family or
//! item code), optional location and customer nodes, and a period label
//! (`2026-05`, `2026-Q2`, `2026`), checked against the dataset.

use fulcrum_core::{Calendar, Dataset};
use fulcrum_workspace::{Grain, NodeSelector, Period, grain};

/// The horizon period labelled `text`: a month (`2026-05`), a quarter
/// (`2026-Q2`, any case) or a year (`2026`).
pub fn parse_period(calendar: &Calendar, text: &str) -> Result<Period, String> {
    let text = text.trim();
    let grain = if text.contains("-Q") || text.contains("-q") {
        Grain::Quarter
    } else if text.contains('-') {
        Grain::Month
    } else {
        Grain::Year
    };
    let wanted = text.to_uppercase();
    (0..grain::count(calendar, grain))
        .map(|index| Period { grain, index })
        .find(|p| grain::label(calendar, *p) == wanted)
        .ok_or_else(|| {
            let horizon = calendar.horizon();
            format!(
                "'{}' is not a period of the horizon: give a month (2026-05), quarter (2026-Q2) or year (2026) from {} to {}",
                shown(text),
                calendar.label(horizon.start),
                calendar.label(horizon.end - 1)
            )
        })
}

/// The selector of a product node (family or item) and optional location
/// (region or location) and customer (channel or customer) nodes; each code
/// must exist. The error names the field.
pub fn selector(
    dataset: &Dataset,
    product: Option<&str>,
    location: Option<&str>,
    customer: Option<&str>,
) -> Result<NodeSelector, (&'static str, String)> {
    let product = product.map(str::trim).filter(|code| !code.is_empty());
    let location = location.map(str::trim).filter(|code| !code.is_empty());
    let customer = customer.map(str::trim).filter(|code| !code.is_empty());
    if let Some(code) = product
        && !dataset.families.iter().any(|f| f.code == code)
        && dataset.item(code).is_none()
    {
        return Err((
            "product",
            format!("no family or item is coded '{}'", shown(code)),
        ));
    }
    if let Some(code) = location
        && !dataset.locations.iter().any(|l| l.code == code)
        && !dataset.regions.iter().any(|r| r.code == code)
    {
        return Err((
            "location",
            format!("no region or location is coded '{}'", shown(code)),
        ));
    }
    if let Some(code) = customer
        && !dataset.customers.iter().any(|c| c.code == code)
        && !dataset.channels.iter().any(|c| c.code == code)
    {
        return Err((
            "customer",
            format!("no channel or customer is coded '{}'", shown(code)),
        ));
    }
    Ok(NodeSelector {
        product: product.map(str::to_string),
        location: location.map(str::to_string),
        customer: customer.map(str::to_string),
    })
}

/// `text` cut at 40 characters for messages.
pub(crate) fn shown(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}
