//! Escaping for the markup huong writes itself (feeds, sitemaps, redirect pages, attributes it
//! adds to rendered Markdown). Templates escape through Tera, with `escape_xml` as its function.
//! And the one way back that huong needs, for the search index: [`entity`].

/// Escapes text for XML element content and attribute values. Control characters XML does not
/// allow (all of U+0000-U+001F but tab, line feed and carriage return) are left out, so a
/// title with one (`title = "a\u0007"` in TOML) cannot make a feed invalid.
pub fn escape_xml(text: &str) -> String {
    // Every value a template prints passes here: the text is copied in runs between the
    // characters to replace, all of them ASCII, so bytes can be read instead of characters.
    let mut escaped = String::with_capacity(text.len());
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\t' | b'\n' | b'\r' => continue,
            0..0x20 => "",
            _ => continue,
        };
        escaped.push_str(&text[start..at]);
        escaped.push_str(replacement);
        start = at + 1;
    }
    escaped.push_str(&text[start..]);
    escaped
}

/// Escapes a value for a double-quoted HTML attribute (apostrophes stay as they are).
pub fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The character an entity reference names, given the text after its `&`, and the bytes it
/// takes there (its name and `;`): the five of XML, `&nbsp;`, and numeric references. Other
/// names are left as they are written (`None`): rendered Markdown has no others.
pub fn entity(after_ampersand: &str) -> Option<(char, usize)> {
    // A name is short: only the first bytes are searched for the `;`.
    let end = after_ampersand.bytes().take(9).position(|b| b == b';')?;
    let name = &after_ampersand[..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
            .and_then(char::from_u32)?,
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `escape_xml` must write, one character at a time.
    fn escaped_by_character(text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(c.to_string()),
                c if c < ' ' => None,
                '&' => Some("&amp;".into()),
                '<' => Some("&lt;".into()),
                '>' => Some("&gt;".into()),
                '"' => Some("&quot;".into()),
                '\'' => Some("&apos;".into()),
                c => Some(c.to_string()),
            })
            .collect()
    }

    #[test]
    fn markup_is_escaped_and_forbidden_controls_dropped() {
        assert_eq!(
            escape_xml("Huế & \"Đà Nẵng\" <b>'x'</b>\u{7}\tend\n"),
            "Huế &amp; &quot;Đà Nẵng&quot; &lt;b&gt;&apos;x&apos;&lt;/b&gt;\tend\n"
        );
        assert_eq!(escape_xml(""), "");
    }

    proptest! {
        /// Any text, Vietnamese letters, markup and control characters mixed, is escaped as a
        /// character-by-character reading would.
        #[test]
        fn bytes_and_characters_escape_alike(text in "[a-zđếữ&<>\"' \t\n\r\u{0}-\u{1f}\u{7f}\u{80}-\u{9f}]{0,40}") {
            prop_assert_eq!(escape_xml(&text), escaped_by_character(&text));
        }
    }
}
