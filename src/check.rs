//! Validations that need the whole model: which pages lack a translation, which UI strings a
//! language lacks. Broken links are found while rendering Markdown; these run after it. Both
//! `build` and `check` run them, so `--strict` fails the build on the same findings.

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::model::page::Item;
use crate::render::i18n::Locales;

pub fn check_site(site: &Site, locales: &Locales) -> Vec<Diagnostic> {
    let mut findings = translation_gaps(site);
    findings.extend(locales.missing_messages(&site.config));
    findings
}

/// A warning for every default-language page or section front page with no version in another
/// language.
fn translation_gaps(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let originals = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.lang == config.default_language)
        .map(|(id, page)| (Item::Page(id), &page.file))
        .chain(
            site.sections
                .iter()
                .enumerate()
                .filter(|(_, section)| section.lang == config.default_language)
                .filter_map(|(id, section)| {
                    section.file.as_ref().map(|file| (Item::Section(id), file))
                }),
        );
    let mut findings = Vec::new();
    for (item, file) in originals {
        for language in config.languages.iter().skip(1) {
            if site.translation_in(item, &language.code).is_none() {
                let stem = file
                    .rel
                    .trim_end_matches(".md")
                    .trim_end_matches(&format!(".{}", file.lang));
                findings.push(
                    Diagnostic::warning(format!(
                        "`{}` has no `{}` translation",
                        file.source.path.display(),
                        language.code
                    ))
                    .in_file(&file.source.path)
                    .with_help(format!("add content/{stem}.{}.md", language.code)),
                );
            }
        }
    }
    findings
}
