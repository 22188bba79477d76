//! Properties that must hold for every input: whatever an editor types into a page body or its
//! front matter, huong answers with a site or with diagnostics, never with a panic.

mod common;

use common::Site;
use huong::build::{SiteOptions, generate};
use proptest::prelude::*;

/// Generates the site with one page written as `text`. Either outcome is fine, but it must be
/// reached without a panic, and every problem must name the file it is in: the page itself,
/// since the rest of the fixture is sound.
fn generate_with_page(site: &Site, text: &str) -> Result<(), TestCaseError> {
    let page = "content/di-san/thu.vi.md";
    site.write(page, text);
    let options = SiteOptions {
        root: site.root().to_path_buf(),
        ..SiteOptions::default()
    };
    let diagnostics = match generate(&options) {
        Ok(generated) => generated.diagnostics.sorted(),
        Err((_, diagnostics)) => diagnostics.sorted(),
    };
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        prop_assert_eq!(
            diagnostic.path.as_deref(),
            Some(std::path::Path::new(page)),
            "an error without the page's path: {}",
            diagnostic.message
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_body_renders_or_reports(body in "(\\PC|[\\[\\]()#*_`{}%@/.<>!\n-]){0,200}") {
        let site = Site::fixture("bilingual");
        generate_with_page(&site, &format!("+++\ntitle = \"Thử\"\n+++\n{body}"))?;
    }

    #[test]
    fn any_front_matter_parses_or_reports(front in "[a-z_ =\"\\[\\]{}:0-9.\n-]{0,120}", fence in prop::sample::select(vec!["+++", "---"])) {
        let site = Site::fixture("bilingual");
        generate_with_page(&site, &format!("{fence}\n{front}\n{fence}\nThân bài.\n"))?;
    }
}
