//! A page file of a kind's section: the front matter (TOML or YAML, split at `+++`/`---`) and
//! the record it declares, read as the load stage reads it.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    huong_fuzz::front_matter(text);
});
