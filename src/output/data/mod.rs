//! Open data: every kind's records as downloads, per language, under the language root's
//! `data/` folder: `KIND.json` ([`json`], schema in `docs/data.md`), `KIND.csv` ([`csv`]),
//! `KIND.geojson` when the kind has a `geo` field ([`geojson`]) and `KIND.ics` when it has a
//! calendar ([`ics`]). A language's files hold the records published in it, stand-ins of the
//! `notice` policy included (marked with their own language), so no language's download is
//! missing what its pages show.

mod csv;
mod geojson;
mod ics;
mod json;

use crate::artifact::{Artifact, Download};
use crate::config::BuildTime;
use crate::config::kinds::{DataFormat, Kind};
use crate::model::Site;
use crate::model::page::{Page, PageId};
use crate::model::record::Record;
use crate::model::url::event_calendar_url;
use crate::render::record::RecordFormatter;

/// One record as the outputs see it.
pub(crate) struct Row<'a> {
    /// The content path without language: the record's stable id.
    pub id: &'a str,
    pub page: &'a Page,
    pub record: &'a Record,
}

/// What every format of one kind in one language needs.
pub(crate) struct Export<'a> {
    pub site: &'a Site,
    pub kind: &'a Kind,
    pub lang: &'a str,
    pub rows: Vec<Row<'a>>,
    pub records: &'a RecordFormatter<'a>,
    pub build_time: BuildTime,
}

impl Export<'_> {
    /// The output path of this kind's file in a format: `en/data/festival.csv`.
    fn path(&self, format: DataFormat) -> String {
        let root = self
            .site
            .config
            .language(self.lang)
            .map_or_else(|| "/".to_string(), |language| language.root_path());
        format!(
            "{}data/{}.{}",
            root.trim_start_matches('/'),
            self.kind.name,
            format.extension()
        )
    }
}

/// Every data file of the site, and its description for the data page.
pub fn render_data(
    site: &Site,
    records: &RecordFormatter,
    build_time: BuildTime,
) -> (Vec<Artifact>, Vec<Download>) {
    let mut artifacts = Vec::new();
    let mut downloads = Vec::new();
    for (index, kind) in site.config.kinds.iter().enumerate() {
        for language in &site.config.languages {
            let ids = site.pages_in(&language.code).chain(
                site.stand_ins()
                    .filter(|id| site.page(*id).lang == language.code),
            );
            let mut rows: Vec<Row> = ids
                .filter_map(|id: PageId| {
                    let page = site.page(id);
                    let record = page.record.as_deref()?;
                    (record.kind == index).then(|| Row {
                        id: page.file.key.trim_end_matches("/index"),
                        page,
                        record,
                    })
                })
                .collect();
            rows.sort_by(|a, b| a.id.cmp(b.id));
            let export = Export {
                site,
                kind,
                lang: &language.code,
                rows,
                records,
                build_time,
            };
            artifacts.extend(event_calendars(&export));
            for format in kind.formats() {
                let bytes = match format {
                    DataFormat::Json => json::render(&export),
                    DataFormat::Csv => csv::render(&export),
                    DataFormat::Geojson => geojson::render(&export),
                    DataFormat::Ics => ics::render(&export),
                };
                let path = export.path(format);
                downloads.push(Download {
                    lang: language.code.clone(),
                    kind: index,
                    format: format.extension(),
                    media_type: format.media_type(),
                    url: format!("/{path}"),
                    bytes: bytes.len(),
                    records: export.rows.len(),
                });
                artifacts.push(Artifact::bytes(
                    path,
                    format!("(generated {} data of `{}`)", format.extension(), kind.name),
                    bytes,
                ));
            }
        }
    }
    (artifacts, downloads)
}

/// Each dated record's own calendar, for its page's "add to calendar" link.
fn event_calendars(export: &Export) -> Vec<Artifact> {
    export
        .rows
        .iter()
        .filter_map(|row| {
            let url = event_calendar_url(row.record, export.kind, &row.page.url)?;
            let single = Export {
                rows: vec![Row { ..*row }],
                ..*export
            };
            Some(Artifact::bytes(
                url.trim_start_matches('/').to_string(),
                row.page.file.rel.clone(),
                ics::render(&single),
            ))
        })
        .collect()
}
