//! `KIND.json`: the records of a kind with typed, language-independent values (ISO dates,
//! numbers, enum codes with their label, references by id and URL). Its shape is documented in
//! `docs/data.md`; `version` changes when that shape does.

use serde_json::{Value, json};

use crate::calendar::Schedule;
use crate::config::kinds::FieldType;
use crate::model::record::FieldValue;
use crate::output::data::Export;

pub(super) fn render(export: &Export) -> Vec<u8> {
    let config = &export.site.config;
    let fields: Vec<Value> = export
        .kind
        .fields
        .iter()
        .map(|field| {
            json!({
                "name": field.name,
                "label": export.records.label(export.lang, export.kind, &field.name),
                "type": type_name(&field.ty),
                "list": field.list,
            })
        })
        .collect();
    let records: Vec<Value> = export
        .rows
        .iter()
        .map(|row| {
            let values: serde_json::Map<String, Value> = export
                .kind
                .fields
                .iter()
                .filter_map(|field| {
                    let value = row.record.values.get(&field.name)?;
                    Some((field.name.clone(), machine(export, &field.name, value)))
                })
                .collect();
            json!({
                "id": row.id,
                "title": row.page.title,
                "url": config.absolute_url(&row.page.url),
                "language": row.page.file.lang,
                "values": values,
            })
        })
        .collect();
    let document = json!({
        "version": 1,
        "kind": export.kind.name,
        "language": export.lang,
        "generated": export.build_time.rfc3339(),
        "fields": fields,
        "records": records,
    });
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn type_name(ty: &FieldType) -> &'static str {
    match ty {
        FieldType::Text => "text",
        FieldType::String => "string",
        FieldType::Integer => "integer",
        FieldType::Number { .. } => "number",
        FieldType::Bool => "bool",
        FieldType::Date => "date",
        FieldType::Schedule => "schedule",
        FieldType::Geo => "geo",
        FieldType::Url => "url",
        FieldType::Email => "email",
        FieldType::Phone => "phone",
        FieldType::Enum(_) => "enum",
        FieldType::Money => "money",
        FieldType::Ref(_) => "ref",
    }
}

/// A value as machines read it, the same in every language but for labels and titles.
fn machine(export: &Export, field: &str, value: &FieldValue) -> Value {
    let iso = |day: chrono::NaiveDate| day.format("%Y-%m-%d").to_string();
    match value {
        FieldValue::Date(day) => json!(iso(*day)),
        FieldValue::Geo { lat, lon } => json!({ "lat": lat, "lon": lon }),
        FieldValue::Enum(code) => json!({
            "value": code,
            "label": export.records.enum_label(export.kind, field, code, export.lang),
        }),
        FieldValue::Money { amount, currency } => json!({ "amount": amount, "currency": currency }),
        FieldValue::Ref(key) => {
            let target = export.records.reference(key, export.lang);
            json!({
                "id": key,
                "title": target.as_ref().map(|target| &target.title),
                "url": target.map(|target| export.site.config.absolute_url(&target.url)),
            })
        }
        FieldValue::Schedule(timing) => {
            let rule = match timing.schedule {
                Schedule::Date(day) => json!({ "type": "date", "date": iso(day) }),
                Schedule::Range { start, end } => {
                    json!({ "type": "range", "start": iso(start), "end": iso(end) })
                }
                Schedule::Lunar {
                    day,
                    month,
                    leap,
                    days,
                } => json!({
                    "type": "lunar",
                    "day": day,
                    "month": month,
                    "leap": leap,
                    "days": days,
                }),
            };
            let occurrences: Vec<Value> = timing
                .occurrences
                .iter()
                .map(|o| json!({ "start": iso(o.start), "end": iso(o.end) }))
                .collect();
            json!({
                "rule": rule,
                "text": export.records.schedule_text(timing, export.lang),
                "occurrences": occurrences,
            })
        }
        FieldValue::List(items) => Value::Array(
            items
                .iter()
                .map(|item| machine(export, field, item))
                .collect(),
        ),
        plain => plain.plain_json().unwrap_or_default(),
    }
}
