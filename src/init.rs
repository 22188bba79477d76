//! `huong init DIR`: a new bilingual site that builds at once with the built-in theme.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::write::write_new_files;

const SITE_TOML: &str = r#"base_url = "https://example.gov.vn"
default_language = "vi"
theme = "default"
output_dir = "public"

[languages.vi]
title = "Cổng thông tin"
description = "Trang thông tin điện tử"

[languages.en]
title = "Information Portal"
description = "Official information website"

[translations]
missing = "skip"

[[taxonomies]]
name = "tags"
slugs = { vi = "chu-de", en = "topics" }
feed = true

# A kind: every page of content/su-kien/ is an event with typed fields, shown on its page,
# listed on a calendar and published as data/event.json, .csv and .ics.
[kinds.event]
sections = ["su-kien"]
schema = "Event"
calendar = "when"
data = ["json", "csv"]

[kinds.event.fields]
when = { type = "schedule", required = true }   # a date, { start, end }, or { lunar = "D/M" }
place = { type = "string" }
"#;

const EVENT_LABELS_VI: &str =
    "kind-event = Sự kiện\nevent-when = Thời gian\nevent-place = Địa điểm\n";
const EVENT_LABELS_EN: &str = "kind-event = Events\nevent-when = When\nevent-place = Where\n";

const FILES: &[(&str, &str)] = &[
    ("site.toml", SITE_TOML),
    (
        "content/_index.vi.md",
        "+++\ntitle = \"Trang chủ\"\n+++\nChào mừng bạn đến với cổng thông tin. Xem [Giới thiệu](@/gioi-thieu.md).\n",
    ),
    (
        "content/_index.en.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome to the portal. See [About](@/gioi-thieu.md).\n",
    ),
    (
        "content/gioi-thieu.vi.md",
        "+++\ntitle = \"Giới thiệu\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"Giới thiệu\"]\n+++\nTrang này giới thiệu cơ quan.\n",
    ),
    (
        "content/gioi-thieu.en.md",
        "+++\ntitle = \"About\"\nslug = \"about\"\n[taxonomies]\ntags = [\"About\"]\n+++\nThis page introduces the agency.\n",
    ),
    (
        "content/su-kien/_index.vi.md",
        "+++\ntitle = \"Sự kiện\"\ntemplate = \"calendar.html\"\nsort_by = \"event.when\"\n[extra]\nkind = \"event\"\n+++\n",
    ),
    (
        "content/su-kien/_index.en.md",
        "+++\ntitle = \"Events\"\nslug = \"events\"\ntemplate = \"calendar.html\"\n[extra]\nkind = \"event\"\n+++\n",
    ),
    (
        "content/su-kien/tet.vi.md",
        "+++\ntitle = \"Tết Nguyên đán\"\n[event]\nwhen = { lunar = \"1/1\", days = 3 }\n+++\nTết cổ truyền của Việt Nam, ba ngày đầu năm âm lịch.\n",
    ),
    (
        "content/su-kien/tet.en.md",
        "+++\ntitle = \"Lunar New Year (Tết)\"\nslug = \"tet\"\n+++\nVietnam's traditional new year: the first three days of the lunar year.\n",
    ),
    ("locales/vi/kinds.ftl", EVENT_LABELS_VI),
    ("locales/en/kinds.ftl", EVENT_LABELS_EN),
];

pub fn init_site(dir: &Path) -> Result<(), Diagnostic> {
    let occupied =
        dir.exists() && std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_some());
    if occupied {
        return Err(Diagnostic::error(format!(
            "`{}` already exists and is not empty",
            dir.display()
        ))
        .with_help("name a new folder, e.g. huong init my-portal"));
    }
    write_new_files(dir, FILES)
}
