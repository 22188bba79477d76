//! `[kinds.NAME]`: the typed records a site declares (festivals, places, zones), each with the
//! sections whose pages are its records, its fields and their types, and the outputs it gets
//! (JSON-LD type, calendar, open-data downloads). Also `[calendar]`, the years that schedules
//! are expanded over. Only the declaration is read here; records are checked in the model.

use std::ops::Range;
use std::path::Path;

use crate::spanned::read::Reader;
use crate::spanned::{Entry, Value};

/// A kind of record.
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    pub name: String,
    /// Section folders below `content/` whose pages are records of this kind.
    pub sections: Vec<String>,
    /// The schema.org type of its records' JSON-LD.
    pub schema: Option<String>,
    /// The `schedule` field that makes calendar events.
    pub calendar: Option<String>,
    /// The downloads of the whole kind, per language.
    pub data: Vec<DataFormat>,
    /// In the order `site.toml` lists them (the order of CSV columns).
    pub fields: Vec<Field>,
}

impl Kind {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The UI strings that label the kind, its fields and its enum values in every language:
    /// `kind-KIND`, `KIND-FIELD`, `KIND-FIELD-VALUE`.
    pub fn label_keys(&self) -> Vec<String> {
        let mut keys = vec![format!("kind-{}", self.name)];
        for field in &self.fields {
            keys.push(format!("{}-{}", self.name, field.name));
            if let FieldType::Enum(values) = &field.ty {
                keys.extend(
                    values
                        .iter()
                        .map(|v| format!("{}-{}-{v}", self.name, field.name)),
                );
            }
        }
        keys
    }

    /// The formats the kind is published in: those `data` lists, GeoJSON for a kind with a
    /// place, iCalendar for a kind with a calendar.
    pub fn formats(&self) -> Vec<DataFormat> {
        let mut formats = self.data.clone();
        if self
            .fields
            .iter()
            .any(|f| f.ty == FieldType::Geo && !f.list)
        {
            formats.push(DataFormat::Geojson);
        }
        if self.calendar.is_some() {
            formats.push(DataFormat::Ics);
        }
        formats.sort();
        formats.dedup();
        formats
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    /// A list of values of `ty`.
    pub list: bool,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// Text in the page's language: the only type a translation writes for itself.
    Text,
    String,
    Integer,
    Number {
        unit: Option<String>,
    },
    Bool,
    Date,
    Schedule,
    /// `[latitude, longitude]`, WGS 84.
    Geo,
    Url,
    Email,
    Phone,
    /// One of `values`; labels per language are UI strings `KIND-FIELD-VALUE`.
    Enum(Vec<String>),
    /// `{ amount, currency }`.
    Money,
    /// A record of the named kind, by its content path.
    Ref(String),
}

impl FieldType {
    /// Written once, in the default-language file, and inherited by translations.
    pub fn is_language_neutral(&self) -> bool {
        !matches!(self, FieldType::Text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataFormat {
    Json,
    Csv,
    Geojson,
    Ics,
}

impl DataFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            DataFormat::Json => "application/json",
            DataFormat::Csv => "text/csv",
            DataFormat::Geojson => "application/geo+json",
            DataFormat::Ics => "text/calendar",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DataFormat::Json => "json",
            DataFormat::Csv => "csv",
            DataFormat::Geojson => "geojson",
            DataFormat::Ics => "ics",
        }
    }
}

/// `[calendar]`: the years whose occurrences are shown and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarConfig {
    /// The first year; the build year when not set.
    pub from: Option<i32>,
    pub years: u32,
}

impl Default for CalendarConfig {
    /// The build year and the next two.
    fn default() -> Self {
        CalendarConfig {
            from: None,
            years: 3,
        }
    }
}

/// `[data]`: what the open-data page says of the downloads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataConfig {
    /// The licence's name, e.g. "CC BY 4.0".
    pub licence: Option<String>,
    pub licence_url: Option<String>,
}

/// `[data]`: `licence` and `licence_url`.
pub(super) fn read_data(reader: &mut Reader, entry: &Entry) -> DataConfig {
    let mut data = DataConfig::default();
    for key in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        match key.key.as_str() {
            "licence" => data.licence = reader.string(key),
            "licence_url" => data.licence_url = reader.string(key),
            _ => reader.unknown(key, &["licence", "licence_url"], None),
        }
    }
    data
}

const TYPES: &[&str] = &[
    "text", "string", "integer", "number", "bool", "date", "schedule", "geo", "url", "email",
    "phone", "enum", "money", "ref",
];

/// The schema.org types a record's JSON-LD may take.
const SCHEMAS: &[&str] = &[
    "Event",
    "Festival",
    "TouristAttraction",
    "LandmarksOrHistoricalBuildings",
    "Museum",
    "Place",
    "Organization",
    "GovernmentOrganization",
];

/// The keys of a page's front matter: a kind's table may not take one as its name, and the
/// front matter reader knows them (`load::front_matter`).
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "slug",
    "path",
    "aliases",
    "weight",
    "template",
    "translation_key",
    "translated_from",
    "needs_translation",
    "taxonomies",
    "extra",
];

fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `[kinds]`: every kind, in the order of the file.
pub(super) fn read_kinds(reader: &mut Reader, entry: &Entry, root: &Path) -> Vec<Kind> {
    let mut kinds = Vec::new();
    let mut refs: Vec<(String, Range<usize>)> = Vec::new();
    let mut claimed: Vec<(String, String)> = Vec::new();
    for table in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        let name = table.key.clone();
        if !is_identifier(&name) || PAGE_KEYS.contains(&name.as_str()) {
            reader.error(
                format!("`{name}` cannot name a kind"),
                table.key_span.clone(),
                "here",
                "use lower-case letters, digits and `_`, and not a front matter key such as `title`"
                    .to_string(),
            );
        }
        let mut kind = Kind {
            name: name.clone(),
            sections: Vec::new(),
            schema: None,
            calendar: None,
            data: Vec::new(),
            fields: Vec::new(),
        };
        let mut calendar_span = None;
        let mut data_span = None;
        for key in reader.table(&name, &table.node).unwrap_or_default() {
            match key.key.as_str() {
                "sections" => kind.sections = read_sections(reader, key, root, &name, &mut claimed),
                "schema" => kind.schema = read_schema(reader, key),
                "calendar" => {
                    kind.calendar = reader.string(key);
                    calendar_span = Some(key.span());
                }
                "data" => {
                    kind.data = read_formats(reader, key);
                    data_span = Some(key.span());
                }
                "fields" => kind.fields = read_fields(reader, key, &mut refs),
                _ => reader.unknown(
                    key,
                    &["sections", "schema", "calendar", "data", "fields"],
                    None,
                ),
            }
        }
        if kind.sections.is_empty() {
            reader.error(
                format!("the kind `{name}` names no section"),
                table.key_span.clone(),
                "here",
                format!("add the folders whose pages are {name} records: sections = [\"...\"]"),
            );
        }
        check_outputs(reader, &kind, calendar_span, data_span);
        kinds.push(kind);
    }
    for (target, span) in refs {
        if !kinds.iter().any(|kind| kind.name == target) {
            let names: Vec<&str> = kinds.iter().map(|kind| kind.name.as_str()).collect();
            reader.error(
                format!("`kind = \"{target}\"` names a kind that is not declared"),
                span,
                "here",
                format!(
                    "a `ref` field points at records of a kind of [kinds]: {}",
                    names.join(", ")
                ),
            );
        }
    }
    kinds
}

fn read_sections(
    reader: &mut Reader,
    entry: &Entry,
    root: &Path,
    kind: &str,
    claimed: &mut Vec<(String, String)>,
) -> Vec<String> {
    let sections = reader.strings(entry).unwrap_or_default();
    for section in &sections {
        if !root.join("content").join(section).is_dir() {
            reader.error(
                format!("the section `{section}` of the kind `{kind}` does not exist"),
                entry.node.span.clone(),
                "here",
                format!("create content/{section}/, or name a folder of content/"),
            );
        }
        if let Some((_, other)) = claimed.iter().find(|(dir, _)| dir == section) {
            reader.error(
                format!("the section `{section}` belongs to the kinds `{other}` and `{kind}`"),
                entry.node.span.clone(),
                "here",
                "a page is a record of one kind: give each kind its own sections".to_string(),
            );
        }
        claimed.push((section.clone(), kind.to_string()));
    }
    sections
}

fn read_schema(reader: &mut Reader, entry: &Entry) -> Option<String> {
    let schema = reader.string(entry)?;
    if SCHEMAS.contains(&schema.as_str()) {
        return Some(schema);
    }
    let help = match crate::diagnostic::closest(&schema, SCHEMAS.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("use one of: {}", SCHEMAS.join(", ")),
    };
    reader.error(
        format!("`{schema}` is not a schema.org type huong writes"),
        entry.node.span.clone(),
        "here",
        help,
    );
    None
}

fn read_formats(reader: &mut Reader, entry: &Entry) -> Vec<DataFormat> {
    let Value::Array(items) = &entry.node.value else {
        reader.wrong_type(
            entry,
            &entry.node,
            "a list of formats",
            "[\"json\", \"csv\"]",
        );
        return Vec::new();
    };
    let formats = [
        ("json", DataFormat::Json),
        ("csv", DataFormat::Csv),
        ("geojson", DataFormat::Geojson),
        ("ics", DataFormat::Ics),
    ];
    let mut found = Vec::new();
    for item in items {
        let format = match &item.value {
            Value::String(word) => formats.iter().find(|(name, _)| name == word),
            _ => None,
        };
        match format {
            Some((_, format)) if !found.contains(format) => found.push(*format),
            Some(_) => {}
            None => reader.error(
                format!("`data` lists {}, which is not a format", describe(item)),
                item.span.clone(),
                "here",
                "use \"json\", \"csv\", \"geojson\" or \"ics\"".to_string(),
            ),
        }
    }
    found.sort();
    found
}

fn describe(node: &crate::spanned::Node) -> String {
    match &node.value {
        Value::String(text) => format!("`{text}`"),
        _ => node.describe().to_string(),
    }
}

/// The calendar names a schedule field; GeoJSON needs a place and iCalendar a calendar.
fn check_outputs(
    reader: &mut Reader,
    kind: &Kind,
    calendar: Option<Range<usize>>,
    data: Option<Range<usize>>,
) {
    if let (Some(name), Some(span)) = (&kind.calendar, calendar.clone()) {
        let field = kind.field(name);
        if !field.is_some_and(|f| f.ty == FieldType::Schedule) {
            reader.error(
                format!(
                    "`calendar = \"{name}\"` must name a `schedule` field of `{}`",
                    kind.name
                ),
                span,
                "here",
                format!(
                    "declare it in [kinds.{}.fields]: {name} = {{ type = \"schedule\" }}",
                    kind.name
                ),
            );
        }
    }
    let Some(span) = data else { return };
    let has_geo = kind
        .fields
        .iter()
        .any(|f| f.ty == FieldType::Geo && !f.list);
    if kind.data.contains(&DataFormat::Geojson) && !has_geo {
        reader.error(
            format!("`{}` has no `geo` field for its GeoJSON", kind.name),
            span.clone(),
            "here",
            "add a field of type \"geo\", or remove \"geojson\" from `data`".to_string(),
        );
    }
    if kind.data.contains(&DataFormat::Ics) && kind.calendar.is_none() {
        reader.error(
            format!(
                "`{}` has no `calendar` field for its iCalendar file",
                kind.name
            ),
            span,
            "here",
            "set `calendar` to a schedule field, or remove \"ics\" from `data`".to_string(),
        );
    }
}

/// `[kinds.NAME.fields]`: each field's type and options.
fn read_fields(
    reader: &mut Reader,
    entry: &Entry,
    refs: &mut Vec<(String, Range<usize>)>,
) -> Vec<Field> {
    let mut fields = Vec::new();
    for field in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        let name = field.key.clone();
        if !is_identifier(&name) {
            reader.error(
                format!("`{name}` cannot name a field"),
                field.key_span.clone(),
                "here",
                "use lower-case letters, digits and `_`".to_string(),
            );
        }
        let mut ty = None;
        let (mut list, mut required) = (false, false);
        let (mut unit, mut values, mut target) = (None, None, None);
        for option in reader.table(&name, &field.node).unwrap_or_default() {
            match option.key.as_str() {
                "type" => ty = read_type(reader, option),
                "list" => list = reader.bool(option).unwrap_or_default(),
                "required" => required = reader.bool(option).unwrap_or_default(),
                "unit" => unit = reader.string(option).map(|u| (u, option.span())),
                "values" => values = reader.strings(option).map(|v| (v, option.span())),
                "kind" => target = reader.string(option).map(|k| (k, option.node.span.clone())),
                _ => reader.unknown(
                    option,
                    &["type", "list", "required", "unit", "values", "kind"],
                    None,
                ),
            }
        }
        let Some(ty) = ty else {
            if !field
                .node
                .entries()
                .iter()
                .any(|option| option.key == "type")
            {
                reader.error(
                    format!("the field `{name}` has no `type`"),
                    field.span(),
                    "here",
                    format!("give it one of: {}", TYPES.join(", ")),
                );
            }
            continue;
        };
        let ty = match ty {
            "number" => FieldType::Number {
                unit: unit.take().map(|(unit, _)| unit),
            },
            "enum" => match values.take() {
                Some((values, _)) if !values.is_empty() => FieldType::Enum(values),
                _ => {
                    reader.error(
                        format!("the enum field `{name}` lists no `values`"),
                        field.span(),
                        "here",
                        "list the values it may take: values = [\"royal\", \"folk\"]".to_string(),
                    );
                    continue;
                }
            },
            "ref" => match target.take() {
                Some((kind, span)) => {
                    refs.push((kind.clone(), span));
                    FieldType::Ref(kind)
                }
                None => {
                    reader.error(
                        format!("the ref field `{name}` names no `kind`"),
                        field.span(),
                        "here",
                        "say which kind it points at: kind = \"place\"".to_string(),
                    );
                    continue;
                }
            },
            other => simple_type(other),
        };
        for (option, span) in [("unit", unit.map(|u| u.1)), ("values", values.map(|v| v.1))] {
            if let Some(span) = span {
                reader.error(
                    format!("`{option}` does not apply to the field `{name}`"),
                    span,
                    "here",
                    "`unit` goes with type \"number\", `values` with \"enum\"".to_string(),
                );
            }
        }
        fields.push(Field {
            name,
            ty,
            list,
            required,
        });
    }
    fields
}

fn read_type(reader: &mut Reader, entry: &Entry) -> Option<&'static str> {
    let written = reader.string(entry)?;
    if let Some(ty) = TYPES.iter().find(|ty| **ty == written) {
        return Some(ty);
    }
    let help = match crate::diagnostic::closest(&written, TYPES.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("use one of: {}", TYPES.join(", ")),
    };
    reader.error(
        format!("`{written}` is not a field type"),
        entry.node.span.clone(),
        "here",
        help,
    );
    None
}

fn simple_type(name: &str) -> FieldType {
    match name {
        "text" => FieldType::Text,
        "integer" => FieldType::Integer,
        "bool" => FieldType::Bool,
        "date" => FieldType::Date,
        "schedule" => FieldType::Schedule,
        "geo" => FieldType::Geo,
        "url" => FieldType::Url,
        "email" => FieldType::Email,
        "phone" => FieldType::Phone,
        "money" => FieldType::Money,
        _ => FieldType::String,
    }
}

/// `[calendar]`: `from` (a year) and `years` (how many, 3 by default).
pub(super) fn read_calendar(reader: &mut Reader, entry: &Entry) -> CalendarConfig {
    let mut calendar = CalendarConfig::default();
    for key in reader.table(&entry.key, &entry.node).unwrap_or_default() {
        match key.key.as_str() {
            "from" => {
                calendar.from = reader
                    .integer(key)
                    .and_then(|year| i32::try_from(year).ok());
                if calendar
                    .from
                    .is_some_and(|year| !(1900..=2100).contains(&year))
                {
                    reader.error(
                        "`from` must be a year between 1900 and 2100".to_string(),
                        key.node.span.clone(),
                        "here",
                        "the lunar calendar is computed for 1900-2100, e.g. from = 2026"
                            .to_string(),
                    );
                    calendar.from = None;
                }
            }
            "years" => match reader.count(key) {
                Some(years @ 1..=20) => calendar.years = years as u32,
                Some(_) => reader.error(
                    "`years` must be between 1 and 20".to_string(),
                    key.node.span.clone(),
                    "here",
                    "a calendar shows a few years ahead, e.g. years = 3".to_string(),
                ),
                None => {}
            },
            _ => reader.unknown(key, &["from", "years"], None),
        }
    }
    calendar
}
