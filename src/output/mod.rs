//! Everything a build produces, as `(path, bytes)` values: the rendered documents come from
//! `render`, and each file here adds one artefact kind (sitemap, feeds, redirects, robots.txt).
//! Nothing here touches the disk; `write` does.

pub mod data;
pub mod feed;
pub mod redirect;
pub mod sitemap;

use std::collections::BTreeMap;

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;

/// The one registry of output paths: sorts the artefacts and reports every path that two
/// sources would write, naming all of them. Static files may replace the theme's own.
pub fn register_outputs(mut artifacts: Vec<Artifact>) -> (Vec<Artifact>, Vec<Diagnostic>) {
    // A stable sort keeps the theme's static files before the site's, so the site's win below.
    artifacts.sort_by(|a, b| a.path.cmp(&b.path));
    let mut by_path: BTreeMap<String, Vec<Artifact>> = BTreeMap::new();
    for artifact in artifacts {
        by_path
            .entry(artifact.path.clone())
            .or_default()
            .push(artifact);
    }
    let mut unique = Vec::with_capacity(by_path.len());
    let mut problems = Vec::new();
    for (path, mut claims) in by_path {
        let overridable = claims
            .iter()
            .filter(|a| a.origin.starts_with("(theme)"))
            .count();
        if claims.len() > 1 && overridable == claims.len() - 1 {
            // The site's static file replaces the theme's: that is what static/ is for.
            claims.retain(|a| !a.origin.starts_with("(theme)"));
        }
        if claims.len() > 1 {
            let origins: Vec<String> = claims.iter().map(|a| format!("`{}`", a.origin)).collect();
            problems.push(
                Diagnostic::error(format!(
                    "`/{path}` would be written by {}",
                    origins.join(" and ")
                ))
                .in_file(claims[0].origin.trim_start_matches("alias in "))
                .with_help(
                    "give one of them another `slug` or `path`, or remove the duplicate alias",
                ),
            );
            continue;
        }
        unique.extend(claims);
    }
    (unique, problems)
}

/// `/robots.txt`: everything may be crawled; the sitemap says what there is.
pub fn render_robots(base_url: &str) -> Artifact {
    Artifact::bytes(
        "robots.txt",
        "(generated robots.txt)",
        format!("User-agent: *\nAllow: /\nSitemap: {base_url}/sitemap.xml\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_name_every_source() {
        let artifacts = vec![
            Artifact::bytes("a/index.html", "content/a.vi.md", ""),
            Artifact::bytes("a/index.html", "content/b.vi.md", ""),
            Artifact::bytes("style.css", "(theme) style.css", "x"),
            Artifact::bytes("style.css", "static/style.css", "y"),
        ];
        let (unique, problems) = register_outputs(artifacts);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("`content/a.vi.md` and `content/b.vi.md`")
        );
        assert_eq!(unique.len(), 1);
        assert_eq!(unique[0].origin, "static/style.css");
    }
}
