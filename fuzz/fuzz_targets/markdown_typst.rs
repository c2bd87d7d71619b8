//! Markdown → Typst → PDF with the default template: whatever the text, the PDF is made (text
//! never becomes Typst code) within 2 s (run with `-timeout=2`, which libFuzzer enforces).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    match ctin::output::pdf::markdown_pdf(&text, None) {
        Ok(pdf) => assert!(pdf.starts_with(b"%PDF")),
        Err(e) => panic!("PDF impossible : {e} pour {text:?}"),
    }
});
