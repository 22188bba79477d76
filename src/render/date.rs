//! Dates as each language writes them, with ICU4X: `19 tháng 9, 2022`, `19 September 2022`.
//! Fluent has no date formatting; the locale comes from the theme's `date-locale` message (so
//! English can read the British way), else from the language code.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date as IcuDate;
use icu_locale_core::Locale;

use crate::config::Config;
use crate::load::front_matter::Date;
use crate::load::locales::Locales;

pub struct DateFormats {
    formatters: HashMap<String, DateTimeFormatter<YMD>>,
}

impl DateFormats {
    pub fn new(config: &Config, locales: &Locales) -> DateFormats {
        let formatters = config
            .languages
            .iter()
            .filter_map(|language| {
                let tag = locales
                    .format(&language.code, "date-locale", &HashMap::new())
                    .unwrap_or_else(|| language.code.clone());
                let locale = Locale::try_from_str(tag.trim())
                    .or_else(|_| Locale::try_from_str(&language.code))
                    .ok()?;
                let formatter = DateTimeFormatter::try_new(locale.into(), YMD::long()).ok()?;
                Some((language.code.clone(), formatter))
            })
            .collect();
        DateFormats { formatters }
    }

    /// The long date in `lang`; ISO `YYYY-MM-DD` when ICU has no data for the language.
    pub fn format(&self, lang: &str, date: Date) -> String {
        self.format_day(lang, date.0.date_naive())
    }

    /// A day in `lang`'s long form; ISO when ICU has no data for the language.
    pub fn format_day(&self, lang: &str, day: NaiveDate) -> String {
        let formatted = IcuDate::try_new_iso(day.year(), day.month() as u8, day.day() as u8)
            .ok()
            .zip(self.formatters.get(lang))
            .map(|(iso, formatter)| formatter.format(&iso).to_string());
        formatted.unwrap_or_else(|| day.format("%Y-%m-%d").to_string())
    }
}
