//! Bytes to text: byte-order marks, UTF-16, legacy single-byte encodings, binary detection.
//!
//! Owns the decision "is this file text, and in which encoding". It returns a `String` with
//! Unix line endings or a [`DecodeError`] saying why the bytes are not an article. It must not
//! look at the meaning of the text (that is `lines` and `clean`'s job) and never touches the disk.

use std::borrow::Cow;

/// Why a file's bytes could not be turned into article text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file holds no characters other than white space.
    #[error("empty file")]
    Empty,
    /// NUL bytes or many control characters: not a text file.
    #[error("binary file (not text)")]
    Binary,
    /// HTML whose elements nest deeper than a page does (and than the parser reads quickly).
    #[error("HTML nested {0} elements deep; pages nest a few dozen (limit 2,000)")]
    TooDeep(usize),
    /// An MHTML file with no HTML part.
    #[error("no text/html part in this MHTML file")]
    NoHtmlPart,
}

/// Decodes `bytes` into text, guessing the encoding when there is no byte-order mark.
///
/// UTF-8 is tried first; a file that is not valid UTF-8 is handed to `chardetng`, which picks
/// among the legacy encodings (Windows-1252 and friends). CRLF and lone CR become LF.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = decode_raw(bytes)?;
    let text = normalize_newlines(&text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(to_nfc(text.into_owned()))
}

/// `text` in Unicode's composed form (NFC): a page saved with decomposed accents (macOS, some
/// scrapers: "Zu\u{308}rich") reads, matches and prints as one written composed. Already
/// composed text, nearly every page, is checked and kept as it is.
pub fn to_nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

fn decode_raw(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    Ok(text)
}

fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// More than 1% control characters (other than tab, newline, form feed) means binary.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\t' | '\x0c') {
            control += 1;
        }
    }
    control * 100 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Élysée\r\n".as_bytes()).unwrap(), "Élysée\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Élysée".as_bytes());
        assert_eq!(decode(&bom).unwrap(), "Élysée");
    }

    #[test]
    fn utf16_le_and_be() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Kyiv’s".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap(), "Kyiv’s");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Kyiv’s".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap(), "Kyiv’s");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Le président de l'Élysée a déclaré « non »" with a curly apostrophe, in Windows-1252.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le président de l’Élysée a déclaré « non » à la réforme des retraites.");
        assert_eq!(
            decode(&bytes).unwrap(),
            "Le président de l’Élysée a déclaré « non » à la réforme des retraites."
        );
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b" \n\t\n"), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00"),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            decode(b"abc\x01\x02\x03\x04\x05\x06\x07\x08"),
            Err(DecodeError::Binary)
        );
    }
}
