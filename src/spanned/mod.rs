//! Spanned value trees: TOML and YAML parsed into one tree that keeps the byte span of every key
//! and value, so that whoever reads it (front matter, record fields) can point a diagnostic at
//! the exact key or value, and decide for itself which keys it knows. A leaf: it knows nothing
//! of pages or sites. [`read`] gets typed values out of it with errors at the right place.

pub mod read;

use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use toml::de::{DeTable, DeValue};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    /// A TOML date, time or date-time, as TOML writes it (`2022-09-19`, `2022-09-19T08:00:00+07:00`).
    Datetime(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

/// A key of a table, where it is written, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl Entry {
    /// From the key to the end of its value: what a message about the whole entry underlines.
    pub fn span(&self) -> Range<usize> {
        self.key_span.start..self.node.span.end.max(self.key_span.end)
    }
}

impl Node {
    /// What kind of value this is, as a message names it: "text", "a whole number"...
    pub fn describe(&self) -> &'static str {
        match self.value {
            Value::Null => "empty",
            Value::Bool(_) => "true or false",
            Value::Integer(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::String(_) => "text",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }

    /// The entries of a table (none for any other value).
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Table(entries) => entries,
            _ => &[],
        }
    }

    /// As JSON, for free values that templates read (`extra`). Dates become their text.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(value) => serde_json::Value::Bool(*value),
            Value::Integer(value) => serde_json::Value::from(*value),
            Value::Float(value) => serde_json::Number::from_f64(*value)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::String(text) | Value::Datetime(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => items.iter().map(Node::to_json).collect(),
            Value::Table(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.node.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Why a text could not be parsed, and where (bytes, already offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Range<usize>,
}

/// Parses a TOML document; every span is offset by `offset` (where the text starts in its file).
pub fn parse_toml(text: &str, offset: usize) -> Result<Node, ParseError> {
    let table = DeTable::parse(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        ParseError {
            message: error.message().trim().to_string(),
            span: offset + span.start..offset + span.end,
        }
    })?;
    let span = table.span();
    Ok(Node {
        value: toml_table(table.into_inner(), offset),
        span: offset + span.start..offset + span.end,
    })
}

fn toml_table(table: DeTable, offset: usize) -> Value {
    let mut entries: Vec<Entry> = table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            Entry {
                key: key.into_inner().into_owned(),
                key_span: offset + key_span.start..offset + key_span.end,
                node: toml_node(value, offset),
            }
        })
        .collect();
    // The parser's map is sorted by key; messages read better in the order of the file.
    entries.sort_by_key(|entry| entry.key_span.start);
    Value::Table(entries)
}

fn toml_node(value: toml::Spanned<DeValue>, offset: usize) -> Node {
    let span = value.span();
    let value = match value.into_inner() {
        DeValue::String(text) => Value::String(text.into_owned()),
        DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
            .map_or_else(|_| Value::String(integer.to_string()), Value::Integer),
        DeValue::Float(float) => float
            .as_str()
            .parse::<f64>()
            .map_or_else(|_| Value::String(float.to_string()), Value::Float),
        DeValue::Boolean(value) => Value::Bool(value),
        DeValue::Datetime(datetime) => Value::Datetime(datetime.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| toml_node(item, offset))
                .collect(),
        ),
        DeValue::Table(table) => toml_table(table, offset),
    };
    Node {
        value,
        span: offset + span.start..offset + span.end,
    }
}

/// Parses a YAML document (an empty one is an empty table); spans are offset by `offset`.
pub fn parse_yaml(text: &str, offset: usize) -> Result<Node, ParseError> {
    // The parser counts characters; spans count bytes.
    let bytes_at: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let byte = |chars: usize| offset + bytes_at.get(chars).copied().unwrap_or(text.len());
    let documents = MarkedYaml::load_from_str(text).map_err(|error| {
        let at = byte(error.marker().index());
        ParseError {
            message: error.info().to_string(),
            span: at..at,
        }
    })?;
    Ok(match documents.into_iter().next() {
        Some(document) => yaml_node(document, &byte),
        None => Node {
            value: Value::Table(Vec::new()),
            span: offset..offset,
        },
    })
}

fn yaml_node(node: MarkedYaml, byte: &dyn Fn(usize) -> usize) -> Node {
    let span = byte(node.span.start.index())..byte(node.span.end.index());
    let value = match node.data {
        YamlData::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(value) => Value::Bool(value),
            Scalar::Integer(value) => Value::Integer(value),
            Scalar::FloatingPoint(value) => Value::Float(value.into_inner()),
            Scalar::String(text) => Value::String(text.into_owned()),
        },
        YamlData::Representation(text, _, _) => Value::String(text.into_owned()),
        YamlData::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| yaml_node(item, byte))
                .collect(),
        ),
        YamlData::Mapping(mapping) => Value::Table(
            mapping
                .into_iter()
                .map(|(key, value)| {
                    let key_node = yaml_node(key, byte);
                    let key = match key_node.value {
                        Value::String(text) => text,
                        Value::Integer(number) => number.to_string(),
                        Value::Bool(value) => value.to_string(),
                        _ => String::new(),
                    };
                    Entry {
                        key,
                        key_span: key_node.span,
                        node: yaml_node(value, byte),
                    }
                })
                .collect(),
        ),
        YamlData::Tagged(_, inner) => return yaml_node(*inner, byte),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    };
    Node { value, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(node: &Node, text: &str) -> Vec<(String, String)> {
        node.entries()
            .iter()
            .map(|e| (e.key.clone(), text[e.node.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn toml_keeps_spans_of_keys_and_values_in_file_order() {
        let text = "title = \"Đại Nội\"\nweight = 3\n[extra]\nlat = 16.47\n";
        let node = parse_toml(text, 0).unwrap();
        assert_eq!(
            keys(&node, text),
            [
                ("title".to_string(), "\"Đại Nội\"".to_string()),
                ("weight".to_string(), "3".to_string()),
                ("extra".to_string(), "[extra]".to_string()),
            ]
        );
        let extra = &node.entries()[2];
        assert_eq!(&text[extra.node.entries()[0].key_span.clone()], "lat");
        assert_eq!(extra.node.entries()[0].node.value, Value::Float(16.47));
    }

    #[test]
    fn spans_are_offset_into_the_file() {
        let node = parse_toml("a = 1", 10).unwrap();
        assert_eq!(node.entries()[0].key_span, 10..11);
        let error = parse_toml("a = ", 10).unwrap_err();
        assert!(error.span.start >= 10, "{error:?}");
    }

    #[test]
    fn yaml_spans_count_bytes_not_characters() {
        let text = "title: Huế\nslug: hue\nlist:\n  - một\n  - 2\n";
        let node = parse_yaml(text, 0).unwrap();
        let entries = node.entries();
        assert_eq!(&text[entries[1].key_span.clone()], "slug");
        assert_eq!(&text[entries[1].node.span.clone()], "hue");
        assert_eq!(entries[0].node.value, Value::String("Huế".into()));
        let Value::Array(items) = &entries[2].node.value else {
            panic!("a list")
        };
        assert_eq!(items[1].value, Value::Integer(2));
        assert_eq!(parse_yaml("", 0).unwrap().entries(), &[]);
    }

    #[test]
    fn dates_and_extra_values_become_json() {
        let node = parse_toml("d = 2022-09-19\nx = [1, \"a\", true]", 0).unwrap();
        assert_eq!(node.to_json()["d"], "2022-09-19");
        assert_eq!(node.to_json()["x"], serde_json::json!([1, "a", true]));
    }
}
