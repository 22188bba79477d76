//! Reading typed values out of a spanned tree, for whoever owns a schema (front matter,
//! `site.toml`, record fields): each getter checks one entry's type and, when it is wrong,
//! records an error at the value with what was expected and an example in the file's own
//! syntax. Problems are collected, never returned one at a time, so an editor sees them all.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceText, closest};
use crate::spanned::{Entry, Node, Value};

/// The syntax of the text being read, for the examples in help lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

/// Collects the problems found while one file's values are read.
pub struct Reader<'a> {
    pub source: &'a SourceText,
    pub syntax: Syntax,
    /// What is being read, for messages: `front matter`, `site.toml`.
    pub what: &'static str,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a SourceText, syntax: Syntax, what: &'static str) -> Self {
        Reader {
            source,
            syntax,
            what,
            problems: Vec::new(),
        }
    }

    /// The entries of a node that must be a table; `None` (and an error) for any other value.
    /// An empty document is an empty table.
    pub fn table<'n>(&mut self, key: &str, node: &'n Node) -> Option<&'n [Entry]> {
        match &node.value {
            Value::Table(entries) => Some(entries),
            Value::Null => Some(&[]),
            _ => {
                let message = match key {
                    "" => format!("expected keys and values, found {}", node.describe()),
                    key => format!("`{key}` must be a table, not {}", node.describe()),
                };
                self.error(
                    message,
                    node.span.clone(),
                    "here",
                    self.example("key", "\"value\""),
                );
                None
            }
        }
    }

    /// Records an error about this file.
    pub fn error(&mut self, message: String, span: Range<usize>, label: &str, help: String) {
        self.problems.push(
            Diagnostic::error(format!("invalid {}: {message}", self.what))
                .at(self.source, span)
                .with_label(label)
                .with_help(help),
        );
    }

    /// How `key = value` is written in this syntax, for help lines.
    pub fn example(&self, key: &str, value: &str) -> String {
        match self.syntax {
            Syntax::Toml => format!("write it as {key} = {value}"),
            Syntax::Yaml => format!("write it as {key}: {value}"),
        }
    }

    pub fn wrong_type(&mut self, entry: &Entry, node: &Node, expected: &str, example: &str) {
        let message = format!(
            "invalid type for `{}`: expected {expected}, found {}",
            entry.key,
            node.describe()
        );
        let help = self.example(&entry.key, example);
        self.error(message, node.span.clone(), "here", help);
    }

    /// An entry whose key is not in `known`; `fallback` is the help when no known key is close.
    pub fn unknown(&mut self, entry: &Entry, known: &[&str], fallback: Option<String>) {
        let key = entry.key.as_str();
        let help = match closest(key, known.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => {
                fallback.unwrap_or_else(|| format!("the allowed keys are: {}", known.join(", ")))
            }
        };
        self.error(
            format!("unknown field `{key}`"),
            entry.key_span.clone(),
            "unknown key",
            help,
        );
    }

    pub fn string(&mut self, entry: &Entry) -> Option<String> {
        match &entry.node.value {
            Value::String(text) => Some(text.clone()),
            _ => {
                self.wrong_type(entry, &entry.node, "text", "\"...\"");
                None
            }
        }
    }

    pub fn integer(&mut self, entry: &Entry) -> Option<i64> {
        match entry.node.value {
            Value::Integer(number) => Some(number),
            _ => {
                self.wrong_type(entry, &entry.node, "a whole number", "3");
                None
            }
        }
    }

    /// A whole number of at least zero (how many pages a list shows).
    pub fn count(&mut self, entry: &Entry) -> Option<usize> {
        match entry.node.value {
            Value::Integer(number) if number >= 0 => usize::try_from(number).ok(),
            _ => {
                self.wrong_type(entry, &entry.node, "a positive whole number", "10");
                None
            }
        }
    }

    pub fn bool(&mut self, entry: &Entry) -> Option<bool> {
        match entry.node.value {
            Value::Bool(value) => Some(value),
            _ => {
                self.wrong_type(entry, &entry.node, "true or false", "true");
                None
            }
        }
    }

    /// A list of text; a wrong item is reported, the others kept.
    pub fn strings(&mut self, entry: &Entry) -> Option<Vec<String>> {
        let Value::Array(items) = &entry.node.value else {
            self.wrong_type(entry, &entry.node, "a list of text", "[\"...\"]");
            return None;
        };
        let mut strings = Vec::new();
        for item in items {
            match &item.value {
                Value::String(text) => strings.push(text.clone()),
                _ => self.wrong_type(entry, item, "text in the list", "[\"...\"]"),
            }
        }
        Some(strings)
    }

    /// One of a few words (`sort_by = "date"`).
    pub fn choice<T: Copy>(&mut self, entry: &Entry, choices: &[(&str, T)]) -> Option<T> {
        let found = match &entry.node.value {
            Value::String(text) => choices
                .iter()
                .find(|(word, _)| word == text)
                .map(|(_, value)| *value),
            _ => None,
        };
        if found.is_none() {
            let words: Vec<String> = choices
                .iter()
                .map(|(word, _)| format!("`{word}`"))
                .collect();
            let written = match &entry.node.value {
                Value::String(text) => format!("`{text}`"),
                _ => entry.node.describe().to_string(),
            };
            let message = format!(
                "`{}` must be one of {}, not {written}",
                entry.key,
                words.join(", ")
            );
            let help = self.example(&entry.key, &format!("\"{}\"", choices[0].0));
            self.error(message, entry.node.span.clone(), "here", help);
        }
        found
    }
}
