//! Shortcodes in Markdown: `{{ name(arg="v", n=2) }}` and `{% name(arg="v") %}body{% end %}`
//! call the theme template `shortcodes/name.html`. This module finds and parses the calls
//! (outside code) and splices in what the caller renders; it keeps a map from the expanded text
//! back to the original, so later errors still name the line the editor wrote.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};
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
    /// Where the theme's output of each call lies in the expanded text, in order.
    theme_output: Vec<Range<usize>>,
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

    /// Whether `range` of the expanded text lies wholly in what a shortcode rendered (not in
    /// what the editor wrote).
    pub fn is_theme_output(&self, range: &Range<usize>) -> bool {
        let index = self
            .theme_output
            .partition_point(|output| output.end < range.end);
        self.theme_output
            .get(index)
            .is_some_and(|output| output.start <= range.start && range.end <= output.end)
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
    let mut theme_output = Vec::new();
    let mut errors = Vec::new();
    let mut copied_to = 0;
    let starts = candidates(text);
    for &start in &starts {
        // Inside a call already expanded (its arguments, a block's body).
        if start < copied_to {
            continue;
        }
        let parsed = match parse_call(text, start, &starts) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => continue,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        out.push_str(&text[copied_to..start]);
        anchors.push((out.len(), start));
        match render(&parsed.call) {
            // Blank lines would end an HTML block in the middle of the shortcode's output.
            Ok(html) => {
                let start = out.len();
                out.push_str(&collapse_blank_lines(html.trim()));
                theme_output.push(start..out.len());
            }
            Err(message) => errors.push(ShortcodeError {
                span: start..parsed.end,
                message,
            }),
        }
        copied_to = parsed.end;
        anchors.push((out.len(), copied_to));
    }
    out.push_str(&text[copied_to..]);
    let expanded = Expanded {
        text: out,
        anchors,
        theme_output,
    };
    (expanded, errors)
}

fn collapse_blank_lines(html: &str) -> String {
    html.lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where CommonMark puts code and raw HTML in `text` (code spans, fenced and indented code
/// blocks, HTML blocks, inline HTML), as pulldown-cmark parses it: inside these, braces are
/// what the editor wants shown, never a call. Deciding this with the Markdown parser itself,
/// not a second grammar, keeps it right in lists, block quotes, tables and footnotes.
fn verbatim_ranges(text: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut ranges: Vec<Range<usize>> = Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => Some(range),
            Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect();
    ranges.sort_by_key(|range| range.start);
    ranges
}

/// The places where `{{` or `{%` starts a candidate call: outside code and raw HTML, and not
/// escaped (`\{{` is how an editor writes literal braces in prose).
fn candidates(text: &str) -> Vec<usize> {
    // Most bodies hold no call: they need no second parse.
    if !text.contains("{{") && !text.contains("{%") {
        return Vec::new();
    }
    let verbatim = verbatim_ranges(text);
    // The ranges do not overlap: the last one starting before `at` is the only one that can
    // hold it.
    let inside = |at: usize| {
        let index = verbatim.partition_point(|range| range.start <= at);
        index
            .checked_sub(1)
            .is_some_and(|i| verbatim[i].contains(&at))
    };
    let escaped = |at: usize| {
        let backslashes = text[..at].bytes().rev().take_while(|b| *b == b'\\').count();
        backslashes % 2 == 1
    };
    text.match_indices('{')
        .map(|(at, _)| at)
        .filter(|at| matches!(text.as_bytes().get(at + 1), Some(b'{' | b'%')))
        .filter(|at| !inside(*at) && !escaped(*at))
        .collect()
}

struct ParsedCall {
    call: ShortcodeCall,
    end: usize,
}

/// Parses the call at `start`. `Ok(None)` when the braces do not open a shortcode call at all
/// (`{{` in prose), an error when they clearly try to and fail.
/// `starts` are the candidates of the text, where a block's `{% end %}` may stand.
fn parse_call(
    text: &str,
    start: usize,
    starts: &[usize],
) -> Result<Option<ParsedCall>, ShortcodeError> {
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
        let (body_end, after) = find_block_end(text, end, starts).ok_or_else(|| {
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

/// The first `{% end %}` (any spacing) among `starts` after `from`, outside code; returns
/// where the body ends and where the tag ends.
fn find_block_end(text: &str, from: usize, starts: &[usize]) -> Option<(usize, usize)> {
    starts
        .iter()
        .filter(|start| **start >= from)
        .find_map(|&tag_start| {
            let mut cursor = Cursor {
                text,
                position: tag_start + 2,
            };
            let block = text[tag_start..].starts_with("{%");
            cursor.skip_spaces();
            let end = block && cursor.identifier() == "end" && {
                cursor.skip_spaces();
                cursor.eat("%}")
            };
            end.then_some((tag_start, cursor.position))
        })
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

    /// Every form of code and raw HTML CommonMark has, each followed by a real call: the
    /// shortcode-looking text inside stays as written, the call after it is expanded.
    #[test]
    fn code_in_every_commonmark_form_is_left_alone() {
        let looks = "{{ x() }} {% x() %} style=\"text-align: center\"";
        let cases = [
            format!("`{looks}`"),
            format!("``{looks}``"),
            format!("```{looks}```"),
            format!("a `` ` `` then `{looks}`"),
            format!("```\n{looks}\n```"),
            format!("~~~\n{looks}\n~~~"),
            format!("````\n```\n{looks}\n```\n````"),
            format!("```\n{looks}\n`````"),
            format!("    {looks}"),
            format!("\t{looks}"),
            format!("- item\n\n      {looks}"),
            format!("> ```\n> {looks}\n"),
            format!("- ```\n  {looks}\n"),
            format!(">     {looks}"),
            format!("<div>\n{looks}\n</div>"),
            format!("a <span title='{looks}'>b</span>"),
            format!("| a |\n| - |\n| `{looks}` |"),
            format!("a[^1]\n\n[^1]: `{looks}`"),
        ];
        for case in cases {
            // The code ends before the real call: a closing fence, the end of the quote or
            // list item, or a blank line.
            let text = format!("{case}\n\n{{{{ fig() }}}}\n");
            let (expanded, errors) = expand(&text);
            assert!(errors.is_empty(), "{case:?}: {errors:?}");
            assert!(expanded.starts_with(&case), "{case:?} became {expanded:?}");
            assert!(
                expanded.ends_with("<fig \"{}\" None>\n"),
                "{case:?}: {expanded:?}"
            );
        }
        // A fence left open runs to the end of the document: nothing after it is a call.
        let open = format!("```\n{looks}\n{{{{ fig() }}}}\n");
        assert_eq!(expand(&open).0, open);
    }

    #[test]
    fn braces_that_only_look_like_code_are_calls() {
        // An escaped backtick opens no code span; an indented line of backticks inside a
        // paragraph opens no fence.
        let (text, _) = expand("\\` {{ fig() }} `");
        assert!(text.contains("<fig"), "{text}");
        let (text, _) = expand("para\n    ```\n{{ fig() }}\n");
        assert!(text.contains("<fig"), "{text}");
        // `\{{` is how prose shows literal braces: Markdown prints `{{`.
        let literal = "write \\{{ fig() }} for a figure";
        assert_eq!(expand(literal).0, literal);
    }

    #[test]
    fn a_block_ends_at_its_end_tag_outside_code() {
        let (text, errors) = expand("{% note() %}\nuse `{% end %}` to close\n{% end %}\nafter");
        assert!(errors.is_empty(), "{errors:?}");
        assert!(
            text.contains("Some(\"use `{% end %}` to close\")"),
            "{text}"
        );
        assert!(text.ends_with("\nafter"));
    }

    use proptest::prelude::*;

    /// A random document of paragraphs, quotes, list items, code spans, fenced code blocks and
    /// raw HTML, whose code holds `CODE`. (Indented code depends on what precedes it, so the
    /// table test above covers it.)
    fn document() -> impl Strategy<Value = String> {
        let word = "[a-zđăâêôơư]{1,8}";
        let block = prop_oneof![
            proptest::collection::vec(word, 1..6).prop_map(|w| w.join(" ")),
            word.prop_map(|w| format!("{w} `CODE` {w}")),
            Just("```\nCODE\n```".to_string()),
            Just("~~~~\n```\nCODE\n~~~~".to_string()),
            word.prop_map(|w| format!("> {w} `CODE`")),
            word.prop_map(|w| format!("- {w}\n\n  ```\n  CODE\n  ```")),
            Just("<p>CODE</p>".to_string()),
        ];
        proptest::collection::vec(block, 1..8).prop_map(|blocks| blocks.join("\n\n"))
    }

    proptest! {
        #[test]
        fn shortcode_text_inside_code_changes_nothing_but_that_code(doc in document()) {
            let (plain, _) = expand(&doc.replace("CODE", "abc"));
            let looks = "{{ fig(a=1) }} {% fig() %}x{% end %}";
            let (with_calls, errors) = expand(&doc.replace("CODE", looks));
            prop_assert!(errors.is_empty(), "{:?}", errors);
            prop_assert_eq!(with_calls, plain.replace("abc", looks));
        }
    }
}
