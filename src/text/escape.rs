//! Escaping for the markup huong writes itself (feeds, sitemaps, redirect pages, attributes it
//! adds to rendered Markdown). Templates escape through Tera, with `escape_xml` as its function.

/// Escapes text for XML element content and attribute values. Control characters XML does not
/// allow (all of U+0000-U+001F but tab, line feed and carriage return) are left out, so a
/// title with one (`title = "a\u0007"` in TOML) cannot make a feed invalid.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' => {}
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Escapes a value for a double-quoted HTML attribute (apostrophes stay as they are).
pub fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
