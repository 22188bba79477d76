//! Raw HTML that editors write in Markdown. Published as written it would let any editor's
//! paste (or a compromised account) run scripts on a government portal, frame other sites or
//! post forms. So by default a body keeps only the elements and attributes an article needs
//! (tables, `<details>`, `<abbr>`, `<sup>`, links to the web, mail and phone...): ammonia parses
//! the whole body as a browser would and drops the rest. The theme's shortcodes are the
//! theme's own HTML, as trusted as its templates: their output is set aside before cleaning and
//! put back after. Each fragment an editor wrote that loses something gets a warning naming
//! what at its line. `[markdown] unsafe_html = true` publishes raw HTML as written.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements an article may use.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    // Markdown's task lists are disabled checkboxes; without a form an input posts nothing.
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes every allowed element may have (heading ids and table alignment classes among
/// them: Markdown writes those too).
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes allowed on one element.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("img", &["alt", "height", "loading", "src", "width"]),
    ("input", &["checked", "disabled", "type"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    ("q", &["cite"]),
    ("td", &["colspan", "headers", "rowspan"]),
    ("th", &["abbr", "colspan", "headers", "rowspan", "scope"]),
    ("time", &["datetime"]),
];

/// Where a link or an image may point, besides the site's own paths.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The attributes that hold a URL, among those allowed.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// Elements dropped with their content, not just their tags.
const CONTENT_DROPPED: &[&str] = &["script", "style", "template"];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
                .collect::<HashMap<_, HashSet<_>>>(),
        )
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .clean_content_tags(CONTENT_DROPPED.iter().copied().collect())
        .strip_comments(true);
    builder
});

/// Whether `attribute` may stay on `tag` (both lower case).
pub fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(name, allowed)| *name == tag && allowed.contains(&attribute))
}

/// Whether a URL points somewhere allowed: a path or fragment of the site, or an allowed scheme.
fn url_allowed(url: &str) -> bool {
    // Browsers skip whitespace and control characters in a scheme (`java\tscript:`).
    let compact: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let Some((scheme, _)) = compact.split_once(':') else {
        return true;
    };
    // `a/b:c` and `?q=a:b` are paths and queries of the site.
    scheme.contains(['/', '?', '#']) || URL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}

/// What cleaning would remove from `fragment`, a piece of raw HTML as an editor wrote it:
/// `<script>`, `onclick` on `<a>`, the link `javascript:...`. Empty when nothing.
pub fn removed_from(fragment: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(Findings::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(fragment.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

/// The tokens of a fragment, checked against the lists above as they come.
#[derive(Default)]
struct Findings {
    found: RefCell<Vec<String>>,
}

impl TokenSink for Findings {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        let mut found = self.found.borrow_mut();
        let mut note = |what: String| {
            if !found.contains(&what) {
                found.push(what);
            }
        };
        if !TAGS.contains(&name) {
            note(format!("<{name}>"));
        } else {
            for attribute in &tag.attrs {
                let attribute_name: &str = &attribute.name.local;
                if !attribute_allowed(name, attribute_name) {
                    note(format!("{attribute_name}= on <{name}>"));
                } else if URL_ATTRIBUTES.contains(&attribute_name) && !url_allowed(&attribute.value)
                {
                    note(format!("the address {}", attribute.value.trim()));
                }
            }
        }
        // What a browser reads as text after these tags is not markup.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "iframe" | "xmp" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Cleans a rendered body whose theme output was replaced by [`placeholder`]s, then puts that
/// output back: `theme_output[n]` where the `n`th placeholder stands in text. A placeholder the
/// cleaning left inside a tag (an editor's unclosed attribute ran into it) is dropped, so the
/// theme's HTML never lands in an attribute value.
pub fn clean(html: &str, theme_output: &[String]) -> String {
    let cleaned = CLEANER.clean(html).to_string();
    if theme_output.is_empty() {
        return cleaned;
    }
    let mut out = String::with_capacity(cleaned.len());
    let mut in_tag = false;
    let mut in_quotes = false;
    let mut rest = cleaned.as_str();
    while let Some(c) = rest.chars().next() {
        if c == PLACEHOLDER_START
            && let Some(end) = rest.find(PLACEHOLDER_END)
            && let Ok(index) = rest[1..end].parse::<usize>()
        {
            if !in_tag && let Some(output) = theme_output.get(index) {
                out.push_str(output);
            }
            rest = &rest[end + 1..];
            continue;
        }
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quotes = !in_quotes,
            '>' if in_tag && !in_quotes => in_tag = false,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

// Control characters: the load stage removes them from every file, so no editor can write one.
const PLACEHOLDER_START: char = '\u{1}';
const PLACEHOLDER_END: char = '\u{2}';

/// What stands for the `index`th piece of theme output while a body is cleaned.
pub fn placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_START}{index}{PLACEHOLDER_END}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_article_needs_stays_and_what_runs_code_goes() {
        let html = "<details open><summary>Xem</summary><p>H<sub>2</sub>O, <abbr title=\"Ủy ban nhân dân\">UBND</abbr><sup>1</sup></p></details>\
                    <script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">a</a>\
                    <iframe src=\"https://example.org\"></iframe><img src=\"a.png\" onerror=\"x()\" alt=\"A\">\
                    <style>p{}</style><form action=\"/x\"><input type=\"text\"></form><p style=\"color:red\">p</p>";
        assert_eq!(
            clean(html, &[]),
            "<details open=\"\"><summary>Xem</summary><p>H<sub>2</sub>O, <abbr title=\"Ủy ban nhân dân\">UBND</abbr><sup>1</sup></p></details>\
             <a>a</a><img src=\"a.png\" alt=\"A\"><input type=\"text\"><p>p</p>"
        );
    }

    #[test]
    fn the_removed_parts_are_named() {
        assert_eq!(
            removed_from("<a href=\"JaVaScRiPt:alert(1)\" onclick=\"x()\">"),
            ["the address JaVaScRiPt:alert(1)", "onclick= on <a>"]
        );
        assert_eq!(
            removed_from("<a href=\"java&#x09;script:x\">"),
            ["the address java\tscript:x"]
        );
        assert_eq!(
            removed_from("<script>if (a<b) {}</script><p>"),
            ["<script>"]
        );
        assert!(removed_from("<details><summary>Xem</summary>").is_empty());
        assert!(removed_from("<a href=\"/di-san/#x\" title=\"a:b\">").is_empty());
        assert!(removed_from("<a href=\"tel:+84234\">").is_empty());
        assert!(removed_from("</div>").is_empty());
    }

    #[test]
    fn theme_output_comes_back_in_text_only() {
        let theme = vec!["<iframe src=\"https://video\"></iframe>".to_string()];
        let body = format!("<p>a</p>{}<script>x</script>", placeholder(0));
        assert_eq!(
            clean(&body, &theme),
            "<p>a</p><iframe src=\"https://video\"></iframe>"
        );
        let in_attribute = format!("<p title=\"{}\">a</p>", placeholder(0));
        assert_eq!(clean(&in_attribute, &theme), "<p title=\"\">a</p>");
    }
}
