//! The Markdown stage: every page's and section's body rendered to HTML once, in parallel
//! ([`html`] converts one body, [`shortcode`] expands the theme's shortcodes). `serve` renders
//! every body before any template sees it ([`render_bodies`]) and keeps them between rebuilds;
//! `build`'s page pass renders each page's body just before its document ([`render_body`]).
//! `render` and the feeds read the [`Bodies`].

pub mod html;
pub mod raw_html;
pub mod shortcode;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::diagnostic::{Diagnostic, SourceText, closest};
use crate::load::content::ContentFile;
use crate::load::templates::Templates;
use crate::markdown::html::{RenderedMarkdown, render_markdown};
use crate::markdown::shortcode::ShortcodeCall;
use crate::model::Site;
use crate::model::signature::Signatures;

/// A rendered body, with the digest of the file it was rendered from.
#[derive(Clone)]
pub struct CachedBody {
    digest: u64,
    body: Arc<RenderedMarkdown>,
    problems: Vec<Diagnostic>,
}

/// The bodies `serve` keeps from one rebuild to the next.
#[derive(Default)]
pub struct BodyCache {
    /// The `links` signature the bodies were rendered under: a body depends on every URL.
    links: u64,
    /// By path below `content/` (which tells the language too).
    bodies: HashMap<String, CachedBody>,
}

/// The rendered Markdown of every page and section, by id. In `build` and `check`, whose page
/// pass (`build::page_pass`) renders each page's document as soon as its body is made, a page's
/// body keeps its HTML only when a feed shows it (`output::feed::feed_pages`); what later
/// stages read of the others (summary, headings, links) stays.
#[derive(Default)]
pub struct Bodies {
    pub pages: Vec<Arc<RenderedMarkdown>>,
    pub sections: Vec<Arc<RenderedMarkdown>>,
}

/// What `serve`'s Markdown stage hands on.
pub struct RenderedBodies {
    pub bodies: Bodies,
    pub diagnostics: Vec<Diagnostic>,
    /// The bodies `serve` keeps for its next run.
    pub cache: BodyCache,
}

/// `serve`'s Markdown stage: every body rendered in parallel from the text the site holds, or
/// taken from `cache` while its file and the site's `links` signature are unchanged. The bodies
/// to keep for the next run are returned (rendered under `signatures.links`).
pub fn render_bodies(
    site: &Site,
    templates: &Templates,
    (cache, signatures): (&BodyCache, &Signatures),
) -> RenderedBodies {
    let kept = (cache.links == signatures.links).then_some(&cache.bodies);
    let render = |file: &ContentFile| {
        let hit = kept
            .and_then(|bodies| bodies.get(&file.rel))
            .filter(|c| c.digest == file.digest);
        match hit {
            Some(hit) => (hit.body.clone(), hit.problems.clone()),
            None => {
                let fresh = render_body(site, templates, file, None);
                (Arc::new(fresh.body), fresh.problems)
            }
        }
    };
    let pages: Vec<_> = site
        .page_ids()
        .into_par_iter()
        .map(|id| render(&site.page(id).file))
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|section| {
            section
                .file
                .as_ref()
                .map_or_else(|| (Arc::default(), Vec::new()), |file| render(file))
        })
        .collect();

    let mut next = BodyCache {
        links: signatures.links,
        bodies: HashMap::new(),
    };
    let files = site.page_ids().map(|id| Some(&site.page(id).file));
    let files = files.chain(site.sections.iter().map(|section| section.file.as_ref()));
    for (file, (body, problems)) in files.zip(pages.iter().chain(&sections)) {
        let Some(file) = file else { continue };
        let kept = CachedBody {
            digest: file.digest,
            body: body.clone(),
            problems: problems.clone(),
        };
        next.bodies.insert(file.rel.clone(), kept);
    }
    let mut diagnostics = Vec::new();
    let mut unzip = |results: Vec<(Arc<RenderedMarkdown>, Vec<Diagnostic>)>| {
        let bodies = results.into_iter().map(|(body, problems)| {
            diagnostics.extend(problems);
            body
        });
        bodies.collect()
    };
    let bodies = Bodies {
        pages: unzip(pages),
        sections: unzip(sections),
    };
    RenderedBodies {
        bodies,
        diagnostics,
        cache: next,
    }
}

/// One body rendered from its file.
pub struct FreshBody {
    pub body: RenderedMarkdown,
    pub problems: Vec<Diagnostic>,
    /// The text taken out of the site, kept when a later check quotes it (links checked once
    /// every body is rendered quote the text they are written in); dropped otherwise.
    pub quoted: Option<SourceText>,
}

/// Renders the body of `file`, from `taken` (its whole text, taken out of the site) or else from
/// the text the site holds.
pub fn render_body(
    site: &Site,
    templates: &Templates,
    file: &ContentFile,
    taken: Option<SourceText>,
) -> FreshBody {
    let shortcode = |call: &ShortcodeCall| render_shortcode(site, templates, file, call);
    let reserved = templates.reserved_ids();
    let source = taken.as_ref().unwrap_or(&file.source);
    let (body, problems) = render_markdown(site, file, source, &file.lang, &shortcode, reserved);
    // Links checked once every body is rendered quote the text they are written in.
    let quoted = taken.filter(|_| !body.links.is_empty());
    FreshBody {
        body,
        problems,
        quoted,
    }
}

/// Renders one call with the theme's `shortcodes/NAME.html`. An argument that names a file of
/// the page's bundle or section folder (`src="ho.png"`) is given as the file's published URL,
/// as a Markdown image's is, so it works in every language and in the feeds.
fn render_shortcode(
    site: &Site,
    templates: &Templates,
    file: &ContentFile,
    call: &ShortcodeCall,
) -> Result<String, String> {
    let lang = file.lang.as_str();
    let name = format!("shortcodes/{}.html", call.name);
    if !templates.has(&name) {
        let known: Vec<String> = templates
            .names()
            .iter()
            .filter_map(|n| {
                n.strip_prefix("shortcodes/")?
                    .strip_suffix(".html")
                    .map(str::to_string)
            })
            .collect();
        return Err(format!(
            "unknown shortcode `{}` (the theme has: {})",
            call.name,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    }
    // An argument the template never reads is a typo (`captoin=`), not something to drop.
    if let Some(known) = templates.variables(&name) {
        // `lang` and `body` are given to every shortcode, not written by editors.
        let takes: Vec<&str> = known
            .iter()
            .map(String::as_str)
            .filter(|name| !matches!(*name, "lang" | "body"))
            .collect();
        if let Some(key) = call.args.keys().find(|key| !known.contains(*key)) {
            let hint = closest(key, takes.iter().copied())
                .map_or_else(String::new, |close| format!("; did you mean `{close}`?"));
            return Err(format!(
                "the shortcode `{}` takes no argument `{key}`{hint} (it takes: {})",
                call.name,
                takes.join(", ")
            ));
        }
    }
    let mut context = Context::new();
    for (key, value) in &call.args {
        let published = value
            .as_str()
            .and_then(|path| site.asset_url(&file.rel, path));
        match published {
            Some(url) => context.insert(key.as_str(), &url),
            None => context.insert(key.as_str(), value),
        }
    }
    if let Some(body) = &call.body {
        context.insert("body", body);
    }
    context.insert("lang", lang);
    templates
        .render(lang, &name, &context)
        .map_err(|error| format!("the shortcode `{}` failed: {error}", call.name))
}
