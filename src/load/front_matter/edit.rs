//! Edits one key of a file's front matter in place, keeping every other byte: what
//! `huong i18n mark` and `huong new` write into editors' files.

/// Sets (`Some`) or removes (`None`) one top-level key of a file's front matter, keeping every
/// other byte: its BOM, line endings, comments and order. New keys go right after the opening
/// fence, where they cannot fall into a TOML table. `value` is written as a quoted string.
pub fn edit_front_matter(text: &str, key: &str, value: Option<&str>) -> Option<String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let fence = if body.starts_with("+++") {
        "+++"
    } else if body.starts_with("---") {
        "---"
    } else {
        return None;
    };
    let assignment = |value: &str| {
        let quoted = serde_json::to_string(value).unwrap_or_default();
        if fence == "+++" {
            format!("{key} = {quoted}")
        } else {
            format!("{key}: {quoted}")
        }
    };
    let mut lines: Vec<&str> = body.split_inclusive('\n').collect();
    let close = lines
        .iter()
        .skip(1)
        .position(|line| line.trim_end() == fence)?
        + 1;
    let existing = lines[1..close].iter().position(|line| {
        line.strip_prefix(key).is_some_and(|rest| {
            rest.trim_start().starts_with('=') || rest.trim_start().starts_with(':')
        })
    });
    let replacement = value.map(|value| format!("{}{newline}", assignment(value)));
    let mut out: Vec<String> = lines.drain(..).map(str::to_string).collect();
    match (existing, replacement) {
        (Some(index), Some(line)) => out[index + 1] = line,
        (Some(index), None) => {
            out.remove(index + 1);
        }
        (None, Some(line)) => out.insert(1, line),
        (None, None) => {}
    }
    Some(format!("{bom}{}", out.concat()))
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn keys_are_set_replaced_and_removed_in_place() {
        let toml = "+++\r\ntitle = \"A\"\r\n[extra]\r\nx = 1\r\n+++\r\nBody\r\n";
        let set = edit_front_matter(toml, "translated_from", Some("ab12cd34")).unwrap();
        assert_eq!(
            set,
            "+++\r\ntranslated_from = \"ab12cd34\"\r\ntitle = \"A\"\r\n[extra]\r\nx = 1\r\n+++\r\nBody\r\n"
        );
        let replaced = edit_front_matter(&set, "translated_from", Some("ffffffff")).unwrap();
        assert!(
            replaced.contains("translated_from = \"ffffffff\"\r\n")
                && !replaced.contains("ab12cd34")
        );
        let removed = edit_front_matter(&replaced, "translated_from", None).unwrap();
        assert_eq!(removed, toml);
        let yaml = "\u{feff}---\ntitle: A\nneeds_translation: true\n---\n";
        let edited = edit_front_matter(yaml, "needs_translation", None).unwrap();
        assert_eq!(edited, "\u{feff}---\ntitle: A\n---\n");
        assert_eq!(edit_front_matter("no front matter", "x", Some("y")), None);
    }
}
