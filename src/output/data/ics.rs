//! `KIND.ics`: a calendar to subscribe to (RFC 5545). One all-day event per occurrence in the
//! calendar window (`DTSTART;VALUE=DATE`, the day after the last as `DTEND`), a stable `UID`
//! from the record and the day, `DTSTAMP` from the build time, a `URL` to the page in the
//! file's language. Written by hand because the format is small and the one crate that writes
//! it folds some lines at 76 octets: lines end in CRLF and are folded at 75 octets without
//! splitting a character; TEXT values are escaped.

use chrono::{Days, NaiveDate};

use crate::output::data::Export;

pub(super) fn render(export: &Export) -> Vec<u8> {
    let config = &export.site.config;
    let host = config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or(&config.base_url)
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let site_title = config
        .language(export.lang)
        .map_or_else(String::new, |language| language.title.clone());
    let stamp = export.build_time.0.format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!(
            "PRODID:-//huong//{}//{}",
            export.kind.name,
            export.lang.to_uppercase()
        ),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            escape_text(&format!(
                "{site_title} – {}",
                export.records.kind_label(export.lang, export.kind)
            ))
        ),
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh".to_string(),
    ];
    let calendar_field = export.kind.calendar.as_deref().unwrap_or_default();
    for row in &export.rows {
        for occurrence in row.record.occurrences(calendar_field) {
            let uid_id = row.id.replace('/', "-");
            lines.extend([
                "BEGIN:VEVENT".to_string(),
                format!("UID:{}-{uid_id}@{host}", ymd(occurrence.start)),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART;VALUE=DATE:{}", ymd(occurrence.start)),
                format!(
                    "DTEND;VALUE=DATE:{}",
                    ymd(occurrence
                        .end
                        .checked_add_days(Days::new(1))
                        .unwrap_or(occurrence.end))
                ),
                format!("SUMMARY:{}", escape_text(&row.page.title)),
                format!("URL:{}", config.absolute_url(&row.page.url)),
                "TRANSP:TRANSPARENT".to_string(),
            ]);
            // A lunar date in words: the reason the day moves from year to year.
            if let Some(lunar) = &occurrence.lunar {
                let text = export.records.lunar_text(lunar, export.lang);
                lines.push(format!("DESCRIPTION:{}", escape_text(&text)));
            }
            lines.push("END:VEVENT".to_string());
        }
    }
    lines.push("END:VCALENDAR".to_string());
    let mut text = String::new();
    for line in lines {
        text.push_str(&fold(&line));
        text.push_str("\r\n");
    }
    text.into_bytes()
}

fn ymd(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// TEXT escaping: backslash, semicolon, comma, and line breaks as `\n`.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Folds a content line into lines of at most 75 octets (the CRLF not counted), breaking only
/// between characters; each continuation starts with a space, which counts.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            folded.push_str("\r\n ");
            used = 1;
        }
        folded.push(c);
        used += c.len_utf8();
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    proptest! {
        #[test]
        fn folded_lines_fit_in_75_octets_and_unfold_to_the_original(line in "\\PC{0,300}") {
            let folded = fold(&line);
            for part in folded.split("\r\n") {
                prop_assert!(part.len() <= 75, "{} octets: {:?}", part.len(), part);
            }
            prop_assert_eq!(folded.replace("\r\n ", ""), line);
        }
    }
}
