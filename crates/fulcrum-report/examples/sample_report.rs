//! Writes the sample plan's report to a file (default `/tmp/report.html`) and
//! prints the terminal table.
//!
//! `cargo run -p fulcrum-report --example sample_report -- /tmp/report.html`

use fulcrum_report::{ReportInput, render_html, render_text, sample::sample_plan};

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/report.html".to_string());
    let plan = sample_plan();
    let input = ReportInput {
        company: "Velo & Co <Bicycles>",
        currency: "EUR",
        version_name: "2026-01 consensus",
        plan: &plan,
    };
    std::fs::write(&path, render_html(&input))?;
    print!("{}", render_text(&input));
    println!("\nwrote {path}");
    Ok(())
}
