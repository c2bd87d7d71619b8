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
