//! Reading CSV bytes into a [`RawSheet`].

use crate::problem::Problems;
use crate::table::RawSheet;

/// Splits CSV bytes into rows of cells. Rows are numbered by the line they start
/// on (header = 1). A leading UTF-8 byte-order mark is ignored; rows that are not
/// valid UTF-8 are reported. Returns `None` (after reporting) when the bytes
/// are not CSV at all before the first row.
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
    let mut lines = LineCounter::default();
    loop {
        let number = lines.line_at(bytes, reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let number = record
                    .position()
                    .map_or(number, |position| lines.line_at(bytes, position.byte()));
                // Invalid UTF-8 is reported and decoded lossily, so the row's
                // codes still count and references to them are not misreported.
                if record
                    .iter()
                    .any(|field| std::str::from_utf8(field).is_err())
                {
                    problems.push(rank, label, Some(number), None, "row is not valid UTF-8");
                }
                let cells = record
                    .iter()
                    .map(|field| String::from_utf8_lossy(field).into_owned())
                    .collect();
                sheet.rows.push((number, cells));
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

/// Line numbers from byte offsets, counted incrementally.
///
/// The `csv` crate's own line numbers do not count line breaks inside quoted
/// cells or blank lines, and a record's byte position is where the previous
/// record ended; this skips those line breaks and counts every `\n` before the
/// record's first byte, so rows are numbered as an editor shows them.
#[derive(Debug, Default)]
struct LineCounter {
    counted_to: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], offset: u64) -> usize {
        let mut start = usize::try_from(offset)
            .unwrap_or(bytes.len())
            .min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.counted_to {
            self.newlines += bytes[self.counted_to..start]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count();
            self.counted_to = start;
        }
        self.newlines + 1
    }
}
