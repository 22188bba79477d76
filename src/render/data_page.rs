//! A language's open-data page (`/data/`, `/en/data/`): every download of every kind in that
//! language with its format, size, record count, date and licence, and a DCAT-style
//! schema.org `DataCatalog` of the same files for search engines.

use serde::Serialize;
use serde_json::{Value, json};

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;
use crate::render::record::RecordFormatter;
use crate::render::renderer::{Document, Renderer};
use crate::render::view::DocumentView;

#[derive(Serialize)]
struct DataPageContext {
    datasets: Vec<DatasetView>,
    /// The day the files were made, as the language writes it.
    date: String,
    date_iso: String,
    licence: Option<String>,
    licence_url: Option<String>,
}

#[derive(Serialize)]
struct DatasetView {
    kind: String,
    label: String,
    records: usize,
    files: Vec<FileView>,
}

#[derive(Serialize)]
struct FileView {
    format: String,
    media_type: &'static str,
    url: String,
    /// Kilobytes, rounded up: what readers compare.
    kilobytes: usize,
}

impl Renderer<'_> {
    pub(super) fn render_data_page(&self, lang: &str) -> Result<Artifact, Diagnostic> {
        let site = self.site;
        let url = site.data_page(lang).unwrap_or_default();
        let records = self.records();
        let datasets: Vec<DatasetView> = site
            .config
            .kinds
            .iter()
            .enumerate()
            .filter_map(|(index, kind)| {
                let files: Vec<FileView> = self
                    .downloads
                    .iter()
                    .filter(|d| d.lang == lang && d.kind == index)
                    .map(|d| FileView {
                        format: d.format.to_uppercase(),
                        media_type: d.media_type,
                        url: d.url.clone(),
                        kilobytes: d.bytes.div_ceil(1024),
                    })
                    .collect();
                let count = self
                    .downloads
                    .iter()
                    .find(|d| d.lang == lang && d.kind == index)?
                    .records;
                Some(DatasetView {
                    kind: kind.name.clone(),
                    label: records.kind_label(lang, kind),
                    records: count,
                    files,
                })
            })
            .collect();
        let title = self
            .message(lang, "data-title")
            .unwrap_or_else(|| "Open data".to_string());
        let breadcrumbs = self.crumbs_under_home(lang, &title, &url);
        let versions = site
            .config
            .languages
            .iter()
            .filter_map(|l| Some((l.code.clone(), site.data_page(&l.code)?)))
            .collect();
        let common = self.common(Document {
            lang,
            url: &url,
            title,
            description: self.message(lang, "data-description"),
            versions,
            breadcrumbs,
            nodes: vec![catalogue(&records, &datasets, lang)],
            ..Document::default()
        });
        let today = site.today;
        let own = DataPageContext {
            datasets,
            date: self.dates().format_day(lang, today),
            date_iso: today.format("%Y-%m-%d").to_string(),
            licence: site.config.data.licence.clone(),
            licence_url: site.config.data.licence_url.clone(),
        };
        let document = DocumentView {
            common: &common,
            own,
        };
        self.finish(
            lang,
            "data.html",
            &document,
            &url,
            None,
            format!("data page ({lang})"),
        )
    }
}

/// The schema.org `DataCatalog` of a language's downloads (DCAT's vocabulary as schema.org
/// writes it): each kind a `Dataset`, each file a `DataDownload`.
fn catalogue(records: &RecordFormatter, datasets: &[DatasetView], lang: &str) -> Value {
    let config = &records.site.config;
    let datasets: Vec<Value> = datasets
        .iter()
        .map(|dataset| {
            let distribution: Vec<Value> = dataset
                .files
                .iter()
                .map(|file| {
                    json!({
                        "@type": "DataDownload",
                        "encodingFormat": file.media_type,
                        "contentUrl": config.absolute_url(&file.url),
                    })
                })
                .collect();
            let mut node = json!({
                "@type": "Dataset",
                "name": dataset.label,
                "inLanguage": lang,
                "distribution": distribution,
            });
            if let Some(licence) = config
                .data
                .licence_url
                .as_ref()
                .or(config.data.licence.as_ref())
            {
                node["license"] = json!(licence);
            }
            node
        })
        .collect();
    json!({ "@type": "DataCatalog", "inLanguage": lang, "dataset": datasets })
}
