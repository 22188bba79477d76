//! Everything a build produces, as `(path, bytes)` values: the rendered documents come from
//! `render`, and each file here adds one artefact kind (sitemap, feeds, redirects, robots.txt,
//! the search index).
//! Nothing here touches the disk; `write` does.

pub mod data;
pub mod feed;
pub mod redirect;
pub mod search;
pub mod sitemap;

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::artifact::Artifact;
use crate::diagnostic::Diagnostic;

/// The one registry of output paths: sorts the artefacts and reports every path that two
/// sources would write, naming all of them. Static files may replace the theme's own.
pub fn register_outputs(mut artifacts: Vec<Artifact>) -> (Vec<Artifact>, Vec<Diagnostic>) {
    // A stable sort keeps the theme's static files before the site's, so the site's win below.
    artifacts.sort_by(|a, b| a.path.cmp(&b.path));
    let mut unique = Vec::with_capacity(artifacts.len());
    let mut problems = Vec::new();
    let mut sorted = artifacts.into_iter().peekable();
    while let Some(first) = sorted.next() {
        let mut claims = vec![first];
        while let Some(next) = sorted.next_if(|a| a.path == claims[0].path) {
            claims.push(next);
        }
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
                    "`/{}` would be written by {}",
                    claims[0].path,
                    origins.join(" and ")
                ))
                .in_file(blamed(&claims))
                .with_help(
                    "give one of them another `slug` or `path`, or remove the duplicate alias",
                ),
            );
            continue;
        }
        unique.extend(claims);
    }
    problems.extend(files_that_are_folders(&unique));
    problems.extend(names_servers_refuse(&unique));
    (unique, problems)
}

/// Output names that break where sites are copied and served: Windows' reserved device names
/// (`con`, `nul`, `com1`...: a folder of them cannot be created there), two names that differ
/// only by case (one overwrites the other on Windows and macOS disks), and a name over the 255
/// bytes file systems allow.
fn names_servers_refuse(artifacts: &[Artifact]) -> Vec<Diagnostic> {
    const RESERVED: &[&str] = &["con", "prn", "aux", "nul"];
    let reserved = |segment: &str| {
        let stem = segment.split('.').next().unwrap_or(segment).as_bytes();
        let numbered = matches!(stem, [a, b, c, b'1'..=b'9']
            if [b"com", b"lpt"].iter().any(|prefix| prefix.eq_ignore_ascii_case(&[*a, *b, *c])));
        RESERVED
            .iter()
            .any(|name| name.as_bytes().eq_ignore_ascii_case(stem))
            || numbered
    };
    let mut problems = Vec::new();
    let mut by_lower: HashMap<String, &Artifact, FixedState> = HashMap::default();
    for artifact in artifacts {
        let problem = artifact.path.split('/').find_map(|segment| {
            if reserved(segment) {
                Some(format!("`{segment}` is a device name on Windows, where the site cannot be copied or served"))
            } else if segment.len() > 255 {
                Some(format!("a name of {} bytes is longer than file systems allow (255)", segment.len()))
            } else {
                None
            }
        });
        if let Some(problem) = problem {
            problems.push(
                Diagnostic::error(format!("`/{}` cannot be published: {problem}", artifact.path))
                    .in_file(blamed(std::slice::from_ref(artifact)))
                    .with_help("give the page another `slug` (or rename the file) so that this part of its address changes"),
            );
        }
        if let Some(other) = by_lower.insert(artifact.path.to_lowercase(), artifact) {
            problems.push(
                Diagnostic::error(format!(
                    "`/{}` and `/{}` differ only by case, so one overwrites the other on Windows and macOS",
                    other.path, artifact.path
                ))
                .in_file(blamed(&[other.clone(), artifact.clone()]))
                .with_help("rename one of them: addresses are best in lower case"),
            );
        }
    }
    problems
}

/// The file a collision is reported in: the first source an editor wrote (a page, an alias),
/// rather than a generated file.
fn blamed(claims: &[Artifact]) -> &str {
    claims
        .iter()
        .map(|claim| claim.origin.trim_start_matches("alias in "))
        .find(|origin| !origin.starts_with('('))
        .unwrap_or(&claims[0].origin)
}

/// A path that one source writes as a file and another needs as a folder (an alias
/// `/atom.xml` is published as `atom.xml/index.html`, beside the feed `atom.xml`).
fn files_that_are_folders(artifacts: &[Artifact]) -> Vec<Diagnostic> {
    // The first file (in path order) under each folder.
    let mut folders: HashMap<&str, &Artifact, FixedState> = HashMap::default();
    for artifact in artifacts {
        for (end, _) in artifact.path.match_indices('/') {
            folders.entry(&artifact.path[..end]).or_insert(artifact);
        }
    }
    artifacts
        .iter()
        .filter_map(|file| {
            let inside = folders.get(file.path.as_str())?;
            let pair = [file.clone(), (*inside).clone()];
            Some(
                Diagnostic::error(format!(
                    "`/{}` would be a file, written by `{}`, and a folder, for `/{}` written by `{}`",
                    file.path, file.origin, inside.path, inside.origin
                ))
                .in_file(blamed(&pair))
                .with_help("give one of them another `slug`, `path` or alias"),
            )
        })
        .collect()
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

    /// Device names are refused in any case and with any extension; names that only start
    /// like one are not.
    #[test]
    fn windows_device_names_are_refused_and_only_they() {
        let paths = [
            "a/COM3.txt/index.html",
            "Aux.html",
            "nul",
            "lpt0/index.html",
            "com10/index.html",
            "console/index.html",
            "b/conx.html",
        ];
        let artifacts = paths
            .iter()
            .map(|path| Artifact::bytes(*path, "content/x.vi.md", ""))
            .collect();
        let (_, problems) = register_outputs(artifacts);
        let refused: Vec<&str> = problems
            .iter()
            .filter_map(|p| p.message.split('`').nth(1))
            .collect();
        assert_eq!(refused, ["/Aux.html", "/a/COM3.txt/index.html", "/nul"]);
    }
}
