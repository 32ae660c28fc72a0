//! Reading CSV bytes into a [`RawSheet`].

use crate::problem::Problems;
use crate::table::RawSheet;

/// Splits CSV bytes into rows of cells. Rows are numbered by the line they start
/// on (header = 1). A leading UTF-8 byte-order mark is ignored; rows that are not
/// valid UTF-8 are reported and left out. Returns `None` (after reporting) when
/// not even the header row can be read.
pub(crate) fn read_csv(
    rank: usize,
    label: &str,
    bytes: &[u8],
    problems: &mut Problems,
) -> Option<RawSheet> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut sheet = RawSheet {
        rows: Vec::new(),
        first_column: 1,
    };
    let mut record = csv::ByteRecord::new();
    loop {
        let number = usize::try_from(reader.position().line()).unwrap_or(usize::MAX);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let number = record
                    .position()
                    .and_then(|position| usize::try_from(position.line()).ok())
                    .unwrap_or(number);
                let mut cells = Vec::with_capacity(record.len());
                let mut valid = true;
                for field in record.iter() {
                    match std::str::from_utf8(field) {
                        Ok(text) => cells.push(text.to_string()),
                        Err(_) => {
                            valid = false;
                            break;
                        }
                    }
                }
                if valid {
                    sheet.rows.push((number, cells));
                } else {
                    problems.push(rank, label, Some(number), None, "row is not valid UTF-8");
                    if sheet.rows.is_empty() {
                        // Without a header nothing else can be checked.
                        return None;
                    }
                }
            }
            Err(error) => {
                problems.push(
                    rank,
                    label,
                    Some(number),
                    None,
                    format!("unreadable CSV: {error}"),
                );
                return (!sheet.rows.is_empty()).then_some(sheet);
            }
        }
    }
    Some(sheet)
}
