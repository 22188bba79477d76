//! A Fluent file of UI strings, with the checks `huong check` runs on them.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    huong_fuzz::fluent(text);
});
