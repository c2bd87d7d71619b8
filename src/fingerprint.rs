//! Fingerprints: what a build compares with the previous one to know what it can take again.

/// A fingerprint of `parts` (each with its length, so that the cut between them counts): 128
/// bits of SipHash, in hexadecimal. Compares a file's inputs with those of a previous build.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    use siphasher::sip128::Hasher128;
    use std::hash::Hasher;
    let mut h = siphasher::sip128::SipHasher13::new();
    for part in parts {
        h.write_usize(part.len());
        h.write(part);
    }
    format!("{:032x}", h.finish128().as_u128())
}

/// A fingerprint of what a page is made from: 128 bits of XXH3, in hexadecimal. Values are
/// walked into the hasher, each with its kind and each text, list and object with its length,
/// so that two different inputs never feed the same bytes.
#[derive(Default)]
pub struct Printer(xxhash_rust::xxh3::Xxh3);

impl Printer {
    /// A text, with its length.
    pub fn text(&mut self, text: &str) {
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
    }

    /// A kind's tag, or a list's or object's length: what says how the next parts are cut.
    pub fn tag(&mut self, tag: &[u8], len: usize) {
        self.0.update(tag);
        self.0.update(&(len as u64).to_le_bytes());
    }

    /// A text printed once already (see [`text_print`]), fed by its print.
    pub fn printed(&mut self, print: u128) {
        self.0.update(b"p");
        self.0.update(&print.to_le_bytes());
    }

    /// A JSON value: its kind's tag, then its number, text, or its items with their count.
    pub fn value(&mut self, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => self.0.update(b"n"),
            Value::Bool(b) => self.0.update(if *b { b"t" } else { b"f" }),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.0.update(b"u");
                    self.0.update(&u.to_le_bytes());
                } else if let Some(i) = n.as_i64() {
                    self.0.update(b"i");
                    self.0.update(&i.to_le_bytes());
                } else {
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    self.0.update(b"r");
                    self.0.update(&f.to_bits().to_le_bytes());
                }
            }
            Value::String(text) => {
                self.0.update(b"s");
                self.text(text);
            }
            Value::Array(items) => {
                self.tag(b"a", items.len());
                for item in items {
                    self.value(item);
                }
            }
            Value::Object(map) => {
                self.tag(b"o", map.len());
                for (key, item) in map {
                    self.text(key);
                    self.value(item);
                }
            }
        }
    }

    /// The print, in hexadecimal.
    pub fn finish(self) -> String {
        format!("{:032x}", self.0.digest128())
    }
}

/// The print of a text alone, for [`Printer::printed`].
pub fn text_print(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}
