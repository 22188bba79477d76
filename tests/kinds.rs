//! Kinds through the real binary: a site with festivals (lunar and Gregorian), places and
//! investment zones, translations that inherit a record's neutral values, the `notice` policy
//! and references between records. The pages show the records, and every data output is read
//! back by a parser of its format; every bad record is a diagnostic at its file and line with
//! the output left as it was.

mod common;

use std::collections::BTreeSet;

use common::Site;
use serde_json::Value;

/// 2026-09-21 14:13:20 UTC: after this year's Sình wrestling, before next year's.
const BUILD_TIME: i64 = 1_790_000_000;

fn built() -> Site {
    let site = Site::fixture("kinds");
    site.build_at(BUILD_TIME).expect_code(0);
    site
}

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.output(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_festival_page_shows_its_lunar_date_place_and_category_in_each_language() {
    let site = built();
    let vi = site.output("le-hoi/hoi-vat-lang-sinh/index.html");
    assert!(
        vi.contains("10 tháng Giêng âm lịch (15 tháng 2"),
        "the lunar rule and next year's date: {vi}"
    );
    assert!(vi.contains(r#"<a href="/di-san/lang-sinh/">Làng Sình</a>"#));
    // The English translation wrote only its summary: the date, place and category are the
    // original's.
    let en = site.output("en/festivals/sinh-wrestling/index.html");
    assert!(
        en.contains("10th day of the 1st lunar month (15 February 2027)"),
        "{en}"
    );
    assert!(en.contains("A traditional wrestling festival at the start of spring."));
    // The place has no English page: the link leads to the Vietnamese original and says so.
    assert!(
        en.contains(r#"<a href="/di-san/lang-sinh/" lang="vi" hreflang="vi">Làng Sình</a>"#),
        "{en}"
    );
}

#[test]
fn every_record_page_has_json_ld_that_parses_with_its_schema_type() {
    let site = built();
    let expectations = [
        ("le-hoi/hoi-vat-lang-sinh/index.html", "Festival"),
        ("en/festivals/sinh-wrestling/index.html", "Festival"),
        (
            "di-san/dai-noi/index.html",
            "LandmarksOrHistoricalBuildings",
        ),
        ("dau-tu/chan-may/index.html", "Place"),
    ];
    for (page, schema) in expectations {
        let html = site.output(page);
        let start = html.find(r#"<script type="application/ld+json">"#).unwrap() + 35;
        let end = start + html[start..].find("</script>").unwrap();
        let ld: Value = serde_json::from_str(&html[start..end]).unwrap();
        let node = ld["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .find(|node| node["@type"] == schema)
            .unwrap_or_else(|| panic!("{page} has no {schema}: {ld}"));
        if schema == "Festival" {
            assert_eq!(node["startDate"], "2027-02-15");
            assert_eq!(node["location"]["geo"]["latitude"], 16.5203);
        } else {
            assert!(node["geo"]["longitude"].as_f64().unwrap() > 107.0, "{node}");
        }
    }
}

#[test]
fn the_calendar_file_parses_and_has_one_all_day_event_per_occurrence() {
    let site = built();
    let text = site.output("en/data/festival.ics");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
        assert!(!line.contains('\n'), "a bare LF");
    }
    let calendar: icalendar::Calendar = text.parse().expect("a valid iCalendar file");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect();
    use icalendar::Component;
    let starts: BTreeSet<(String, String)> = events
        .iter()
        .map(|e| {
            let start = e.property_value("DTSTART").unwrap_or_default().to_string();
            (e.get_summary().unwrap_or_default().to_string(), start)
        })
        .collect();
    // The wrestling festival in each year of the window, on the 10th day of the 1st month.
    for day in ["20260226", "20270215", "20280204"] {
        assert!(
            starts.contains(&(
                "Sình Village Wrestling Festival".to_string(),
                day.to_string()
            )),
            "{starts:?}"
        );
    }
    // Festival Huế is one range of six days: DTEND is the day after the last.
    let festival = events
        .iter()
        .find(|e| e.get_summary() == Some("Festival Huế 2026"))
        .unwrap();
    assert_eq!(festival.property_value("DTEND"), Some("20260612"));
    let uids: BTreeSet<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    assert!(text.contains("DTSTART;VALUE=DATE:20260606"));
    assert!(text.contains("URL:https://example.org/en/festivals/sinh-wrestling/"));
    // The same input gives the same file: UIDs and DTSTAMP do not change between builds.
    site.build_at(BUILD_TIME).expect_code(0);
    assert_eq!(site.output("en/data/festival.ics"), text);
}

#[test]
fn the_csv_has_a_bom_a_header_in_the_language_and_vietnamese_intact() {
    let site = built();
    let bytes = std::fs::read(site.path("public/data/zone.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 BOM for spreadsheets"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["Mã", "Tên", "Đường dẫn"]);
    assert!(header.contains(&"Diện tích".to_string()), "{header:?}");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(&row[1], "Khu kinh tế Chân Mây – Lăng Cô");
    let sectors = header.iter().position(|h| h == "Ngành ưu tiên").unwrap();
    assert_eq!(&row[sectors], "cảng biển; du lịch, nghỉ dưỡng");
    // The English file: its header in English, the same record.
    let english = std::fs::read(site.path("public/en/data/zone.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&english[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["ID", "Title", "URL"]);
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(
        &row[2],
        "https://example.org/en/investment/chan-may-lang-co/"
    );
}

#[test]
fn geojson_puts_longitude_first_and_json_follows_its_documented_shape() {
    let site = built();
    let places = json(&site, "data/place.geojson");
    assert_eq!(places["type"], "FeatureCollection");
    let dai_noi = places["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == "di-san/dai-noi")
        .unwrap();
    assert_eq!(dai_noi["geometry"]["type"], "Point");
    assert_eq!(
        dai_noi["geometry"]["coordinates"],
        serde_json::json!([107.5786, 16.4698])
    );

    let festivals = json(&site, "en/data/festival.json");
    assert_eq!(festivals["version"], 1);
    assert_eq!(festivals["kind"], "festival");
    assert_eq!(festivals["language"], "en");
    let names: Vec<&str> = festivals["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "when",
            "place",
            "category",
            "summary",
            "organiser",
            "website"
        ]
    );
    let records = festivals["records"].as_array().unwrap();
    let sinh = records
        .iter()
        .find(|r| r["id"] == "le-hoi/hoi-vat-lang-sinh")
        .unwrap();
    assert_eq!(sinh["language"], "en");
    assert_eq!(sinh["values"]["when"]["rule"]["type"], "lunar");
    assert_eq!(sinh["values"]["when"]["rule"]["day"], 10);
    assert_eq!(
        sinh["values"]["when"]["occurrences"][1]["start"],
        "2027-02-15"
    );
    assert_eq!(sinh["values"]["place"]["id"], "di-san/lang-sinh");
    assert_eq!(sinh["values"]["category"]["value"], "folk");
    // An untranslated festival is in the English file in its own language (notice policy).
    let eve = records
        .iter()
        .find(|r| r["id"] == "le-hoi/giao-thua")
        .unwrap();
    assert_eq!(eve["language"], "vi");
}

/// Builds the fixture, breaks it, builds again: the exit status and the message, with the
/// output folder unchanged.
fn fails(code: i32, break_it: impl FnOnce(&Site)) -> String {
    let site = built();
    let before = site.output_files();
    let page = site.output("le-hoi/hoi-vat-lang-sinh/index.html");
    break_it(&site);
    let run = site.build_at(BUILD_TIME).expect_code(code);
    assert_eq!(site.output_files(), before);
    assert_eq!(site.output("le-hoi/hoi-vat-lang-sinh/index.html"), page);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

fn replace(site: &Site, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

const SINH: &str = "content/le-hoi/hoi-vat-lang-sinh.vi.md";
const DAI_NOI: &str = "content/di-san/dai-noi.vi.md";
const CHAN_MAY: &str = "content/dau-tu/chan-may.vi.md";

#[test]
fn every_bad_value_is_reported_at_its_place_all_at_once() {
    let err = fails(1, |site| {
        replace(site, SINH, "category = \"folk\"", "categroy = \"folk\"");
        replace(
            site,
            DAI_NOI,
            "geo = [16.4698, 107.5786]",
            "geo = [200, 107.5786]",
        );
        replace(site, DAI_NOI, "inscribed = 1993", "inscribed = \"1993\"");
        replace(
            site,
            CHAN_MAY,
            "type = \"economic-zone\"",
            "type = \"economic_zone\"",
        );
        replace(site, CHAN_MAY, "currency = \"VND\"", "unit = \"VND\"");
        replace(
            site,
            CHAN_MAY,
            "contact = \"banquanly@example.org\"",
            "contact = \"banquanly\"",
        );
    });
    let expected = [
        (
            "content/le-hoi/hoi-vat-lang-sinh.vi.md:7:1",
            "unknown field `categroy`",
        ),
        (
            "content/le-hoi/hoi-vat-lang-sinh.vi.md",
            "did you mean `category`?",
        ),
        (
            "content/di-san/dai-noi.vi.md:5:7",
            "[200, 107.5786] is not a place on Earth",
        ),
        (
            "content/di-san/dai-noi.vi.md:7:13",
            "expected a whole number, found text",
        ),
        (
            "content/dau-tu/chan-may.vi.md:4:8",
            "`economic_zone` is not a value of `type`",
        ),
        (
            "content/dau-tu/chan-may.vi.md",
            "did you mean `economic-zone`?",
        ),
        (
            "content/dau-tu/chan-may.vi.md",
            "`fee` needs an `amount` and a `currency`",
        ),
        (
            "content/dau-tu/chan-may.vi.md:10:11",
            "`banquanly` is not an e-mail address",
        ),
    ];
    for (place, message) in expected {
        assert!(err.contains(place), "no {place} in:\n{err}");
        assert!(err.contains(message), "no {message:?} in:\n{err}");
    }
    // A value written wrong is not also reported missing, in the page or its translation.
    assert!(!err.contains("has no `type`"), "{err}");
    assert!(err.contains("7 error(s)"), "{err}");
}

#[test]
fn lunar_dates_that_cannot_exist_and_missing_required_values_are_errors() {
    let err = fails(1, |site| {
        replace(
            site,
            SINH,
            "when = { lunar = \"10/1\" }",
            "when = { lunar = \"31/1\", dyas = 3 }",
        );
        replace(site, DAI_NOI, "geo = [16.4698, 107.5786]\n", "");
    });
    assert!(
        err.contains("content/le-hoi/hoi-vat-lang-sinh.vi.md:5:18"),
        "{err}"
    );
    assert!(
        err.contains("`31/1` is not a day of the lunar calendar"),
        "{err}"
    );
    // The other problem of the same schedule is reported with it.
    assert!(err.contains("unknown field `dyas`"), "{err}");
    assert!(err.contains("did you mean `days`?"), "{err}");
    assert!(
        err.contains("the place `Đại Nội Huế` has no `geo`"),
        "{err}"
    );
    assert!(
        err.contains("help: add it to the [place] table: geo = [16.4698, 107.5786]"),
        "{err}"
    );
}

#[test]
fn references_must_lead_to_a_record_of_the_right_kind() {
    let err = fails(1, |site| {
        replace(
            site,
            SINH,
            "place = \"di-san/lang-sinh.md\"",
            "place = \"di-san/lang-sihn.md\"",
        );
        replace(
            site,
            "content/le-hoi/festival-hue.vi.md",
            "place = \"di-san/dai-noi.md\"",
            "place = \"dau-tu/chan-may.md\"",
        );
    });
    assert!(
        err.contains("`di-san/lang-sihn.md` is not a page of this site"),
        "{err}"
    );
    assert!(
        err.contains("content/le-hoi/hoi-vat-lang-sinh.vi.md:6:1"),
        "{err}"
    );
    assert!(
        err.contains("`dau-tu/chan-may.md` is a zone, not a place"),
        "{err}"
    );
}

#[test]
fn a_translation_may_not_contradict_a_shared_value() {
    let err = fails(1, |site| {
        replace(
            site,
            "content/le-hoi/hoi-vat-lang-sinh.en.md",
            "[festival]\n",
            "[festival]\ncategory = \"royal\"\n",
        );
    });
    assert!(
        err.contains("content/le-hoi/hoi-vat-lang-sinh.en.md:5:1"),
        "{err}"
    );
    assert!(
        err.contains(
            "`category` differs from the original `content/le-hoi/hoi-vat-lang-sinh.vi.md`"
        ),
        "{err}"
    );
}

#[test]
fn a_kind_declaration_with_a_missing_section_or_a_wrong_type_stops_at_site_toml() {
    let err = fails(2, |site| {
        replace(
            site,
            "site.toml",
            "sections = [\"dau-tu\"]",
            "sections = [\"dau-tuu\"]",
        );
        replace(
            site,
            "site.toml",
            "type = \"geo\", required = true",
            "type = \"geoo\", required = true",
        );
        replace(
            site,
            "site.toml",
            "place = { type = \"ref\", kind = \"place\" }",
            "place = { type = \"ref\", kind = \"places\" }",
        );
    });
    assert!(
        err.contains("the section `dau-tuu` of the kind `zone` does not exist"),
        "{err}"
    );
    assert!(err.contains("`geoo` is not a field type"), "{err}");
    assert!(err.contains("did you mean `geo`?"), "{err}");
    assert!(
        err.contains("`kind = \"places\"` names a kind that is not declared"),
        "{err}"
    );
    assert!(err.contains("site.toml:"), "{err}");
}

#[test]
fn the_calendar_groups_occurrences_by_month_and_marks_the_past() {
    let site = built();
    let html = site.output("le-hoi/index.html");
    let months: Vec<&str> = html
        .match_indices("<h2 id=\"month-")
        .map(|(at, _)| &html[at + 14..at + 21])
        .collect();
    assert_eq!(
        months,
        ["2026-02", "2026-06", "2027-02", "2028-01", "2028-02"]
    );
    assert!(html.contains(r#"<a href="/data/festival.ics" type="text/calendar">"#));
    // The build day is 21 September 2026: February's wrestling is past, next year's is not.
    assert!(
        html.contains(r#"<li class="past"><a href="/le-hoi/hoi-vat-lang-sinh/">"#),
        "{html}"
    );
    assert!(html.contains("<li><a href=\"/le-hoi/hoi-vat-lang-sinh/\">Hội vật làng Sình</a>: <time datetime=\"2027-02-15\">"));
    // The 30th of a short 12th month is shown on the 29th.
    assert!(html.contains("(29 tháng Chạp âm lịch)"), "{html}");
}

#[test]
fn a_section_sorted_by_a_schedule_lists_the_next_occurrence_first_in_every_language() {
    let site = built();
    // The English section inherits `sort_by = "festival.when"` from the Vietnamese one.
    let html = site.output("en/festivals/index.html");
    let order: Vec<usize> = ["giao-thua/", "sinh-wrestling/", "festival-hue/"]
        .iter()
        .map(|slug| {
            html.find(&format!("/en/festivals/{slug}\""))
                .unwrap_or_else(|| panic!("{slug}: {html}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn the_data_page_lists_every_download_of_its_language_with_a_catalogue() {
    let site = built();
    let html = site.output("en/data/index.html");
    for file in [
        "en/data/festival.json",
        "en/data/festival.csv",
        "en/data/festival.ics",
        "en/data/place.geojson",
        "en/data/zone.csv",
    ] {
        assert!(
            html.contains(&format!("href=\"/{file}\"")),
            "{file} not listed"
        );
        assert!(site.has_output(file), "{file} not written");
    }
    assert!(
        html.contains(r#"<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>"#)
    );
    assert!(html.contains("<p>3 records</p>"), "{html}");
    let start = html.find(r#"<script type="application/ld+json">"#).unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&html[start..end]).unwrap();
    let catalogue = ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["@type"] == "DataCatalog")
        .expect("a DataCatalog");
    let datasets = catalogue["dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 3);
    assert_eq!(
        datasets[0]["distribution"][0]["contentUrl"],
        "https://example.org/en/data/festival.json"
    );
    assert_eq!(
        datasets[0]["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    // Both data pages are in the sitemap, each pointing at the other.
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/data/</loc>"));
    assert!(sitemap.contains(r#"hreflang="en" href="https://example.org/en/data/""#));
    assert!(
        site.output("data/index.html")
            .contains(r#"hreflang="en" href="https://example.org/en/data/""#)
    );
}

#[test]
fn check_and_status_name_missing_labels_and_untranslated_text_fields() {
    let site = Site::fixture("kinds");
    replace(
        &site,
        "content/le-hoi/hoi-vat-lang-sinh.en.md",
        "summary = \"A traditional wrestling festival at the start of spring.\"\n",
        "",
    );
    replace(&site, "locales/en/kinds.ftl", "festival-when = When\n", "");
    let run = site.huong(&["check"]).expect_code(0);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("`en` has no label for 1 record field(s) or value(s): festival-when"),
        "{said}"
    );
    assert!(said.contains("`content/le-hoi/hoi-vat-lang-sinh.en.md` has no `summary`, which its original `content/le-hoi/hoi-vat-lang-sinh.vi.md` has"), "{said}");
    site.huong(&["check", "--strict"]).expect_code(1);
    let status: Value = serde_json::from_str(
        &site
            .huong(&["i18n", "status", "--format", "json"])
            .expect_code(0)
            .stdout,
    )
    .unwrap();
    assert_eq!(
        status["records"]["en"]["labels_missing"],
        serde_json::json!(["festival-when"])
    );
    assert_eq!(
        status["records"]["en"]["text_fields_missing"][0]["field"],
        "summary"
    );
    assert_eq!(
        status["records"]["vi"]["labels_missing"],
        serde_json::json!([])
    );
}

#[test]
fn any_template_lists_the_records_of_a_kind_in_its_language() {
    let site = Site::fixture("kinds");
    site.copy_default_theme();
    site.write(
        "themes/default/templates/places.html",
        r#"{% extends "base.html" %}{% block content %}<ul class="places">{% for place in records(kind="place") %}<li><a href="{{ place.url }}">{{ place.title }}</a> <a href="{{ place.values.geo.map }}">{{ place.values.geo.lat }}</a></li>{% endfor %}</ul>{% endblock content %}"#,
    );
    replace(
        &site,
        "content/di-san/_index.en.md",
        "slug = \"heritage\"",
        "slug = \"heritage\"\ntemplate = \"places.html\"",
    );
    site.build_at(BUILD_TIME).expect_code(0);
    let html = site.output("en/heritage/index.html");
    // In English: the translated place by its English title, the untranslated one as the
    // stand-in the English site shows; in the collation order of English titles.
    let imperial =
        html.find(r#"<a href="/en/heritage/imperial-city/">The Imperial City of Huế</a>"#);
    let sinh = html.find(r#"<a href="/en/heritage/lang-sinh/">Làng Sình</a>"#);
    assert!(imperial.is_some() && sinh.is_some(), "{html}");
    assert!(sinh < imperial, "Làng Sình sorts before The Imperial City");
    assert!(html.contains(r#"<a href="https://www.openstreetmap.org/?mlat=16.4698&amp;mlon=107.5786#map=17/16.4698/107.5786">16.4698</a>"#), "{html}");
    // An unknown kind is an error naming the template.
    site.write("themes/default/templates/places.html", r#"{% extends "base.html" %}{% block content %}{{ records(kind="places") | length }}{% endblock content %}"#);
    let run = site.build_at(BUILD_TIME).expect_code(1);
    assert!(
        run.stderr
            .contains("there is no kind `places` in site.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_place_page_lists_the_nearest_other_places_with_computed_distances() {
    let site = built();
    // Đại Nội (16.4698, 107.5786) and Làng Sình (16.5203, 107.6298): about 7.8 km apart.
    let vi = site.output("di-san/dai-noi/index.html");
    assert!(
        vi.contains(r#"<li><a href="/di-san/lang-sinh/">Làng Sình</a> (7,8 km)</li>"#),
        "{vi}"
    );
    let en = site.output("en/heritage/imperial-city/index.html");
    assert!(
        en.contains(
            r#"<li><a href="/en/heritage/lang-sinh/" lang="vi">Làng Sình</a> (7.8 km)</li>"#
        ),
        "{en}"
    );
    // A page never lists itself, and a kind without places lists nothing.
    assert!(!vi.contains(r#"<a href="/di-san/dai-noi/">"#));
    assert!(
        !site
            .output("le-hoi/festival-hue/index.html")
            .contains("class=\"nearby\"")
    );
}

/// A festival held twice a year (a list of schedules), a festival whose dates the organisers
/// announce (no schedule), a moved section with its old address and its last change: the
/// calendar page, the subscription, each festival's own calendar, the section and the
/// footer's open-data link all agree.
#[test]
fn a_festival_held_twice_a_year_and_one_without_dates_meet_on_the_calendar() {
    let site = Site::fixture("kinds");
    replace(
        &site,
        "site.toml",
        r#"when = { type = "schedule", required = true }"#,
        r#"when = { type = "schedule", list = true }"#,
    );
    for file in [
        "content/le-hoi/hoi-vat-lang-sinh.vi.md",
        "content/le-hoi/giao-thua.vi.md",
    ] {
        let text = std::fs::read_to_string(site.path(file)).unwrap();
        let text = text
            .replace("when = { lunar", "when = [{ lunar")
            .replace("\" }\n", "\" }]\n");
        site.write(file, text);
    }
    // The temple festival of Hòn Chén: the 2nd of the 3rd month, the 8th of the 7th.
    site.write(
        "content/le-hoi/dien-hue-nam.vi.md",
        "+++\ntitle = \"Lễ hội điện Huệ Nam\"\n[festival]\nwhen = [{ lunar = \"2/3\", days = 2 }, { lunar = \"8/7\", days = 3 }]\ncategory = \"folk\"\n+++\nHai lần mỗi năm.\n",
    );
    // Dates announced by the organisers for each edition: no schedule at all.
    site.write(
        "content/le-hoi/festival-nghe.vi.md",
        "+++\ntitle = \"Festival Nghề truyền thống Huế\"\n[festival]\ncategory = \"craft\"\norganiser = \"Ủy ban nhân dân thành phố Huế\"\n+++\nNgày do ban tổ chức công bố.\n",
    );
    replace(
        &site,
        "content/le-hoi/_index.vi.md",
        "template = \"calendar.html\"",
        "template = \"calendar.html\"\nupdated = 2026-09-01\naliases = [\"/lich-le-hoi/\"]",
    );
    replace(
        &site,
        "content/_index.vi.md",
        "+++\n",
        "+++\nupdated = 2026-08-15\n",
    );
    site.build_at(BUILD_TIME).expect_code(0);
    assert!(
        site.output("index.html")
            .contains(r#"Cập nhật lần cuối: <time datetime="2026-08-15">"#),
        "the home page says when it last changed"
    );

    let calendar = site.output("le-hoi/index.html");
    let twice = r#"<a href="/le-hoi/dien-hue-nam/">Lễ hội điện Huệ Nam</a>: <time datetime=""#;
    for day in ["2027-04-08", "2027-08-09"] {
        assert!(
            calendar.contains(&format!("{twice}{day}\">")),
            "{day}: {calendar}"
        );
    }
    let announced = &calendar[calendar
        .find("id=\"announced\"")
        .expect("the announced list")..];
    let announced = &announced[..announced.find("</section>").unwrap()];
    assert!(announced.contains(r#"<a href="/le-hoi/festival-nghe/">Festival Nghề truyền thống Huế</a> · Đơn vị tổ chức: Ủy ban nhân dân thành phố Huế"#), "{announced}");
    assert!(
        !announced.contains("dien-hue-nam"),
        "a dated festival is not announced"
    );
    assert!(
        calendar.contains(r#"<time datetime="2026-09-01">"#),
        "the section's last change"
    );
    assert!(
        calendar.contains(r#"<a href="/data/">Dữ liệu mở</a>"#),
        "the footer links the data"
    );
    let moved = site.output("lich-le-hoi/index.html");
    assert!(
        moved.contains(
            r#"<meta http-equiv="refresh" content="0; url=https://example.org/le-hoi/">"#
        ),
        "{moved}"
    );

    // Two events a year in the subscription, and the festival's own file with only its own.
    let subscription = site.output("data/festival.ics");
    for day in ["20270408", "20270809", "20280327"] {
        assert!(
            subscription.contains(&format!("DTSTART;VALUE=DATE:{day}\r\nDTEND")),
            "{day}"
        );
    }
    let page = site.output("le-hoi/dien-hue-nam/index.html");
    assert!(
        page.contains(
            r#"<a href="/le-hoi/dien-hue-nam/dien-hue-nam.ics" type="text/calendar" download>"#
        ),
        "{page}"
    );
    let own: icalendar::Calendar = site
        .output("le-hoi/dien-hue-nam/dien-hue-nam.ics")
        .parse()
        .expect("a valid iCalendar file");
    assert_eq!(
        own.components.len(),
        6,
        "two occurrences in each of three years"
    );
    assert!(
        !site.has_output("le-hoi/festival-nghe/festival-nghe.ics"),
        "no calendar for a festival without dates"
    );
    // Its JSON-LD names it without claiming an event with dates; the dated one has its next.
    assert!(
        !site
            .output("le-hoi/festival-nghe/index.html")
            .contains("eventAttendanceMode")
    );
    assert!(page.contains(r#""startDate":"2027-04-08""#), "{page}");
    // The English stand-in of the untranslated festival (`notice` policy) links its own file.
    let stand_in = site.output("en/festivals/dien-hue-nam/index.html");
    assert!(
        stand_in.contains(r#"href="/en/festivals/dien-hue-nam/dien-hue-nam.ics""#),
        "{stand_in}"
    );
    assert!(site.has_output("en/festivals/dien-hue-nam/dien-hue-nam.ics"));
}

/// A measure reads as each language writes numbers: `27.108 ha`, `27,108 ha`.
#[test]
fn a_zone_area_groups_its_thousands_in_each_language() {
    let site = built();
    let vi = site.output("dau-tu/chan-may/index.html");
    assert!(vi.contains("<dd>27.108 ha</dd>"), "{vi}");
    let en = site
        .output_files()
        .into_iter()
        .find(|f| f.starts_with("en/") && f.contains("chan-may") && f.ends_with("index.html"))
        .expect("the English zone page");
    let en = site.output(&en);
    assert!(en.contains("<dd>27,108 ha</dd>"), "{en}");
}
