//! Redirect pages for `aliases`: old URLs keep working after a page moves. A static host cannot
//! send a 301, so each alias gets a tiny HTML page with a canonical link and a meta refresh.

use crate::artifact::{Artifact, output_path};
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::text::escape::escape_xml;
use crate::text::slug::normalize_url_path;

pub fn render_redirects(site: &Site) -> (Vec<Artifact>, Vec<Diagnostic>) {
    let mut artifacts = Vec::new();
    let mut problems = Vec::new();
    for page in site.pages() {
        for alias in &page.front.aliases {
            let Some(path) = normalize_url_path(alias) else {
                problems.push(
                    Diagnostic::error(format!("the alias `{alias}` is not a safe URL path"))
                        .at(&page.file.source, page.file.span_of("aliases"))
                        .with_help("write old addresses as paths from the site root, e.g. \"/tin-tuc/cu/\"; `..` and hidden names are not allowed"),
                );
                continue;
            };
            let target = site.config.absolute_url(&page.url);
            let target = escape_xml(&target);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
                lang = escape_xml(&page.lang),
                title = escape_xml(&page.title),
            );
            artifacts.push(Artifact::bytes(
                output_path(&path),
                format!("alias in {}", page.file.source.path.display()),
                html,
            ));
        }
    }
    (artifacts, problems)
}
