//! The pipeline, top to bottom: config → load → model → markdown → render → outputs → write.
//! `build` and `check` run the same stages; only `build` writes. Each stage hands its problems
//! back; every problem of the site is reported before huong gives up.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use std::time::Instant;

use chrono::NaiveDate;

use crate::artifact::{Artifact, ArtifactContent, Download, FileSource, Sink, all_through};
use crate::check::{check_anchors, check_root_links, check_site};
use crate::config::{BuildTime, Config, ConfigOverrides, load_config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::content::{Content, LoadCache, display_path, load_content};
use crate::load::locales::Locales;
use crate::load::templates::Templates;
use crate::load::theme::{Theme, load_theme};
use crate::markdown::{Bodies, BodyCache, RenderedBodies, render_bodies};
use crate::model::kept::{KeptModel, ModelInputs};
use crate::model::signature::Signatures;
use crate::model::{Site, build_site};
use crate::output::data::render_data;
use crate::output::feed::render_feeds;
use crate::output::redirect::render_redirects;
use crate::output::search::{
    FiledIndex, SearchCache, render_search_indexes, search_setting_problems,
};
use crate::output::sitemap::{URLS_PER_FILE, render_sitemaps};
use crate::output::{register_outputs, render_robots};
use crate::render::cache::RenderCache;
use crate::render::date::DateFormats;
use crate::render::record::RecordFormatter;
use crate::render::{Documents, Sources, Which, render_documents};
use crate::write::{Staging, check_output_dir};

mod memory;
mod page_pass;

/// The options `build`, `check` (and later `serve`) share.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    pub root: PathBuf,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Replace an output folder huong did not write.
    pub force: bool,
    /// Print each stage and its time on standard error (a terminal, not CI).
    pub progress: bool,
}

/// Times the stages of a run and, on a terminal, says what each did.
struct Stages {
    enabled: bool,
    last: Instant,
}

impl Stages {
    fn new(enabled: bool) -> Self {
        Stages {
            enabled,
            last: Instant::now(),
        }
    }

    fn done(&mut self, stage: &str, what: impl FnOnce() -> String) {
        if self.enabled {
            eprintln!(
                "  {stage:<8} {:<36} {:>6} ms",
                what(),
                self.last.elapsed().as_millis()
            );
        }
        self.last = Instant::now();
    }
}

/// Why a run failed, which decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Exit 2: `site.toml` or the command line.
    Configuration,
    /// Exit 1: content, templates, links.
    Site,
}

/// A generated site, in memory.
pub struct Generated {
    pub config: Config,
    pub artifacts: Vec<Artifact>,
    /// Warnings (errors make generation fail).
    pub diagnostics: Diagnostics,
    /// Pages per language code, in language order.
    pub pages_per_language: Vec<(String, usize)>,
}

fn load_site_config(options: &SiteOptions) -> Result<Config, (Failure, Diagnostics)> {
    let overrides = ConfigOverrides {
        base_url: options.base_url.clone(),
        output_dir: options.output_dir.clone(),
    };
    load_config(&options.root, &overrides).map_err(|d| (Failure::Configuration, d))
}

/// Runs every stage up to the outputs, without writing; every file is kept in memory.
pub fn generate(options: &SiteOptions) -> Result<Generated, (Failure, Diagnostics)> {
    generate_from(load_site_config(options)?, options, None, None)
}

/// `huong check`: every stage up to the outputs, as `build` runs them, each file's bytes
/// dropped as soon as it is made; its path stays, for the checks that read paths. A site of
/// 100,000 pages is checked in the memory `build` takes, not with every page held.
pub fn check(options: &SiteOptions) -> Result<Generated, (Failure, Diagnostics)> {
    let drop_bytes = |artifact: Artifact| Artifact {
        content: ArtifactContent::Taken,
        ..artifact
    };
    generate_from(load_site_config(options)?, options, None, Some(&drop_bytes))
}

/// What `serve` keeps from one rebuild to the next (see `render::cache`).
#[derive(Default)]
pub struct BuildCache {
    load: LoadCache,
    /// Taken out at a run's start and put back at its end; a run that stops before its end
    /// leaves none, and the next builds the model anew.
    model: Option<KeptModel>,
    bodies: BodyCache,
    render: RenderCache,
    search: SearchCache,
}

impl BuildCache {
    /// From now on a watcher tells every change before each run ([`BuildCache::told`]).
    pub fn watch(&mut self) {
        self.load.watch();
    }

    /// What the watcher saw before this run: the paths it named, or `None` when it lost track.
    pub fn told(&mut self, paths: Option<&BTreeSet<PathBuf>>) {
        self.load.told(paths);
    }

    /// Puts what this run made in place of what the last one left, and returns the latter.
    fn refill(
        &mut self,
        bodies: BodyCache,
        render: RenderCache,
        search: SearchCache,
        model: Option<KeptModel>,
    ) -> (BodyCache, RenderCache) {
        self.search = search;
        self.model = model;
        (
            std::mem::replace(&mut self.bodies, bodies),
            std::mem::replace(&mut self.render, render),
        )
    }
}

/// `generate` for repeated runs: reuses what `cache` holds and refills it.
pub fn generate_cached(
    options: &SiteOptions,
    cache: &mut BuildCache,
) -> Result<Generated, (Failure, Diagnostics)> {
    generate_from(load_site_config(options)?, options, Some(cache), None)
}

/// The site model and its UI strings: what `i18n` and `new` need, without rendering.
pub struct Inspected {
    pub site: Site,
    pub locales: Locales,
    pub theme: Theme,
    pub diagnostics: Diagnostics,
    pub build_time: BuildTime,
}

/// Loads and models the site (stages 1 to 3) and its UI strings.
pub fn inspect(options: &SiteOptions) -> Result<Inspected, (Failure, Diagnostics)> {
    let (inspected, _) = inspect_from(
        load_site_config(options)?,
        options,
        &mut Stages::new(false),
        None,
    )?;
    Ok(inspected)
}

fn inspect_from(
    config: Config,
    options: &SiteOptions,
    stages: &mut Stages,
    cache: Option<&mut BuildCache>,
) -> Result<(Inspected, Option<ModelInputs>), (Failure, Diagnostics)> {
    let mut diagnostics = Diagnostics::default();
    let build_time = BuildTime::from_env();
    let theme = load_theme(&config).map_err(|d| (Failure::Site, d))?;
    let (content, problems, next) = load_content(&config, cache.as_ref().map(|c| &c.load));
    diagnostics.extend(problems.sorted());
    stages.done("load", || format!("{} content files", content.files.len()));
    let today = build_time.local_day();
    let (site, problems, inputs) = match cache {
        None => {
            let (site, problems) = build_site(config, content, options.drafts, today);
            (site, problems.sorted(), None)
        }
        Some(cache) => {
            cache.load = next;
            let kept = cache.model.take();
            let (site, problems, inputs) =
                serve_model(kept, config, content, options.drafts, today);
            (site, problems, Some(inputs))
        }
    };
    diagnostics.extend(problems);
    stages.done("model", || {
        format!(
            "{} pages, {} sections",
            site.page_ids().len(),
            site.sections.len()
        )
    });
    let (locales, problems) = Locales::load(&site.config, &theme.locales);
    diagnostics.extend(problems.sorted());
    let inspected = Inspected {
        site,
        locales,
        theme,
        diagnostics,
        build_time,
    };
    Ok((inspected, inputs))
}

/// `serve`'s model: the kept one where only bodies changed (see `model::kept`), else built
/// anew; with what it was made from, to keep for the next run.
fn serve_model(
    kept: Option<KeptModel>,
    config: Config,
    content: Content,
    include_drafts: bool,
    today: NaiveDate,
) -> (Site, Vec<Diagnostic>, ModelInputs) {
    match kept.map(|kept| kept.refit(&config, &content, include_drafts, today)) {
        Some(Ok((site, inputs))) => {
            let problems = inputs.diagnostics().to_vec();
            return (site, problems, inputs);
        }
        Some(Err(stale)) => drop_later(stale),
        None => {}
    }
    let mut inputs = ModelInputs::of(&content, include_drafts);
    let (site, problems) = build_site(config, content, include_drafts, today);
    let problems = problems.sorted();
    inputs.found(problems.clone());
    (site, problems, inputs)
}

/// Generates the site; each file that `sink` takes (`build` writes them) is handed to it as soon
/// as it is made, and only its path is kept.
// Long because it is the pipeline's spine, read top to bottom: each stage hands what it made to
// the next, and parts split off would pass a dozen of those values back and forth.
fn generate_from(
    config: Config,
    options: &SiteOptions,
    mut cache: Option<&mut BuildCache>,
    sink: Sink,
) -> Result<Generated, (Failure, Diagnostics)> {
    let mut stages = Stages::new(options.progress);
    let (
        Inspected {
            mut site,
            locales,
            theme,
            mut diagnostics,
            build_time,
        },
        model_inputs,
    ) = inspect_from(config, options, &mut stages, cache.as_deref_mut())?;
    let locales = Arc::new(locales);
    let dates = DateFormats::new(&site.config, &locales);
    let records = RecordFormatter {
        site: &site,
        locales: &locales,
        dates: &dates,
    };
    let templates = match load_templates(&theme, &locales, &records) {
        Ok(templates) => templates,
        Err(problems) => {
            diagnostics.extend(problems.sorted());
            return Err((Failure::Site, diagnostics));
        }
    };
    // Only `serve` keeps a cache, and only it pays for the signatures.
    let signatures = (cache.as_ref()).map(|_| Signatures::new(&site, &theme, &templates));

    let (data_files, downloads) = render_data(&site, &records, build_time);
    let tools = Tools {
        templates: &templates,
        locales: &locales,
        downloads: &downloads,
        dates: &dates,
    };
    // Taken out while `previous` borrows the rest of the cache; put back below.
    let mut search_cache = cache.as_deref_mut().map(|c| std::mem::take(&mut c.search));
    let previous = cache.as_deref().zip(signatures.as_ref());
    let (rendered, next_bodies) = match (previous, search_cache.as_mut()) {
        (Some(previous), Some(search)) => {
            let (rendered, next) = render_in_stages(&site, &tools, previous, search, &mut stages);
            (rendered, Some(next))
        }
        _ => (page_pass::render_site(&mut site, &tools, sink), None),
    };
    let Rendered {
        bodies,
        documents,
        index,
        body_problems,
    } = rendered;
    let mut kept_sitemaps = None;
    diagnostics.extend(body_problems);
    let Documents {
        mut artifacts,
        diagnostics: problems,
        kept,
        rendered,
    } = documents;
    diagnostics.extend(problems);
    stages.done("render", || match artifacts.len() {
        all if all == rendered => format!("{all} documents, search"),
        all => format!("{all} documents, {rendered} rendered, search"),
    });
    // The search index's files are made while the site is checked and its other outputs
    // made, which keep one core busy and leave the other idle.
    let (index, others) = rayon::join(
        || index.finish(&site, sink),
        || {
            diagnostics.extend(search_setting_problems(&site));
            diagnostics.extend(check_site(&site, &locales));
            diagnostics.extend(check_anchors(&site, &bodies, templates.reserved_ids()));
            stages.done("check", || "translations and text".to_string());

            let mut others = all_through(sink, reading_aids(&site, &bodies, build_time));
            others.extend(all_through(sink, data_files));
            let sitemaps = sitemaps(&site, previous, &mut kept_sitemaps);
            others.extend(all_through(sink, sitemaps));
            let (redirects, problems) = render_redirects(&site);
            others.extend(redirects);
            diagnostics.extend(problems);
            others.extend(copied_files(&site, theme.static_files));
            others
        },
    );
    artifacts.extend(index);
    artifacts.extend(others);
    let (artifacts, problems) = register_outputs(artifacts);
    diagnostics.extend(problems);
    diagnostics.extend(check_root_links(&site, &bodies, &artifacts));
    stages.done("outputs", || format!("{} files in all", artifacts.len()));

    if options.strict {
        diagnostics.make_strict();
    }
    let generated = Generated {
        pages_per_language: pages_per_language(&site),
        config: site.config.clone(),
        artifacts,
        diagnostics,
    };
    let (model, site) = match model_inputs {
        Some(inputs) => (Some(KeptModel::new(site, inputs)), None),
        None => (None, Some(site)),
    };
    let search = search_cache.unwrap_or_default();
    let render = RenderCache {
        documents: kept,
        sitemaps: kept_sitemaps,
    };
    let replaced = cache.map(|cache| {
        let bodies = next_bodies.unwrap_or_default();
        cache.refill(bodies, render, search, model)
    });
    drop_later((site, bodies, templates, replaced));
    if generated.diagnostics.has_errors() {
        return Err((Failure::Site, generated.diagnostics));
    }
    Ok(generated)
}

/// The sitemap files: in `serve`, the last run's while no URL or date they list changed; kept in
/// `next` for the next run.
fn sitemaps(
    site: &Site,
    previous: Option<(&BuildCache, &Signatures)>,
    next: &mut Option<(u64, Vec<Artifact>)>,
) -> Vec<Artifact> {
    let key = previous.map(|(_, signatures)| signatures.sitemap_key(site));
    let kept = previous
        .and_then(|(cache, _)| cache.render.sitemaps.as_ref())
        .filter(|(made_with, _)| Some(*made_with) == key);
    let files = match kept {
        Some((_, files)) => files.clone(),
        None => render_sitemaps(site, URLS_PER_FILE),
    };
    if let Some(key) = key {
        *next = Some((key, files.clone()));
    }
    files
}

/// Frees what a run no longer needs on a thread of its own: freeing the pages, bodies and
/// caches of ten thousand pages takes milliseconds that a `serve` rebuild need not wait for
/// (and that `build`, which exits soon after, need not spend at all).
fn drop_later<T: Send + 'static>(value: T) {
    // Where no thread can be started, the value is dropped here, with the closure.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

fn pages_per_language(site: &Site) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| (l.code.clone(), site.pages_in(&l.code).count()))
        .collect()
}

/// The theme's templates, with the lists of records they may show.
fn load_templates(
    theme: &Theme,
    locales: &Arc<Locales>,
    records: &RecordFormatter,
) -> Result<Templates, Diagnostics> {
    let mut templates = Templates::load(
        &records.site.config,
        &theme.templates,
        &theme.static_files,
        locales.clone(),
    )?;
    if !records.site.config.kinds.is_empty() {
        let lists = records.kind_lists();
        templates.register_kind_lists("records", lists.records);
        templates.register_kind_lists("occurrences", lists.occurrences);
    }
    Ok(templates)
}

/// What renders the bodies and documents, besides the site and the bodies.
pub(crate) struct Tools<'a> {
    templates: &'a Templates,
    locales: &'a Locales,
    downloads: &'a [Download],
    dates: &'a DateFormats,
}

impl<'a> Tools<'a> {
    fn sources(&self, site: &'a Site, bodies: &'a Bodies) -> Sources<'a> {
        Sources {
            site,
            templates: self.templates,
            locales: self.locales,
            bodies,
            downloads: self.downloads,
            dates: self.dates,
        }
    }
}

/// What the Markdown and render stages hand on: every body (see `markdown::Bodies` for what
/// stays of each), every document, the search index's files, and the bodies' problems.
pub(crate) struct Rendered {
    bodies: Bodies,
    documents: Documents,
    index: SearchIndex,
    body_problems: Vec<Diagnostic>,
}

/// The search index as the render stages hand it on.
pub(crate) enum SearchIndex {
    /// Its files (`serve`).
    Made(Vec<Artifact>),
    /// Each language's documents filed, its files still to make (`build`, `check`).
    Filed(Vec<FiledIndex>),
}

impl SearchIndex {
    /// The index's files, each through `sink` as soon as it is made.
    fn finish(self, site: &Site, sink: Sink) -> Vec<Artifact> {
        match self {
            SearchIndex::Made(files) => files,
            SearchIndex::Filed(filed) => (filed.into_par_iter())
                .flat_map_iter(|index| index.finish(site, sink))
                .collect(),
        }
    }
}

/// `serve`'s Markdown and render stages, with what the last run kept: every body rendered (or
/// kept) first, then the documents and the search index side by side, so that either fills the
/// cores the other leaves idle. Returns the bodies to keep for the next run too. (`build` and
/// `check` render in one pass instead: see `page_pass`.)
fn render_in_stages(
    site: &Site,
    tools: &Tools,
    previous: (&BuildCache, &Signatures),
    search: &mut SearchCache,
    stages: &mut Stages,
) -> (Rendered, BodyCache) {
    let (cache, signatures) = previous;
    let RenderedBodies {
        bodies,
        diagnostics,
        cache: next,
    } = render_bodies(site, tools.templates, (&cache.bodies, signatures));
    stages.done("markdown", || {
        format!("{} bodies", bodies.pages.len() + bodies.sections.len())
    });
    let sources = tools.sources(site, &bodies);
    let (documents, index) = rayon::join(
        || {
            render_documents(
                &sources,
                Which::Every,
                Some((&cache.render, signatures)),
                None,
            )
        },
        || render_search_indexes(site, &bodies, search),
    );
    let rendered = Rendered {
        bodies,
        documents,
        index: SearchIndex::Made(index),
        body_problems: diagnostics,
    };
    (rendered, next)
}

/// What helps readers and machines find the pages, but the search index: the Atom feeds and
/// robots.txt.
fn reading_aids(site: &Site, bodies: &Bodies, build_time: BuildTime) -> Vec<Artifact> {
    let mut artifacts = render_feeds(site, bodies, &build_time.rfc3339());
    artifacts.push(render_robots(&site.config.base_url));
    artifacts
}

/// The files copied as they are: the theme's and the site's static files, then the files of
/// page bundles and section folders.
fn copied_files(site: &Site, static_files: Vec<(String, FileSource)>) -> Vec<Artifact> {
    let statics = static_files.into_iter().map(|(path, source)| {
        let origin = match &source {
            FileSource::Embedded(_) => format!("(theme) {path}"),
            FileSource::Disk(file) => display_path(&site.config.root, file).display().to_string(),
        };
        Artifact {
            path,
            origin,
            content: ArtifactContent::Copy(source),
        }
    });
    let assets = site.assets.iter().map(|asset| Artifact {
        path: asset.to.clone(),
        origin: format!("content/{}", asset.rel),
        content: ArtifactContent::Copy(FileSource::Disk(asset.from.clone())),
    });
    statics.chain(assets).collect()
}

/// `huong build`: generate into a staging folder, then publish it in one step.
pub fn build(options: &SiteOptions) -> Result<(Generated, f64), (Failure, Diagnostics)> {
    let started = Instant::now();
    let config = load_site_config(options)?;
    // Refuse a dangerous output folder before spending time on the build.
    check_output_dir(&config, options.force)
        .map_err(|d| (Failure::Configuration, Diagnostics::from(d)))?;
    let staging = Staging::create(&config).map_err(|d| (Failure::Site, d.into()))?;
    let put = |artifact| staging.put(artifact);
    // On failure the staging folder is dropped, with what was written into it.
    let mut generated = generate_from(config, options, None, Some(&put))?;
    let mut stages = Stages::new(options.progress);
    let warnings = staging
        .publish(&generated.artifacts)
        .map_err(|d: Diagnostic| (Failure::Site, d.into()))?;
    generated.diagnostics.extend(warnings);
    stages.done("write", || format!("{} files", generated.artifacts.len()));
    Ok((generated, started.elapsed().as_secs_f64()))
}
