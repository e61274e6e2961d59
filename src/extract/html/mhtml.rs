//! MHTML (a browser's single-file save): the page's HTML part out of its MIME multipart.
//!
//! Owns finding the `text/html` part (the first one: the page; later ones are frames) and
//! undoing its transfer encoding (quoted-printable, base64), through `mail-parser`. Returns
//! the part's bytes and the charset its header declares; decoding is `charset`'s job.

use mail_parser::MimeHeaders;

/// The HTML part of an MHTML file: its bytes and declared charset. `None` when the file
/// holds no HTML part.
pub fn html_part(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let message = mail_parser::MessageParser::default().parse(bytes)?;
    message.parts.iter().find_map(|part| {
        let ct = part.content_type()?;
        let is_html = ct.ctype().eq_ignore_ascii_case("text")
            && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html"));
        if !is_html {
            return None;
        }
        let charset = ct.attribute("charset").map(str::to_owned);
        Some((part.contents().to_vec(), charset))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_is_decoded() {
        let mhtml = concat!(
            "From: <Saved by Blink>\r\n",
            "Subject: Talks\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: multipart/related;\r\n",
            "\ttype=\"text/html\";\r\n",
            "\tboundary=\"----MultipartBoundary--abc----\"\r\n",
            "\r\n",
            "------MultipartBoundary--abc----\r\n",
            "Content-Type: text/html\r\n",
            "Content-Transfer-Encoding: quoted-printable\r\n",
            "Content-Location: https://example.com/a\r\n",
            "\r\n",
            "<html><body><p class=3D\"x\">Caf=C3=A9 talks</p></body></html>\r\n",
            "------MultipartBoundary--abc----\r\n",
            "Content-Type: image/png\r\n",
            "Content-Transfer-Encoding: base64\r\n",
            "\r\n",
            "iVBORw0KGgo=\r\n",
            "------MultipartBoundary--abc------\r\n",
        );
        let (html, _) = html_part(mhtml.as_bytes()).unwrap();
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<p class=\"x\">Café talks</p>"), "{html}");
    }
}
