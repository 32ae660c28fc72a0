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
        ragged: Default::default(),
    };
    let mut record = csv::ByteRecord::new();
    // (row, first field) of rows that are not valid UTF-8, reported once the
    // header is known so the column can be named.
    let mut invalid_utf8: Vec<(usize, usize)> = Vec::new();
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
                if let Some(field) = record
                    .iter()
                    .position(|field| std::str::from_utf8(field).is_err())
                {
                    invalid_utf8.push((number, field));
                }
                let cells = record
                    .iter()
                    .map(|field| String::from_utf8_lossy(field).into_owned())
                    .collect();
                sheet.rows.push((number, cells));
            }
            Err(error) => {
                report_invalid_utf8(rank, label, &sheet, &invalid_utf8, problems);
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
    report_invalid_utf8(rank, label, &sheet, &invalid_utf8, problems);
    check_field_counts(rank, label, bytes, &mut sheet, problems);
    Some(sheet)
}

/// The name of the column at `position` (0-based) under `header`: its header
/// name, or `column N` (1-based) when it has none.
fn column_name(header: Option<&[String]>, position: usize) -> String {
    match header
        .and_then(|header| header.get(position))
        .map(|name| name.trim())
    {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => format!("column {}", position + 1),
    }
}

/// Reports each row that is not valid UTF-8 at its first bad field's column
/// (named by position on the header row itself).
fn report_invalid_utf8(
    rank: usize,
    label: &str,
    sheet: &RawSheet,
    invalid: &[(usize, usize)],
    problems: &mut Problems,
) {
    let header = sheet
        .rows
        .iter()
        .find(|(_, cells)| cells.iter().any(|cell| !cell.trim().is_empty()));
    for &(row, field) in invalid {
        let header = header
            .filter(|(number, _)| *number != row)
            .map(|(_, cells)| cells.as_slice());
        let column = column_name(header, field);
        problems.push(rank, label, Some(row), Some(&column), "not valid UTF-8");
    }
}

/// Reports every row whose number of fields differs from the header's, and a
/// file that ends inside a quoted value (cut off mid-row). Such rows are marked
/// ragged: their codes still count for references, but they are not imported.
///
/// Rows whose cells are all empty are ignored, as everywhere else.
fn check_field_counts(
    rank: usize,
    label: &str,
    bytes: &[u8],
    sheet: &mut RawSheet,
    problems: &mut Problems,
) {
    let blank = |cells: &[String]| cells.iter().all(|cell| cell.trim().is_empty());
    let Some(header_at) = sheet.rows.iter().position(|(_, cells)| !blank(cells)) else {
        return;
    };
    let header = sheet.rows[header_at].1.clone();
    let column_name = |position: usize| column_name(Some(&header), position);
    // A file cut off inside a quoted value: its last row is reported for that
    // alone, whatever its number of fields.
    let mut cut_off = None;
    if ends_inside_quotes(bytes) {
        if let Some((number, cells)) = sheet.rows.last() {
            let column = column_name(cells.len().saturating_sub(1));
            problems.push(
                rank,
                label,
                Some(*number),
                Some(&column),
                "the file ends inside a quoted value (is it cut off?)",
            );
            cut_off = Some(*number);
        }
    }
    sheet.ragged.extend(cut_off);
    for (number, cells) in &sheet.rows[header_at + 1..] {
        if blank(cells) || cells.len() == header.len() || cut_off == Some(*number) {
            continue;
        }
        let (column, reason) = if cells.len() < header.len() {
            (
                column_name(cells.len()),
                format!(
                    "missing field (row has {} of {} fields)",
                    cells.len(),
                    header.len()
                ),
            )
        } else {
            (
                format!("column {}", header.len() + 1),
                format!(
                    "extra field (row has {} fields, the header {})",
                    cells.len(),
                    header.len()
                ),
            )
        };
        problems.push(rank, label, Some(*number), Some(&column), reason);
        sheet.ragged.insert(*number);
    }
}

/// Whether CSV `bytes` end inside a quoted field, read the way the `csv` crate
/// reads them: a quote opens a quoted field only at the start of a field, a
/// doubled quote inside one is a literal quote.
fn ends_inside_quotes(bytes: &[u8]) -> bool {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &byte in bytes {
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::FieldStart, b'"') | (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b',' | b'\n' | b'\r') => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    matches!(state, State::Quoted)
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
