//! Properties that must hold for every input: whatever an editor types into a page body or its
//! front matter, huong answers with a site or with diagnostics, never with a panic.

mod common;

use common::Site;
use huong::build::{SiteOptions, generate};
use proptest::prelude::*;

fn generate_with_page(site: &Site, text: &str) {
    site.write("content/di-san/thu.vi.md", text);
    let options = SiteOptions {
        root: site.root().to_path_buf(),
        ..SiteOptions::default()
    };
    // Either outcome is fine; reaching this line without a panic is the property.
    let _ = generate(&options);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_body_renders_or_reports(body in "(\\PC|[\\[\\]()#*_`{}%@/.<>!\n-]){0,200}") {
        let site = Site::fixture("bilingual");
        generate_with_page(&site, &format!("+++\ntitle = \"Thử\"\n+++\n{body}"));
    }

    #[test]
    fn any_front_matter_parses_or_reports(front in "[a-z_ =\"\\[\\]{}:0-9.\n-]{0,120}", fence in prop::sample::select(vec!["+++", "---"])) {
        let site = Site::fixture("bilingual");
        generate_with_page(&site, &format!("{fence}\n{front}\n{fence}\nThân bài.\n"));
    }
}
