//! Shortcodes in Markdown: `{{ name(arg="v", n=2) }}` and `{% name(arg="v") %}body{% end %}`
//! call the theme template `shortcodes/name.html`. This module finds and parses the calls
//! (outside code) and splices in what the caller renders; it keeps a map from the expanded text
//! back to the original, so later errors still name the line the editor wrote.

use std::ops::Range;

use serde_json::{Map, Number, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    pub name: String,
    pub args: Map<String, Value>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeError {
    pub span: Range<usize>,
    pub message: String,
}

/// The text after expansion and how its offsets map back to the original.
#[derive(Debug)]
pub struct Expanded {
    pub text: String,
    /// `(offset in expanded text, offset in original)` at the start of each copied or spliced run.
    anchors: Vec<(usize, usize)>,
}

impl Expanded {
    /// Maps an offset of the expanded text to the original text.
    pub fn original_offset(&self, offset: usize) -> usize {
        let index = self
            .anchors
            .partition_point(|(expanded, _)| *expanded <= offset);
        match index.checked_sub(1).map(|i| self.anchors[i]) {
            Some((expanded, original)) => original + (offset - expanded),
            None => offset,
        }
    }
}

/// Expands every shortcode in `text` with `render`, which returns the HTML of one call or an
/// error message. Errors are collected; a failed call leaves its text out.
pub fn expand_shortcodes(
    text: &str,
    mut render: impl FnMut(&ShortcodeCall) -> Result<String, String>,
) -> (Expanded, Vec<ShortcodeError>) {
    let mut out = String::with_capacity(text.len());
    let mut anchors = vec![(0, 0)];
    let mut errors = Vec::new();
    let mut copied_to = 0;
    let mut scan = Scanner::new(text);
    while let Some(start) = scan.next_candidate() {
        let parsed = match parse_call(text, start) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => continue,
            Err(error) => {
                errors.push(error);
                scan.skip_to(start + 2);
                continue;
            }
        };
        out.push_str(&text[copied_to..start]);
        anchors.push((out.len(), start));
        match render(&parsed.call) {
            // Blank lines would end an HTML block in the middle of the shortcode's output.
            Ok(html) => out.push_str(&collapse_blank_lines(html.trim())),
            Err(message) => errors.push(ShortcodeError {
                span: start..parsed.end,
                message,
            }),
        }
        copied_to = parsed.end;
        anchors.push((out.len(), copied_to));
        scan.skip_to(parsed.end);
    }
    out.push_str(&text[copied_to..]);
    (Expanded { text: out, anchors }, errors)
}

fn collapse_blank_lines(html: &str) -> String {
    html.lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Finds `{{` and `{%` outside fenced code blocks and inline code spans.
struct Scanner<'a> {
    text: &'a str,
    position: usize,
    in_fence: Option<&'static str>,
    at_line_start: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            position: 0,
            in_fence: None,
            at_line_start: true,
        }
    }

    fn skip_to(&mut self, position: usize) {
        self.position = position.max(self.position);
        self.at_line_start = self.text[..self.position].ends_with('\n') || self.position == 0;
    }

    fn next_candidate(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while self.position < bytes.len() {
            if self.at_line_start {
                let line_end = self.text[self.position..]
                    .find('\n')
                    .map_or(self.text.len(), |i| self.position + i + 1);
                let line = self.text[self.position..line_end].trim_start_matches(' ');
                let fence = ["```", "~~~"].into_iter().find(|f| line.starts_with(f));
                match (self.in_fence, fence) {
                    (Some(open), Some(close)) if open == close => {
                        self.in_fence = None;
                        self.position = line_end;
                        continue;
                    }
                    (Some(_), _) => {
                        self.position = line_end;
                        continue;
                    }
                    (None, Some(open)) => {
                        self.in_fence = Some(open);
                        self.position = line_end;
                        continue;
                    }
                    (None, None) => self.at_line_start = false,
                }
            }
            let c = bytes[self.position];
            match c {
                b'\n' => {
                    self.position += 1;
                    self.at_line_start = true;
                }
                b'`' => {
                    let run = bytes[self.position..]
                        .iter()
                        .take_while(|b| **b == b'`')
                        .count();
                    let fence = &self.text[self.position..self.position + run];
                    let after = self.position + run;
                    self.position = match self.text[after..].find(fence) {
                        Some(close) => after + close + run,
                        None => after,
                    };
                }
                b'{' if matches!(bytes.get(self.position + 1), Some(b'{' | b'%')) => {
                    let start = self.position;
                    self.position += 2;
                    return Some(start);
                }
                _ => self.position += 1,
            }
        }
        None
    }
}

struct ParsedCall {
    call: ShortcodeCall,
    end: usize,
}

/// Parses the call at `start`. `Ok(None)` when the braces do not open a shortcode call at all
/// (`{{` in prose), an error when they clearly try to and fail.
fn parse_call(text: &str, start: usize) -> Result<Option<ParsedCall>, ShortcodeError> {
    let block = &text[start..start + 2] == "{%";
    let close = if block { "%}" } else { "}}" };
    let mut cursor = Cursor {
        text,
        position: start + 2,
    };
    cursor.skip_spaces();
    let name = cursor.identifier();
    if name.is_empty() || !cursor.eat("(") {
        return Ok(None);
    }
    let error = |position: usize, message: String| ShortcodeError {
        span: start..position.max(start + 2),
        message,
    };
    let mut args = Map::new();
    loop {
        cursor.skip_spaces();
        if cursor.eat(")") {
            break;
        }
        let key = cursor.identifier();
        if key.is_empty() {
            return Err(error(
                cursor.position,
                format!("expected an argument name in the call of `{name}`"),
            ));
        }
        cursor.skip_spaces();
        if !cursor.eat("=") {
            return Err(error(
                cursor.position,
                format!("expected `=` after `{key}` in the call of `{name}`"),
            ));
        }
        cursor.skip_spaces();
        let value = cursor.value().ok_or_else(|| {
            error(
                cursor.position,
                format!("the value of `{key}` must be a quoted string, a number, true or false"),
            )
        })?;
        args.insert(key.to_string(), value);
        cursor.skip_spaces();
        if cursor.eat(")") {
            break;
        }
        if !cursor.eat(",") {
            return Err(error(
                cursor.position,
                format!("expected `,` or `)` in the call of `{name}`"),
            ));
        }
    }
    cursor.skip_spaces();
    if !cursor.eat(close) {
        return Err(error(
            cursor.position,
            format!("the call of `{name}` must end with `{close}`"),
        ));
    }
    let mut end = cursor.position;
    let body = if block {
        let (body_end, after) = find_block_end(text, end).ok_or_else(|| {
            error(
                end,
                format!("the block `{name}` is never closed with {{% end %}}"),
            )
        })?;
        let body = text[end..body_end].trim_matches('\n').to_string();
        end = after;
        Some(body)
    } else {
        None
    };
    Ok(Some(ParsedCall {
        call: ShortcodeCall {
            name: name.to_string(),
            args,
            body,
        },
        end,
    }))
}

/// `{% end %}` with any spacing; returns where the body ends and where the tag ends.
fn find_block_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    while let Some(found) = text[search..].find("{%") {
        let tag_start = search + found;
        let mut cursor = Cursor {
            text,
            position: tag_start + 2,
        };
        cursor.skip_spaces();
        if cursor.identifier() == "end" {
            cursor.skip_spaces();
            if cursor.eat("%}") {
                return Some((tag_start, cursor.position));
            }
        }
        search = tag_start + 2;
    }
    None
}

struct Cursor<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.position..]
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.position += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.position += token.len();
            true
        } else {
            false
        }
    }

    fn identifier(&mut self) -> &'a str {
        let rest = self.rest();
        let length = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        self.position += length;
        &rest[..length]
    }

    fn value(&mut self) -> Option<Value> {
        let rest = self.rest();
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let mut value = String::new();
            let mut escaped = false;
            for (i, c) in rest.char_indices().skip(1) {
                match (escaped, c) {
                    (true, c) => {
                        value.push(c);
                        escaped = false;
                    }
                    (false, '\\') => escaped = true,
                    (false, c) if c == quote => {
                        self.position += i + 1;
                        return Some(Value::String(value));
                    }
                    (false, c) => value.push(c),
                }
            }
            return None;
        }
        for (word, value) in [("true", Value::Bool(true)), ("false", Value::Bool(false))] {
            if self.eat(word) {
                return Some(value);
            }
        }
        let length = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.'))
            .count();
        let number = &rest[..length];
        let value = number
            .parse::<i64>()
            .map(Number::from)
            .ok()
            .or_else(|| number.parse::<f64>().ok().and_then(Number::from_f64))?;
        self.position += length;
        Some(Value::Number(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(text: &str) -> (String, Vec<ShortcodeError>) {
        let (expanded, errors) = expand_shortcodes(text, |call| {
            Ok(format!(
                "<{} {:?} {:?}>",
                call.name,
                Value::Object(call.args.clone()).to_string(),
                call.body
            ))
        });
        (expanded.text, errors)
    }

    #[test]
    fn inline_and_block_calls_are_expanded() {
        let (text, errors) = expand("a {{ fig(src=\"x.jpg\", n=2, big=true) }} b");
        assert!(errors.is_empty());
        assert_eq!(
            text,
            "a <fig \"{\\\"big\\\":true,\\\"n\\\":2,\\\"src\\\":\\\"x.jpg\\\"}\" None> b"
        );
        let (text, _) = expand("{% note(kind='info') %}\nHello\n{% end %}\nafter");
        assert!(text.starts_with("<note"), "{text}");
        assert!(text.contains("Some(\"Hello\")"), "{text}");
        assert!(text.ends_with("\nafter"));
    }

    #[test]
    fn code_and_prose_braces_are_left_alone() {
        let text = "`{{ fig() }}` and\n```\n{{ fig() }}\n```\n{{ not a call }}";
        let (expanded, errors) = expand(text);
        assert_eq!(expanded, text);
        assert!(errors.is_empty());
    }

    #[test]
    fn bad_arguments_are_errors_with_a_span() {
        let (_, errors) = expand("line\n{{ fig(src=x.jpg) }}");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span.start, 5);
        assert!(errors[0].message.contains("`src`"));
        let (_, errors) = expand("{% note() %} never closed");
        assert!(errors[0].message.contains("never closed"));
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let (expanded, _) = expand_shortcodes("ab{{ x() }}cd", |_| Ok("LONG OUTPUT".into()));
        assert_eq!(expanded.text, "abLONG OUTPUTcd");
        let c = expanded.text.find("cd").unwrap();
        assert_eq!(expanded.original_offset(c), 11);
        assert_eq!(expanded.original_offset(1), 1);
    }
}
