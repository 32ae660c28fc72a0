//! Import/export benchmark: the demo company with its sales history copied to
//! `SCALE` times as many customers, through CSV in memory and an XLSX workbook.
//!
//! Prints one JSON object. Next to each absolute time it reports a ratio to a
//! peer run in the same process on the same bytes (the `csv` crate only
//! splitting the files into records), which is steadier than seconds on a
//! shared machine.
//!
//! ```text
//! cargo run --release -p fulcrum-io --example io_bench -- [SCALE] > io.json
//! ```

use std::time::Instant;

use fulcrum_core::{Customer, Dataset, SalesRecord};

/// The demo company with every sales record repeated for `scale` copies of each customer.
fn scaled_demo(scale: usize) -> Dataset {
    let mut dataset = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let customers = dataset.customers.clone();
    let sales = dataset.sales.clone();
    for copy in 1..scale {
        dataset
            .customers
            .extend(customers.iter().map(|customer| Customer {
                code: format!("{}-{copy}", customer.code),
                ..customer.clone()
            }));
        dataset.sales.extend(sales.iter().map(|sale| SalesRecord {
            customer: format!("{}-{copy}", sale.customer),
            ..sale.clone()
        }));
    }
    dataset
}

/// Best of `runs` wall-clock times of `work`, in seconds.
fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(work());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scale: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 10,
    };
    let runs = 3;
    let dataset = scaled_demo(scale.max(1));
    let files = fulcrum_io::export_csv_files(&dataset);
    let csv_bytes: usize = files.iter().map(|(_, bytes)| bytes.len()).sum();

    let peer_split = best_of(runs, || {
        let mut n_records = 0usize;
        for (_, bytes) in &files {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            let mut record = csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).unwrap_or(false) {
                n_records += 1;
            }
        }
        n_records
    });
    let export_csv = best_of(runs, || fulcrum_io::export_csv_files(&dataset));
    let import_csv = best_of(runs, || fulcrum_io::import_csv_files(&files).is_ok());
    if let Err(error) = fulcrum_io::import_csv_files(&files) {
        return Err(format!("the scaled demo does not import:\n{error}").into());
    }

    let dir = std::env::temp_dir().join(format!("fulcrum-io-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let book = dir.join("bench.xlsx");
    let export_xlsx = best_of(runs, || fulcrum_io::export_xlsx(&dataset, &book).is_ok());
    let import_xlsx = best_of(runs, || fulcrum_io::import_path(&book).is_ok());
    let xlsx_bytes = std::fs::metadata(&book)?.len();
    std::fs::remove_dir_all(&dir)?;

    println!("{{");
    println!("  \"scale\": {scale},");
    println!("  \"sales_rows\": {},", dataset.sales.len());
    println!("  \"csv_bytes\": {csv_bytes},");
    println!("  \"xlsx_bytes\": {xlsx_bytes},");
    println!("  \"runs\": {runs},");
    println!("  \"peer_csv_split_seconds\": {peer_split:.6},");
    println!("  \"export_csv_seconds\": {export_csv:.6},");
    println!("  \"import_csv_seconds\": {import_csv:.6},");
    println!("  \"export_xlsx_seconds\": {export_xlsx:.6},");
    println!("  \"import_xlsx_seconds\": {import_xlsx:.6},");
    println!(
        "  \"import_csv_over_peer\": {:.2},",
        import_csv / peer_split
    );
    println!(
        "  \"export_csv_over_peer\": {:.2},",
        export_csv / peer_split
    );
    println!(
        "  \"import_csv_mb_per_second\": {:.1}",
        csv_bytes as f64 / 1e6 / import_csv
    );
    println!("}}");
    Ok(())
}
