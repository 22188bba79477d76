//! Bad input: every case ends in a diagnostic naming the file and line, a non-zero exit status,
//! and an output folder left exactly as the last good build wrote it.

mod common;

use common::Site;

/// Every output file with its bytes.
fn snapshot(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.output_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.path("public").join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Builds the fixture once (the "last good output"), applies `break_it`, builds again, and
/// checks the failure left the output untouched. Returns the failing run's messages.
fn fails_with(code: i32, break_it: impl FnOnce(&Site)) -> String {
    let site = Site::fixture("bilingual");
    site.build().expect_code(0);
    let before = snapshot(&site);
    break_it(&site);
    let run = site.build().expect_code(code);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let after = snapshot(&site);
    assert!(before == after, "the failed build changed the output");
    // Documents are written into a staging folder while they are rendered: a build that fails
    // afterwards (a collision, a broken link) must take that folder away with it.
    assert_eq!(staging_folders(&site), Vec::<String>::new());
    run.stderr
}

/// The staging and retired folders builds leave beside the output (`.public.huong-new-PID`).
fn staging_folders(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".huong-"))
        .collect()
}

/// Two pages at one address are found only after every document was rendered, and written.
#[test]
fn a_collision_found_after_the_documents_were_written_publishes_nothing() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\nslug = \"dai-noi\"\n+++\nThân.\n",
        );
    });
    assert!(
        err.contains("`/di-san/dai-noi/index.html` would be written by"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

const PAGE: &str = "content/di-san/moi.vi.md";

#[test]
fn malformed_toml_names_the_markdown_line() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\ndate = 2022-09-19\ndescription = \"không đóng\n+++\nThân.\n",
        );
    });
    assert!(err.contains("invalid front matter"), "{err}");
    assert!(err.contains("content/di-san/moi.vi.md:4:"), "{err}");
}

#[test]
fn malformed_yaml_names_the_markdown_line() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "---\ntitle: Mới\ntaxonomies: [unclosed\n---\nThân.\n");
    });
    assert!(err.contains("content/di-san/moi.vi.md:"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn wrong_field_type_is_explained() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "+++\ntitle = 5\n+++\n");
    });
    assert!(err.contains("content/di-san/moi.vi.md:2:9"), "{err}");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn impossible_date_is_an_error() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "+++\ntitle = \"Mới\"\ndate = \"2022-02-30\"\n+++\n");
    });
    assert!(err.contains("`2022-02-30` is not a valid date"), "{err}");
    assert!(err.contains("content/di-san/moi.vi.md:3:"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "+++\ntitle = \"Mới\"\ndiscription = \"x\"\n+++\n");
    });
    assert!(err.contains("unknown field `discription`"), "{err}");
    assert!(err.contains("did you mean `description`?"), "{err}");
    assert!(err.contains("content/di-san/moi.vi.md:3:1"), "{err}");
}

#[test]
fn missing_title_is_an_error() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "+++\ndate = 2022-09-19\n+++\n");
    });
    assert!(err.contains("has no `title`"), "{err}");
}

#[test]
fn unknown_language_suffix_is_named() {
    let err = fails_with(1, |s| {
        s.write(
            "content/di-san/dai-noi.fr.md",
            "+++\ntitle = \"Cité impériale\"\n+++\n",
        );
    });
    assert!(
        err.contains("`content/di-san/dai-noi.fr.md` has the language suffix `.fr`"),
        "{err}"
    );
    assert!(err.contains("`.vi.md`, `.en.md`"), "{err}");
}

/// Regression: an alias onto a generated file (`/atom.xml`) failed with "Is a directory" on a
/// temporary path; it is a collision naming the page.
#[test]
fn an_alias_onto_a_generated_file_is_a_collision_naming_the_page() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\naliases = [\"/atom.xml\", \"/sitemap.xml\"]\n+++\nThân.\n",
        );
    });
    assert!(
        err.contains("`/atom.xml` would be a file, written by `(feed /atom.xml)`"),
        "{err}"
    );
    assert!(err.contains("and a folder, for `/atom.xml/index.html` written by `alias in content/di-san/moi.vi.md`"), "{err}");
    assert!(err.contains("in content/di-san/moi.vi.md"), "{err}");
    assert!(err.contains("`/sitemap.xml` would be a file"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

/// Regression: `javascript:`, `vbscript:`, `data:` and `file:` links were published as written.
#[test]
fn links_that_run_code_or_reach_the_disk_are_errors_at_their_line() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            concat!(
                "+++\ntitle = \"Mới\"\n+++\n",
                "[a](javascript:alert(1))\n\n",
                "[b](JavaScript:alert(1))\n\n",
                "[c](java&#115;cript:alert(1))\n\n",
                "<javascript:alert(1)>\n\n",
                "[d][ref]\n\n",
                "![e](file:///etc/passwd)\n\n",
                "[f](data:text/html,<b>x</b>)\n\n",
                "![an allowed inline image](data:image/png;base64,iVBORw0KGgo=)\n\n",
                "[ref]: vbscript:msgbox\n",
            ),
        );
    });
    for line in [4, 6, 8, 10, 12, 14, 16] {
        let place = format!("content/di-san/moi.vi.md:{line}:");
        assert!(err.contains(&place), "nothing at {place}:\n{err}");
    }
    assert!(
        err.contains("uses `javascript:`, which huong does not publish"),
        "{err}"
    );
    assert!(err.contains("uses `vbscript:`"), "{err}");
    assert!(err.contains("uses `file:`"), "{err}");
    assert!(err.contains("uses `data:`"), "{err}");
    assert!(!err.contains(":18:"), "the data: image is allowed:\n{err}");
    assert!(err.contains("7 error(s)"), "{err}");
}

/// Regression: a missing anchor (`@/di-san/dai-noi.md#khong-co`) and a root-relative link to
/// nothing (`/khong-ton-tai/`) were published silently.
#[test]
fn missing_anchors_and_root_links_to_nothing_are_errors() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            concat!(
                "+++\ntitle = \"Mới\"\n+++\n",
                "[Ngọ Môn](@/di-san/dai-noi.md#ngo-mon) and [the feed](/atom.xml) are fine, ",
                "[the section](/di-san/) too.\n\n",
                "[a](@/di-san/dai-noi.md#khong-co)\n\n",
                "[b](/khong-ton-tai/)\n",
            ),
        );
    });
    assert!(err.contains("content/di-san/moi.vi.md:6:1"), "{err}");
    assert!(
        err.contains("the link `@/di-san/dai-noi.md#khong-co` leads to `#khong-co`, which is not a heading of `content/di-san/dai-noi.vi.md`"),
        "{err}"
    );
    assert!(
        err.contains("its headings are: #hoang-thanh, #ngo-mon, #hoang-thanh-1"),
        "{err}"
    );
    assert!(err.contains("content/di-san/moi.vi.md:8:1"), "{err}");
    assert!(
        err.contains("the link `/khong-ton-tai/` leads to nothing this site publishes"),
        "{err}"
    );
    assert!(err.contains("2 error(s)"), "{err}");
}

/// Regression: names that break on real servers failed late ("os error 36" on a temporary
/// path) or not at all: Windows device names, names differing only by case, over-long names.
#[test]
fn names_that_break_where_sites_are_served_are_errors_naming_the_source() {
    let err = fails_with(1, |s| {
        s.write("content/di-san/nul.vi.md", "+++\ntitle = \"Không\"\n+++\n");
        s.write("static/Logo.svg", "<svg/>");
        s.write("static/logo.svg", "<svg/>");
        let long = "a".repeat(260);
        s.write(
            "content/di-san/x.vi.md",
            format!("+++\ntitle = \"Dài\"\nslug = \"{long}\"\n+++\n"),
        );
    });
    assert!(
        err.contains(
            "`/di-san/nul/index.html` cannot be published: `nul` is a device name on Windows"
        ),
        "{err}"
    );
    assert!(err.contains("in content/di-san/nul.vi.md"), "{err}");
    assert!(
        err.contains("`/Logo.svg` and `/logo.svg` differ only by case"),
        "{err}"
    );
    assert!(
        err.contains("a name of 260 bytes is longer than file systems allow (255)"),
        "{err}"
    );
    assert!(err.contains("in content/di-san/x.vi.md"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

/// Regression: a template that includes itself (directly or through another) made `build` and
/// `check` abort with "thread has overflowed its stack" (exit 134). It is an error naming the
/// chain, exit 1.
#[test]
fn templates_that_include_each_other_without_end_are_an_error_naming_the_chain() {
    let err = fails_with(1, |s| {
        s.copy_default_theme();
        s.write(
            "themes/default/templates/inc.html",
            "x{% include \"inc.html\" %}",
        );
    });
    assert!(
        err.contains("include or extend each other without end: inc.html → inc.html"),
        "{err}"
    );
    let err = fails_with(1, |s| {
        s.copy_default_theme();
        s.write(
            "themes/default/templates/a.html",
            "{% include \"b.html\" %}",
        );
        s.write(
            "themes/default/templates/b.html",
            "{% if true %}{% include \"a.html\" %}{% endif %}",
        );
    });
    assert!(err.contains("a.html → b.html → a.html"), "{err}");
    assert!(!err.contains("overflowed"), "{err}");
}

/// A template that links to a static file that does not exist is an error before any page
/// renders, naming the template and the file; a path computed while rendering is one too, as
/// `asset_url` reads only the files the templates name.
#[test]
fn an_asset_url_to_no_static_file_is_an_error_naming_the_template() {
    let theme_with = |site: &Site, from: &str, to: &str| {
        site.copy_default_theme();
        let base = site.path("themes/default/templates/base.html");
        let template = std::fs::read_to_string(&base).unwrap();
        assert!(template.contains(from));
        std::fs::write(base, template.replacen(from, to, 1)).unwrap();
    };
    let err = fails_with(1, |s| {
        theme_with(
            s,
            "asset_url(path=\"print.js\")",
            "asset_url(path=\"prnt.js\")",
        )
    });
    assert!(
        err.contains("the template `base.html` asks for `asset_url(path=\"prnt.js\")`, but there is no static file `prnt.js`"),
        "{err}"
    );
    assert!(
        err.contains("put the file in the site's `static/` folder"),
        "{err}"
    );
    let err = fails_with(1, |s| {
        theme_with(
            s,
            "asset_url(path=\"print.js\")",
            "asset_url(path=lang ~ \".js\")",
        )
    });
    assert!(err.contains("`vi.js` is not one of them"), "{err}");
}

/// Macros that call themselves, on purpose and without end, used by a copy of the default
/// theme's page template: `deep::CALL` renders at the top of every page.
fn theme_calling_macro(site: &Site, call: &str) {
    site.copy_default_theme();
    site.write(
        "themes/default/templates/deep.html",
        "{% macro down(n) %}{% if n > 1 %}{{ self::down(n=n - 1) }}{% else %}bottom{% endif %}{% endmacro down %}\n\
         {% macro forever(n) %}{{ self::forever(n=n + 1) }}{% endmacro forever %}\n\
         {% macro ping() %}{{ self::pong() }}{% endmacro ping %}\n\
         {% macro pong() %}{{ self::ping() }}{% endmacro pong %}\n",
    );
    let page = site.path("themes/default/templates/page.html");
    let template = std::fs::read_to_string(&page).unwrap().replacen(
        "{% block content %}",
        &format!("{{% import \"deep.html\" as deep %}}{{% block content %}}{{{{ deep::{call} }}}}"),
        1,
    );
    std::fs::write(page, template).unwrap();
}

/// Regression: a macro that called itself without end made `build` abort with "thread has
/// overflowed its stack" (exit 134). It is an error naming the macro, exit 1; a macro that
/// recurses as deep as the limit still renders (on a debug build's stack).
#[test]
fn macros_that_call_themselves_without_end_are_an_error_naming_the_macro() {
    let err = fails_with(1, |s| theme_calling_macro(s, "forever(n=0)"));
    assert!(
        err.contains("the macro `deep.html::forever` is nested more than 100 calls deep"),
        "{err}"
    );
    assert!(err.contains("page.html"), "{err}");
    assert!(!err.contains("overflowed"), "{err}");
    let err = fails_with(1, |s| theme_calling_macro(s, "ping()"));
    assert!(err.contains("nested more than 100 calls deep"), "{err}");

    let site = Site::fixture("bilingual");
    theme_calling_macro(&site, "down(n=100)");
    site.build().expect_code(0);
    assert!(site.output("di-san/dai-noi/index.html").contains("bottom"));
}

/// Regression (found by fuzzing): an unfinished `\u` escape followed by a non-ASCII letter in a
/// Fluent string made the Fluent parser panic and `build` abort. It is an error at the escape.
#[test]
fn an_unfinished_fluent_escape_is_an_error_at_its_place() {
    let err = fails_with(1, |s| {
        s.write(
            "locales/en/site.ftl",
            "footer-note = Hello\nsearch-hint = { \"\\ua–\" }\n",
        );
    });
    assert!(err.contains("locales/en/site.ftl:2:18"), "{err}");
    assert!(
        err.contains("an escape `\\u` must be followed by four hexadecimal digits"),
        "{err}"
    );
}

/// Regression: a misspelt shortcode argument (`captoin=`) was silently dropped.
#[test]
fn a_misspelt_shortcode_argument_is_an_error_with_a_suggestion() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\nẢnh:\n\n{{ figure(src=\"ho.png\", alt=\"Hồ\", captoin=\"Hồ Lưu Khiêm\") }}\n",
        );
    });
    assert!(err.contains("content/di-san/moi.vi.md:6:1"), "{err}");
    assert!(
        err.contains("the shortcode `figure` takes no argument `captoin`; did you mean `caption`? (it takes: alt, caption, height, src, width)"),
        "{err}"
    );
}

/// Regression: `NAME.EN.md` was published as a default-language page named `name-en`.
#[test]
fn an_upper_case_language_suffix_is_named_not_published() {
    let err = fails_with(1, |s| {
        s.write(
            "content/di-san/cau-ngoi.EN.md",
            "+++\ntitle = \"Covered bridge\"\n+++\n",
        );
    });
    assert!(
        err.contains(
            "`content/di-san/cau-ngoi.EN.md` has the suffix `.EN`, which is not a language"
        ),
        "{err}"
    );
    assert!(err.contains("rename it to `cau-ngoi.en.md`"), "{err}");
}

#[test]
fn empty_file_and_unclosed_front_matter() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "");
        s.write(
            "content/di-san/mo.vi.md",
            "+++\ntitle = \"Mở\"\nThân bài không có dấu đóng.\n",
        );
    });
    assert!(err.contains("`content/di-san/moi.vi.md` is empty"), "{err}");
    assert!(err.contains("the front matter is never closed"), "{err}");
    assert!(err.contains("content/di-san/mo.vi.md:1:1"), "{err}");
}

#[test]
fn slug_path_and_alias_cannot_leave_the_output() {
    let err = fails_with(1, |s| {
        s.write(PAGE, "+++\ntitle = \"Mới\"\nslug = \"../../etc\"\n+++\n");
        s.write(
            "content/di-san/b.vi.md",
            "+++\ntitle = \"B\"\npath = \"/../../tmp/x\"\n+++\n",
        );
        s.write(
            "content/di-san/c.vi.md",
            "+++\ntitle = \"C\"\naliases = [\"../outside.html\"]\n+++\n",
        );
    });
    assert!(
        err.contains("`slug = \"../../etc\"` is not a valid URL segment"),
        "{err}"
    );
    assert!(err.contains("content/di-san/moi.vi.md:3:1"), "{err}");
    assert!(
        err.contains("`path = \"/../../tmp/x\"` is not a safe URL path"),
        "{err}"
    );
    assert!(
        err.contains("the alias `../outside.html` is not a safe URL path"),
        "{err}"
    );
}

#[test]
fn duplicate_output_paths_name_both_sources() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\npath = \"/di-san/dai-noi/\"\n+++\n",
        );
    });
    assert!(
        err.contains("`/di-san/dai-noi/index.html` would be written by"),
        "{err}"
    );
    assert!(
        err.contains("`content/di-san/dai-noi.vi.md`")
            && err.contains("`content/di-san/moi.vi.md`"),
        "{err}"
    );
}

#[test]
fn a_page_written_twice_in_one_language_is_an_error() {
    let err = fails_with(1, |s| {
        s.write("content/di-san/dai-noi.md", "+++\ntitle = \"Lặp\"\n+++\n");
    });
    assert!(
        err.contains("are both the `vi` version of one page"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_asks_to_save_as_utf8() {
    let err = fails_with(1, |s| {
        s.write(PAGE, b"+++\ntitle = \"M\xe1\xbb\"\n+++\n".as_slice());
    });
    assert!(err.contains("is not valid UTF-8"), "{err}");
    assert!(err.contains("save it as UTF-8"), "{err}");
    assert!(err.contains("content/di-san/moi.vi.md:2:"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_refused() {
    let err = fails_with(1, |s| {
        std::os::unix::fs::symlink("/etc/passwd", s.path("content/di-san/passwd.vi.md")).unwrap();
    });
    assert!(err.contains("is a symbolic link"), "{err}");
}

#[test]
fn a_broken_internal_link_names_file_and_line() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\nDòng một.\n\nXem [lễ hội](@/le-hoi/festival.md).\n",
        );
    });
    assert!(err.contains("the link `@/le-hoi/festival.md` points to `content/le-hoi/festival.md`, which does not exist"), "{err}");
    assert!(err.contains("content/di-san/moi.vi.md:6:5"), "{err}");
}

/// A link to a page that moved to another folder, one with a misspelt folder (to a bundle,
/// pinned to English, with an anchor) and one to a page that has no near name: the first two
/// are told the link they most likely meant, written as theirs was; the last gets the general
/// advice, even though another page's name starts with the same letters (`ngo-mon` is not
/// `ngoai-giao-van-hoa`, which the portal has).
#[test]
fn a_broken_internal_link_suggests_the_page_meant() {
    let err = fails_with(1, |s| {
        s.write(
            "content/tin-tuc/ngoai-giao-van-hoa.vi.md",
            "+++\ntitle = \"Ngoại giao văn hóa\"\n+++\nBài.\n",
        );
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\n[a](@/dai-noi.md)\n\n[b](@/di-san/lang-tu-dc/index.en.md#lich-su)\n\n[c](@/di-san/ngo-mon.md)\n",
        );
    });
    let helps: Vec<&str> = err
        .lines()
        .filter(|line| line.contains("help:") && line.contains("`@/` paths"))
        .collect();
    assert_eq!(helps.len(), 3, "{err}");
    assert!(
        helps[0].ends_with(
            "help: did you mean @/di-san/dai-noi.md? `@/` paths start at the content folder"
        ),
        "{err}"
    );
    assert!(helps[1].ends_with("help: did you mean @/di-san/lang-tu-duc/index.en.md#lich-su? `@/` paths start at the content folder"), "{err}");
    assert!(helps[2].contains("check the spelling"), "{err}");
}

#[test]
fn a_link_to_a_draft_says_so() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\n[nháp](@/tin-tuc/ban-nhap.md)\n",
        );
    });
    assert!(err.contains("which is a draft"), "{err}");
}

#[test]
fn unknown_shortcode_and_bad_arguments() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n+++\n{{ video(id=\"x\") }}\n\n{{ figure(src=anh.jpg) }}\n",
        );
    });
    assert!(
        err.contains("unknown shortcode `video` (the theme has: figure)"),
        "{err}"
    );
    assert!(err.contains("content/di-san/moi.vi.md:4:1"), "{err}");
    assert!(
        err.contains("the value of `src` must be a quoted string"),
        "{err}"
    );
    assert!(err.contains("content/di-san/moi.vi.md:6:1"), "{err}");
}

#[test]
fn unknown_taxonomy_is_an_error() {
    let err = fails_with(1, |s| {
        s.write(
            PAGE,
            "+++\ntitle = \"Mới\"\n[taxonomies]\ntag = [\"a\"]\n+++\n",
        );
    });
    assert!(err.contains("the taxonomy `tag` is not declared"), "{err}");
    assert!(err.contains("did you mean `tags`?"), "{err}");
    assert!(err.contains("content/di-san/moi.vi.md:4:1"), "{err}");
}

#[test]
fn every_problem_is_reported_sorted_by_path() {
    let err = fails_with(1, |s| {
        s.write("content/z.vi.md", "+++\ntitle = 1\n+++\n");
        s.write("content/a.vi.md", "+++\ntitle = 1\n+++\n");
    });
    let (a, z) = (
        err.find("content/a.vi.md").unwrap(),
        err.find("content/z.vi.md").unwrap(),
    );
    assert!(a < z);
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn configuration_errors_exit_with_2() {
    let err = fails_with(2, |s| {
        let config = std::fs::read_to_string(s.path("site.toml")).unwrap();
        s.write(
            "site.toml",
            config.replace("default_language", "defualt_language"),
        );
    });
    assert!(err.contains("unknown field `defualt_language`"), "{err}");
    assert!(err.contains("did you mean `default_language`?"), "{err}");
    assert!(err.contains("site.toml:2:1"), "{err}");
}

#[test]
fn a_missing_theme_is_a_configuration_error() {
    let err = fails_with(2, |s| {
        let config = std::fs::read_to_string(s.path("site.toml")).unwrap();
        s.write("site.toml", format!("theme = \"hue\"\n{config}"));
    });
    assert!(
        err.contains("the theme `hue` is not in `themes/hue/`"),
        "{err}"
    );
}

#[test]
fn output_folders_that_hold_the_users_files_are_refused() {
    let site = Site::fixture("bilingual");
    for dangerous in [".", "content", "content/out", "/", ".."] {
        let run = site.huong(&["build", "-o", dangerous]).expect_code(2);
        assert!(
            run.stderr.contains("refusing to write the site into"),
            "{dangerous}: {}",
            run.stderr
        );
    }
    site.write("mine/notes.txt", "không được xoá");
    let run = site.huong(&["build", "-o", "mine"]).expect_code(2);
    assert!(
        run.stderr
            .contains("already holds files that huong did not write"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path("mine/notes.txt")).unwrap(),
        "không được xoá"
    );
    assert!(site.path("content/_index.vi.md").exists());
}

/// Regression: staging folders of killed builds piled up beside the output (9 copies after 8
/// kills). A build removes those whose process is gone, keeps a running build's, and leaves no
/// folder of its own behind.
#[test]
fn leftovers_of_killed_builds_are_cleaned_and_the_output_is_replaced_whole() {
    let site = Site::fixture("bilingual");
    site.build().expect_code(0);
    // PIDs above the kernel's limit (4,194,304) never run.
    site.write(".public.huong-new-4999999/index.html", "dở dang");
    site.write(".public.huong-old-4999998/index.html", "cũ");
    let running = format!(".public.huong-new-{}", std::process::id());
    site.write(&format!("{running}/index.html"), "đang chạy");
    site.write("public/stale.html", "from an earlier build");
    site.build().expect_code(0);
    let beside = staging_folders(&site);
    assert_eq!(beside, [running], "only the running build's folder is kept");
    assert!(
        !site.has_output("stale.html"),
        "the old output was replaced whole"
    );
    assert!(site.has_output("index.html") && site.has_output(".huong-output"));
}

/// Regression: `build -o DIR --force` deleted a git repository in DIR. A folder that holds a
/// repository, at any depth, even one huong wrote before (deploying by committing the output
/// is common), is refused whatever the flags.
#[test]
fn force_never_replaces_a_folder_that_holds_a_repository() {
    let site = Site::fixture("bilingual");
    site.write("deploy/.git/HEAD", "ref: refs/heads/main\n");
    site.write("deploy/README.md", "Trang triển khai\n");
    let run = site
        .huong(&["build", "-o", "deploy", "--force"])
        .expect_code(2);
    assert!(
        run.stderr.contains("holds a version-control repository"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("deploy/.git"), "{}", run.stderr);
    assert!(site.path("deploy/.git/HEAD").exists() && site.path("deploy/README.md").exists());
    // huong's own output with a repository added later (as in `cd public && git init`).
    site.huong(&["build", "-o", "built"]).expect_code(0);
    site.write("built/vendor/.git", "gitdir: ../../.git/worktrees/x\n");
    site.huong(&["build", "-o", "built"]).expect_code(2);
    assert!(site.path("built/vendor/.git").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::fixture("bilingual");
    site.huong(&["build", "--no-such-flag"]).expect_code(2);
    site.huong(&["check", "--format", "yaml"]).expect_code(2);
    let run = site
        .huong(&["build", "--root", "does-not-exist"])
        .expect_code(2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
}
