//! `KIND.csv`: one row per record, for spreadsheets. RFC 4180 (CRLF, quotes doubled), UTF-8
//! with a byte-order mark so that spreadsheet programs show Vietnamese, the header in the
//! file's language, values as the pages show them, list items joined with "; ".

use crate::model::record::FieldValue;
use crate::output::data::Export;

pub(super) fn render(export: &Export) -> Vec<u8> {
    let header = |key: &str, fallback: &str| {
        export
            .records
            .locales
            .format(export.lang, key, &Default::default())
            .unwrap_or_else(|| fallback.to_string())
    };
    let mut columns = vec![
        header("data-column-id", "id"),
        header("data-column-title", "title"),
        header("data-column-url", "url"),
    ];
    columns.extend(
        export
            .kind
            .fields
            .iter()
            .map(|field| export.records.label(export.lang, export.kind, &field.name)),
    );
    let mut rows = vec![columns];
    for row in &export.rows {
        let mut cells = vec![
            row.id.to_string(),
            row.page.title.clone(),
            export.site.config.absolute_url(&row.page.url),
        ];
        for field in &export.kind.fields {
            let text = |value| {
                let records = export.records;
                records
                    .text(export.kind, &field.name, &field.ty, value, export.lang)
                    .0
            };
            // List items joined with "; ", which (unlike ", ") list items rarely contain.
            let cell = row.record.values.get(&field.name).map(|value| match value {
                FieldValue::List(items) => items.iter().map(text).collect::<Vec<_>>().join("; "),
                value => text(value),
            });
            cells.push(cell.unwrap_or_default());
        }
        rows.push(cells);
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}
