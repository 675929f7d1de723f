//! Links in message text, made clickable safely: the text is cut into plain pieces and
//! `http(s)://` addresses, and the template escapes both. Only those two schemes become links,
//! so `javascript:` and `data:` stay text; punctuation that ends a sentence is not part of the
//! address.

/// A piece of a message: plain text, or an address to link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub link: bool,
}

/// Characters that cannot be in an address as people paste it into a message.
fn ends_address(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»' | '`')
}

/// The text cut into plain and link segments; joined again they give the text back.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut rest = text;
    while let Some(start) = next_address(rest) {
        plain(&mut out, &rest[..start]);
        let candidate = &rest[start..];
        let end = candidate.find(ends_address).unwrap_or(candidate.len());
        let address = trim_trailing(&candidate[..end]);
        if address.len() > scheme_len(address) {
            out.push(Segment { text: address.to_string(), link: true });
        } else {
            plain(&mut out, address);
        }
        rest = &candidate[address.len()..];
    }
    plain(&mut out, rest);
    out
}

/// Appends plain text, joining it to plain text before it.
fn plain(out: &mut Vec<Segment>, s: &str) {
    if s.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if !last.link => last.text.push_str(s),
        _ => out.push(Segment { text: s.to_string(), link: false }),
    }
}

/// Where the next `http://` or `https://` starts (case-insensitive), at a word boundary.
fn next_address(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("http") {
        let at = from + found;
        let boundary = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if boundary && scheme_len(&text[at..]) > 0 {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

fn scheme_len(s: &str) -> usize {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        0
    }
}

/// Leaves out sentence punctuation after an address, and a closing bracket it did not open.
fn trim_trailing(address: &str) -> &str {
    let mut end = address.len();
    loop {
        let Some(c) = address[..end].chars().next_back() else { return "" };
        let unbalanced = |open: char| address[..end].matches(open).count() < address[..end].matches(c).count();
        let drop = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' => true,
            ')' => unbalanced('('),
            ']' => unbalanced('['),
            _ => false,
        };
        if !drop {
            return &address[..end];
        }
        end -= c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(s: &str) -> Segment {
        Segment { text: s.into(), link: true }
    }
    fn text(s: &str) -> Segment {
        Segment { text: s.into(), link: false }
    }

    #[test]
    fn addresses_become_links_and_the_rest_stays_text() {
        assert_eq!(
            segments("Скачайте драйвер: https://avest.by/crypto/csp.htm?v=6&os=win. Потом перезагрузите."),
            vec![
                text("Скачайте драйвер: "),
                link("https://avest.by/crypto/csp.htm?v=6&os=win"),
                text(". Потом перезагрузите.")
            ]
        );
        assert_eq!(
            segments("см. (http://portal.gov.by)"),
            vec![text("см. ("), link("http://portal.gov.by"), text(")")]
        );
        assert_eq!(segments("https://ru.wikipedia.org/wiki/X_(Y)"), vec![link("https://ru.wikipedia.org/wiki/X_(Y)")]);
        assert_eq!(segments("«HTTPS://NCES.BY»"), vec![text("«"), link("HTTPS://NCES.BY"), text("»")]);
    }

    #[test]
    fn only_web_addresses_are_linked() {
        for s in
            ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.by", "http://", "https://.", "xhttps://a.by"]
        {
            assert!(segments(s).iter().all(|seg| !seg.link), "{s}");
        }
        assert_eq!(segments(r#"<a href="https://x.by">"#)[1], link("https://x.by"), "quotes end an address");
    }

    #[test]
    fn joined_again_the_text_is_whole() {
        for s in ["", "нет ссылок", "a https://a.by/1, https://b.by/2; конец", "http://x.by) (https://y.by/(z))."]
        {
            let joined: String = segments(s).iter().map(|seg| seg.text.as_str()).collect();
            assert_eq!(joined, s);
        }
    }
}
