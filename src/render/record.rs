//! What templates (and the data outputs) see of a record: each value typed for templates
//! (`page.festival.when.next.start.display`), and as a fact to show, labelled in the page's
//! language (`page.record.facts`). Labels come from UI strings: `KIND-FIELD` for a field,
//! `KIND-FIELD-VALUE` for an enum value; references lead to the record in the page's language.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::{Value, json};

use crate::calendar::lunar::LunarDate;
use crate::calendar::{Occurrence, Schedule, next};
use crate::config::kinds::{FieldType, Kind};
use crate::load::locales::{Argument, Locales};
use crate::model::Site;
use crate::model::order::TitleOrder;
use crate::model::page::{Item, Page, PageId};
use crate::model::record::{FieldValue, Record, Timing};
use crate::render::date::DateFormats;

/// A record as templates see it.
#[derive(Serialize, Clone)]
pub struct RecordView {
    pub kind: String,
    /// The typed values, by field name (also at `page.KIND`).
    pub values: serde_json::Map<String, Value>,
    /// The values as labelled text, in the kind's field order.
    pub facts: Vec<Fact>,
    /// On a record's own page: the nearest other records of its kind that have a place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nearby: Vec<Nearby>,
    /// On a dated record's own page: its iCalendar file, to add it to a calendar.
    pub calendar_url: Option<String>,
}

/// Another record near this one, with the distance between them as the crow flies.
#[derive(Serialize, Clone)]
pub struct Nearby {
    pub title: String,
    pub url: String,
    /// The language of its text, when it is not the page's.
    pub lang: Option<String>,
    pub kilometres: f64,
    /// `8,7 km` / `8.7 km`.
    pub distance: String,
}

/// The page a `ref` value leads to, in the reader's language when it is translated.
#[derive(Serialize, Clone)]
pub struct Reference {
    pub title: String,
    pub url: String,
    /// The language of the page, when it is not the reader's (an untranslated original).
    pub lang: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Fact {
    pub name: String,
    pub label: String,
    pub text: String,
    /// Where the value leads (a web address, a map, another record's page).
    pub url: Option<String>,
    /// The language of the text it leads to, when it is not the page's (a `ref` to a page
    /// without a translation).
    pub lang: Option<String>,
    /// For a list of `ref`s, the page each leads to (`text` lists their titles).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Reference>,
}

/// Turns records into views in one language; shared by documents and data outputs.
pub struct RecordFormatter<'a> {
    pub site: &'a Site,
    pub locales: &'a Locales,
    pub dates: &'a DateFormats,
}

impl RecordFormatter<'_> {
    fn message(&self, lang: &str, key: &str, args: &HashMap<String, Argument>) -> Option<String> {
        self.locales.format(lang, key, args)
    }

    /// A kind's name for readers: the `kind-KIND` UI string, else its name.
    pub fn kind_label(&self, lang: &str, kind: &Kind) -> String {
        self.message(lang, &format!("kind-{}", kind.name), &HashMap::new())
            .unwrap_or_else(|| kind.name.clone())
    }

    /// A field's label: the `KIND-FIELD` UI string, else the field's name.
    pub fn label(&self, lang: &str, kind: &Kind, field: &str) -> String {
        self.message(lang, &format!("{}-{field}", kind.name), &HashMap::new())
            .unwrap_or_else(|| field.to_string())
    }

    pub fn view(&self, record: &Record, lang: &str) -> RecordView {
        let kind = &self.site.config.kinds[record.kind];
        let mut values = serde_json::Map::new();
        let mut facts = Vec::new();
        for field in &kind.fields {
            let Some(value) = record.values.get(&field.name) else {
                continue;
            };
            values.insert(
                field.name.clone(),
                self.typed(kind, &field.name, value, lang),
            );
            let (text, url) = self.text(kind, &field.name, &field.ty, value, lang);
            let lang_of_target = match value {
                FieldValue::Ref(key) => self.reference(key, lang).and_then(|target| target.lang),
                _ => None,
            };
            let links = match value {
                FieldValue::List(items) => items
                    .iter()
                    .filter_map(|item| match item {
                        FieldValue::Ref(key) => self.reference(key, lang),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            facts.push(Fact {
                name: field.name.clone(),
                label: self.label(lang, kind, &field.name),
                text,
                url,
                lang: lang_of_target,
                links,
            });
        }
        RecordView {
            kind: kind.name.clone(),
            values,
            facts,
            nearby: Vec::new(),
            calendar_url: None,
        }
    }

    /// The `count` records of `record`'s kind published in `lang` that lie nearest to it
    /// (`self_key` is its own content path, left out), nearest first.
    pub fn nearby(&self, record: &Record, self_key: &str, lang: &str, count: usize) -> Vec<Nearby> {
        let site = self.site;
        let Some(FieldValue::Geo { lat, lon }) = self.first_of(record, FieldType::Geo) else {
            return Vec::new();
        };
        let published = site
            .pages_in(lang)
            .chain(site.stand_ins().filter(|id| site.page(*id).lang == lang));
        let mut near: Vec<(f64, &Page)> = published
            .map(|id| site.page(id))
            .filter(|page| page.file.key.trim_end_matches("/index") != self_key)
            .filter_map(|page| {
                let other = page.record.as_deref().filter(|r| r.kind == record.kind)?;
                let Some(FieldValue::Geo {
                    lat: lat2,
                    lon: lon2,
                }) = self.first_of(other, FieldType::Geo)
                else {
                    return None;
                };
                Some((distance_km((*lat, *lon), (*lat2, *lon2)), page))
            })
            .collect();
        near.sort_by(|(a, pa), (b, pb)| a.total_cmp(b).then_with(|| pa.url.cmp(&pb.url)));
        let separator = self
            .message(lang, "decimal-separator", &HashMap::new())
            .unwrap_or_else(|| ".".to_string());
        near.into_iter()
            .take(count)
            .map(|(km, page)| {
                let rounded = (km * 10.0).round() / 10.0;
                let number = format!("{rounded:.1}").replace('.', &separator);
                let args = HashMap::from([("km".to_string(), Argument::Text(number.clone()))]);
                Nearby {
                    title: page.title.clone(),
                    url: page.url.clone(),
                    lang: (page.file.lang != lang).then(|| page.file.lang.clone()),
                    kilometres: rounded,
                    distance: self
                        .message(lang, "distance-km", &args)
                        .unwrap_or_else(|| format!("{number} km")),
                }
            })
            .collect()
    }

    fn day(&self, lang: &str, day: NaiveDate) -> Value {
        json!({ "iso": day.format("%Y-%m-%d").to_string(), "display": self.dates.format_day(lang, day) })
    }

    /// A value as JSON for templates.
    pub fn typed(&self, kind: &Kind, field: &str, value: &FieldValue, lang: &str) -> Value {
        match value {
            FieldValue::Date(day) => self.day(lang, *day),
            FieldValue::Schedule(timing) => self.schedule(timing, lang),
            FieldValue::Geo { lat, lon } => {
                json!({ "lat": lat, "lon": lon, "map": map_url(*lat, *lon) })
            }
            FieldValue::Enum(code) => {
                json!({ "value": code, "label": self.enum_label(kind, field, code, lang) })
            }
            FieldValue::Money { amount, currency } => {
                json!({ "amount": amount, "currency": currency })
            }
            FieldValue::Ref(key) => self.reference(key, lang).map_or(
                Value::Null,
                |target| json!({ "title": target.title, "url": target.url, "lang": target.lang }),
            ),
            FieldValue::List(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.typed(kind, field, item, lang))
                    .collect(),
            ),
            plain => plain.plain_json().unwrap_or_default(),
        }
    }

    /// A value as text in `lang`, with where it leads.
    pub fn text(
        &self,
        kind: &Kind,
        field: &str,
        ty: &FieldType,
        value: &FieldValue,
        lang: &str,
    ) -> (String, Option<String>) {
        match value {
            FieldValue::Text(text) | FieldValue::String(text) | FieldValue::Phone(text) => {
                (text.clone(), None)
            }
            FieldValue::Url(url) => (url.clone(), Some(url.clone())),
            FieldValue::Email(email) => (email.clone(), Some(format!("mailto:{email}"))),
            FieldValue::Integer(number) => (with_unit(number.to_string(), ty), None),
            FieldValue::Number(number) => (with_unit(self.number(lang, *number), ty), None),
            FieldValue::Bool(value) => {
                let key = if *value { "value-yes" } else { "value-no" };
                (
                    self.message(lang, key, &HashMap::new())
                        .unwrap_or_else(|| value.to_string()),
                    None,
                )
            }
            FieldValue::Date(day) => (self.dates.format_day(lang, *day), None),
            FieldValue::Schedule(timing) => (self.schedule_text(timing, lang), None),
            FieldValue::Geo { lat, lon } => (format!("{lat}, {lon}"), Some(map_url(*lat, *lon))),
            FieldValue::Enum(code) => (self.enum_label(kind, field, code, lang), None),
            FieldValue::Money { amount, currency } => (format!("{amount} {currency}"), None),
            FieldValue::Ref(key) => match self.reference(key, lang) {
                Some(target) => (target.title, Some(target.url)),
                None => (key.clone(), None),
            },
            FieldValue::List(items) => {
                let texts: Vec<String> = items
                    .iter()
                    .map(|item| self.text(kind, field, ty, item, lang).0)
                    .collect();
                (texts.join(", "), None)
            }
        }
    }

    /// A measure as the language writes it, digits grouped by thousands: `27.108` in
    /// Vietnamese, `27,108` in English (UI strings `decimal-separator`, `thousands-separator`).
    fn number(&self, lang: &str, number: f64) -> String {
        let no_args = HashMap::new();
        let decimal = self
            .message(lang, "decimal-separator", &no_args)
            .unwrap_or_else(|| ".".to_string());
        let thousands = self
            .message(lang, "thousands-separator", &no_args)
            .unwrap_or_default();
        group_digits(&number.to_string(), &decimal, &thousands)
    }

    /// The `KIND-FIELD-VALUE` UI string, else the value as written.
    pub fn enum_label(&self, kind: &Kind, field: &str, code: &str, lang: &str) -> String {
        self.message(
            lang,
            &format!("{}-{field}-{code}", kind.name),
            &HashMap::new(),
        )
        .unwrap_or_else(|| code.to_string())
    }

    /// The title and URL of a referenced record in `lang` (its own language when it has no
    /// version in `lang`).
    pub fn reference(&self, key: &str, lang: &str) -> Option<Reference> {
        let site = self.site;
        let (_, first) = site.items_for_key(key).first()?;
        let item = site.translation_in(*first, lang).unwrap_or(*first);
        let Item::Page(id) = item else { return None };
        let page = site.page(id);
        Some(Reference {
            title: page.title.clone(),
            url: page.url.clone(),
            lang: (page.lang != lang).then(|| page.lang.clone()),
        })
    }

    fn occurrence(&self, occurrence: &Occurrence, lang: &str) -> Value {
        json!({
            "start": self.day(lang, occurrence.start),
            "end": self.day(lang, occurrence.end),
            "days": (occurrence.end - occurrence.start).num_days() + 1,
            "lunar": occurrence.lunar.map(|lunar| self.lunar_text(&lunar, lang)),
            "past": occurrence.end < self.site.today,
        })
    }

    fn schedule(&self, timing: &Timing, lang: &str) -> Value {
        let occurrences: Vec<Value> = timing
            .occurrences
            .iter()
            .map(|occurrence| self.occurrence(occurrence, lang))
            .collect();
        json!({
            "lunar": matches!(timing.schedule, Schedule::Lunar { .. }),
            "text": self.schedule_text(timing, lang),
            "occurrences": occurrences,
            "next": next(&timing.occurrences, self.site.today).map(|o| self.occurrence(o, lang)),
        })
    }

    /// "10 tháng Giêng âm lịch (26 tháng 2, 2026)" / "10th day of the 1st lunar month
    /// (26 February 2026)": the rule, with its next date when there is one.
    pub fn schedule_text(&self, timing: &Timing, lang: &str) -> String {
        let span = |start: NaiveDate, end: NaiveDate| {
            let start_text = self.dates.format_day(lang, start);
            if end == start {
                return start_text;
            }
            let args = HashMap::from([
                ("start".to_string(), Argument::Text(start_text.clone())),
                (
                    "end".to_string(),
                    Argument::Text(self.dates.format_day(lang, end)),
                ),
            ]);
            self.message(lang, "date-range", &args)
                .unwrap_or_else(|| format!("{start_text} – {}", self.dates.format_day(lang, end)))
        };
        match timing.schedule {
            Schedule::Date(day) => span(day, day),
            Schedule::Range { start, end } => span(start, end),
            Schedule::Lunar {
                day, month, leap, ..
            } => {
                match next(&timing.occurrences, self.site.today) {
                    // The day it falls on that year: the 29th where a rule says the 30th of a
                    // short month.
                    Some(occurrence) => {
                        let lunar = occurrence.lunar.unwrap_or(LunarDate {
                            year: 0,
                            month,
                            day,
                            leap,
                        });
                        let rule = self.lunar_text(&lunar, lang);
                        format!("{rule} ({})", span(occurrence.start, occurrence.end))
                    }
                    None => self.lunar_text(
                        &LunarDate {
                            year: 0,
                            month,
                            day,
                            leap,
                        },
                        lang,
                    ),
                }
            }
        }
    }

    /// A day of the lunar calendar in words, from the `lunar-date` UI string.
    pub fn lunar_text(&self, lunar: &LunarDate, lang: &str) -> String {
        let args = HashMap::from([
            ("day".to_string(), Argument::Number(f64::from(lunar.day))),
            (
                "month".to_string(),
                Argument::Number(f64::from(lunar.month)),
            ),
            (
                "leap".to_string(),
                Argument::Text(if lunar.leap { "yes" } else { "no" }.to_string()),
            ),
        ]);
        self.message(lang, "lunar-date", &args)
            .unwrap_or_else(|| format!("{}/{}", lunar.day, lunar.month))
    }
}

impl RecordFormatter<'_> {
    /// The record's schema.org node for the page's JSON-LD: an event with its next (else
    /// first) dates and its place, or a place with its coordinates.
    pub fn json_ld(&self, record: &Record, title: &str, url: &str, lang: &str) -> Option<Value> {
        let kind = &self.site.config.kinds[record.kind];
        let schema = kind.schema.as_deref()?;
        let mut node = json!({ "@type": schema, "name": title, "url": url, "inLanguage": lang });
        if let Some(FieldValue::Geo { lat, lon }) = self.first_of(record, FieldType::Geo) {
            node["geo"] = json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
        }
        // An event: a record with a value in its calendar field (a festival whose dates are
        // announced each time has none, and is not described as one).
        if let Some(field) = kind
            .calendar
            .as_deref()
            .filter(|f| record.values.contains_key(*f))
        {
            let occurrence = record
                .next_occurrence(field, self.site.today)
                .or(record.occurrences(field).first().copied());
            if let Some(occurrence) = occurrence {
                node["startDate"] = json!(occurrence.start.format("%Y-%m-%d").to_string());
                node["endDate"] = json!(occurrence.end.format("%Y-%m-%d").to_string());
            }
            node["eventAttendanceMode"] = json!("https://schema.org/OfflineEventAttendanceMode");
            if let Some(place) = self.event_place(record, lang) {
                node["location"] = place;
            }
        }
        Some(node)
    }

    fn first_of<'r>(&self, record: &'r Record, ty: FieldType) -> Option<&'r FieldValue> {
        let kind = &self.site.config.kinds[record.kind];
        kind.fields
            .iter()
            .filter(|field| field.ty == ty && !field.list)
            .find_map(|field| record.values.get(&field.name))
    }

    /// The place an event refers to, with its coordinates when the place record has them.
    fn event_place(&self, record: &Record, lang: &str) -> Option<Value> {
        let kind = &self.site.config.kinds[record.kind];
        let key = kind.fields.iter().find_map(|field| {
            match (&field.ty, record.values.get(&field.name)) {
                (FieldType::Ref(_), Some(FieldValue::Ref(key))) => Some(key),
                _ => None,
            }
        })?;
        let target = self.reference(key, lang)?;
        let mut place = json!({
            "@type": "Place",
            "name": target.title,
            "url": self.site.config.absolute_url(&target.url),
        });
        let target = self
            .site
            .items_for_key(key)
            .iter()
            .find_map(|(_, item)| match item {
                Item::Page(id) => self.site.page(*id).record.clone(),
                Item::Section(_) => None,
            });
        if let Some(FieldValue::Geo { lat, lon }) = target
            .as_deref()
            .and_then(|t| self.first_of(t, FieldType::Geo))
        {
            place["geo"] = json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
        }
        Some(place)
    }
}

/// What templates list with `records(kind=...)` and `occurrences(kind=...)`, per language and
/// kind: every record published in the language, and every occurrence of the kind's calendar.
pub struct KindLists {
    pub records: HashMap<String, serde_json::Map<String, Value>>,
    pub occurrences: HashMap<String, serde_json::Map<String, Value>>,
}

impl RecordFormatter<'_> {
    pub fn kind_lists(&self) -> KindLists {
        let site = self.site;
        let mut lists = KindLists {
            records: HashMap::new(),
            occurrences: HashMap::new(),
        };
        for language in &site.config.languages {
            let lang = language.code.as_str();
            let order = TitleOrder::new(lang);
            let published: Vec<PageId> = site
                .pages_in(lang)
                .chain(site.stand_ins().filter(|id| site.page(*id).lang == lang))
                .collect();
            for (index, kind) in site.config.kinds.iter().enumerate() {
                let mut pages: Vec<&Page> = published
                    .iter()
                    .map(|id| site.page(*id))
                    .filter(|page| page.record.as_ref().is_some_and(|r| r.kind == index))
                    .collect();
                pages.sort_by(|a, b| {
                    order
                        .compare(&a.title, &b.title)
                        .then_with(|| a.url.cmp(&b.url))
                });
                let records: Vec<Value> = pages
                    .iter()
                    .filter_map(|page| {
                        let view = self.view(page.record.as_deref()?, lang);
                        Some(json!({
                            "title": page.title,
                            "url": page.url,
                            "lang": page.file.lang,
                            "description": page.front.description,
                            "values": view.values,
                            "facts": view.facts,
                        }))
                    })
                    .collect();
                lists
                    .records
                    .entry(lang.to_string())
                    .or_default()
                    .insert(kind.name.clone(), Value::Array(records));
                let occurrences = self.occurrence_list(kind, &pages, lang);
                lists
                    .occurrences
                    .entry(lang.to_string())
                    .or_default()
                    .insert(kind.name.clone(), Value::Array(occurrences));
            }
        }
        lists
    }

    /// Every occurrence of the kind's calendar field, by date, with the month it falls in, so
    /// that a calendar page can group them (`group_by(attribute="month")`).
    fn occurrence_list(&self, kind: &Kind, pages: &[&Page], lang: &str) -> Vec<Value> {
        let Some(field) = kind.calendar.as_deref() else {
            return Vec::new();
        };
        let mut found: Vec<(&Occurrence, &Page)> = pages
            .iter()
            .filter_map(|page| Some((page.record.as_deref()?.occurrences(field), *page)))
            .flat_map(|(occurrences, page)| occurrences.into_iter().map(move |o| (o, page)))
            .collect();
        found.sort_by(|(a, pa), (b, pb)| (a.start, a.end, &pa.url).cmp(&(b.start, b.end, &pb.url)));
        found
            .into_iter()
            .map(|(occurrence, page)| {
                let mut entry = self.occurrence(occurrence, lang);
                let month = occurrence.start.format("%Y-%m").to_string();
                let args = HashMap::from([
                    (
                        "month".to_string(),
                        Argument::Number(f64::from(occurrence.start.month())),
                    ),
                    (
                        "year".to_string(),
                        Argument::Text(occurrence.start.year().to_string()),
                    ),
                ]);
                entry["title"] = json!(page.title);
                entry["url"] = json!(page.url);
                entry["lang"] = json!(page.file.lang);
                entry["month_label"] = json!(
                    self.message(lang, "month-year", &args)
                        .unwrap_or_else(|| month.clone())
                );
                entry["month"] = json!(month);
                entry
            })
            .collect()
    }
}

/// The great-circle distance between two WGS 84 points, in kilometres (haversine, on the
/// mean Earth radius: within 0.5% of the ellipsoid, plenty for "3.2 km away").
fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// `27108.5` → `27,108.5` with `.` and `,`: the integer part in groups of three.
fn group_digits(plain: &str, decimal: &str, thousands: &str) -> String {
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain, ""));
    let (sign, digits) = whole
        .strip_prefix('-')
        .map_or(("", whole), |digits| ("-", digits));
    let mut text = sign.to_string();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            text.push_str(thousands);
        }
        text.push(digit);
    }
    if !fraction.is_empty() {
        text.push_str(decimal);
        text.push_str(fraction);
    }
    text
}

fn with_unit(number: String, ty: &FieldType) -> String {
    match ty {
        FieldType::Number { unit: Some(unit) } => format!("{number} {unit}"),
        _ => number,
    }
}

/// A plain link to the place on OpenStreetMap (a link, never an embedded map).
pub fn map_url(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_group_their_thousands_as_the_language_writes_them() {
        assert_eq!(group_digits("27108", ",", "."), "27.108");
        assert_eq!(group_digits("27108.5", ".", ","), "27,108.5");
        assert_eq!(group_digits("-1234567", ".", ","), "-1,234,567");
        assert_eq!(group_digits("520", ",", "."), "520");
        assert_eq!(group_digits("0.25", ",", "."), "0,25");
    }

    #[test]
    fn distances_follow_the_great_circle() {
        // One degree of latitude is about 111.2 km anywhere; a point to itself is 0.
        assert!((distance_km((16.0, 107.0), (17.0, 107.0)) - 111.2).abs() < 0.1);
        assert_eq!(distance_km((16.4698, 107.5786), (16.4698, 107.5786)), 0.0);
        // Symmetric.
        let (a, b) = ((16.4698, 107.5786), (16.3336, 108.014));
        assert_eq!(distance_km(a, b), distance_km(b, a));
    }
}
