//! Problems found in a user's files, and how they are shown.
//!
//! A [`Diagnostic`] names the file, a byte span in its (normalised) text, a message, a label and
//! a `help:` line with the fix. Stages collect diagnostics instead of stopping at the first one,
//! so an editor sees every problem of the site in one run. This module only formats; it never
//! decides what is wrong.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The text a diagnostic points into: its path as the user knows it and its content.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceText {
            path: path.into(),
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in; `None` for problems of the whole site.
    pub path: Option<PathBuf>,
    /// The file's text, when the problem has a place in it.
    pub source: Option<Arc<str>>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: None,
            source: None,
            span: None,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// The problem concerns a file as a whole (no line to show).
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The problem sits at `span` of `source`; the span is clamped to the text and to char
    /// boundaries so that a wrong offset can never make the report itself panic.
    pub fn at(mut self, source: &SourceText, span: Range<usize>) -> Self {
        let text = &source.text;
        let mut start = span.start.min(text.len());
        let mut end = span.end.clamp(start, text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        self.path = Some(source.path.clone());
        self.source = Some(source.text.clone());
        self.span = Some(start..end);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let (text, span) = (self.source.as_deref()?, self.span.as_ref()?);
        let before = &text[..span.start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..span.start].chars().count() + 1;
        Some((line, column))
    }

    /// The order reports are printed in: by file, then by place in the file.
    fn sort_key(&self) -> (Option<&Path>, usize, Severity, &str) {
        let start = self.span.as_ref().map_or(0, |span| span.start);
        (self.path.as_deref(), start, self.severity, &self.message)
    }

    /// The rich text form: `file:line:col`, the offending line with a caret, then `help:`.
    pub fn render_text(&self) -> String {
        let severity = match self.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let path = self
            .path
            .as_ref()
            .map(|path| path.display().to_string())
            .unwrap_or_default();
        let file = SimpleFile::new(path.clone(), self.source.as_deref().unwrap_or(""));
        let mut report = Report::new(severity).with_message(&self.message);
        match (&self.source, &self.span) {
            (Some(_), Some(span)) => {
                let label = Label::primary((), span.clone())
                    .with_message(self.label.clone().unwrap_or_default());
                report = report.with_labels(vec![label]);
            }
            _ if !path.is_empty() => report = report.with_notes(vec![format!("in {path}")]),
            _ => {}
        }
        if let Some(help) = &self.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_into_string(&term::Config::default(), &file, &report)
            .unwrap_or_else(|_| format!("{path}: {}\n", self.message))
    }
}

/// The machine-readable form used by `--format json`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    label: Option<&'a str>,
    help: Option<&'a str>,
}

/// Every diagnostic of a run, kept in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `--strict` turns every warning into an error.
    pub fn make_strict(&mut self) {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
    }

    /// Sorted by file then place, duplicates removed (parallel stages may find one problem twice).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup_by(|a, b| a.sort_key() == b.sort_key());
        self.items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| {
            let place = d.line_column();
            JsonDiagnostic {
                severity: d.severity,
                file: d.path.as_ref().map(|p| p.display().to_string()),
                line: place.map(|(line, _)| line),
                column: place.map(|(_, column)| column),
                message: &d.message,
                label: d.label.as_deref(),
                help: d.help.as_deref(),
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

/// Suggests the known name closest to `unknown`, for "did you mean" hints. Case, `_` and `-`
/// are ignored, so the spellings of other tools (`baseURL`, `base-url`) find `base_url`.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |name: &str| -> String {
        name.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let unknown = fold(unknown);
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&unknown, &fold(candidate)), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let source = SourceText::new("a.md", "một\nhai ba\n");
        let d = Diagnostic::error("x").at(&source, 10..12);
        assert_eq!(d.line_column(), Some((2, 5)));
    }

    #[test]
    fn closest_ignores_case_and_separators() {
        let known = ["base_url", "default_language", "theme"];
        assert_eq!(closest("baseURL", known), Some("base_url"));
        assert_eq!(closest("defualt_language", known), Some("default_language"));
        assert_eq!(closest("zzz", known), None);
    }

    #[test]
    fn span_inside_a_character_is_clamped() {
        let source = SourceText::new("a.md", "đ");
        let d = Diagnostic::error("x").at(&source, 1..1);
        assert_eq!(d.span, Some(0..2));
    }
}
