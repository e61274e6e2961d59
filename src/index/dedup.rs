//! Near-duplicate articles: one story carried by several outlets under different page furniture.
//!
//! Owns an article's fingerprint — MinHash over 5-word shingles of its cleaned body, folded
//! into [`BANDS`] keys of [`ROWS`] minima each, so two bodies with shingle resemblance
//! (Jaccard) J share at least one of them with probability 1 − (1 − J³)¹¹: 0.9996 at J = 0.8,
//! 0.26 at J = 0.3; plus one key of the opening words, for bodies that open alike — and the
//! cluster of an article that joined no other ([`own_cluster`], derived from its article id
//! and content hash, so a changed file leaves its old cluster). Pure: text in, keys out; which
//! cluster an article joins at index time is [`super::cluster`]'s.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Keys per article: [`BANDS`] MinHash keys and one lede key.
pub const KEYS: usize = BANDS + 1;
/// MinHash keys per article; the lede key is key number `BANDS`.
pub(crate) const BANDS: usize = 11;
/// MinHash minima per key.
const ROWS: usize = 3;
/// Bits of hash in a key (below the key's number): small keys keep the index's term
/// dictionary compact (its terms share their leading bytes), and at 2^24 values a chance
/// match of two keys at once is negligible even among millions of articles.
const KEY_BITS: u32 = 24;
/// Bits of hash in the lede key.
const LEDE_BITS: u32 = 40;
/// Words of the opening that make the lede key.
const LEDE_WORDS: usize = 30;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Bodies shorter than this (in words) are not fingerprinted: short templated items (dividend
/// notices, results tables) resemble each other without being one story.
pub const MIN_WORDS: usize = 40;

/// The fingerprint keys of an article's body (its passages), or `None` when it is too short.
pub fn keys(passages: &[String]) -> Option<[u64; KEYS]> {
    let mut words = Vec::new();
    let mut word = String::new();
    for passage in passages {
        for c in passage.chars().chain(std::iter::once(' ')) {
            if !crate::extract::lexicon::push_folded_char(&mut word, c) && !word.is_empty() {
                words.push(xxh3_64(word.as_bytes()));
                word.clear();
            }
        }
    }
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut bytes = [0u8; SHINGLE * 8];
    let shingles: Vec<u64> = words
        .windows(SHINGLE)
        .map(|window| {
            for (chunk, w) in bytes.chunks_exact_mut(8).zip(window) {
                chunk.copy_from_slice(&w.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect();
    let minima = minima(&shingles);
    let mut lede = [0u8; LEDE_WORDS * 8];
    for (chunk, w) in lede.chunks_exact_mut(8).zip(&words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    Some(std::array::from_fn(|k| {
        let hash = if k == BANDS {
            xxh3_64_with_seed(&lede, k as u64)
        } else {
            let mut rows = [0u8; ROWS * 8];
            for (chunk, m) in rows.chunks_exact_mut(8).zip(&minima[k * ROWS..]) {
                chunk.copy_from_slice(&m.to_le_bytes());
            }
            xxh3_64_with_seed(&rows, k as u64)
        };
        // The lede key alone decides, so it keeps more bits against chance matches.
        let bits = if k == BANDS { LEDE_BITS } else { KEY_BITS };
        ((k as u64) << LEDE_BITS) | (hash & ((1 << bits) - 1))
    }))
}

/// The MinHash minima of `shingles`: for each of [`BANDS`] × [`ROWS`] seeded hash functions,
/// the least hash of any shingle.
fn minima(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { minima_avx2(shingles) };
    }
    minima_portable(shingles)
}

/// [`minima_portable`] compiled for AVX2, where the 33 hash functions run four at a time:
/// the same minima in about a sixth of the time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn minima_avx2(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    minima_portable(shingles)
}

#[inline(always)]
fn minima_portable(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    let seeds: [u64; BANDS * ROWS] = std::array::from_fn(|i| splitmix(i as u64 + 1));
    let mut minima = [u64::MAX; BANDS * ROWS];
    for &shingle in shingles {
        for (m, seed) in minima.iter_mut().zip(seeds) {
            *m = (*m).min(splitmix(shingle ^ seed));
        }
    }
    minima
}

/// The cluster of an article that joined no other: derived from its id and content hash.
pub fn own_cluster(article: u64, content_hash: u64) -> u64 {
    splitmix(article ^ content_hash.rotate_left(29))
}

#[inline(always)]
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(words: &str) -> Vec<String> {
        vec![words.to_owned()]
    }

    const STORY: &str =
        "The central bank raised its main interest rate by a quarter of a point on \
        Thursday, its third increase this year, saying inflation had stayed above its target for \
        longer than expected. The governor told reporters that further rises could follow if \
        wages kept growing at the current pace, while two members of the committee voted to \
        hold rates, citing signs that consumer spending was already slowing in the second half.";

    #[test]
    fn copies_share_keys_and_other_stories_do_not() {
        let a = keys(&body(STORY)).unwrap();
        let copy = keys(&body(&format!("{STORY} Follow us for more."))).unwrap();
        assert!(a.iter().any(|k| copy.contains(k)));
        let other = keys(&body(
            "The football club confirmed on Thursday that its manager had left after a run of \
             poor results, saying a successor would be named before the next league match. The \
             chairman thanked him for three seasons in charge and said the search for a new \
             coach had begun, with the assistant taking training for the rest of the week while \
             the board considered candidates from home and abroad for the job.",
        ))
        .unwrap();
        assert!(!a.iter().any(|k| other.contains(k)));
        assert_eq!(
            keys(&body("Too short to tell one story from another.")),
            None
        );
    }

    #[test]
    fn every_cpu_computes_the_same_minima() {
        let shingles: Vec<u64> = (0..500u64).map(|i| splitmix(i * 7919)).collect();
        let portable = minima_portable(&shingles);
        assert_eq!(minima(&shingles), portable);
        assert_eq!(minima(&shingles[..1]), minima_portable(&shingles[..1]));
        assert!(
            portable.iter().all(|&m| m < u64::MAX / 8),
            "500 draws keep small minima"
        );
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            keys(&body(STORY)),
            keys(&body(&STORY.to_uppercase().replace(',', " ")))
        );
    }
}
