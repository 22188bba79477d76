//! Records: a page of a kind's section carries typed values, read here from the table named
//! after the kind (`[festival]`) against the fields `site.toml` declares. Each value is checked
//! for its type and for what it can be (a latitude of 200, the 31st of a lunar month, an enum
//! value not declared), at the place it is written. Schedules get their occurrences in the
//! calendar window. Translations and references are settled in `model::records`.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use crate::calendar::{Occurrence, Schedule, Window, next, occurrences};
use crate::config::kinds::{Field, FieldType, Kind};
use crate::diagnostic::{Diagnostic, closest};
use crate::load::front_matter::Date;
use crate::spanned::read::Reader;
use crate::spanned::{Entry, Node, Value};

/// The values of one page's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its kind, an index into `config.kinds`.
    pub kind: usize,
    /// By field name; only the fields that have a value.
    pub values: BTreeMap<String, FieldValue>,
    /// Where each field is written in this page's own file, valid or not (inherited ones are
    /// not).
    pub spans: BTreeMap<String, Range<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    String(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    Schedule(Timing),
    Geo {
        lat: f64,
        lon: f64,
    },
    Url(String),
    Email(String),
    Phone(String),
    Enum(String),
    Money {
        amount: f64,
        currency: String,
    },
    /// Another record, by its content path without language (`di-san/lang-sinh`).
    Ref(String),
    List(Vec<FieldValue>),
}

impl Record {
    /// The schedules of a `schedule` field: one, or a list (a festival held twice a year).
    fn timings(&self, field: &str) -> impl Iterator<Item = &Timing> {
        let values = match self.values.get(field) {
            Some(FieldValue::List(items)) => items.as_slice(),
            Some(value) => std::slice::from_ref(value),
            None => &[],
        };
        values.iter().filter_map(|value| match value {
            FieldValue::Schedule(timing) => Some(timing),
            _ => None,
        })
    }

    /// Every occurrence of a `schedule` field, by date: the occurrences of a list of schedules
    /// interleave.
    pub fn occurrences(&self, field: &str) -> Vec<&Occurrence> {
        let mut found: Vec<&Occurrence> = self
            .timings(field)
            .flat_map(|timing| &timing.occurrences)
            .collect();
        found.sort_by_key(|occurrence| (occurrence.start, occurrence.end));
        found
    }

    /// The first occurrence of a `schedule` field that has not ended on `today`, without
    /// collecting them all (lists sort by it).
    pub fn next_occurrence(&self, field: &str, today: NaiveDate) -> Option<&Occurrence> {
        self.timings(field)
            .filter_map(|timing| next(&timing.occurrences, today))
            .min_by_key(|occurrence| (occurrence.start, occurrence.end))
    }

    /// Whether a `schedule` field has a date in the calendar window.
    pub fn has_occurrences(&self, field: &str) -> bool {
        self.timings(field)
            .any(|timing| !timing.occurrences.is_empty())
    }
}

impl FieldValue {
    /// The value as JSON when it is a plain text, number or truth value, which read the same
    /// in every language and for every reader; `None` for the others.
    pub fn plain_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            FieldValue::Text(text)
            | FieldValue::String(text)
            | FieldValue::Url(text)
            | FieldValue::Email(text)
            | FieldValue::Phone(text) => serde_json::Value::from(text.as_str()),
            FieldValue::Integer(number) => serde_json::Value::from(*number),
            FieldValue::Number(number) => serde_json::Value::from(*number),
            FieldValue::Bool(value) => serde_json::Value::from(*value),
            _ => return None,
        })
    }
}

/// A schedule and its occurrences in the calendar window.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub schedule: Schedule,
    pub occurrences: Vec<Occurrence>,
}

/// Reads the record of a page of `kind` from its table (`None`: the page wrote none).
pub fn read_record(
    reader: &mut Reader,
    kind_index: usize,
    kind: &Kind,
    table: Option<&Entry>,
    window: &Window,
) -> Record {
    let mut record = Record {
        kind: kind_index,
        values: BTreeMap::new(),
        spans: BTreeMap::new(),
    };
    let Some(table) = table else { return record };
    let known: Vec<&str> = kind.fields.iter().map(|f| f.name.as_str()).collect();
    for entry in reader.table(&table.key, &table.node).unwrap_or_default() {
        let Some(field) = kind.field(&entry.key) else {
            reader.unknown(entry, &known, None);
            continue;
        };
        let value = if field.list {
            read_list(reader, field, entry, window)
        } else {
            read_value(reader, field, entry, &entry.node, window)
        };
        // Written, even if wrong: a wrong value is reported as such, not also as missing.
        record.spans.insert(field.name.clone(), entry.span());
        if let Some(value) = value {
            record.values.insert(field.name.clone(), value);
        }
    }
    record
}

fn read_list(
    reader: &mut Reader,
    field: &Field,
    entry: &Entry,
    window: &Window,
) -> Option<FieldValue> {
    // One value is a list of one: a festival usually has one schedule, sometimes two.
    let Value::Array(items) = &entry.node.value else {
        let value = read_value(reader, field, entry, &entry.node, window)?;
        return Some(FieldValue::List(vec![value]));
    };
    let values = items
        .iter()
        .filter_map(|item| read_value(reader, field, entry, item, window))
        .collect();
    Some(FieldValue::List(values))
}

/// One value of `field` written at `node` (the entry's value, or an item of its list).
fn read_value(
    reader: &mut Reader,
    field: &Field,
    entry: &Entry,
    node: &Node,
    window: &Window,
) -> Option<FieldValue> {
    if takes_text(&field.ty) {
        let Value::String(text) = &node.value else {
            reader.wrong_type(entry, node, "text", "\"...\"");
            return None;
        };
        let text = text.as_str();
        return match &field.ty {
            FieldType::Text => Some(FieldValue::Text(text.to_string())),
            FieldType::Url => checked(
                reader,
                node,
                text,
                is_url,
                "a web address starting with https:// or http://",
            )
            .map(FieldValue::Url),
            FieldType::Email => checked(
                reader,
                node,
                text,
                is_email,
                "an e-mail address such as contact@example.gov.vn",
            )
            .map(FieldValue::Email),
            FieldType::Phone => checked(
                reader,
                node,
                text,
                is_phone,
                "a phone number of digits, spaces and + - ( ) such as +84 234 3822 000",
            )
            .map(FieldValue::Phone),
            FieldType::Enum(values) => read_enum(reader, node, text, &field.name, values),
            FieldType::Ref(_) => read_ref(reader, node, text),
            _ => Some(FieldValue::String(text.to_string())),
        };
    }
    let value = match &field.ty {
        FieldType::Integer => match node.value {
            Value::Integer(number) => Some(FieldValue::Integer(number)),
            _ => None,
        },
        FieldType::Number { .. } => number(node).map(FieldValue::Number),
        FieldType::Bool => match node.value {
            Value::Bool(value) => Some(FieldValue::Bool(value)),
            _ => None,
        },
        FieldType::Date => read_date(node).map(FieldValue::Date),
        FieldType::Schedule => return read_schedule(reader, entry, node, window),
        FieldType::Geo => return read_geo(reader, entry, node),
        FieldType::Money => return read_money(reader, entry, node),
        _ => None,
    };
    if value.is_none() {
        let (expected, example) = match field.ty {
            FieldType::Integer => ("a whole number", "3"),
            FieldType::Bool => ("true or false", "true"),
            FieldType::Date => ("a date", "2026-06-06"),
            _ => ("a number", "12.5"),
        };
        reader.wrong_type(entry, node, expected, example);
    }
    value
}

fn takes_text(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::Text
            | FieldType::String
            | FieldType::Url
            | FieldType::Email
            | FieldType::Phone
            | FieldType::Enum(_)
            | FieldType::Ref(_)
    )
}

fn number(node: &Node) -> Option<f64> {
    match node.value {
        Value::Integer(number) => Some(number as f64),
        Value::Float(number) if number.is_finite() => Some(number),
        _ => None,
    }
}

fn read_date(node: &Node) -> Option<NaiveDate> {
    match &node.value {
        Value::String(text) | Value::Datetime(text) => {
            Date::parse(text).map(|date| date.0.date_naive())
        }
        _ => None,
    }
}

/// Text that must have a form: returned when it has, else reported.
fn checked(
    reader: &mut Reader,
    node: &Node,
    text: &str,
    valid: fn(&str) -> bool,
    what: &str,
) -> Option<String> {
    if valid(text) {
        return Some(text.to_string());
    }
    reader.error(
        format!("`{text}` is not {what}"),
        node.span.clone(),
        "here",
        format!("write {what}"),
    );
    None
}

fn is_url(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !rest.contains(char::is_whitespace)
    })
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits >= 6
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

fn read_enum(
    reader: &mut Reader,
    node: &Node,
    text: &str,
    field: &str,
    values: &[String],
) -> Option<FieldValue> {
    if values.iter().any(|value| value == text) {
        return Some(FieldValue::Enum(text.to_string()));
    }
    let help = match closest(text, values.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("site.toml lists: {}", values.join(", ")),
    };
    reader.error(
        format!("`{text}` is not a value of `{field}`"),
        node.span.clone(),
        "here",
        help,
    );
    None
}

/// A reference, written as the content path of the record (`di-san/lang-sinh.md`); whether
/// it exists is checked once every page is known.
fn read_ref(reader: &mut Reader, node: &Node, text: &str) -> Option<FieldValue> {
    let path = text.trim_start_matches("@/").trim_start_matches('/');
    let key = path.strip_suffix(".md").unwrap_or(path);
    if key.is_empty() || key.split('/').any(|part| part.is_empty() || part == "..") {
        reader.error(
            format!("`{text}` is not the path of a page"),
            node.span.clone(),
            "here",
            "write the page's path below content/, e.g. \"di-san/dai-noi.md\"".to_string(),
        );
        return None;
    }
    Some(FieldValue::Ref(key.trim_end_matches("/index").to_string()))
}

fn read_geo(reader: &mut Reader, entry: &Entry, node: &Node) -> Option<FieldValue> {
    let pair = match &node.value {
        Value::Array(items) if items.len() == 2 => number(&items[0]).zip(number(&items[1])),
        _ => None,
    };
    let Some((lat, lon)) = pair else {
        reader.wrong_type(entry, node, "[latitude, longitude]", "[16.4698, 107.5786]");
        return None;
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        reader.error(
            format!("[{lat}, {lon}] is not a place on Earth"),
            node.span.clone(),
            "here",
            "write [latitude, longitude] in degrees (WGS 84): latitude from -90 to 90, longitude from -180 to 180, e.g. [16.4698, 107.5786]".to_string(),
        );
        return None;
    }
    Some(FieldValue::Geo { lat, lon })
}

fn read_money(reader: &mut Reader, entry: &Entry, node: &Node) -> Option<FieldValue> {
    let Value::Table(parts) = &node.value else {
        reader.wrong_type(
            entry,
            node,
            "an amount and a currency",
            "{ amount = 1000000, currency = \"VND\" }",
        );
        return None;
    };
    let (mut amount, mut currency) = (None, None);
    for part in parts {
        match part.key.as_str() {
            "amount" => match number(&part.node) {
                Some(value) => amount = Some(value),
                None => reader.wrong_type(part, &part.node, "a number", "1000000"),
            },
            "currency" => currency = reader.string(part),
            _ => reader.unknown(part, &["amount", "currency"], None),
        }
    }
    let currency =
        currency.filter(|code| code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()));
    match (amount, currency) {
        (Some(amount), Some(currency)) => Some(FieldValue::Money { amount, currency }),
        _ => {
            reader.error(
                format!(
                    "`{}` needs an `amount` and a `currency` (an ISO 4217 code)",
                    entry.key
                ),
                node.span.clone(),
                "here",
                reader.example(&entry.key, "{ amount = 1000000, currency = \"VND\" }"),
            );
            None
        }
    }
}

fn read_schedule(
    reader: &mut Reader,
    entry: &Entry,
    node: &Node,
    window: &Window,
) -> Option<FieldValue> {
    let schedule = match &node.value {
        Value::String(_) | Value::Datetime(_) => read_date(node).map(Schedule::Date),
        Value::Table(parts) if parts.iter().any(|p| p.key == "lunar") => read_lunar(reader, parts)?,
        Value::Table(parts) => read_range(reader, parts, node)?,
        _ => None,
    };
    let Some(schedule) = schedule else {
        reader.wrong_type(
            entry,
            node,
            "a date, { start, end }, or { lunar = \"D/M\" }",
            "{ lunar = \"10/1\" }",
        );
        return None;
    };
    let (found, moved) = occurrences(&schedule, window);
    if !moved.is_empty() {
        let years: Vec<String> = moved.iter().map(i32::to_string).collect();
        reader.problems.push(
            Diagnostic::warning(format!(
                "the 30th of this lunar month does not exist in {} (the month has 29 days): the date shown is the 29th",
                years.join(", ")
            ))
            .at(reader.source, node.span.clone())
            .with_label("here")
            .with_help("nothing to do if the festival is held on the month's last day; otherwise write the day it is held"),
        );
    }
    Some(FieldValue::Schedule(Timing {
        schedule,
        occurrences: found,
    }))
}

/// `{ lunar = "D/M", leap = false, days = N }`. `Some(None)` when the table is not a schedule.
fn read_lunar(reader: &mut Reader, parts: &[Entry]) -> Option<Option<Schedule>> {
    let (mut day_month, mut leap, mut days) = (None, false, 1);
    // Every part is read, so that all of its problems are reported at once.
    let mut valid = true;
    for part in parts {
        match part.key.as_str() {
            "lunar" => {
                let text = reader.string(part).unwrap_or_default();
                let parsed = text.split_once('/').and_then(|(d, m)| {
                    Some((d.trim().parse::<u8>().ok()?, m.trim().parse::<u8>().ok()?))
                });
                match parsed {
                    Some((day, month)) if (1..=30).contains(&day) && (1..=12).contains(&month) => {
                        day_month = Some((day, month));
                    }
                    _ => {
                        reader.error(
                            format!("`{text}` is not a day of the lunar calendar"),
                            part.node.span.clone(),
                            "here",
                            "write \"day/month\": a lunar month has 29 or 30 days and a year 12 months, e.g. lunar = \"10/1\"".to_string(),
                        );
                        valid = false;
                    }
                }
            }
            "leap" => match reader.bool(part) {
                Some(value) => leap = value,
                None => valid = false,
            },
            "days" => match reader.count(part) {
                Some(n @ 1..=60) => days = n as u32,
                Some(_) => {
                    reader.error(
                        "`days` must be between 1 and 60".to_string(),
                        part.node.span.clone(),
                        "here",
                        "how many days the festival lasts, e.g. days = 3".to_string(),
                    );
                    valid = false;
                }
                None => valid = false,
            },
            _ => {
                reader.unknown(part, &["lunar", "leap", "days"], None);
                valid = false;
            }
        }
    }
    valid.then_some(day_month.map(|(day, month)| Schedule::Lunar {
        day,
        month,
        leap,
        days,
    }))
}

/// `{ start, end }`, both dates, the end not before the start.
fn read_range(reader: &mut Reader, parts: &[Entry], node: &Node) -> Option<Option<Schedule>> {
    let (mut start, mut end) = (None, None);
    for part in parts {
        match part.key.as_str() {
            "start" => start = read_date(&part.node),
            "end" => end = read_date(&part.node),
            _ => {
                reader.unknown(part, &["start", "end", "lunar"], None);
                return None;
            }
        }
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Some(None);
    };
    if end < start {
        reader.error(
            format!("the end ({end}) is before the start ({start})"),
            node.span.clone(),
            "here",
            "write the first day as `start` and the last as `end`".to_string(),
        );
        return None;
    }
    Some(Some(Schedule::Range { start, end }))
}
