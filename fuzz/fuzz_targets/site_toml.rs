//! `site.toml`: languages, translations policy, taxonomies, kinds and their fields, calendar,
//! data.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    huong_fuzz::site_toml(bytes);
});
