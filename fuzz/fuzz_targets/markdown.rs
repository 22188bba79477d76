//! A page body: Markdown with shortcodes, `@/` links, anchors, raw HTML and footnotes.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut page = b"---\ntitle: Fuzz\nplace:\n  geo: [16.47, 107.58]\n---\n".to_vec();
    page.extend_from_slice(bytes);
    huong_fuzz::build_with("content/di-san/fuzz.vi.md", &page);
});
