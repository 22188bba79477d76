//! The fields of a festival record (schedule, lunar date, ref, enum, text, url) inside valid
//! front matter, so that the fuzzer spends its time on the kinds' typed values.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut page = b"+++\ntitle = \"L\xe1\xbb\x85\"\n[festival]\n".to_vec();
    page.extend_from_slice(bytes);
    page.extend_from_slice(b"\n+++\nTh\xc3\xa2n.\n");
    huong_fuzz::build_with("content/le-hoi/fuzz.vi.md", &page);
});
