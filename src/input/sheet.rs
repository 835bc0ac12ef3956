//! Spreadsheets of 话术 (.xlsx, .xls, .ods through calamine; .csv through the csv crate): a header
//! row names the columns, and each row below it becomes a small dialogue — the scenario as a
//! heading, the customer's cell as a customer turn, the agent's cell as an agent turn — each part
//! mapped back to its cell (`{"sheet": "售后话术", "cell": "C14"}`; `.csv`: `{"row": 14, "cell": "C14"}`).
//!
//! Columns are recognised by words in their header cell ([`SCENARIO_WORDS`], [`CUSTOMER_WORDS`],
//! [`AGENT_WORDS`], in that order of precedence); other columns (序号, 备注, …) are not read. A sheet
//! with no recognised header is read cell by cell as plain lines.

use super::extract::{Extract, column_name, one_line};
use super::ooxml::Package;
use super::{Location, SkipReason, Source, transcript};
use calamine::Reader as _;

/// Header words of a scenario column (lower case).
pub const SCENARIO_WORDS: &[&str] = &[
    "场景",
    "情景",
    "情境",
    "分类",
    "类别",
    "类型",
    "主题",
    "业务",
    "scenario",
    "situation",
    "category",
    "topic",
    "intent",
];
/// Header words of a customer column.
pub const CUSTOMER_WORDS: &[&str] = &[
    "顾客", "客户", "用户", "买家", "来电", "问题", "提问", "咨询", "customer", "question", "user",
    "caller", "query", "buyer",
];
/// Header words of an agent column.
pub const AGENT_WORDS: &[&str] = &[
    "话术", "回复", "回答", "答复", "应答", "解答", "客服", "坐席", "agent", "reply", "response",
    "answer", "script", "macro",
];

/// Most rows read from one file; a longer sheet is skipped with the reason.
pub const MAX_ROWS: usize = 20_000;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Scenario,
    Customer,
    Agent,
}

fn role_of(header: &str) -> Option<Role> {
    let h = header.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| h.contains(w));
    // "客服回复" is the agent's, "顾客问题" the customer's, "问题分类" a scenario.
    if any(AGENT_WORDS) && !h.contains("问题") {
        return Some(Role::Agent);
    }
    if any(SCENARIO_WORDS) {
        return Some(Role::Scenario);
    }
    if any(CUSTOMER_WORDS) {
        return Some(Role::Customer);
    }
    if any(AGENT_WORDS) {
        return Some(Role::Agent);
    }
    None
}

/// One cell with text: 0-based absolute row and column.
struct Cell {
    row: u32,
    col: u32,
    text: String,
}

/// A sheet's non-empty cells, row by row.
struct Sheet {
    name: Option<String>,
    rows: Vec<Vec<Cell>>,
}

/// Read .xlsx, .xls or .ods.
pub fn read_workbook(bytes: &[u8]) -> Result<Source, SkipReason> {
    if bytes.starts_with(b"PK") {
        Package::open(bytes, "spreadsheet")?.check_sizes("spreadsheet")?;
    }
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            let e = e.to_string();
            SkipReason::Unreadable(
                if e.to_lowercase().contains("encrypt") || e.contains("assword") {
                    "the spreadsheet is password-protected (encrypted)".to_string()
                } else {
                    format!("not a readable spreadsheet ({e})")
                },
            )
        })?;
    let mut sheets = Vec::new();
    let mut total = 0usize;
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| SkipReason::Unreadable(format!("sheet {name} cannot be read ({e})")))?;
        total += range.height();
        if total > MAX_ROWS {
            return Err(SkipReason::Unreadable(format!(
                "the spreadsheet has more than {MAX_ROWS} rows (sheet {name} has {}), the limit for one file",
                range.height()
            )));
        }
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .filter_map(|(j, data)| {
                        let text = one_line(&data.to_string());
                        (!text.is_empty()).then(|| Cell {
                            row: row0 + i as u32,
                            col: col0 + j as u32,
                            text,
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        sheets.push(Sheet {
            name: Some(name),
            rows,
        });
    }
    finish(sheets, "the spreadsheet")
}

/// Read .csv (any encoding the text reader detects; comma, semicolon or tab separated).
pub fn read_csv(bytes: &[u8]) -> Result<Source, SkipReason> {
    let decoded = super::text::decode(bytes)?;
    let first = decoded.text.lines().next().unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(SkipReason::Unreadable(format!(
                "the .csv has more than {MAX_ROWS} rows, the limit for one file"
            )));
        }
        let record = record.map_err(|e| SkipReason::Unreadable(format!("damaged .csv ({e})")))?;
        let cells: Vec<Cell> = record
            .iter()
            .enumerate()
            .filter_map(|(j, field)| {
                let text = one_line(field);
                (!text.is_empty()).then_some(Cell {
                    row: i as u32,
                    col: j as u32,
                    text,
                })
            })
            .collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    let mut source = finish(vec![Sheet { name: None, rows }], "the .csv")?;
    source.encoding = decoded.encoding;
    source.legacy = decoded.legacy;
    source.lossy = decoded.lossy;
    Ok(source)
}

fn location(sheet: &Option<String>, cell: &Cell) -> Location {
    let reference = format!("{}{}", column_name(cell.col), cell.row + 1);
    Location {
        sheet: sheet.clone(),
        row: sheet.is_none().then_some(cell.row + 1),
        cell: Some(reference),
        ..Location::default()
    }
}

fn finish(sheets: Vec<Sheet>, what: &str) -> Result<Source, SkipReason> {
    let mut out = Extract::new();
    let mut library = false;
    let several = sheets.iter().filter(|s| !s.rows.is_empty()).count() > 1;
    for sheet in &sheets {
        library |= write_sheet(&mut out, sheet, several);
    }
    if out.is_empty() {
        return Err(SkipReason::Unreadable(format!(
            "{what} holds no text (every sheet is empty)"
        )));
    }
    let mut source = out.finish("UTF-8");
    source.library = library;
    Ok(source)
}

/// The header row: the first of the first five rows naming an agent or customer column.
fn header(sheet: &Sheet) -> Option<(usize, Vec<(u32, Role)>)> {
    sheet.rows.iter().take(5).enumerate().find_map(|(i, row)| {
        let roles: Vec<(u32, Role)> = row
            .iter()
            .filter(|c| c.text.chars().count() <= 20)
            .filter_map(|c| role_of(&c.text).map(|r| (c.col, r)))
            .collect();
        roles
            .iter()
            .any(|(_, r)| *r != Role::Scenario)
            .then_some((i, roles))
    })
}

/// Write a sheet; returns whether it is a library (see [`Source::library`]).
fn write_sheet(out: &mut Extract, sheet: &Sheet, titled: bool) -> bool {
    if sheet.rows.is_empty() {
        return false;
    }
    let first = &sheet.rows[0][0];
    if titled && let Some(name) = &sheet.name {
        out.at(location(&sheet.name, first));
        out.push("# ");
        out.push(&one_line(name));
        out.blank_line();
    }
    // A chat export: one message a row ([`transcript`]).
    let cells: Vec<Vec<transcript::Cell<'_>>> = sheet
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| transcript::Cell {
                    row: c.row,
                    col: c.col,
                    text: &c.text,
                })
                .collect()
        })
        .collect();
    if let Some(columns) = transcript::columns(&cells) {
        columns.write(out, &cells, &|c| {
            location(
                &sheet.name,
                &Cell {
                    row: c.row,
                    col: c.col,
                    text: String::new(),
                },
            )
        });
        return columns.several(&cells);
    }
    let Some((at, roles)) = header(sheet) else {
        // No header to go by: every cell a line of its own.
        for cell in sheet.rows.iter().flatten() {
            out.at(location(&sheet.name, cell));
            out.push(&cell.text);
            out.blank_line();
        }
        return false;
    };
    let zh = sheet.rows[at].iter().any(|c| {
        c.text
            .chars()
            .any(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch))
    });
    let (customer, agent) = if zh {
        ("顾客：", "客服：")
    } else {
        ("Customer: ", "Agent: ")
    };
    let heading = if titled { "## " } else { "# " };
    let role = |col: u32| roles.iter().find(|(c, _)| *c == col).map(|(_, r)| *r);
    let mut scenario = String::new();
    for row in &sheet.rows[at + 1..] {
        for cell in row {
            match role(cell.col) {
                Some(Role::Scenario) if cell.text != scenario => {
                    scenario.clone_from(&cell.text);
                    out.at(location(&sheet.name, cell));
                    out.push(heading);
                    out.push(&cell.text);
                    out.blank_line();
                }
                Some(Role::Customer) => {
                    out.at(location(&sheet.name, cell));
                    out.push(customer);
                    out.push(&cell.text);
                    out.newline();
                }
                Some(Role::Agent) => {
                    out.at(location(&sheet.name, cell));
                    out.push(agent);
                    out.push(&cell.text);
                    out.newline();
                }
                _ => {}
            }
        }
        out.blank_line();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_their_roles() {
        for (h, r) in [
            ("场景", Some(Role::Scenario)),
            ("问题分类", Some(Role::Scenario)),
            ("顾客问题", Some(Role::Customer)),
            ("客户", Some(Role::Customer)),
            ("标准话术", Some(Role::Agent)),
            ("客服回复", Some(Role::Agent)),
            ("Customer question", Some(Role::Customer)),
            ("Agent reply", Some(Role::Agent)),
            ("Response", Some(Role::Agent)),
            ("Scenario", Some(Role::Scenario)),
            ("序号", None),
            ("备注", None),
        ] {
            assert_eq!(role_of(h), r, "{h}");
        }
    }

    #[test]
    fn csv_rows_become_dialogues_with_cells() {
        let csv = "场景,顾客问题,标准话术\n退款,钱什么时候到？,不知道，你自己查。\n,还要多久？,一般3个工作日内到账。\n";
        let s = read_csv(csv.as_bytes()).expect("reads");
        assert_eq!(
            s.text,
            "# 退款\n\n顾客：钱什么时候到？\n客服：不知道，你自己查。\n\n顾客：还要多久？\n客服：一般3个工作日内到账。\n"
        );
        let at = s.text.find("不知道").expect("agent text");
        let l = s.location_at(at).expect("a place");
        assert_eq!(l.cell.as_deref(), Some("C2"));
        assert_eq!(l.row, Some(2));
        assert_eq!(l.to_string(), "C2");
    }

    #[test]
    fn an_empty_csv_is_skipped() {
        assert!(matches!(
            read_csv(b",,\n,,\n"),
            Err(SkipReason::Unreadable(r)) if r.contains("no text")
        ));
    }
}
