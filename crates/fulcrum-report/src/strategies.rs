//! The constrained plan's strategies side by side: the total cost of every strategy
//! the cycle solved on the same problem (KPIs `strategy_cost_*`), with the difference
//! to the cheapest and a bar of that difference (costs themselves differ by a few
//! percent, so bars of the totals would all look alike), the one in the plan marked.

use std::fmt::Write;

use fulcrum_core::Plan;

use crate::format::{escape_html, format_money};

/// KPI code prefix of a strategy's cost; the rest is the strategy name.
const PREFIX: &str = "strategy_cost_";
/// Marks the label of the strategy the plan follows (set by the cycle).
const IN_PLAN: &str = "(this plan)";

/// Writes the section; nothing when the plan has no strategy costs (no constrained
/// plan was solved).
pub(crate) fn strategy_section(out: &mut String, plan: &Plan, currency: &str) {
    let strategies: Vec<(&str, f64, bool)> = plan
        .kpis
        .iter()
        .filter_map(|kpi| {
            let name = kpi.code.strip_prefix(PREFIX)?;
            Some((name, kpi.value, kpi.label.ends_with(IN_PLAN)))
        })
        .collect();
    let Some(cheapest) = strategies
        .iter()
        .map(|&(_, cost, _)| cost)
        .min_by(f64::total_cmp)
    else {
        return;
    };
    let widest = strategies
        .iter()
        .map(|&(_, cost, _)| cost - cheapest)
        .fold(0.0, f64::max);
    let _ = write!(
        out,
        "<section id=\"strategies\"><h2>Constrained plan strategies</h2><p class=\"lead\">\
         The total cost of each strategy solved on the same families, resources and \
         materials: level (one production rate), chase (no stock built ahead), mixed (the \
         planner's fixes hold, the rest is optimised) and cost-optimal.</p>\
         <table class=\"strategies\"><thead><tr><th>Strategy</th><th class=\"num\">Total cost</th>\
         <th class=\"num\">More than the cheapest</th><th></th></tr></thead><tbody>"
    );
    for (name, cost, in_plan) in strategies {
        let extra = cost - cheapest;
        let share = if cheapest > 0.0 {
            format!(" ({:.1}%)", 100.0 * extra / cheapest)
        } else {
            String::new()
        };
        let width = if widest > 0.0 {
            100.0 * extra / widest
        } else {
            0.0
        };
        let _ = write!(
            out,
            "<tr{class}><td>{name}{mark}</td><td class=\"num\">{cost}</td><td class=\"num\">{extra}{share}</td>\
             <td class=\"bar-cell\"><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" \
             aria-label=\"{name}: {extra} more than the cheapest\"><rect class=\"bar\" x=\"0\" y=\"1\" width=\"{width:.2}\" height=\"8\"/></svg></td></tr>",
            class = if in_plan { " class=\"in-plan\"" } else { "" },
            name = escape_html(name),
            mark = if in_plan {
                " <b>· in this plan</b>"
            } else {
                ""
            },
            cost = escape_html(&format_money(cost, currency)),
            extra = escape_html(&format_money(extra, currency)),
        );
    }
    out.push_str("</tbody></table></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use fulcrum_core::{Calendar, Kpi, KpiUnit, YearMonth};

    fn plan(kpis: Vec<Kpi>) -> Plan {
        Plan {
            calendar: Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, 18)
                .expect("calendar"),
            series: vec![],
            planned_orders: vec![],
            pegging: vec![],
            kpis,
            forecast_models: vec![],
            safety_stocks: vec![],
            exceptions: vec![],
        }
    }

    fn cost(name: &str, value: f64, label: &str) -> Kpi {
        Kpi {
            code: format!("{PREFIX}{name}"),
            label: label.into(),
            value,
            unit: KpiUnit::Money,
        }
    }

    #[test]
    fn rows_compare_each_strategy_with_the_cheapest() {
        let mut out = String::new();
        strategy_section(
            &mut out,
            &plan(vec![
                cost(
                    "optimal",
                    1_000.0,
                    "Constrained plan cost, optimal strategy (this plan)",
                ),
                cost("level", 1_250.0, "Constrained plan cost, level strategy"),
            ]),
            "EUR",
        );
        assert!(out.contains("<tr class=\"in-plan\"><td>optimal <b>· in this plan</b></td><td class=\"num\">€1,000</td><td class=\"num\">€0 (0.0%)</td>"), "{out}");
        assert!(
            out.contains(
                "<td>level</td><td class=\"num\">€1,250</td><td class=\"num\">€250 (25.0%)</td>"
            ),
            "{out}"
        );
        assert!(out.contains("width=\"0.00\"") && out.contains("width=\"100.00\""));
    }

    #[test]
    fn no_section_without_strategy_costs() {
        let mut out = String::new();
        strategy_section(&mut out, &plan(vec![]), "EUR");
        assert!(out.is_empty());
    }
}
