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

    /// A JSON value.
    pub fn value(&mut self, value: &serde_json::Value) {
        feed_value(&mut self.0, value);
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

fn feed_text(h: &mut xxhash_rust::xxh3::Xxh3, text: &str) {
    h.update(&(text.len() as u64).to_le_bytes());
    h.update(text.as_bytes());
}

fn feed_value(h: &mut xxhash_rust::xxh3::Xxh3, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => h.update(b"n"),
        Value::Bool(b) => h.update(if *b { b"t" } else { b"f" }),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                h.update(b"u");
                h.update(&u.to_le_bytes());
            } else if let Some(i) = n.as_i64() {
                h.update(b"i");
                h.update(&i.to_le_bytes());
            } else {
                h.update(b"r");
                h.update(&n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
            }
        }
        Value::String(s) => {
            h.update(b"s");
            feed_text(h, s);
        }
        Value::Array(items) => {
            h.update(b"a");
            h.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                feed_value(h, item);
            }
        }
        Value::Object(map) => {
            h.update(b"o");
            h.update(&(map.len() as u64).to_le_bytes());
            for (key, item) in map {
                feed_text(h, key);
                feed_value(h, item);
            }
        }
    }
}
