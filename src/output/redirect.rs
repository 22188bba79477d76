//! Redirect pages for `aliases`: old URLs keep working after a page moves. A static host cannot
//! send a 301, so each alias gets a tiny HTML page with a canonical link and a meta refresh.

use crate::artifact::{Artifact, output_path};
use crate::diagnostic::Diagnostic;
use crate::load::content::ContentFile;
use crate::model::Site;
use crate::text::escape::escape_xml;
use crate::text::slug::normalize_url_path;

pub fn render_redirects(site: &Site) -> (Vec<Artifact>, Vec<Diagnostic>) {
    let mut artifacts = Vec::new();
    let mut problems = Vec::new();
    let pages = site.pages().iter().map(|page| Moved {
        aliases: &page.front.aliases,
        file: &page.file,
        url: &page.url,
        lang: &page.lang,
        title: &page.title,
    });
    let sections = site.sections.iter().filter_map(|section| {
        Some(Moved {
            aliases: &section.front.aliases,
            file: section.file.as_deref()?,
            url: &section.url,
            lang: &section.lang,
            title: &section.title,
        })
    });
    for moved in pages.chain(sections) {
        for alias in moved.aliases {
            match redirect(site, &moved, alias) {
                Ok(artifact) => artifacts.push(artifact),
                Err(problem) => problems.push(problem),
            }
        }
    }
    (artifacts, problems)
}

/// A page or section with the old URLs it was published at.
struct Moved<'a> {
    aliases: &'a [String],
    file: &'a ContentFile,
    url: &'a str,
    lang: &'a str,
    title: &'a str,
}

fn redirect(site: &Site, moved: &Moved, alias: &str) -> Result<Artifact, Diagnostic> {
    let Some(path) = normalize_url_path(alias) else {
        return Err(
            Diagnostic::error(format!("the alias `{alias}` is not a safe URL path"))
                .at(&moved.file.source, moved.file.span_of("aliases"))
                .with_help("write old addresses as paths from the site root, e.g. \"/tin-tuc/cu/\"; `..` and hidden names are not allowed"),
        );
    };
    let target = site.config.absolute_url(moved.url);
    let target = escape_xml(&target);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
        lang = escape_xml(moved.lang),
        title = escape_xml(moved.title),
    );
    Ok(Artifact::bytes(
        output_path(&path),
        format!("alias in {}", moved.file.source.path.display()),
        html,
    ))
}
