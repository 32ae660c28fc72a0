//! Damaged or hostile workbooks: cell references beyond the sheet, wrapping row
//! numbers, bad dimensions, duplicate sheet names and bad shared-string indices
//! are reported naming the sheet and cell, never read as something else, never a
//! crash or a huge allocation.

mod common;

use std::io::{Cursor, Read, Write};

/// The valid fixture as a workbook (sheets in the order of the format:
/// `settings` is sheet1.xml, `items` sheet5.xml).
fn valid_workbook() -> Vec<u8> {
    let dataset = fulcrum_io::import_csv_files(&common::valid().files()).expect("valid");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.xlsx");
    fulcrum_io::export_xlsx(&dataset, &path).expect("export");
    std::fs::read(&path).expect("read")
}

/// The workbook with one part's text changed by `edit`.
fn edited(part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let bytes = valid_workbook();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut found = false;
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("entry");
        let name = file.name().expect("entry name").into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read entry");
        if name == part {
            let text = String::from_utf8(content).expect("utf-8 xml");
            let changed = edit(&text);
            assert_ne!(changed, text, "the edit of {part} changed nothing");
            content = changed.into_bytes();
            found = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&content).expect("write");
    }
    assert!(found, "no part {part}");
    out.finish().expect("finish").into_inner()
}

/// Imports workbook bytes; the problems as text.
fn import(bytes: &[u8]) -> Result<(), Vec<String>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, bytes).expect("write");
    fulcrum_io::import_path(&path)
        .map(|_| ())
        .map_err(|error| error.problems.iter().map(ToString::to_string).collect())
}

const ITEMS: &str = "xl/worksheets/sheet5.xml";

/// Replaces the value (`<v>...</v>`) of cell `cell` in `xml`.
fn set_value(xml: &str, cell: &str, value: &str) -> String {
    let at = xml.find(&format!("r=\"{cell}\"")).expect("cell");
    let start = at + xml[at..].find("<v>").expect("<v>") + 3;
    let end = start + xml[start..].find("</v>").expect("</v>");
    format!("{}{value}{}", &xml[..start], &xml[end..])
}

#[test]
fn the_valid_workbook_imports() {
    assert_eq!(import(&valid_workbook()), Ok(()));
}

#[test]
fn column_beyond_xfd_is_rejected_naming_sheet_and_cell() {
    let bytes = edited(ITEMS, |xml| xml.replacen("r=\"B3\"", "r=\"ZZZZZZZZ3\"", 1));
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx[items]: cell reference 'ZZZZZZZZ3': column ZZZZZZZZ is beyond XFD, the last column"
                .to_string()
        ])
    );
    let bytes = edited(ITEMS, |xml| xml.replacen("r=\"B3\"", "r=\"XFE3\"", 1));
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx[items]: cell reference 'XFE3': column XFE is beyond XFD, the last column"
                .to_string()
        ])
    );
}

#[test]
fn wrapping_row_number_in_a_cell_reference_is_rejected() {
    // 4294967297 is 2^32 + 1: read into a u32 it wraps to row 1.
    let bytes = edited(ITEMS, |xml| {
        xml.replacen("r=\"A3\"", "r=\"A4294967297\"", 1)
    });
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx[items]: cell reference 'A4294967297': rows run from 1 to 1048576"
                .to_string()
        ])
    );
}

#[test]
fn row_beyond_the_last_sheet_row_is_rejected() {
    let bytes = edited(ITEMS, |xml| {
        xml.replacen("<row r=\"3\"", "<row r=\"1048577\"", 1)
    });
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx[items]: row number '1048577': rows run from 1 to 1048576".to_string()
        ])
    );
}

#[test]
fn dimension_beyond_the_sheet_or_reversed_is_rejected() {
    let dimension = |xml: &str, to: &str| {
        let at = xml.find("<dimension ref=\"").expect("dimension") + 16;
        let end = at + xml[at..].find('"').expect("quote");
        format!("{}{to}{}", &xml[..at], &xml[end..])
    };
    let bytes = edited(ITEMS, |xml| dimension(xml, "A1:ZZZZZZZZ3"));
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx[items]: dimension 'A1:ZZZZZZZZ3': column ZZZZZZZZ is beyond XFD, the last column"
                .to_string()
        ])
    );
    let bytes = edited(ITEMS, |xml| dimension(xml, "K5:A1"));
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx[items]: dimension 'K5:A1': its corners are in the wrong order".to_string()
        ])
    );
}

#[test]
fn duplicate_sheet_name_in_workbook_xml_is_rejected() {
    let bytes = edited("xl/workbook.xml", |xml| {
        xml.replacen("name=\"locations\"", "name=\"items\"", 1)
    });
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx: sheet name 'items' appears more than once in the workbook".to_string()
        ])
    );
    // Spreadsheets treat sheet names alike whatever their case.
    let bytes = edited("xl/workbook.xml", |xml| {
        xml.replacen("name=\"locations\"", "name=\"ITEMS\"", 1)
    });
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx: sheet name 'ITEMS' appears more than once in the workbook".to_string()
        ])
    );
}

#[test]
fn bad_shared_string_index_is_rejected_naming_sheet_and_cell() {
    let n_strings = {
        let mut archive = zip::ZipArchive::new(Cursor::new(valid_workbook())).expect("zip");
        let mut text = String::new();
        archive
            .by_name("xl/sharedStrings.xml")
            .expect("shared strings")
            .read_to_string(&mut text)
            .expect("read");
        text.matches("<si>").count()
    };
    for (index, shown) in [
        ("-1", "-1"),
        ("abc", "abc"),
        ("", ""),
        ("4294967296", "4294967296"),
        (&n_strings.to_string(), &n_strings.to_string()),
    ] {
        let bytes = edited(ITEMS, |xml| set_value(xml, "A3", index));
        assert_eq!(
            import(&bytes),
            Err(vec![format!(
                "book.xlsx[items]:3: cell A3: shared string index '{shown}' is not valid (the workbook has {n_strings}, numbered 0 to {})",
                n_strings - 1
            )]),
            "index {index:?}"
        );
    }
}

#[test]
fn part_declared_larger_than_a_gigabyte_is_refused_before_reading() {
    // A small stored part whose central-directory entry claims 4 GB: a zip bomb
    // is refused on what it declares, before anything is unpacked.
    let bytes = valid_workbook();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("entry");
        let name = file.name().expect("entry name").into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read entry");
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&content).expect("write");
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("xl/media/big.bin", stored).expect("start");
    out.write_all(b"tiny").expect("write");
    let mut bytes = out.finish().expect("finish").into_inner();
    // Central directory header: signature PK\x01\x02, uncompressed size at offset
    // 24, file name at offset 46.
    let name = b"xl/media/big.bin";
    let header = (0..bytes.len() - 50)
        .find(|&at| bytes[at..].starts_with(b"PK\x01\x02") && bytes[at + 46..].starts_with(name))
        .expect("central directory entry");
    bytes[header + 24..header + 28].copy_from_slice(&0xFFFF_FF00u32.to_le_bytes());
    assert_eq!(
        import(&bytes),
        Err(vec![
            "book.xlsx: part xl/media/big.bin would unpack to 4095 MB, more than the 1024 MB a part may have"
                .to_string()
        ])
    );
}
