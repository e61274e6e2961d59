//! HTML bytes to text: the page's own charset declaration before any guess.
//!
//! Owns the order of evidence for an HTML page's encoding: a byte-order mark, then a
//! `<meta charset>` or `http-equiv="Content-Type"` declaration in the first 4 KiB (the
//! HTML standard's prescan, simplified), then valid UTF-8, then detection (chardetng). A
//! legacy charset declared over bytes that are valid UTF-8 beyond ASCII is a page
//! re-encoded when it was saved: UTF-8 wins. Never parses markup beyond that prescan.

use super::super::decode::DecodeError;
use encoding_rs::Encoding;

/// How far into the file a charset declaration is looked for.
const PRESCAN: usize = 4096;

/// Decodes an HTML page's bytes, with `declared` as the charset a container (an MHTML part's
/// header) gave, if any.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<String, DecodeError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return finish(
            encoding
                .decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned(),
        );
    }
    let named = declared
        .and_then(|d| Encoding::for_label(d.trim().as_bytes()))
        .or_else(|| prescan(&bytes[..bytes.len().min(PRESCAN)]));
    // A page declaring UTF-16 in ASCII cannot be UTF-16; the standard reads it as UTF-8.
    let named = named.map(|e| {
        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            e
        }
    });
    // A page saved by a browser or a crawler is often re-encoded as UTF-8 with its old
    // declaration left in. Text in another charset with letters beyond ASCII is practically
    // never valid UTF-8 ("Ã©" for "é" would have to be what it says; a GB2312 or Shift_JIS
    // pair seldom makes a UTF-8 sequence, a page of them never), so valid UTF-8 with such
    // bytes is UTF-8, whatever the page declares.
    if let Some(encoding) = named {
        if encoding != encoding_rs::UTF_8 && !bytes.is_ascii() {
            if let Ok(text) = std::str::from_utf8(bytes) {
                return finish(text.to_owned());
            }
        }
        return finish(encoding.decode_without_bom_handling(bytes).0.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text.to_owned());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    finish(detector.guess(None, true).decode(bytes).0.into_owned())
}

fn finish(text: String) -> Result<String, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(crate::extract::decode::to_nfc(text))
}

/// The encoding a `<meta>` in `head` declares: `charset=` inside a meta tag, whether as its
/// own attribute or in an `http-equiv` content value.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = find(&lower[at..], b"<meta") {
        let start = at + found;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or(rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .collect();
                if let Some(e) = Encoding::for_label(&label) {
                    return Some(e);
                }
            }
        }
        at = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_charset_wins_over_a_guess() {
        let page = "<html><head><meta charset=\"windows-1251\"></head><body>Лавров</body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        assert!(decode(&bytes, None).unwrap().contains("Лавров"));
        let http = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>Élysée</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(http);
        assert!(decode(&bytes, None).unwrap().contains("Élysée"));
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("<p>Élysée</p>");
        assert!(decode(&bytes, Some("iso-8859-1"))
            .unwrap()
            .contains("Élysée"));
    }

    #[test]
    fn a_page_re_encoded_as_utf8_under_its_old_declaration_reads_as_utf8() {
        let saved = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>Maßnahmen gegen die Pandemie, sagte Müller.</p>";
        let text = decode(saved.as_bytes(), None).unwrap();
        assert!(
            text.contains("Maßnahmen") && text.contains("Müller"),
            "{text}"
        );
        // Declared and true: single-byte text with letters beyond ASCII is not valid UTF-8.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(saved);
        assert!(decode(&bytes, None).unwrap().contains("Maßnahmen"));
        // The same for a multi-byte legacy charset.
        let saved = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"/><p>一个约定，信守15年，感人至深</p>";
        assert!(decode(saved.as_bytes(), None).unwrap().contains("信守15年"));
        let (bytes, _, _) = encoding_rs::GBK.encode(saved);
        assert!(decode(&bytes, None).unwrap().contains("信守15年"));
    }

    #[test]
    fn undeclared_pages_are_utf8_or_detected() {
        assert!(decode("<p>Kyiv’s</p>".as_bytes(), None)
            .unwrap()
            .contains("Kyiv’s"));
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<p>Le président de l’Élysée a déclaré « non » à la réforme.</p>");
        assert!(decode(&bytes, None).unwrap().contains("président"));
        assert_eq!(decode(b"   ", None), Err(DecodeError::Empty));
    }
}
