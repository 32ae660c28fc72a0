//! A first pass over a workbook's XML before calamine reads it.
//!
//! calamine trusts what a workbook says about itself: it computes cell positions
//! from `r="..."` references with unchecked arithmetic (a column like
//! `ZZZZZZZZ` or a row like `4294967297` overflows), subtracts the corners of a
//! `<dimension ref>` without checking their order, reads a shared-string index
//! that is not a number (`-1`, `abc`) as string 0, and keeps a sheet name that
//! appears twice. This pass checks exactly those things, so a damaged or
//! hostile workbook is reported naming its sheet and cell instead of crashing,
//! allocating without bound or reading the wrong text.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The last column of a worksheet, XFD.
pub(crate) const MAX_COLUMNS: u64 = 16_384;
/// The last row of a worksheet.
pub(crate) const MAX_ROWS: u64 = 1_048_576;
/// The most bytes one part of the archive may unpack to (a sheet of a million rows
/// of a dozen cells is about 200 MB). Sheets and shared strings are streamed, so
/// this bounds the work, not the memory.
const MAX_PART_BYTES: u64 = 1 << 30;
/// The most bytes the small parts (the workbook and its relationships) are read
/// into memory with.
const MAX_SMALL_PART_BYTES: u64 = 16 << 20;
/// Problems reported per sheet before the rest are summed up in one line.
const MAX_PROBLEMS_PER_SHEET: usize = 10;

/// One problem found by the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanProblem {
    /// The sheet, `None` for the workbook as a whole.
    pub(crate) sheet: Option<String>,
    /// The sheet row the problem is on, when known.
    pub(crate) row: Option<usize>,
    /// What is wrong, naming the cell.
    pub(crate) reason: String,
}

/// Scans the workbook in `reader`. Returns no problems when the file is not a
/// readable zip archive or lacks its parts: calamine then reports that.
pub(crate) fn scan<R: Read + Seek>(reader: R) -> Vec<ScanProblem> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(index) else {
            continue;
        };
        if entry.size() > MAX_PART_BYTES {
            let name = entry
                .name()
                .map(|name| name.into_owned())
                .unwrap_or_default();
            problems.push(ScanProblem {
                sheet: None,
                row: None,
                reason: format!(
                    "part {} would unpack to {} MB, more than the {} MB a part may have",
                    shown(&name),
                    entry.size() >> 20,
                    MAX_PART_BYTES >> 20
                ),
            });
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let workbook_path = office_document(&mut zip).unwrap_or_else(|| "xl/workbook.xml".into());
    let (dir, name) = match workbook_path.rfind('/') {
        Some(at) => workbook_path.split_at(at + 1),
        None => ("", workbook_path.as_str()),
    };
    let Some(workbook) = part(&mut zip, &workbook_path) else {
        return problems;
    };
    let relationships = part(&mut zip, &format!("{dir}_rels/{name}.rels"))
        .map(|xml| relationships(&xml))
        .unwrap_or_default();
    let sheets = sheets(&workbook);
    let mut seen: HashSet<String> = HashSet::new();
    for (sheet, _) in &sheets {
        // Sheet names are unique ignoring case in a spreadsheet.
        if !seen.insert(sheet.to_lowercase()) {
            problems.push(ScanProblem {
                sheet: None,
                row: None,
                reason: format!(
                    "sheet name '{}' appears more than once in the workbook",
                    shown(sheet)
                ),
            });
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let n_strings = with_part(&mut zip, &format!("{dir}sharedStrings.xml"), |xml| {
        count_shared_strings(xml)
    });
    for (sheet, rel_id) in sheets {
        let Some(target) = relationships.get(&rel_id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{dir}{target}"),
        };
        let found = with_part(&mut zip, &path, |xml| {
            let mut found = Vec::new();
            scan_sheet(&sheet, xml, n_strings, &mut found);
            found
        });
        problems.extend(found.unwrap_or_default());
    }
    problems
}

/// The name of the part `name` as stored (matched as calamine matches it,
/// ignoring case and `\\` for `/`).
fn find_part<R: Read + Seek>(zip: &zip::ZipArchive<R>, name: &str) -> Option<String> {
    let wanted = name.replace('\\', "/").to_lowercase();
    zip.file_names()
        .filter_map(Result::ok)
        .find(|candidate| candidate.replace('\\', "/").to_lowercase() == wanted)
        .map(|found| found.into_owned())
}

/// The bytes of a small part (the workbook, its relationships); `None` when
/// absent, unreadable or beyond [`MAX_SMALL_PART_BYTES`] (calamine then reports it).
fn part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let found = find_part(zip, name)?;
    let file = zip.by_name(&found).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_SMALL_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= MAX_SMALL_PART_BYTES).then_some(bytes)
}

/// Runs `read` over part `name`, streamed (at most [`MAX_PART_BYTES`]); `None`
/// when the part is absent or cannot be opened.
fn with_part<R: Read + Seek, T>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    read: impl FnOnce(&mut dyn BufRead) -> T,
) -> Option<T> {
    let found = find_part(zip, name)?;
    let file = zip.by_name(&found).ok()?;
    let mut reader = BufReader::new(file.take(MAX_PART_BYTES));
    Some(read(&mut reader))
}

/// The workbook part named by `_rels/.rels` (usually `xl/workbook.xml`).
fn office_document<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Option<String> {
    let xml = part(zip, "_rels/.rels")?;
    let mut target = None;
    each_element(&xml, |element| {
        if element.local_name().as_ref() == "Relationship"
            && attribute(element, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
        {
            target = attribute(element, "Target");
        }
        true
    });
    target.map(|target| target.trim_start_matches('/').to_string())
}

/// Relationship id -> target of a `.rels` part.
fn relationships(xml: &[u8]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    each_element(xml, |element| {
        if element.local_name().as_ref() == "Relationship" {
            if let (Some(id), Some(target)) =
                (attribute(element, "Id"), attribute(element, "Target"))
            {
                map.insert(id, target);
            }
        }
        true
    });
    map
}

/// `(name, relationship id)` of every sheet of the workbook part, in order.
fn sheets(xml: &[u8]) -> Vec<(String, String)> {
    let mut sheets = Vec::new();
    each_element(xml, |element| {
        if element.local_name().as_ref() == "sheet" {
            let name = attribute(element, "name").unwrap_or_default();
            let id = attribute(element, "id").unwrap_or_default();
            sheets.push((name, id));
        }
        true
    });
    sheets
}

fn count_shared_strings(xml: &mut dyn BufRead) -> usize {
    let mut count = 0;
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(element)) | Ok(Event::Empty(element))
                if element.local_name().as_ref() == "si" =>
            {
                count += 1;
            }
            Ok(Event::Eof) | Err(_) => return count,
            Ok(_) => {}
        }
    }
}

/// Checks every row number, cell reference, the dimension and every
/// shared-string index of one sheet.
fn scan_sheet(
    sheet: &str,
    xml: &mut dyn BufRead,
    n_strings: Option<usize>,
    problems: &mut Vec<ScanProblem>,
) {
    let mut found: Vec<ScanProblem> = Vec::new();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut shared_cell: Option<(String, Option<usize>)> = None;
    let mut in_value = false;
    let mut value = String::new();
    loop {
        buf.clear();
        let mut report = |row: Option<usize>, reason: String| {
            found.push(ScanProblem {
                sheet: Some(sheet.to_string()),
                row,
                reason,
            });
        };
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(element)) | Ok(Event::Empty(element)) => {
                match element.local_name().as_ref() {
                    "dimension" => {
                        if let Some(range) = attribute(&element, "ref") {
                            if let Err(reason) = check_dimension(&range) {
                                report(None, reason);
                            }
                        }
                    }
                    "row" => {
                        if let Some(row) = attribute(&element, "r") {
                            if let Err(reason) = parse_row(&row) {
                                report(None, format!("row number '{}': {reason}", shown(&row)));
                            }
                        }
                    }
                    "c" => {
                        let reference = attribute(&element, "r");
                        let mut row = None;
                        if let Some(reference) = &reference {
                            match parse_cell(reference) {
                                Ok((cell_row, _)) => row = Some(cell_row as usize),
                                Err(reason) => report(
                                    None,
                                    format!("cell reference '{}': {reason}", shown(reference)),
                                ),
                            }
                        }
                        shared_cell = (attribute(&element, "t").as_deref() == Some("s"))
                            .then(|| (reference.unwrap_or_else(|| "?".into()), row));
                    }
                    "v" => {
                        in_value = true;
                        value.clear();
                    }
                    _ => {}
                }
            }
            Ok(Event::Text(text)) if in_value => {
                value.push_str(text.as_ref());
            }
            Ok(Event::End(element)) => match element.local_name().as_ref() {
                "v" => {
                    in_value = false;
                    if let Some((cell, row)) = &shared_cell {
                        let index = value.trim();
                        let valid = index
                            .parse::<usize>()
                            .ok()
                            .filter(|&index| n_strings.is_some_and(|n_strings| index < n_strings));
                        if valid.is_none() {
                            let table = match n_strings {
                                Some(0) | None => "the workbook has no shared strings".to_string(),
                                Some(n) => format!("the workbook has {n}, numbered 0 to {}", n - 1),
                            };
                            report(
                                *row,
                                format!(
                                    "cell {cell}: shared string index '{}' is not valid ({table})",
                                    shown(index)
                                ),
                            );
                        }
                    }
                }
                "c" => shared_cell = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        if found.len() > MAX_PROBLEMS_PER_SHEET {
            break;
        }
    }
    if found.len() > MAX_PROBLEMS_PER_SHEET {
        found.truncate(MAX_PROBLEMS_PER_SHEET);
        found.push(ScanProblem {
            sheet: Some(sheet.to_string()),
            row: None,
            reason: "more damaged cells; not all are listed".to_string(),
        });
    }
    problems.extend(found);
}

/// A `<dimension ref>`: one cell or two, the first above and left of the second.
fn check_dimension(range: &str) -> Result<(), String> {
    let corners: Vec<&str> = range.split(':').collect();
    let bad = |reason: String| format!("dimension '{}': {reason}", shown(range));
    if corners.len() > 2 {
        return Err(bad("expected one cell or two joined by ':'".to_string()));
    }
    let mut parsed = Vec::new();
    for corner in corners {
        parsed.push(parse_cell(corner).map_err(bad)?);
    }
    if let [(top, left), (bottom, right)] = parsed[..] {
        if bottom < top || right < left {
            return Err(bad("its corners are in the wrong order".to_string()));
        }
    }
    Ok(())
}

/// A row number, 1 to [`MAX_ROWS`].
fn parse_row(text: &str) -> Result<u64, String> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err("not a row number".to_string());
    }
    let row = text
        .bytes()
        .try_fold(0u64, |row, digit| {
            row.checked_mul(10)?
                .checked_add(u64::from(digit - b'0'))
                .filter(|&row| row <= MAX_ROWS)
        })
        .ok_or_else(|| format!("rows run from 1 to {MAX_ROWS}"))?;
    if row == 0 {
        return Err(format!("rows run from 1 to {MAX_ROWS}"));
    }
    Ok(row)
}

/// A cell reference such as `B3`: `(row, column)`, both 1-based, within a
/// worksheet (columns A to XFD, rows 1 to 1,048,576).
pub(crate) fn parse_cell(text: &str) -> Result<(u64, u64), String> {
    let letters = text
        .bytes()
        .take_while(|byte| byte.is_ascii_alphabetic())
        .count();
    let (column, row) = text.split_at(letters);
    if column.is_empty() || row.is_empty() {
        return Err("not a cell reference like B3".to_string());
    }
    let column_number = column
        .bytes()
        .try_fold(0u64, |number, letter| {
            number
                .checked_mul(26)?
                .checked_add(u64::from(letter.to_ascii_uppercase() - b'A' + 1))
                .filter(|&number| number <= MAX_COLUMNS)
        })
        .ok_or_else(|| format!("column {} is beyond XFD, the last column", shown(column)))?;
    let row_number = parse_row(row)?;
    Ok((row_number, column_number))
}

/// Calls `visit` with every start or empty element of `xml` until it returns
/// false or the XML ends (or turns out not to be XML).
fn each_element(xml: &[u8], mut visit: impl FnMut(&BytesStart<'_>) -> bool) {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) | Ok(Event::Empty(element)) => {
                if !visit(&element) {
                    return;
                }
            }
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// The value of the attribute whose local name is `name` (so `r:id` is `id`),
/// with XML entities decoded; `None` when absent or malformed.
fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == name)
        .map(|attribute| {
            attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|value| value.into_owned())
                .unwrap_or_else(|_| attribute.value.clone().into_owned())
        })
}

/// `text` quoted in a message: at most 40 characters, then an ellipsis.
fn shown(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        let head: String = text.chars().take(LIMIT).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_within_a_worksheet() {
        assert_eq!(parse_cell("A1"), Ok((1, 1)));
        assert_eq!(parse_cell("b3"), Ok((3, 2)));
        assert_eq!(parse_cell("XFD1048576"), Ok((1_048_576, 16_384)));
        assert_eq!(
            parse_cell("XFE1"),
            Err("column XFE is beyond XFD, the last column".to_string())
        );
        assert_eq!(
            parse_cell("ZZZZZZZZ3"),
            Err("column ZZZZZZZZ is beyond XFD, the last column".to_string())
        );
        assert_eq!(
            parse_cell("A1048577"),
            Err("rows run from 1 to 1048576".to_string())
        );
        assert_eq!(
            parse_cell("A4294967297"),
            Err("rows run from 1 to 1048576".to_string())
        );
        assert_eq!(
            parse_cell("A0"),
            Err("rows run from 1 to 1048576".to_string())
        );
        for bad in ["", "A", "3", "3A", "A-1", "A1B", "É1"] {
            assert!(parse_cell(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dimensions_have_their_corners_in_order() {
        assert_eq!(check_dimension("A1:H20"), Ok(()));
        assert_eq!(check_dimension("A1"), Ok(()));
        assert!(check_dimension("H20:A1").is_err());
        assert!(check_dimension("A1:B2:C3").is_err());
        assert!(check_dimension("A1:ZZZZZZZZ3").is_err());
    }
}
